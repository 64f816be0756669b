"""Topics on festivals, reading and sport: 迎新春, 职工书屋, 职工文体活动."""

from __future__ import annotations

from crawler.demo.topics.common import Number, Topic

__all__ = ["NEW_YEAR", "READING", "SPORTS"]

NEW_YEAR = Topic(
    key="new-year",
    label="迎新春",
    months=(1,),
    titles=(
        "{city_s}工会“送万福 进万家”活动走进{district}",
        "写春联 送祝福 {city_s}工会为一线职工送上新春祝福",
    ),
    leads=(
        "{date}，{org_city}“送万福 进万家”书法公益活动走进{district}{company}，"
        "{n_artists}名书法家现场挥毫泼墨，为一线职工书写春联和“福”字。",
        "{date}，{district}{company}的职工活动室里墨香四溢，{org_city}组织的{n_artists}名书法志愿者"
        "正在为职工书写春联。",
    ),
    middles=(
        (
            "一副副寓意吉祥的春联、一个个饱含祝福的“福”字，引得职工们纷纷驻足。“今年春节不回老家，"
            "拿到这副春联，心里暖暖的。”{worker_desc}{worker}说。",
            "{worker_desc}{worker}排了十几分钟队，拿到一副写着“家和万事兴”的春联。“回家就贴上，"
            "图个好彩头。”{w_pron}说。",
        ),
        ("据统计，活动当天共为职工书写春联和“福”字{n_pieces}余幅。",),
        (
            "春节前后，全市各级工会还将开展新春游园、职工电影周、文艺演出等活动{n_events}场，丰富职工"
            "节日文化生活。",
            "除了送春联，各级工会还准备了新春游园、电影周等{n_events}场文化活动。",
        ),
        (
            "{org_city}相关负责人介绍，“送万福 进万家”活动已连续举办多年，今年将走进企业、"
            "工地、社区和户外劳动者服务站点{n_visits}场次。",
            "据悉，今年的“送万福 进万家”活动共安排{n_visits}场，将走进工地和户外劳动者服务站点。",
        ),
    ),
    numbers=(
        Number("n_artists", 8, 30),
        Number("n_pieces", 3, 16, step=100),
        Number("n_events", 200, 1200),
        Number("n_visits", 30, 120),
    ),
)

READING = Topic(
    key="reading",
    label="职工书屋",
    months=(1, 2, 3),
    titles=(
        "{city_s}新建{n_new}家职工书屋 让职工在家门口“充电”",
        "书香飘进车间班组",
        "{city_s}为{n_new}家职工书屋配送新书",
    ),
    leads=(
        "{date}，{org_city}为{n_new}家新建职工书屋授牌，每家配送图书{n_books}册，涵盖技术技能、"
        "文学历史、法律常识和健康生活等类别。",
        "{date}，{company}的职工书屋正式开放，{n_books}册新书整齐地摆上了书架。这是{org_city}今年"
        "新建的{n_new}家职工书屋之一。",
    ),
    middles=(
        (
            "走进书屋，书架、阅读桌和电子借阅机一应俱全，不少职工利用午休时间前来看书。“以前想学点"
            "新技术得跑书店，现在下了班走几步就到。”{worker_desc}{worker}说。",
            "午休时间，书屋里坐满了看书的职工。{worker_desc}{worker}正在翻阅一本设备维修手册，"
            "“车间里遇到的难题，很多在书里能找到思路。”",
        ),
        (
            "据介绍，{city}已建成各级职工书屋{n_total}家，其中全国级示范职工书屋{n_national}家，基本"
            "实现规模以上企业全覆盖。",
            "截至目前，{city}已建成各级职工书屋{n_total}家，其中全国级示范职工书屋{n_national}家。",
        ),
        (
            "为让书屋“活”起来，各级工会定期组织读书分享会、技能讲座和亲子阅读活动，并推出电子书屋，"
            "职工用手机扫码就能免费阅读{n_ebooks}余种电子图书。",
            "书屋还开通了电子借阅服务，职工扫码即可免费阅读{n_ebooks}余种电子图书，工会每月组织一次"
            "读书分享会。",
        ),
        (
            "“读书让我的眼界宽了，考技师证也更有底气了。”{company2}职工{worker2}说，{w2_pron}去年在"
            "书屋借阅了二十多本专业书籍。",
        ),
        (
            "{org_city}相关负责人表示，今年还将开展“职工读书月”活动，推动书屋向产业园区和新就业形态"
            "劳动者聚集地延伸。",
        ),
    ),
    numbers=(
        Number("n_new", 20, 80),
        Number("n_books", 8, 30, step=100),
        Number("n_total", 600, 2400),
        Number("n_national", 20, 60),
        Number("n_ebooks", 10, 50, step=100),
    ),
)

SPORTS = Topic(
    key="sports",
    label="职工文体活动",
    months=(1, 2, 3),
    titles=(
        "{city_s}举办{year}年职工健身运动会",
        "全民健身 {n_athletes}名职工同场竞技",
    ),
    leads=(
        "{date}，{org_city}主办的{year}年职工健身运动会在{district}开幕，来自全市{n_teams}支代表队的"
        "{n_athletes}名职工参赛。",
        "{date}，{city}{year}年职工健身运动会拔河比赛在{district}体育馆举行，场边加油声此起彼伏。"
        "本届运动会共有{n_teams}支代表队的{n_athletes}名职工报名参赛。",
    ),
    middles=(
        (
            "本届运动会设置拔河、跳绳、趣味接力、健步走等{n_events}个项目，既有竞技性，又有趣味性，"
            "适合不同年龄段职工参与。",
        ),
        (
            "“平时在车间一站就是一天，难得和工友们一起活动活动，出出汗，浑身都轻松了。”{company}"
            "代表队队员{worker}说。",
        ),
        (
            "赛场上，{company2}代表队凭借默契配合获得拔河比赛冠军。队长{worker2}说，为了这次比赛，"
            "队员们利用下班时间练习了一个多月。",
        ),
        (
            "据了解，{org_city}每年都会举办职工文体活动，并推动{n_clubs}个职工文体协会常态化开展活动，"
            "{year_prev}年全市参与职工超过{n_participants_w}万人次。",
        ),
    ),
    closings=("运动会将持续{n_days}天。",),
    numbers=(
        Number("n_teams", 20, 80),
        Number("n_athletes", 400, 2400),
        Number("n_events", 6, 14),
        Number("n_clubs", 10, 40),
        Number("n_participants_w", 20, 150, 10),
        Number("n_days", 2, 5),
    ),
)
