"""Topics on honours and skills: 劳模表彰, 技能竞赛, 劳模工匠创新工作室, 职工学历技能提升."""

from __future__ import annotations

from crawler.demo.topics.common import Choice, Number, Topic

__all__ = ["INNOVATION", "MODEL_WORKER", "SKILLS_CONTEST", "TRAINING"]

MODEL_WORKER = Topic(
    key="model-worker",
    label="劳模表彰",
    months=(1, 2, 3),
    titles=(
        "{city_s}表彰{n_models}名劳动模范和先进工作者",
        "{city_s}{n_models}名劳模和先进工作者受表彰",
        "礼赞劳动者 {city}召开劳动模范和先进工作者表彰大会",
    ),
    leads=(
        "{date}，{city}劳动模范和先进工作者表彰大会召开。大会授予{n_models}名同志“{city}劳动模范”"
        "或“{city}先进工作者”称号，授予{n_groups}个集体“{city}模范集体”称号。",
        "{date}，{org_city}召开劳动模范和先进工作者表彰大会，{n_models}名来自生产一线和基层岗位的"
        "个人、{n_groups}个先进集体受到表彰。",
        "胸戴红花，手捧证书。{date}，{n_models}名新当选的{city}劳动模范和先进工作者走上领奖台，"
        "{n_groups}个集体同时获评模范集体。",
    ),
    middles=(
        (
            "{reporter}从会上了解到，本次受表彰的个人中，一线工人和基层技术人员占比超过{pct}%，涵盖"
            "先进制造、交通运输、医疗卫生、乡村振兴等领域，既有扎根车间几十年的老师傅，也有在新业态"
            "中成长起来的年轻人。",
            "从构成看，本届劳模更加向基层倾斜：一线工人和专业技术人员占比超过{pct}%，快递员、网约车"
            "司机、网络主播等新职业群体也首次出现在表彰名单中。",
        ),
        (
            "{worker_desc}{worker}是受表彰的劳模之一。参加工作{w_years}年来，{w_pron}带领班组完成"
            "技术攻关{n_projects}项，多项成果在行业内推广应用。“荣誉属于整个班组，这是新的起点。”"
            "{worker}说。",
            "“没想到自己这样一个普通工人也能当上劳模。”{worker_desc}{worker}捧着证书说。{w_years}年"
            "来，{w_pron}和班组一起攻下技术难题{n_projects}个，是车间里公认的“问题终结者”。",
        ),
        (
            "{worker2}是受表彰者中年龄最小的一位，今年{young_age}岁。作为{company2}的一名技术员，"
            "{w2_pron}牵头完成了生产线数字化改造，使产品一次合格率提高了{pct_small}个百分点。",
            "{young_age}岁的{worker2}是这次最年轻的获奖者。在{company2}，{w2_pron}带着几名年轻人"
            "搞数字化改造，硬是把产品一次合格率提高了{pct_small}个百分点。",
        ),
        (
            "会议要求，各级工会要大力弘扬劳模精神、劳动精神、工匠精神，做好劳模服务管理工作，落实好"
            "劳模疗休养、健康体检、困难帮扶等待遇，让劳模政治上有荣誉、社会上受尊重、经济上得实惠。",
            "会议提出，要健全劳模服务管理制度，落实好劳模健康体检、疗休养和困难帮扶政策，在全社会"
            "营造学习劳模、争当劳模的浓厚氛围。",
        ),
        (
            "近年来，{city}已建成各级劳模和工匠人才创新工作室{n_studios}家，累计完成技术创新成果"
            "{n_results}项，为企业创造经济效益{money_yi}亿元。",
            "劳模的示范带动作用正在显现。目前{city}各级劳模和工匠人才创新工作室已有{n_studios}家，"
            "累计取得创新成果{n_results}项。",
        ),
        (
            "表彰大会后，劳模代表将分成{n_teams}个宣讲小组，走进{district}等地的企业、学校和社区，"
            "讲述奋斗故事。",
            "接下来，{n_teams}支劳模宣讲队将陆续走进车间班组和校园，用身边事感染身边人。",
        ),
    ),
    closings=(
        "{leader_title}{leader}表示，全市各级工会将以此次表彰为契机，引导广大职工在推动高质量发展中"
        "建功立业。",
        "据悉，{org_city}还将为新当选的劳模建立服务档案，定期开展走访慰问。",
    ),
    numbers=(
        Number("n_models", 120, 480),
        Number("n_groups", 20, 60),
        Number("pct", 55, 75),
        Number("n_projects", 8, 40),
        Number("young_age", 24, 29),
        Number("pct_small", 3, 12),
        Number("n_studios", 150, 600),
        Number("n_results", 1200, 6000),
        Number("money_yi", 12, 98, 10),
        Number("n_teams", 4, 12),
    ),
)

SKILLS_CONTEST = Topic(
    key="skills-contest",
    label="技能竞赛",
    months=(1, 2, 3),
    titles=(
        "{city_s}职工职业技能大赛{trade}决赛举行",
        "比技能 展风采 {n_players}名{trade}同台竞技",
        "{city_s}{n_players}名选手角逐{trade}技能“状元”",
    ),
    leads=(
        "{date}，由{org_city}和{city}人力资源和社会保障局联合主办的{year}年{city}职工职业技能大赛"
        "{trade}决赛在{district}举行，来自全市{n_companies}家企业的{n_players}名选手同台竞技。",
        "{date}，{year}年{city}职工职业技能大赛{trade}决赛落下帷幕。经过理论考试和实际操作两轮比拼，"
        "{n_players}名选手中有{n_winners}名分获一、二、三等奖。",
        "{date}，{district}一处实训基地里，{n_players}名{trade}正在紧张比拼。{year}年{city}职工职业"
        "技能大赛{trade}决赛在这里举行。",
    ),
    middles=(
        (
            "本次决赛分为理论考试和实际操作两部分，实操环节重点考察选手{trade_focus}等能力，赛题紧贴"
            "企业生产实际。",
            "与往年相比，今年的赛题更贴近生产现场，实操部分重点比拼{trade_focus}，理论考试占总成绩的"
            "三成。",
        ),
        (
            "经过激烈角逐，{company}的{worker}以{score}分的成绩夺得第一名。{w_pron}今年{w_age}岁，"
            "已在一线岗位工作{w_years}年。“和高手过招，收获很大。”{worker}说。",
            "最终，{company}选手{worker}以{score}分摘得桂冠。“赛前练了两个多月，每天下班后都在"
            "实训室加练。”这位有着{w_years}年工龄的老师傅说。",
        ),
        (
            "按照大赛规定，获得第一名的选手将按程序推荐申报“{city}五一劳动奖章”，获得前{n_top}名的"
            "选手可按规定晋升相应职业技能等级。",
            "根据规定，决赛前{n_top}名选手可晋升相应职业技能等级，第一名还将被推荐申报“{city}五一劳动"
            "奖章”。",
        ),
        (
            "比赛现场还设置了观摩区，不少企业组织青年职工前来观赛学习。“看完比赛，我知道自己的差距在"
            "哪儿了。”{company2}青年职工{worker2}说。",
            "场边观摩的{company2}青年职工{worker2}看得格外认真。“这些操作细节书本上学不到，回去得"
            "好好练。”{w2_pron}说。",
        ),
        (
            "近年来，{org_city}每年围绕重点产业举办职工技能竞赛，{year_prev}年全市参赛职工达"
            "{n_total_w}万人次，带动一大批职工提升技能水平。",
            "据了解，{city}职工技能竞赛已连续举办多年，{year_prev}年参赛职工达{n_total_w}万人次。",
        ),
    ),
    closings=("据悉，{year}年{city}职工职业技能大赛共设{n_events}个比赛项目，将陆续举行。",),
    numbers=(
        Number("n_companies", 20, 90),
        Number("n_players", 40, 160),
        Number("n_winners", 12, 30),
        Number("score", 900, 985, 10),
        Number("n_top", 3, 10),
        Number("n_total_w", 12, 96, 10),
        Number("n_events", 12, 36),
    ),
    choices=(
        Choice(
            ("trade", "trade_focus"),
            (
                ("焊工", "焊接工艺、识图和质量控制"),
                ("电工", "线路安装、故障排查和安全操作"),
                ("数控车工", "数控编程、加工精度和工艺优化"),
                ("汽车维修工", "故障诊断、部件拆装和检测"),
                ("养老护理员", "生活照料、应急救护和沟通服务"),
                ("叉车司机", "精准定位、堆垛作业和安全驾驶"),
                ("电梯安装维修工", "部件安装、调试和故障处理"),
            ),
        ),
    ),
)

INNOVATION = Topic(
    key="innovation",
    label="劳模工匠创新工作室",
    months=(1, 2, 3),
    titles=(
        "{city_s}新命名{n_studios}家劳模和工匠人才创新工作室",
        "小改小革解决生产大难题",
        "{city_s}劳模工匠创新工作室成为技术攻关“主阵地”",
    ),
    leads=(
        "{date}，{org_city}命名{n_studios}家{year}年度市级劳模和工匠人才创新工作室，每家给予"
        "{money_small}万元经费资助，用于开展技术攻关和人才培养。",
        "{date}，{city}{year}年度劳模和工匠人才创新工作室名单公布，{n_studios}家工作室入选，涵盖"
        "装备制造、电力、交通、化工等行业。",
    ),
    middles=(
        (
            "{company}的“{worker}创新工作室”就是其中之一。工作室现有成员{n_team}人，近三年完成技术"
            "革新项目{n_projects}项，获得国家专利{n_patents}项，仅研制{improvement}一项，就为企业每年"
            "节约成本{money_save}万元。",
            "入选名单的“{worker}创新工作室”设在{company}。这个{n_team}人的团队近三年拿下专利"
            "{n_patents}项，他们研制的{improvement}每年为企业省下{money_save}万元。",
        ),
        (
            "“很多难题都是在生产一线发现的，我们就从身边的小问题改起。”工作室领衔人{worker}说。",
            "“创新不一定是高大上的东西，能解决现场的麻烦就是好创新。”工作室领衔人{worker}说。",
        ),
        (
            "近年来，{city}以创新工作室为平台推动劳模工匠“传帮带”，全市已建成各级创新工作室"
            "{n_total}家，累计带徒{n_apprentices}余名。",
            "目前{city}各级创新工作室已达{n_total}家，通过师带徒培养技术骨干{n_apprentices}余名。",
        ),
        (
            "工作室成员{worker2}是{worker}的徒弟，进厂不到{n_years_short}年就成长为班组技术骨干。"
            "“师傅常说，好手艺是磨出来的。”{w2_pron}说。",
            "{worker2}跟着{worker}学了{n_years_short}年，如今已能独立带项目。“师傅把压箱底的本事都"
            "教给了我们。”",
        ),
        (
            "{org_city}还将组织创新工作室开展跨企业、跨行业联合攻关，推动创新成果在更大范围推广应用。",
            "下一步，工会将推动工作室之间组建创新联盟，联合攻克行业共性难题。",
        ),
    ),
    numbers=(
        Number("n_studios", 20, 60),
        Number("money_small", 2, 10),
        Number("n_team", 8, 26),
        Number("n_projects", 12, 60),
        Number("n_patents", 3, 18),
        Number("money_save", 40, 600),
        Number("n_total", 300, 1500),
        Number("n_apprentices", 8, 60, step=100),
        Number("n_years_short", 4, 6),
    ),
    choices=(
        Choice(
            ("improvement",),
            (
                ("生产线自动上料装置",),
                ("焊接工装夹具",),
                ("设备故障智能诊断系统",),
                ("管网漏损监测装置",),
                ("配电柜快速检测工具",),
            ),
        ),
    ),
)

TRAINING = Topic(
    key="training",
    label="职工学历技能提升",
    months=(1, 2, 3),
    titles=(
        "{city_s}工会助力{n_students}名农民工提升学历",
        "圆了“大学梦” {city_s}一线职工学历技能双提升",
    ),
    leads=(
        "{date}，{org_city}“求学圆梦行动”{year}年春季开学典礼举行，{n_students}名一线职工和农民工将"
        "免费接受大专或本科学历教育。",
        "{date}，{org_city}公布{year}年“求学圆梦行动”助学名单，{n_students}名一线职工和农民工获得"
        "学费资助，将通过线上线下结合的方式学习。",
    ),
    middles=(
        (
            "今年的“求学圆梦行动”开设了机电一体化、建筑工程管理、电子商务等{n_majors}个专业，学员可"
            "利用业余时间学习，学费由工会和合作院校共同承担。",
        ),
        (
            "在{company}当了{w_years}年{job}的{worker}是学员之一。“早就想多学点东西，可一直没机会，"
            "这次工会帮我圆了梦。”{w_pron}说。",
        ),
        (
            "除学历教育外，{org_city}还联合职业院校开展技能培训，{year_prev}年共培训职工{n_trained}"
            "人次，{n_certified}人取得职业技能等级证书。",
        ),
        (
            "为解决工学矛盾，合作院校将面授课安排在周末，并开通手机学习平台，学员下了班就能看课程回放。",
        ),
    ),
    closings=(
        "{leader_title}{leader}表示，将持续实施“求学圆梦行动”，帮助更多一线职工提升学历和技能。",
    ),
    numbers=(
        Number("n_students", 200, 1200),
        Number("n_majors", 8, 20),
        Number("n_trained", 8000, 40000),
        Number("n_certified", 2000, 7000),
    ),
)
