"""Texts the demo vocabulary has no templates for, written for the dedup corpus: meeting reports
that share their formula sentences, short notices with similar wording, the paragraphs
reprints add (editor's notes, local leads, trailing notes), and work-review paragraphs
(:func:`work_review`) that make long reports out of a news story.

Templates are :meth:`str.format` strings; slots are filled by :mod:`tests.dedup.corpus`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from crawler.demo.vocabulary import INDUSTRIES, Place, person

__all__ = [
    "ACFTU_ATTENDEES",
    "ACFTU_LEADER_TITLE",
    "AGENDA",
    "DOCUMENTS",
    "EDITOR_NOTES",
    "LOCAL_LEADS",
    "MEETING_CLOSINGS",
    "MEETING_OPENINGS",
    "NOTICES",
    "PROVINCE_CLOSINGS",
    "PROVINCE_OPENINGS",
    "REVIEW_CLOSERS",
    "REVIEW_FACTS",
    "REVIEW_OPENERS",
    "REVIEW_QUOTES",
    "TRAILERS",
    "AgendaItem",
    "Notice",
    "work_review",
]

#: The national federation's leader as every report names him.
ACFTU_LEADER_TITLE = "全总党组书记、副主席、书记处第一书记"

#: Who attended (the same formula sentence in every report).
ACFTU_ATTENDEES = "全总党组成员、书记处书记{members}出席会议。"

#: What a meeting studied: (short name, what the report says about it).
DOCUMENTS: tuple[tuple[str, str], ...] = (
    (
        "中央经济工作会议",
        "会议认为，中央经济工作会议深刻分析当前经济形势，系统部署{year}年经济工作，为做好工会工作"
        "指明了方向。",
    ),
    (
        "全国两会",
        "会议认为，全国两会是在关键之年召开的重要会议，各级工会要把思想和行动统一到会议精神上来，"
        "团结动员广大职工建功立业。",
    ),
    (
        "中央纪委全会",
        "会议认为，中央纪委全会对深入推进全面从严治党作出部署，全总党组要扛起管党治党政治责任，"
        "持之以恒正风肃纪。",
    ),
    (
        "中央农村工作会议",
        "会议认为，中央农村工作会议对做好“三农”工作作出安排，工会要关心关爱农民工群体，维护好"
        "他们的合法权益。",
    ),
    (
        "全国组织工作会议",
        "会议认为，全国组织工作会议对加强党的组织建设作出部署，要以党建带工建，把基层工会组织建设"
        "得更加坚强有力。",
    ),
    (
        "中央城市工作会议",
        "会议认为，中央城市工作会议对城市发展作出部署，工会要关注城市建设者的工作生活条件，服务好"
        "城市一线劳动者。",
    ),
)

MEETING_OPENINGS: tuple[str, ...] = (
    "{date}，" + ACFTU_LEADER_TITLE + "{leader}主持召开全总党组会议，传达学习{document}精神，"
    "研究部署全总贯彻落实工作。",
    "{date}，" + ACFTU_LEADER_TITLE + "{leader}主持召开全总党组（扩大）会议，认真学习贯彻"
    "{document}精神，研究近期重点工作。",
    "{date}，全总书记处召开会议，" + ACFTU_LEADER_TITLE + "{leader}主持会议并讲话。会议传达学习了"
    "{document}精神。",
)

MEETING_CLOSINGS: tuple[str, ...] = (
    ACFTU_ATTENDEES + "全总机关各部门、各直属单位主要负责同志列席会议。",
    "会议还研究了其他事项。" + ACFTU_ATTENDEES,
    "会议要求，全总机关各部门要结合实际抓好贯彻落实，确保各项部署落地见效。" + ACFTU_ATTENDEES,
)

PROVINCE_OPENINGS: tuple[str, ...] = (
    "{date}，{org_prov}党组书记、常务副主席{leader}主持召开省总工会党组会议，传达学习{document}"
    "精神，研究贯彻落实意见。",
    "{date}，{org_prov}召开党组（扩大）会议，{org_prov}党组书记、常务副主席{leader}主持会议并讲话。",
)

PROVINCE_CLOSINGS: tuple[str, ...] = (
    "{org_prov}党组成员出席会议，机关各部门、各直属单位主要负责人列席会议。",
    "会议还研究了其他事项。{org_prov}党组成员出席会议。",
)


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """One item a meeting dealt with: what it heard, then what it stressed."""

    key: str
    heard: str
    stressed: str


AGENDA: tuple[AgendaItem, ...] = (
    AgendaItem(
        "hardship",
        "会议听取了{year_prev}年度困难职工帮扶工作情况的汇报。{year_prev}年，全国各级工会共筹集"
        "帮扶资金{n1}亿元，走访慰问职工{n2}万户次。",
        "会议强调，要健全分层分类帮扶机制，把解决困难职工急难愁盼问题作为重中之重，确保帮扶资金"
        "用在刀刃上。",
    ),
    AgendaItem(
        "platform",
        "会议审议了《关于进一步加强新就业形态劳动者权益保障工作的意见（送审稿）》，目前全国已有"
        "{n2}万名新就业形态劳动者加入工会。",
        "会议指出，要聚焦平台企业和头部企业，推动建立劳动报酬、休息休假、算法规则等协商机制，"
        "让快递员、外卖配送员、网约车司机感受到组织的温暖。",
    ),
    AgendaItem(
        "industrial",
        "会议研究了深化产业工人队伍建设改革有关工作，听取了{n1}个试点省份的经验介绍。",
        "会议要求，要完善技术工人培养、使用、评价、激励制度，畅通产业工人职业发展通道，推动更多"
        "一线职工成长为高技能人才和大国工匠。",
    ),
    AgendaItem(
        "awards",
        "会议审议通过了{year}年全国五一劳动奖和全国工人先锋号推荐评选工作方案，拟表彰全国五一"
        "劳动奖状{n1}个、奖章{n2}个。",
        "会议强调，评选表彰要坚持面向基层、面向一线，严格推荐程序和审核把关，确保评选结果经得起"
        "职工群众检验。",
    ),
    AgendaItem(
        "audit",
        "会议听取了{year_prev}年度工会经费审查审计工作情况汇报，审计发现问题{n1}个，已整改到位"
        "{pct}%。",
        "会议指出，要强化审计监督，推动问题整改闭环管理，管好用好工会经费，让每一分钱都用在服务"
        "职工上。",
    ),
    AgendaItem(
        "contest",
        "会议听取了{year}年全国职工职业技能大赛筹备情况的汇报，大赛拟设{n1}个竞赛工种，预计带动"
        "{n2}万名职工参与岗位练兵。",
        "会议要求，要以赛促学、以赛促练，扩大竞赛覆盖面，把赛场变成职工提升技能的大课堂。",
    ),
    AgendaItem(
        "safety",
        "会议通报了近期安全生产形势，研究部署了{season}工会劳动保护工作。",
        "会议强调，要发挥{n2}万名群众性劳动保护监督检查员作用，深入开展“安康杯”竞赛，督促企业"
        "落实安全生产主体责任，坚决防范遏制重特大事故。",
    ),
    AgendaItem(
        "cadres",
        "会议审议了《{year}年全国工会干部教育培训计划》，全年计划举办各类示范培训班{n1}期、"
        "培训工会干部{n2}万人次。",
        "会议指出，要坚持把政治训练贯穿干部培训全过程，增强工会干部联系职工、服务职工的本领。",
    ),
    AgendaItem(
        "grassroots",
        "会议听取了基层工会规范化建设情况汇报，全国已建立基层工会组织{n2}万个。",
        "会议要求，要推动基层工会组织由“有形覆盖”向“有效覆盖”转变，选优配强基层工会主席，增强"
        "基层工会活力。",
    ),
    AgendaItem(
        "culture",
        "会议研究了职工文化体育工作，审议通过了{year}年全国职工文化体育活动安排，全年将举办全国性"
        "赛事和展演{n1}项。",
        "会议强调，要丰富职工精神文化生活，办好职工书屋和职工文体活动，推动文化资源向基层和一线"
        "倾斜。",
    ),
    AgendaItem(
        "arrears",
        "会议听取了根治拖欠农民工工资工作情况汇报，{year_prev}年各级工会协助追讨欠薪{n1}亿元，"
        "涉及农民工{n2}万人。",
        "会议要求，要配合有关部门做好欠薪线索排查，畅通职工维权渠道，确保农民工按时足额拿到工资。",
    ),
    AgendaItem(
        "online",
        "会议审议了智慧工会建设规划，全国工会网上服务平台实名注册会员已达{n2}万人。",
        "会议指出，要推进工会工作数字化转型，打通服务职工“最后一公里”，让职工动动手指就能享受"
        "工会服务。",
    ),
    AgendaItem(
        "bargaining",
        "会议研究了{year}年集体协商“要约行动”有关工作，{year_prev}年全国签订集体合同覆盖职工"
        "{n2}万人。",
        "会议强调，要聚焦工资增长、劳动定额、职业安全等职工关心的问题开展协商，提高集体合同履约率。",
    ),
    AgendaItem(
        "women",
        "会议听取了女职工工作情况汇报，审议了女职工权益保护专项集体合同推进方案，全国已建成爱心"
        "母婴室{n1}万个。",
        "会议要求，要加强女职工特殊劳动保护，关心关爱“两癌”筛查、托育服务等女职工急需的事项。",
    ),
    AgendaItem(
        "recuperation",
        "会议审议了职工疗休养工作有关文件，{year}年计划安排一线职工疗休养{n2}万人次。",
        "会议强调，疗休养要向一线职工、劳动模范和新就业形态劳动者倾斜，严禁借疗休养之名公款旅游。",
    ),
    AgendaItem(
        "reform",
        "会议研究了深化工会改革有关事项，听取了{n1}个省级工会改革进展汇报。",
        "会议指出，要坚持问题导向，破除机关化、行政化倾向，推动工会工作重心下移、力量下沉。",
    ),
)


@dataclass(frozen=True, slots=True)
class Notice:
    """A short notice: headline and text templates."""

    key: str
    title: str
    text: str


NOTICES: tuple[Notice, ...] = (
    Notice(
        "medal",
        "{year}年{city}五一劳动奖章拟表彰对象公示",
        "根据《{city}五一劳动奖章评选办法》，经基层推荐、资格审查和{org_city}研究，拟授予{names}"
        "等{n}名同志{year}年{city}五一劳动奖章，现予以公示。公示时间为{d1}至{d2}。如有异议，"
        "请在公示期内以书面形式向{org_city}劳动和经济工作部反映。联系电话：{phone}。",
    ),
    Notice(
        "meeting",
        "关于召开{meeting}的通知",
        "各区（县、市）总工会、各产业工会：经研究，定于{d1}上午9时在{venue}召开{meeting}。请各单位"
        "{attendee}准时参加。请于{d2}前将参会人员名单报送{org_city}办公室。联系人：{contact}，"
        "电话：{phone}。",
    ),
    Notice(
        "holiday",
        "{org_city}职工服务中心{holiday}期间服务安排",
        "{holiday}期间，{org_city}职工服务中心（{district}{street}{number}号）服务安排如下：{d1}至{d2}"
        "服务大厅暂停对外服务，{services}照常开通。{d3}起恢复正常服务，工作时间为{hours}。特此公告。",
    ),
    Notice(
        "course",
        "{org_city}{course}免费培训班开始报名",
        "{org_city}{year}年{course}免费培训班开始报名。培训对象为本市在职职工和新就业形态劳动者，"
        "共{n}个名额，报名时间为{d1}至{d2}，额满即止。报名方式：关注“{city_s}工会”微信公众号，"
        "进入“职工服务”栏目填写报名信息。咨询电话：{phone}。",
    ),
)

#: Paragraphs a reprint puts before the text (编者按): one for each slot set.
EDITOR_NOTES: tuple[str, ...] = (
    "编者按：{season}，各地工会把服务职工的实事办在前头。今天，本网推出{city_s}工会的做法，"
    "供各地工会学习借鉴。",
    "编者按：职工群众的急难愁盼，就是工会工作的着力点。{city}在这方面有不少好做法，现将相关"
    "报道转载如下，敬请关注。",
    "编者按：如何让工会服务更贴近一线？{prov}的探索提供了一个样本。",
)

#: A local lead a provincial or city site writes above a reprint.
LOCAL_LEADS: tuple[str, ...] = (
    "本网讯 连日来，{local}各级工会学习借鉴外地经验，结合实际谋划{year}年重点工作。以下是"
    "{city_s}的相关报道。",
    "{local}总工会有关负责人表示，{city_s}的做法对我市很有启发，全市各级工会将结合实际认真"
    "研究、抓好落实。",
)

#: Short lines some reprints add after the text.
TRAILERS: tuple[str, ...] = (
    "（本文转载自{paper}，转载时有删节）",
    "（据{paper}）",
    "延伸阅读：近年来，{prov}各级工会持续加大服务职工力度，一批贴近职工需求的服务项目相继落地。",
)


# -- work-review paragraphs ------------------------------------------------------------------
#
# Long reports (工作综述, year-start reports) go on after the news with what the union did over
# the year: many short facts with their own numbers. The facts are combined from the lists
# below, so two reports share words and phrases (工会驿站, 困难职工) but rarely a sentence.

#: Openers of a review paragraph ({org}: the union; {year_prev}: last year).
REVIEW_OPENERS: tuple[str, ...] = (
    "{year_prev}年，{org}",
    "今年以来，{org}",
    "据统计，{year_prev}年{org}",
    "过去一年，{org}",
    "在服务职工方面，{org}",
    "在维权方面，{org}",
    "在建功立业方面，{org}",
    "围绕职工急难愁盼，{org}",
    "{district}各级工会",
    "截至{year_prev}年底，{org}",
)

#: Facts: a verb frame and the things it takes ({what}, {n} and the unit come from the frame).
REVIEW_FACTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "新建{what}{n}个",
        ("职工书屋", "工会驿站", "爱心母婴室", "劳模创新工作室", "职工之家", "户外劳动者服务站点",
         "职工心理咨询室", "法律援助工作站", "职工子女托管班", "技能人才驿站"),
    ),
    (
        "培训{what}{n}人次",
        ("一线职工", "农民工", "新就业形态劳动者", "基层工会干部", "女职工", "技能人才", "班组长",
         "劳动保护监督检查员"),
    ),
    (
        "走访慰问{what}{n}户",
        ("困难职工", "劳动模范", "一线职工家庭", "农民工家庭", "因病致困职工"),
    ),
    (
        "发放{what}{n}万元",
        ("帮扶资金", "金秋助学金", "医疗互助金", "送清凉慰问金", "困难职工生活补助", "大病救助金",
         "疗休养补贴"),
    ),
    (
        "举办{what}{n}场",
        ("职工技能竞赛", "专场招聘会", "法律知识讲座", "心理健康讲座", "职工文体活动", "职工读书会",
         "青年职工联谊活动", "安全生产培训"),
    ),
    (
        "签订{what}{n}份",
        ("集体合同", "工资专项集体合同", "女职工权益保护专项集体合同", "安全生产专项集体合同"),
    ),
    (
        "调处{what}{n}件",
        ("劳动争议案件", "欠薪纠纷", "工伤待遇争议", "劳动合同纠纷"),
    ),
    (
        "吸纳{what}入会{n}人",
        ("快递员", "外卖配送员", "网约车司机", "货车司机", "家政服务员", "网络主播"),
    ),
    (
        "组织{what}{n}人次参加疗休养",
        ("一线职工", "劳动模范", "技术骨干", "新就业形态劳动者"),
    ),
    (
        "推荐{what}{n}名",
        ("五一劳动奖章候选人", "劳动模范候选人", "技术能手", "最美职工"),
    ),
    (
        "帮助{what}{n}人实现就业",
        ("困难职工家庭成员", "农民工", "高校毕业生", "退役军人", "失业职工"),
    ),
    (
        "为{what}追回工资{n}万元",
        ("农民工", "建筑工人", "快递员", "环卫工人"),
    ),
)  # fmt: skip

#: Closing clauses of a review paragraph.
REVIEW_CLOSERS: tuple[str, ...] = (
    "受益职工{n}万人次",
    "职工满意度达{pct}%",
    "各项工作走在全省前列",
    "得到职工群众广泛好评",
    "相关做法被{paper}等媒体报道",
    "为职工办成了一批实事好事",
    "其中{district}的做法在全市推广",
    "覆盖企业{n}家",
)

#: What workers say in a review (quoted, then "{name}说").
REVIEW_QUOTES: tuple[str, ...] = (
    "有困难找工会，这句话我们是真信了",
    "工会把服务送到了家门口，我们心里暖暖的",
    "技能提上去了，收入也跟着涨了",
    "以前遇到欠薪不知道找谁，现在一个电话就有人管",
    "参加比赛让我看到了差距，也找到了方向",
    "孩子上学的钱有着落了，谢谢工会",
    "驿站里能喝口热水、充个电，跑单踏实多了",
    "劳模工作室里学到的窍门，一用就灵",
    "集体协商以后，加班费有了明确标准",
    "体检查出小毛病，及时治好了，多亏了工会",
)


def work_review(rng: random.Random, place: Place, day: date, paragraphs: int) -> list[str]:
    """``paragraphs`` review paragraphs of a city union's year (each 80-250 characters)."""
    out = []
    for _ in range(paragraphs):
        slots = {
            "org": rng.choice((place.city + "总工会", place.city + "各级工会", "全市各级工会")),
            "year_prev": str(day.year - 1),
            "district": rng.choice(place.districts),
            "paper": place.paper,
            "pct": str(rng.randint(90, 99)),
        }
        facts = []
        for frame, things in rng.sample(REVIEW_FACTS, k=rng.randint(3, 5)):
            facts.append(frame.format(what=rng.choice(things), n=rng.randint(3, 2000)))
        closer = rng.choice(REVIEW_CLOSERS).format_map({**slots, "n": rng.randint(2, 90)})
        text = (
            rng.choice(REVIEW_OPENERS).format_map(slots) + "，".join(facts) + "，" + closer + "。"
        )
        if rng.random() < 0.4:
            name = person("review", rng.random()).name
            industry = rng.choice(INDUSTRIES)
            text += (
                f"“{rng.choice(REVIEW_QUOTES)}。”{place.city_short}{industry.suffix}{industry.job}"
                f"{name}说。"
            )
        out.append(text)
    return out
