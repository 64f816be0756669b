"""Word lists for composing union news, and stable choices among them.

Everything here is an immutable constant; every choice is derived from a key through
:func:`stable_hash` (CRC-32), so the same key gives the same words on every run and every
Python version. The names are invented; the places are real Chinese cities and districts.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

__all__ = [
    "CITY_EDITORS",
    "DESTINATIONS",
    "FAMILY_MEMBERS",
    "FEMALE_GIVEN_NAMES",
    "INDUSTRIES",
    "LEADER_ROLES",
    "MALE_GIVEN_NAMES",
    "PLACES",
    "PORTAL_EDITORS",
    "PORTAL_EDITOR_PAIRS",
    "PORTAL_REPORTERS",
    "PROVINCE_EDITORS",
    "PROVINCE_REPORTERS",
    "STREETS",
    "SURNAMES",
    "TIBETAN_NAMES",
    "Industry",
    "Person",
    "Place",
    "between",
    "people",
    "person",
    "pick",
    "place",
    "stable_hash",
]

_T = TypeVar("_T")


def stable_hash(*parts: object) -> int:
    """A 32-bit hash of ``parts`` that is the same on every run (unlike :func:`hash`)."""
    return zlib.crc32("\x1f".join(str(part) for part in parts).encode("utf-8"))


def pick(options: Sequence[_T], *key: object) -> _T:
    """The option ``key`` stands for."""
    if not options:
        raise ValueError("pick() needs at least one option")
    return options[stable_hash(*key) % len(options)]


def between(low: int, high: int, *key: object) -> int:
    """An integer in ``[low, high]`` that ``key`` stands for."""
    if high < low:
        raise ValueError(f"between({low}, {high}): empty range")
    return low + stable_hash(*key) % (high - low + 1)


@dataclass(frozen=True, slots=True)
class Place:
    """A city and the words a story set there needs."""

    key: str
    #: 浙江省, 北京市, 西藏自治区.
    province: str
    #: 浙江, 北京, 西藏: as a dateline or an outlet name uses it.
    province_short: str
    #: 杭州市.
    city: str
    #: 杭州: as a dateline uses it.
    city_short: str
    #: Districts, counties and county-level cities of the city.
    districts: tuple[str, ...]
    #: The provincial party daily that reprints carry as their source.
    paper: str


@dataclass(frozen=True, slots=True)
class Industry:
    """An employer type: the company is ``city_short + suffix``; ``job`` is a worker there."""

    suffix: str
    job: str


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    female: bool

    @property
    def pronoun(self) -> str:
        return "她" if self.female else "他"


PLACES: tuple[Place, ...] = (
    Place("beijing", "北京市", "北京", "北京市", "北京",
          ("朝阳区", "海淀区", "丰台区", "通州区", "大兴区"), "北京日报"),
    Place("shanghai", "上海市", "上海", "上海市", "上海",
          ("浦东新区", "闵行区", "嘉定区", "宝山区", "松江区"), "解放日报"),
    Place("hangzhou", "浙江省", "浙江", "杭州市", "杭州",
          ("西湖区", "拱墅区", "余杭区", "萧山区", "临平区"), "浙江日报"),
    Place("ningbo", "浙江省", "浙江", "宁波市", "宁波",
          ("海曙区", "江北区", "北仑区", "鄞州区", "镇海区"), "浙江日报"),
    Place("wenzhou", "浙江省", "浙江", "温州市", "温州",
          ("鹿城区", "瓯海区", "龙湾区", "乐清市", "瑞安市"), "浙江日报"),
    Place("jiaxing", "浙江省", "浙江", "嘉兴市", "嘉兴",
          ("南湖区", "秀洲区", "海宁市", "桐乡市", "平湖市"), "浙江日报"),
    Place("shaoxing", "浙江省", "浙江", "绍兴市", "绍兴",
          ("越城区", "柯桥区", "上虞区", "诸暨市", "嵊州市"), "浙江日报"),
    Place("taizhou", "浙江省", "浙江", "台州市", "台州",
          ("椒江区", "黄岩区", "路桥区", "温岭市", "临海市"), "浙江日报"),
    Place("jinhua", "浙江省", "浙江", "金华市", "金华",
          ("婺城区", "金东区", "义乌市", "东阳市", "永康市"), "浙江日报"),
    Place("huzhou", "浙江省", "浙江", "湖州市", "湖州",
          ("吴兴区", "南浔区", "德清县", "长兴县", "安吉县"), "浙江日报"),
    Place("wuhan", "湖北省", "湖北", "武汉市", "武汉",
          ("江岸区", "武昌区", "洪山区", "汉阳区", "东西湖区"), "湖北日报"),
    Place("yichang", "湖北省", "湖北", "宜昌市", "宜昌",
          ("西陵区", "伍家岗区", "点军区", "夷陵区", "猇亭区", "宜都市", "枝江市", "当阳市"),
          "湖北日报"),
    Place("chengdu", "四川省", "四川", "成都市", "成都",
          ("锦江区", "武侯区", "成华区", "双流区", "郫都区"), "四川日报"),
    Place("guiyang", "贵州省", "贵州", "贵阳市", "贵阳",
          ("南明区", "云岩区", "观山湖区", "花溪区", "白云区"), "贵州日报"),
    Place("lhasa", "西藏自治区", "西藏", "拉萨市", "拉萨",
          ("城关区", "堆龙德庆区", "达孜区", "曲水县", "林周县"), "西藏日报"),
    Place("lanzhou", "甘肃省", "甘肃", "兰州市", "兰州",
          ("城关区", "七里河区", "安宁区", "西固区", "红古区"), "甘肃日报"),
    Place("yinchuan", "宁夏回族自治区", "宁夏", "银川市", "银川",
          ("兴庆区", "金凤区", "西夏区", "永宁县", "贺兰县"), "宁夏日报"),
    Place("guangzhou", "广东省", "广东", "广州市", "广州",
          ("天河区", "越秀区", "海珠区", "白云区", "黄埔区"), "南方日报"),
    Place("shenzhen", "广东省", "广东", "深圳市", "深圳",
          ("南山区", "福田区", "宝安区", "龙岗区", "龙华区"), "南方日报"),
    Place("qingdao", "山东省", "山东", "青岛市", "青岛",
          ("市南区", "黄岛区", "城阳区", "李沧区", "即墨区"), "大众日报"),
    Place("zhengzhou", "河南省", "河南", "郑州市", "郑州",
          ("金水区", "二七区", "中原区", "管城回族区", "惠济区"), "河南日报"),
    Place("changsha", "湖南省", "湖南", "长沙市", "长沙",
          ("岳麓区", "芙蓉区", "天心区", "开福区", "雨花区"), "湖南日报"),
    Place("xian", "陕西省", "陕西", "西安市", "西安",
          ("雁塔区", "碑林区", "未央区", "长安区", "灞桥区"), "陕西日报"),
    Place("kunming", "云南省", "云南", "昆明市", "昆明",
          ("五华区", "盘龙区", "官渡区", "西山区", "呈贡区"), "云南日报"),
    Place("shenyang", "辽宁省", "辽宁", "沈阳市", "沈阳",
          ("和平区", "沈河区", "铁西区", "皇姑区", "浑南区"), "辽宁日报"),
    Place("urumqi", "新疆维吾尔自治区", "新疆", "乌鲁木齐市", "乌鲁木齐",
          ("天山区", "沙依巴克区", "水磨沟区", "新市区", "米东区"), "新疆日报"),
    Place("suzhou", "江苏省", "江苏", "苏州市", "苏州",
          ("姑苏区", "吴中区", "相城区", "吴江区", "昆山市"), "新华日报"),
    Place("hefei", "安徽省", "安徽", "合肥市", "合肥",
          ("蜀山区", "包河区", "庐阳区", "瑶海区", "肥西县"), "安徽日报"),
)  # fmt: skip

INDUSTRIES: tuple[Industry, ...] = (
    Industry("公交集团", "公交车驾驶员"),
    Industry("供电公司", "变电运维工"),
    Industry("水务集团", "管网维修工"),
    Industry("燃气集团", "燃气巡线工"),
    Industry("建工集团", "钢筋工"),
    Industry("机床厂", "数控车工"),
    Industry("化工有限公司", "化工操作工"),
    Industry("纺织有限公司", "挡车工"),
    Industry("汽车零部件有限公司", "焊工"),
    Industry("物流有限公司", "叉车司机"),
    Industry("电子科技有限公司", "产线班组长"),
    Industry("食品有限公司", "质检员"),
    Industry("铁塔通信公司", "线路维护员"),
    Industry("热力公司", "供热管网巡检员"),
)

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方邹孟熊秦邱江尹薛段雷侯龙史黎贺顾毛郝龚邵"
    "万钱覃武戴孔汤严"
)

MALE_GIVEN_NAMES = (
    "建军", "志强", "海涛", "国栋", "晓东", "文斌", "俊杰", "宏伟", "振华", "立新", "永刚",
    "明亮", "家豪", "子轩", "浩然", "德胜", "春雷", "长林", "学军", "卫东", "庆丰", "新民",
    "光辉", "景涛", "世平", "红兵", "继成", "志远", "鹏", "磊", "勇", "刚", "斌", "涛", "杰",
    "军", "强", "超", "亮", "峰",
)  # fmt: skip

FEMALE_GIVEN_NAMES = (
    "丽娟", "海燕", "晓梅", "雪芳", "秀英", "春燕", "玉兰", "慧敏", "静怡", "雅琴", "婷婷",
    "佳怡", "梦瑶", "红霞", "桂芳", "小琴", "晓玲", "金凤", "月娥", "思雨", "欣然", "美玲",
    "芳", "敏", "静", "丽", "霞", "燕", "娟", "琳", "婷", "颖",
)  # fmt: skip

#: Tibetan names, for reprints from 西藏日报.
TIBETAN_NAMES = ("次仁央宗", "扎西顿珠", "格桑卓嘎", "旦增罗布", "白玛曲珍", "索朗次仁")

#: Reporters of the national portal (工人日报-中工网).
PORTAL_REPORTERS = (
    "杜宇飞", "柳青岚", "韩晓彤", "周振宇", "邵婉清", "彭家豪", "蔡思远", "梁雨桐", "石俊峰",
    "闫丽萍",
)  # fmt: skip

#: Reporters of the provincial workers' paper.
PROVINCE_REPORTERS = ("俞晓帆", "戚梦洁", "楼建华", "金一鸣", "应佳琪", "童锦涛", "施洪波")

#: Editors of the national portal: 责任编辑:X.
PORTAL_EDITORS = ("朱晶晶", "孟佳音", "许志宏", "陈頔", "邱文卓")

#: Editor pairs of the national portal: (责编：X、Y).
PORTAL_EDITOR_PAIRS = (("曹梦瑶", "蒋立伟"), ("葛文博", "沈一帆"))

#: Editors of the provincial site: 编辑：X. Two names fall outside GB2312 (赟, 頔).
PROVINCE_EDITORS = ("周赟", "林頔", "吴佳慧")

#: Editors of the city site: 责任编辑:X.
CITY_EDITORS = ("朱晶晶", "覃志刚", "黄雅雯")

#: A city union's leaders: "{org}{role}{name}".
LEADER_ROLES = ("党组书记、常务副主席", "党组成员、副主席", "副主席", "党组副书记、副主席")

DESTINATIONS = (
    "千岛湖", "武夷山", "黄山", "井冈山", "张家界", "恩施大峡谷", "青城山", "西双版纳",
    "莫干山", "北戴河",
)  # fmt: skip

STREETS = (
    "中山路", "人民路", "解放路", "建设路", "新华路", "文化路", "滨江路", "东风路", "胜利街",
    "学院路",
)  # fmt: skip

FAMILY_MEMBERS = ("爱人", "母亲", "父亲", "女儿", "儿子")


def person(*key: object, female: bool | None = None, avoid: Sequence[str] = ()) -> Person:
    """An invented name for ``key``; ``female`` is chosen from the key when not given."""
    is_female = stable_hash(*key, "female") % 2 == 1 if female is None else female
    given = FEMALE_GIVEN_NAMES if is_female else MALE_GIVEN_NAMES
    for attempt in range(100):
        name = pick(SURNAMES, *key, "surname", attempt) + pick(given, *key, "given", attempt)
        if name not in avoid:
            return Person(name, is_female)
    raise ValueError(f"person(): no free name for {key!r}")


def people(
    count: int, *key: object, pool: Sequence[str] = (), avoid: Sequence[str] = ()
) -> tuple[str, ...]:
    """``count`` different names: drawn from ``pool`` when given, else invented."""
    chosen: list[str] = []
    for index in range(count):
        taken = (*avoid, *chosen)
        if pool:
            free = [name for name in pool if name not in taken]
            if not free:
                raise ValueError("people(): the pool is exhausted")
            chosen.append(pick(free, *key, index))
        else:
            chosen.append(person(*key, index, avoid=taken).name)
    return tuple(chosen)


def place(key: str) -> Place:
    """The place with this key."""
    for candidate in PLACES:
        if candidate.key == key:
            return candidate
    raise KeyError(key)
