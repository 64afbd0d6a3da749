"""A synthetic standards catalogue, as large as we like, to benchmark import and search on.

The real catalogues are not ours to redistribute and the recorded samples are a few hundred
rows, so the million-edition figures asked of the catalogue (import time, database size, search
latency) are measured on a generated file instead. For those figures to mean something the file
has to look like the real thing where it matters to an index:

* every level in roughly the proportions of the official catalogues (national ~15 %, industry
  ~35 %, local ~20 %, group ~20 %, enterprise ~5 %, international ~5 %), with real issuing codes
  (industry codes, province and prefecture codes of GB/T 2260) and numbers with parts;
* works of 1–4 editions whose replacement chains, statuses and dates agree (an older edition is
  被代替 or 废止 and withdrawn on its successor's implementation date; some are 即将实施);
* Chinese titles built from the vocabularies of the industries the platform serves (lighting,
  home appliances, furniture, hardware and locks, textiles …) with the patterns real titles use,
  so that a query like ``家用电器 安全`` matches as many rows as it would in production;
* CCS and ICS codes taken from the shipped reference lists and consistent with the industry.

It is deterministic: the same ``--seed`` and ``--today`` give the same bytes. A small share of
deliberately bad rows (``--dirty``) exercises the importer's rejection path; they name no edition
the good rows refer to, so the good rows import whole.

Command:
    .venv/bin/python bench/catalogue_generate.py --editions 1000000 --out var/bench/catalogue_1m.csv \\
        --queries var/bench/queries.txt --numbers var/bench/numbers.txt
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import itertools
import random
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "fixtures" / "reference"
HEADER = (
    "std_code",
    "name_cn",
    "name_en",
    "status",
    "ccs",
    "ics",
    "issue_date",
    "act_date",
    "withdrawn_date",
    "replaces",
    "replaced_by",
)
DEFAULT_TODAY = dt.date(2026, 12, 1)  # fixed, so the same seed always gives the same file

# Share of editions per level, as in the official catalogues (std.samr.gov.cn, ttbz, qybz).
LEVEL_WEIGHTS = {
    "national": 15,
    "industry": 35,
    "local": 20,
    "group": 20,
    "enterprise": 5,
    "international": 5,
}
# How many editions a work has had (most standards are revised once or never).
EDITIONS_PER_WORK = ((1, 45), (2, 30), (3, 17), (4, 8))


# --- vocabularies ------------------------------------------------------------------------------------
# Chinese appears here as data: product names and title patterns as the catalogues print them.


def _pairs(text: str) -> list[tuple[str, str]]:
    """``zh|en`` lines → pairs; English may be empty."""
    out = []
    for line in text.strip().splitlines():
        zh, _, en = line.strip().partition("|")
        out.append((zh.strip(), en.strip()))
    return out


@dataclass
class Domain:
    """One industry's vocabulary and the codes its standards carry."""

    key: str
    weight: int
    industries: tuple[str, ...]  # industry-standard codes that publish in this domain
    ccs_prefixes: tuple[str, ...]
    ics_prefixes: tuple[str, ...]
    products: list[tuple[str, str]]
    substances: list[tuple[str, str]] = field(default_factory=list)  # for "…中…的测定"
    energy: bool = False  # "…能效限定值及能效等级" applies
    series: list[tuple[str, str]] = field(default_factory=list)  # multi-part series titles
    part_subjects: list[tuple[str, str]] = field(default_factory=list)  # "第N部分：…" of a series
    query_words: tuple[str, ...] = ()  # words people type, beyond the product names
    generic: bool = False  # built from an industry's name: plain patterns only
    ccs: list[str] = field(default_factory=list)  # filled from the reference lists
    ics: list[str] = field(default_factory=list)


DOMAINS: list[Domain] = [
    Domain(
        "lighting",
        9,
        ("QB", "SJ", "CJ"),
        ("K70", "K71", "K72", "K73", "K74"),
        ("29.140", "91.160"),
        _pairs("""
            灯具|luminaires
            LED灯具|LED luminaires
            LED筒灯|LED downlights
            LED球泡灯|self-ballasted LED lamps
            LED平板灯|LED panel luminaires
            道路照明灯具|luminaires for road and street lighting
            嵌入式灯具|recessed luminaires
            应急照明灯具|luminaires for emergency lighting
            台灯|table lamps
            吸顶灯|ceiling luminaires
            投光灯具|floodlights
            双端荧光灯|double-capped fluorescent lamps
            照明用LED模块|LED modules for general lighting
            LED模块用直流或交流电子控制装置|DC or AC supplied electronic control gear for LED modules
            水晶灯|crystal chandeliers
            庭院灯|garden luminaires
            灯串|lighting chains
            植物生长用LED灯具|LED luminaires for plant growth
            教室照明|classroom lighting
            智能照明控制系统|intelligent lighting control systems
            灯座|lampholders
            镇流器|ballasts
            照明设备|lighting equipment
            室内照明|indoor lighting
            景观照明|landscape lighting
            LED灯饰|LED decorative lighting
            """),
        energy=True,
        series=_pairs("""
            灯具|Luminaires
            灯的控制装置|Lamp controlgear
            照明系统和相关设备|Lighting systems and related equipment
            """),
        part_subjects=_pairs("""
            一般要求与试验|general requirements and tests
            固定式通用灯具|fixed general purpose luminaires
            可移式通用灯具|portable general purpose luminaires
            嵌入式灯具|recessed luminaires
            道路与街路照明灯具|luminaires for road and street lighting
            应急照明灯具|luminaires for emergency lighting
            灯串|lighting chains
            LED模块用直流或交流电子控制装置的特殊要求|particular requirements for DC or AC supplied electronic control gear for LED modules
            光生物安全|photobiological safety
            """),
        query_words=("灯", "照明", "灯具", "LED", "筒灯", "荧光灯", "灯饰"),
    ),
    Domain(
        "appliances",
        10,
        ("QB", "SJ"),
        ("Y60", "Y61", "Y62", "Y63", "Y64", "Y68", "Y69", "K65"),
        ("97.030", "97.040", "13.120", "97.100", "97.170"),
        _pairs("""
            家用电器|household appliances
            家用和类似用途电器|household and similar electrical appliances
            电冰箱|household refrigerators
            家用电冰箱|household refrigerators
            房间空气调节器|room air conditioners
            空调器|air conditioners
            变频空调器|variable speed air conditioners
            洗衣机|washing machines
            家用电动洗衣机|household electric washing machines
            电饭锅|electric rice cookers
            电压力锅|electric pressure cookers
            储水式电热水器|storage electric water heaters
            吸油烟机|range hoods
            微波炉|microwave ovens
            电磁灶|induction cookers
            电风扇|electric fans
            吸尘器|vacuum cleaners
            空气净化器|air cleaners
            净水器|water purifiers
            电吹风|hair dryers
            电烤箱|electric ovens
            洗碗机|dishwashers
            室内加热器|room heaters
            家用燃气灶具|domestic gas cooking appliances
            燃气热水器|gas water heaters
            豆浆机|soymilk makers
            电热水壶|electric kettles
            扫地机器人|robotic vacuum cleaners
            智能坐便器|smart toilets
            除湿机|dehumidifiers
            厨房电器|kitchen appliances
            家用电器待机功率|standby power of household appliances
            """),
        energy=True,
        series=_pairs("""
            家用和类似用途电器的安全|Household and similar electrical appliances—Safety
            家用电器 性能测试方法|Household electrical appliances—Methods for measuring performance
            智能家用电器的智能化技术|Intelligent technology of smart household appliances
            """),
        part_subjects=_pairs("""
            通用要求|general requirements
            电冰箱、食品冷冻箱和制冰机的特殊要求|particular requirements for refrigerating appliances, ice-cream appliances and ice makers
            洗衣机的特殊要求|particular requirements for washing machines
            真空吸尘器和吸水式清洁器具的特殊要求|particular requirements for vacuum cleaners and water-suction cleaning appliances
            电热水壶的特殊要求|particular requirements for electric kettles
            储水式热水器的特殊要求|particular requirements for storage water heaters
            吸油烟机的特殊要求|particular requirements for range hoods
            电饭锅的特殊要求|particular requirements for rice cookers
            电动洗碗机的特殊要求|particular requirements for dishwashers
            电热泵、空调器和除湿机的特殊要求|particular requirements for electrical heat pumps, air-conditioners and dehumidifiers
            """),
        query_words=("电器", "电热", "家用电器", "冰箱", "空调", "能效", "待机功率"),
    ),
    Domain(
        "furniture",
        6,
        ("QB", "LY"),
        ("Y80", "Y81", "Y82", "B70"),
        ("97.140", "79.060"),
        _pairs("""
            家具|furniture
            床垫|mattresses
            弹簧软床垫|spring mattresses
            办公椅|office chairs
            软体家具|upholstered furniture
            木家具|wooden furniture
            实木家具|solid wood furniture
            板式家具|panel furniture
            儿童家具|children's furniture
            沙发|sofas
            床|beds
            餐桌餐椅|dining tables and chairs
            衣柜|wardrobes
            书柜|bookcases
            红木家具|rosewood furniture
            办公家具|office furniture
            学生用课桌椅|desks and chairs for students
            金属家具|metal furniture
            竹藤家具|bamboo and rattan furniture
            厨房家具|kitchen furniture
            定制家具|customised furniture
            """),
        substances=_pairs("""
            甲醛释放量|formaldehyde emission
            挥发性有机化合物|volatile organic compounds
            可迁移元素|migratable elements
            """),
        query_words=("家具", "床", "椅", "柜", "床垫", "办公椅", "沙发", "红木"),
    ),
    Domain(
        "hardware",
        6,
        ("QB", "JB", "GA", "JG"),
        ("Y70", "Y71", "Y72", "Y73", "J13", "A91"),
        ("21.060", "91.190", "13.310", "97.040.60"),
        _pairs("""
            五金|hardware
            门锁|door locks
            锁具|locks
            电子防盗锁|electronic anti-theft locks
            机械防盗锁|mechanical anti-theft locks
            智能门锁|smart door locks
            指纹锁|fingerprint locks
            挂锁|padlocks
            锁芯|lock cylinders
            合页|hinges
            执手|lever handles
            门窗五金件|hardware for doors and windows
            建筑门窗五金件|building hardware for doors and windows
            闭门器|door closers
            地弹簧|floor springs
            拉手|pull handles
            保险柜|safes
            不锈钢餐具|stainless steel tableware
            厨房五金|kitchen hardware
            抽屉滑轨|drawer slides
            水嘴|taps
            淋浴花洒|shower heads
            自攻螺钉|tapping screws
            六角头螺栓|hexagon head bolts
            螺母|nuts
            刀剪|knives and scissors
            日用五金|daily-use hardware
            """),
        series=_pairs("""
            建筑门窗五金件|Building hardware for doors and windows
            锁具|Locks
            """),
        part_subjects=_pairs("""
            通用要求|general requirements
            合页|hinges
            执手|lever handles
            传动机构用执手|handles for driving gear
            撑挡|stays
            滑撑|friction stays
            插销|bolts
            多点锁闭器|multipoint locks
            """),
        query_words=("锁", "门锁", "锁具", "五金", "合页", "防盗", "螺钉"),
    ),
    Domain(
        "textiles",
        7,
        ("FZ",),
        ("W0", "W1", "W2", "W4", "W5", "W6", "W7", "Y75", "Y76", "Y77"),
        ("59.080", "59.060", "61.020", "61.040", "59.020"),
        _pairs("""
            纺织品|textiles
            服装|garments
            面料|fabrics
            针织服装|knitted garments
            衬衫|shirts
            西服|suits
            羽绒服装|down garments
            儿童服装|children's garments
            婴幼儿纺织产品|textile products for infants
            床上用品|bedding products
            毛巾|towels
            牛仔服装|denim garments
            休闲服装|casual wear
            运动服装|sportswear
            丝绸|silk fabrics
            棉印染布|cotton printed and dyed fabrics
            机织物|woven fabrics
            针织物|knitted fabrics
            羊毛衫|wool sweaters
            袜子|socks
            内衣|underwear
            中小学生校服|school uniforms for primary and middle school students
            非织造布|nonwovens
            功能性纺织品|functional textiles
            """),
        substances=_pairs("""
            甲醛|formaldehyde
            可分解致癌芳香胺染料|carcinogenic aromatic amine dyes
            pH值|pH value
            纤维含量|fibre content
            邻苯二甲酸酯|phthalates
            重金属|heavy metals
            """),
        series=_pairs("""
            纺织品 色牢度试验|Textiles—Tests for colour fastness
            纺织品 织物拉伸性能|Textiles—Tensile properties of fabrics
            服装号型|Standard sizing systems for garments
            """),
        part_subjects=_pairs("""
            耐摩擦色牢度|colour fastness to rubbing
            耐皂洗色牢度|colour fastness to washing with soap
            耐汗渍色牢度|colour fastness to perspiration
            耐光色牢度|colour fastness to artificial light
            断裂强力和断裂伸长率的测定|determination of maximum force and elongation at maximum force
            男子|men
            女子|women
            儿童|children
            """),
        query_words=("布", "衣", "纺织", "服装", "面料", "纺织品", "校服", "色牢度"),
    ),
    Domain(
        "cosmetics",
        3,
        ("QB", "WS"),
        ("Y42", "Y43", "Y41"),
        ("71.100.70", "71.100.40", "71.100.60"),
        _pairs("""
            化妆品|cosmetics
            洗发液|shampoos
            护发素|hair conditioners
            护肤膏霜|skin care creams
            护肤乳液|skin care lotions
            面膜|facial masks
            防晒化妆品|sunscreen cosmetics
            香水|perfumes
            沐浴剂|body washes
            牙膏|toothpastes
            洗手液|hand washes
            唇膏|lipsticks
            指甲油|nail polishes
            染发剂|hair dyes
            洁面乳|facial cleansers
            """),
        substances=_pairs("""
            汞|mercury
            铅|lead
            砷|arsenic
            甲醇|methanol
            防腐剂|preservatives
            二噁烷|dioxane
            氢醌|hydroquinone
            糖皮质激素|glucocorticoids
            """),
        query_words=("化妆品", "护肤", "香水", "牙膏", "洗发"),
    ),
    Domain(
        "wind",
        2,
        ("NB", "DL", "JB"),
        ("F11", "K52", "F20", "F21"),
        ("27.180", "29.160"),
        _pairs("""
            风力发电机组|wind turbines
            风力发电机组 齿轮箱|gearboxes for wind turbines
            风力发电机组 风轮叶片|rotor blades for wind turbines
            风电场|wind farms
            海上风电场|offshore wind farms
            风力发电机组 变桨系统|pitch systems for wind turbines
            风力发电机组 塔架|towers for wind turbines
            风力发电机组 主轴承|main bearings for wind turbines
            风电场接入电力系统|connecting wind farms to power systems
            小型风力发电机组|small wind turbines
            风力发电机组 控制器|controllers for wind turbines
            风力发电机组 偏航系统|yaw systems for wind turbines
            """),
        series=_pairs("""
            风力发电机组|Wind turbines
            风力发电机组 设计要求|Wind turbines—Design requirements
            """),
        part_subjects=_pairs("""
            设计要求|design requirements
            功率特性测试|power performance measurements
            噪声测量方法|acoustic noise measurement techniques
            电能质量测量和评估方法|measurement and assessment of power quality characteristics
            载荷测量|measurement of mechanical loads
            雷电保护|lightning protection
            通信|communications
            一致性测试|conformity testing
            """),
        query_words=("风电", "风力发电", "风力发电机组", "风电场", "叶片"),
    ),
    Domain(
        "food",
        7,
        ("LS", "SB", "SN", "NY", "QB", "SC"),
        ("X1", "X2", "X3", "X5", "X6", "X7", "X8", "C53"),
        ("67",),
        _pairs("""
            食用植物油|edible vegetable oils
            花生油|peanut oil
            大米|rice
            小麦粉|wheat flour
            酿造酱油|fermented soy sauce
            酿造食醋|fermented vinegar
            白酒|Chinese spirits
            葡萄酒|wines
            啤酒|beer
            茶叶|tea
            绿茶|green tea
            巴氏杀菌乳|pasteurized milk
            月饼|mooncakes
            糕点|pastries
            饼干|biscuits
            罐头食品|canned foods
            速冻面米食品|quick-frozen flour and rice products
            广式腊肠|Cantonese sausages
            蜂蜜|honey
            饮料|beverages
            包装饮用水|packaged drinking water
            食品添加剂|food additives
            蚝油|oyster sauce
            米粉|rice noodles
            食用盐|edible salt
            调味品|condiments
            """),
        substances=_pairs("""
            铅|lead
            黄曲霉毒素B1|aflatoxin B1
            农药残留量|pesticide residues
            二氧化硫|sulfur dioxide
            苯甲酸|benzoic acid
            菌落总数|aerobic plate count
            大肠菌群|coliforms
            水分|moisture
            蛋白质|protein
            脂肪|fat
            """),
        query_words=("油", "茶", "酒", "米", "盐", "食品", "食品安全", "乳"),
    ),
    Domain(
        "chemicals",
        5,
        ("HG", "SH"),
        ("G1", "G2", "G3", "G4", "G5", "G6", "G7"),
        ("71", "87.040", "83"),
        _pairs("""
            工业硫酸|sulfuric acid for industrial use
            工业用氢氧化钠|sodium hydroxide for industrial use
            涂料|coatings
            水性涂料|waterborne coatings
            木器涂料|wood coatings
            胶粘剂|adhesives
            塑料|plastics
            聚乙烯树脂|polyethylene resins
            聚丙烯树脂|polypropylene resins
            橡胶制品|rubber products
            轮胎|tyres
            化学试剂|chemical reagents
            表面活性剂|surfactants
            水处理剂|water treatment chemicals
            复合肥料|compound fertilizers
            农药乳油|pesticide emulsifiable concentrates
            染料|dyes
            颜料|pigments
            工业气体|industrial gases
            油墨|printing inks
            聚氨酯木器漆|polyurethane wood coatings
            防锈漆|anti-rust paints
            """),
        substances=_pairs("""
            挥发性有机化合物|volatile organic compounds
            重金属|heavy metals
            水分|water
            铁含量|iron content
            密度|density
            苯系物|benzene series
            """),
        query_words=("漆", "胶", "涂料", "化工", "塑料", "橡胶"),
    ),
    Domain(
        "building",
        5,
        ("JC", "JG", "CJ"),
        ("Q1", "Q2", "Q3", "Q7", "P3"),
        ("91.100", "91.060", "91.120", "91.140"),
        _pairs("""
            通用硅酸盐水泥|common Portland cement
            水泥|cement
            预拌混凝土|ready-mixed concrete
            混凝土|concrete
            建筑玻璃|glass in building
            中空玻璃|insulating glass units
            钢化玻璃|tempered glass
            陶瓷砖|ceramic tiles
            卫生陶瓷|sanitary ceramics
            防水卷材|waterproof sheets
            纸面石膏板|gypsum plasterboards
            铝合金门窗|aluminium alloy windows and doors
            建筑涂料|architectural coatings
            绝热材料|thermal insulating materials
            天然石材|natural stone
            预拌砂浆|ready-mixed mortar
            墙体材料|wall materials
            建筑用塑料管材|plastic pipes for buildings
            建筑门窗|windows and doors
            """),
        substances=_pairs("""
            放射性核素|radionuclides
            氯离子|chloride ions
            有害物质|harmful substances
            """),
        query_words=("门", "窗", "砖", "水泥", "玻璃", "陶瓷", "门窗"),
    ),
    Domain(
        "machinery",
        4,
        ("JB",),
        ("J1", "J2", "J6", "J7", "J8", "K2"),
        ("21", "23", "25", "53"),
        _pairs("""
            滚动轴承|rolling bearings
            圆柱齿轮|cylindrical gears
            阀门|valves
            离心泵|centrifugal pumps
            空气压缩机|air compressors
            通风机|industrial fans
            起重机|cranes
            带式输送机|belt conveyors
            数控机床|CNC machine tools
            液压缸|hydraulic cylinders
            三相异步电动机|three-phase asynchronous motors
            焊接设备|welding equipment
            注塑机|injection moulding machines
            减速器|speed reducers
            机械密封|mechanical seals
            工业机器人|industrial robots
            """),
        series=_pairs("""
            工业机器人|Industrial robots
            机械安全|Safety of machinery
            """),
        part_subjects=_pairs("""
            通用技术条件|general technical requirements
            性能规范及其试验方法|performance criteria and related test methods
            安全要求|safety requirements
            术语|vocabulary
            """),
        query_words=("泵", "阀", "轴承", "机床", "机器人", "电动机"),
    ),
    Domain(
        "electronics",
        4,
        ("SJ", "YD"),
        ("L1", "L3", "L5", "L6", "L7", "L8", "M3", "M4", "M7"),
        ("31", "33", "35"),
        _pairs("""
            信息技术设备|information technology equipment
            电源适配器|power adapters
            锂离子电池|lithium-ion batteries
            移动电源|power banks
            印制电路板|printed boards
            显示器|displays
            平板电视|flat panel televisions
            音视频设备|audio/video equipment
            无线路由器|wireless routers
            智能家居系统|smart home systems
            物联网|Internet of Things
            连接器|connectors
            电子电气产品|electrical and electronic products
            数据中心|data centres
            """),
        substances=_pairs("""
            限用物质|restricted substances
            铅、汞、镉|lead, mercury and cadmium
            """),
        series=_pairs("""
            音视频、信息技术和通信技术设备|Audio/video, information and communication technology equipment
            信息技术 安全技术|Information technology—Security techniques
            """),
        part_subjects=_pairs("""
            安全要求|safety requirements
            电磁兼容|electromagnetic compatibility
            信息安全管理体系|information security management systems
            术语|vocabulary
            """),
        query_words=("电", "电池", "电子", "信息技术", "物联网", "智能家居"),
    ),
    Domain(
        "medicine",
        3,
        ("YY", "WS", "ZY"),
        ("C0", "C1", "C2", "C3", "C4", "C5"),
        ("11",),
        _pairs("""
            医用口罩|medical masks
            一次性使用无菌注射器|sterile hypodermic syringes for single use
            医用防护服|protective clothing for medical use
            医用电气设备|medical electrical equipment
            电子血压计|electronic sphygmomanometers
            医用电子体温计|clinical electronic thermometers
            中药材|Chinese medicinal materials
            消毒剂|disinfectants
            助听器|hearing aids
            """),
        series=_pairs("""
            医用电气设备|Medical electrical equipment
            """),
        part_subjects=_pairs("""
            基本安全和基本性能的通用要求|general requirements for basic safety and essential performance
            电磁兼容 要求和试验|electromagnetic disturbances—requirements and tests
            """),
        query_words=("医用", "口罩", "消毒", "中药"),
    ),
    Domain(
        "transport",
        3,
        ("QC", "JT"),
        ("T", "R"),
        ("43", "03.220"),
        _pairs("""
            电动汽车|electric vehicles
            汽车用LED前照灯|LED headlamps for motor vehicles
            机动车|motor vehicles
            电动自行车|electric bicycles
            汽车座椅|vehicle seats
            汽车安全带|safety belts for motor vehicles
            摩托车|motorcycles
            道路交通标志|road traffic signs
            电动汽车传导充电连接装置|connection set for conductive charging of electric vehicles
            """),
        query_words=("汽车", "电动汽车", "充电", "交通"),
    ),
    Domain(
        "energy",
        3,
        ("DL", "NB"),
        ("K1", "K3", "K8", "F1", "F2"),
        ("29", "27.160", "27.070"),
        _pairs("""
            光伏组件|photovoltaic modules
            太阳能热水器|solar water heaters
            储能电池|batteries for energy storage
            配电变压器|distribution transformers
            电力电缆|power cables
            低压成套开关设备|low-voltage switchgear assemblies
            电能表|electricity meters
            断路器|circuit-breakers
            插头插座|plugs and socket-outlets
            开关|switches
            光伏逆变器|photovoltaic inverters
            电线电缆|wires and cables
            """),
        energy=True,
        series=_pairs("""
            家用和类似用途插头插座|Plugs and socket-outlets for household and similar purposes
            低压成套开关设备和控制设备|Low-voltage switchgear and controlgear assemblies
            """),
        part_subjects=_pairs("""
            通用要求|general requirements
            转换器的特殊要求|particular requirements for adaptors
            成套电力开关和控制设备|power switchgear and controlgear assemblies
            """),
        query_words=("电", "插座", "开关", "光伏", "储能", "电缆"),
    ),
    Domain(
        "agriculture",
        3,
        ("NY", "LY", "SC"),
        ("B",),
        ("65",),
        _pairs("""
            水稻|rice
            柑橘|citrus
            荔枝|litchi
            茶树|tea plants
            有机肥料|organic fertilizers
            配合饲料|formula feeds
            生猪|pigs
            农作物种子|crop seeds
            绿色食品|green food
            罗非鱼|tilapia
            蔬菜|vegetables
            """),
        query_words=("水稻", "饲料", "肥料", "荔枝", "技术规程"),
    ),
    Domain(
        "services",
        4,
        ("SB", "LB", "MZ", "RB", "WB", "GH"),
        ("A0", "A1", "A2"),
        ("03", "01"),
        _pairs("""
            物业服务|property services
            养老服务|elderly care services
            旅游景区|tourist attractions
            政务服务|government services
            电子商务|e-commerce
            物流服务|logistics services
            标准化工作|standardization work
            质量管理体系|quality management systems
            公共信用信息|public credit information
            社区服务|community services
            会展服务|exhibition services
            餐饮服务|catering services
            家政服务|domestic services
            检验检测机构|inspection and testing bodies
            数据安全|data security
            """),
        query_words=("服务", "管理", "标准化", "质量"),
    ),
]
DOMAIN_BY_KEY = {d.key: d for d in DOMAINS}

# Industries without a vocabulary above: their titles are built from the industry's own name and
# carry CCS / ICS codes of their field, so facets still line up with the issuing code.
GENERIC_INDUSTRY_CODES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "AQ": (("C6", "C7"), ("13.100",)),
    "BB": (("A8",), ("55",)),
    "CB": (("U",), ("47",)),
    "CH": (("A7",), ("07.040",)),
    "CY": (("A19",), ("01.140.40",)),
    "DA": (("A14",), ("01.140.20",)),
    "DB": (("P15",), ("91.120.25",)),
    "DY": (("A15",), ("37.060",)),
    "DZ": (("D",), ("73",)),
    "EJ": (("F4", "F6", "F7"), ("27.120",)),
    "GA": (("A9",), ("13.310",)),
    "GY": (("M6", "M7"), ("33.160", "33.170")),
    "HB": (("V",), ("49",)),
    "HJ": (("Z",), ("13.020", "13.030", "13.040", "13.060")),
    "HY": (("A45",), ("07.060",)),
    "JR": (("A11",), ("03.060",)),
    "JT": (("R",), ("03.220",)),
    "JY": (("A18",), ("03.180",)),
    "MH": (("V5",), ("49",)),
    "MT": (("D2",), ("73.040",)),
    "QJ": (("V7",), ("49",)),
    "QX": (("A47",), ("07.060",)),
    "SL": (("P55", "P56", "P57", "P58"), ("93.160",)),
    "SY": (("E",), ("75",)),
    "TB": (("S",), ("45",)),
    "TJ": (("S",), ("45",)),
    "TY": (("Y55", "Y56"), ("97.220",)),
    "XB": (("H65",), ("77.120",)),
    "XF": (("C8",), ("13.220",)),
    "YB": (("H4",), ("77.080", "77.140")),
    "YC": (("X85", "X86", "X87"), ("65.160",)),
    "YS": (("H6",), ("77.120",)),
    "YZ": (("M8",), ("03.240",)),
}
GENERIC_NOUNS = _pairs("""
    术语|terminology
    信息分类与编码|classification and coding of information
    数据元|data elements
    统计指标|statistical indicators
    信息系统|information systems
    安全管理|safety management
    监测|monitoring
    设施建设|facility construction
    服务质量|service quality
    应急预案编制|preparation of emergency plans
    档案管理|records management
    检测设备|testing equipment
    作业规程|operating procedures
    """)

# Title patterns: (Chinese, English, weight). {p} product, {s} substance.
BASE_PATTERNS: list[tuple[str, str, int]] = [
    ("{p}", "{P}", 10),
    ("{p}通用技术条件", "General technical requirements for {p}", 8),
    ("{p}安全要求", "Safety requirements for {p}", 6),
    ("{p}试验方法", "Test methods for {p}", 7),
    ("{p}技术规范", "Technical specification for {p}", 5),
    ("{p}检验规则", "Inspection rules for {p}", 2),
    ("{p}术语", "Terminology of {p}", 2),
    ("{p}质量分级", "Quality grading of {p}", 2),
    ("{p}包装、标志、运输和贮存", "Packaging, marking, transportation and storage of {p}", 1),
    ("{p}性能要求及试验方法", "Performance requirements and test methods for {p}", 3),
    ("{p}安全技术规范", "Safety technical specification for {p}", 2),
]
ENERGY_PATTERN = (
    "{p}能效限定值及能效等级",
    "Minimum allowable values of energy efficiency and energy efficiency grades for {p}",
    6,
)
SUBSTANCE_PATTERNS = [
    ("{p}中{s}的测定", "Determination of {s} in {p}", 6),
    ("{p}中有害物质限量", "Limits of harmful substances in {p}", 2),
]
FOOD_SAFETY_PATTERNS = [  # GB only
    ("食品安全国家标准 {p}", "National food safety standard—{P}", 6),
    ("食品安全国家标准 食品中{s}的测定", "National food safety standard—Determination of {s} in foods", 4),
]
LEVEL_PATTERNS: dict[str, list[tuple[str, str, int]]] = {
    "national": [("绿色产品评价 {p}", "Green product assessment—{P}", 1)],
    "industry": [],
    "local": [
        ("{p}生产技术规程", "", 4),
        ("{p}服务规范", "", 2),
        ("{p}质量安全管理规范", "", 1),
        ("{p}检验检测规范", "", 1),
    ],
    "group": [
        (
            "绿色设计产品评价技术规范 {p}",
            "Technical specification for green-design product assessment—{P}",
            3,
        ),
        ("智能{p}", "Smart {p}", 2),
        ("高品质{p}", "High-quality {p}", 2),
        ("{p}评价规范", "Evaluation specification for {p}", 2),
    ],
    "enterprise": [("{p}", "", 12), ("节能型{p}", "", 2), ("多功能{p}", "", 2), ("不锈钢{p}", "", 1)],
    "international": [],
}
GENERIC_PATTERNS: list[tuple[str, str, int]] = [
    ("{p}", "{P}", 10),
    ("{p}技术规范", "Technical specification for {p}", 3),
    ("{p}规范", "Specification for {p}", 2),
    ("{p}技术要求", "Technical requirements for {p}", 2),
]
GENERIC_PART_SUBJECTS = _pairs("""
    试验方法|test methods
    安装与验收|installation and acceptance
    检验规则|inspection rules
    术语|vocabulary
    技术要求|technical requirements
    性能要求|performance requirements
    安全要求|safety requirements
    标志和说明书|marking and instructions
    """)
SERIES_SHARE = 0.15  # works that are one part of a multi-part standard
# Industries whose codes also publish mandatory standards without /T (GA 374, YY 0505, AQ 3013 …).
MANDATORY_INDUSTRIES = frozenset({"AQ", "GA", "YY", "WS", "MT", "XF", "HJ", "JG", "CJ", "SH", "HG", "YD"})
# Words of the base patterns that people add to a product name when they search, grouped by pattern.
ASPECT_GROUPS: tuple[tuple[str, ...], ...] = (
    ("安全", "要求"),
    ("安全要求",),
    ("通用技术条件",),
    ("技术条件",),
    ("试验", "方法"),
    ("试验方法",),
    ("技术规范",),
    ("检验规则",),
    ("术语",),
    ("质量", "分级"),
    ("性能要求", "试验方法"),
)

# One-character queries people type (灯, 锁); those that occur in no title are dropped.
SINGLE_CHARACTERS = "灯锁床椅柜布衣酒茶油盐米乳门窗砖胶漆泵阀电水纸钢管线缆药肥菜鱼肉蜜醋酱瓷袜巾镜锅壶扇"

REAL_GROUP_ORGS = (
    "CAS",
    "CEEIA",
    "CHEAA",
    "CNLIC",
    "CNFA",
    "CSTM",
    "CCSA",
    "CECA",
    "ZZB",
    "GDES",
    "CQAE",
    "CAB",
    "CPCIF",
    "CNTAC",
    "CFNA",
    "CIQA",
    "CNHA",
    "CLIA",
    "CHIA",
    "CAQI",
    "CSAE",
    "CEC",
    "CECS",
    "GDBX",
    "ZSJX",
    "ZSGZ",
    "GZBC",
    "SZAS",
    "CCPITCSC",
    "CIE",
    "CES",
    "CNIA",
    "CASME",
    "CGMA",
    "CBMF",
    "CISA",
)


# --- reference lists ---------------------------------------------------------------------------------


def _read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def _codes_with_prefixes(codes: Sequence[str], prefixes: Sequence[str]) -> list[str]:
    return [c for c in codes if any(c.startswith(p) for p in prefixes)]


@dataclass
class Reference:
    ccs: list[str]
    ics: list[str]
    industries: dict[str, tuple[str, str]]  # code → (zh, en)
    provinces: list[str]  # two-digit codes
    prefectures: list[str]  # four-digit codes


def load_reference() -> Reference:
    ccs = [row[0].strip() for row in _read_csv(REFERENCE / "ccs" / "cat-level3.csv")[1:] if row]
    ics = [row[0].strip() for row in _read_csv(REFERENCE / "ics" / "ics_ed7.csv")[1:] if row]
    industries = {
        row[0].strip(): (row[1].strip(), row[2].strip())
        for row in _read_csv(REFERENCE / "industry_codes" / "industry_codes_merged.csv")[1:]
        if row
    }
    provinces, prefectures = [], []
    placeholders = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")
    for row in _read_csv(REFERENCE / "admin_divisions" / "gb2260_prov_pref_latest.csv")[1:]:
        code, name, level = row[0].strip(), row[1].strip(), row[2].strip()
        if level == "1":
            provinces.append(code[:2])
        elif level == "2" and name not in placeholders:
            prefectures.append(code[:4])
    return Reference(ccs, ics, industries, provinces, prefectures)


# --- the generator -----------------------------------------------------------------------------------


@dataclass
class Stats:
    rows: int = 0
    editions: int = 0
    works: int = 0
    dirty: int = 0
    by_level: dict[str, int] = field(default_factory=dict)
    by_status: dict[str, int] = field(default_factory=dict)


class Generator:
    """Works with their editions, one at a time, as CSV rows."""

    def __init__(self, *, seed: int, today: dt.date, reference: Reference) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - reproducible data, not secrets
        self.today = today
        self.ref = reference
        self.stats = Stats()
        self.serials: dict[str, int] = {}
        self._date_text: dict[int, str] = {}
        self._pattern_cache: dict[tuple[str, str, bool], tuple[list[tuple[str, str, int]], list[float]]] = {}
        self._prepare()

    def _prepare(self) -> None:
        rng = self.rng
        for domain in DOMAINS:
            domain.ccs = _codes_with_prefixes(self.ref.ccs, domain.ccs_prefixes)
            domain.ics = _codes_with_prefixes(self.ref.ics, domain.ics_prefixes)
            if not domain.ccs or not domain.ics:
                raise SystemExit(f"domain {domain.key}: no CCS or ICS code matches its prefixes")
            domain.industries = tuple(c for c in domain.industries if c in self.ref.industries)
        self.generic: dict[str, Domain] = {}
        for code, (ccs_prefixes, ics_prefixes) in GENERIC_INDUSTRY_CODES.items():
            if code not in self.ref.industries:
                continue
            zh, en = self.ref.industries[code]
            products = [(f"{zh}{n_zh}", f"{n_en} for {en.lower()}") for n_zh, n_en in GENERIC_NOUNS]
            domain = Domain(
                f"industry-{code}", 1, (code,), ccs_prefixes, ics_prefixes, products, generic=True
            )
            domain.ccs = _codes_with_prefixes(self.ref.ccs, ccs_prefixes) or ["A00"]
            domain.ics = _codes_with_prefixes(self.ref.ics, ics_prefixes) or ["01.040.01"]
            self.generic[code] = domain
        self.domain_list = DOMAINS
        self.domain_cum_weights = list(itertools.accumulate(d.weight for d in DOMAINS))
        self.levels = list(LEVEL_WEIGHTS)
        # A pick of a non-enterprise level is a series of parts now and then, i.e. more than one
        # work: weigh picks so that the editions, not the picks, come out in LEVEL_WEIGHTS.
        works_per_pick = 1 - SERIES_SHARE + SERIES_SHARE * 5
        self.level_cum_weights = list(
            itertools.accumulate(
                w / (1 if level == "enterprise" else works_per_pick) for level, w in LEVEL_WEIGHTS.items()
            )
        )
        # Group organisations: a few real ones and many made-up codes of 3–6 letters.
        letters = "ABCDEFGHJKLMNPQRSTWXYZ"
        made_up = {"".join(rng.choice(letters) for _ in range(rng.randint(3, 6))) for _ in range(1500)}
        self.group_orgs = [*REAL_GROUP_ORGS, *sorted(made_up - set(REAL_GROUP_ORGS))]
        # A few associations publish most group standards (a Zipf-like spread).
        self.group_cum_weights = list(
            itertools.accumulate(1 / (rank + 1) ** 0.8 for rank in range(len(self.group_orgs)))
        )
        self.group_pad = {org: rng.choice((0, 3, 3, 4)) for org in self.group_orgs}
        made_up = {"".join(rng.choice(letters) for _ in range(rng.randint(2, 6))) for _ in range(12000)}
        self.enterprises = sorted(made_up)
        # Guangdong (44) and Zhongshan (4420) first: the platform's own region publishes most.
        self.provinces = self.ref.provinces
        self.province_cum_weights = list(itertools.accumulate(8 if p == "44" else 1 for p in self.provinces))
        self.prefectures = self.ref.prefectures
        self.prefecture_cum_weights = list(
            itertools.accumulate(
                10 if p == "4420" else 3 if p.startswith("44") else 1 for p in self.prefectures
            )
        )

    # dates ----------------------------------------------------------------------------------------

    def _date(self, ordinal: int) -> str:
        text = self._date_text.get(ordinal)
        if text is None:
            text = dt.date.fromordinal(ordinal).isoformat()
            self._date_text[ordinal] = text
        return text

    # numbers --------------------------------------------------------------------------------------

    def _next_serial(self, code: str, start: int, step: int = 3) -> int:
        serial = self.serials.get(code)
        serial = self.rng.randint(start, start + 20) if serial is None else serial + self.rng.randint(1, step)
        self.serials[code] = serial
        return serial

    def _work_prefix(self, level: str, domain: Domain) -> tuple[str, Domain, str, str]:
        """(issuing code, domain, number stem without year, year separator) for a new work."""
        rng = self.rng
        if level == "national":
            roll = rng.random()
            code = "GB" if roll < 0.12 else "GB/Z" if roll < 0.16 else "GB/T"
            return code, domain, f"{code} {self._next_serial(code, 1000, 2)}", "-"
        if level == "industry":
            if rng.random() < 0.2 or not domain.industries:
                industry = rng.choice(list(self.generic))
                domain = self.generic[industry]
            else:
                industry = rng.choice(domain.industries)
            mandatory = industry in MANDATORY_INDUSTRIES and rng.random() < 0.2
            code = industry if mandatory else f"{industry}/T"
            return code, domain, f"{code} {self._next_serial(industry, 1, 2)}", "-"
        if level == "local":
            if rng.random() < 0.6:
                area = rng.choices(self.provinces, cum_weights=self.province_cum_weights)[0]
                start = 100
            else:
                area = rng.choices(self.prefectures, cum_weights=self.prefecture_cum_weights)[0]
                start = 1
            # Mandatory local standards print a bare slash: DB44/ 1234-2020.
            code = f"DB{area}/" if rng.random() < 0.05 else f"DB{area}/T"
            return code, domain, f"{code} {self._next_serial('DB' + area, start, 2)}", "-"
        if level == "group":
            org = rng.choices(self.group_orgs, cum_weights=self.group_cum_weights)[0]
            code = f"T/{org}"
            serial = self._next_serial(code, 1, 2)
            pad = self.group_pad[org]
            return code, domain, f"{code} {serial:0{pad}d}" if pad else f"{code} {serial}", "-"
        if level == "enterprise":
            ent = rng.choice(self.enterprises)
            code = f"Q/{ent}"
            return code, domain, f"{code} {self._next_serial(code, 1, 1):03d}", "-"
        roll = rng.random()
        code = "IEC" if roll < 0.3 else "ISO/IEC" if roll < 0.4 else "ISO"
        start = 60000 if code == "IEC" else 1000
        return code, domain, f"{code} {self._next_serial(code, start, 3)}", ":"

    # titles ---------------------------------------------------------------------------------------

    def _patterns(
        self, level: str, domain: Domain, code: str
    ) -> tuple[list[tuple[str, str, int]], list[float]]:
        """The patterns a title may take, with cumulative weights (cached: this runs per work)."""
        key = (level, domain.key, code == "GB")
        cached = self._pattern_cache.get(key)
        if cached is None:
            patterns = self._pattern_list(level, domain, code)
            cached = (patterns, list(itertools.accumulate(w for _, _, w in patterns)))
            self._pattern_cache[key] = cached
        return cached

    def _pattern_list(self, level: str, domain: Domain, national_code: str) -> list[tuple[str, str, int]]:
        if domain.generic:
            return GENERIC_PATTERNS
        patterns = list(BASE_PATTERNS) + LEVEL_PATTERNS[level]
        if domain.energy and level in ("national", "industry", "group"):
            patterns.append(ENERGY_PATTERN)
        if domain.substances:
            patterns.extend(SUBSTANCE_PATTERNS)
        if domain.key == "food" and national_code == "GB":
            patterns.extend(FOOD_SAFETY_PATTERNS)
        return patterns

    def _title(self, level: str, domain: Domain, code: str) -> tuple[str, str]:
        rng = self.rng
        p_zh, p_en = rng.choice(domain.products)
        patterns, cum_weights = self._patterns(level, domain, code)
        zh, en, _ = rng.choices(patterns, cum_weights=cum_weights)[0]
        s_zh, s_en = rng.choice(domain.substances) if domain.substances else ("", "")
        title_zh = zh.format(p=p_zh, s=s_zh)
        title_en = en.format(p=p_en, P=p_en[:1].upper() + p_en[1:], s=s_en) if en else ""
        return title_zh, title_en

    # works ----------------------------------------------------------------------------------------

    def works(self, editions: int) -> Iterator[list[list[str]]]:
        """Rows of whole works until ``editions`` editions have been written (the last may be cut)."""
        rng = self.rng
        remaining = editions
        while remaining > 0:
            level = rng.choices(self.levels, cum_weights=self.level_cum_weights)[0]
            domain = rng.choices(self.domain_list, cum_weights=self.domain_cum_weights)[0]
            code, domain, stem, sep = self._work_prefix(level, domain)
            ccs = rng.choice(domain.ccs)
            ics = rng.choice(domain.ics)
            if rng.random() < 0.1:
                other = rng.choice(domain.ics)
                ics = f"{ics};{other}" if other != ics else ics
            series = rng.random() < SERIES_SHARE and level != "enterprise"
            if series:
                curated = bool(domain.series) and rng.random() < 0.7
                if curated:
                    base_zh, base_en = rng.choice(domain.series)
                    subjects = list(domain.part_subjects)
                    # "家用和类似用途电器的安全 第2部分：电饭锅的特殊要求" and the like.
                    if domain.energy and base_zh == domain.series[0][0]:
                        subjects += [
                            (f"{zh}的特殊要求", f"particular requirements for {en}")
                            for zh, en in domain.products
                        ]
                else:
                    p_zh, p_en = rng.choice(domain.products)
                    base_zh, base_en = p_zh, p_en[:1].upper() + p_en[1:]
                    subjects = list(GENERIC_PART_SUBJECTS)
                subjects = [s for s in subjects if s[0] != "通用要求"]
                parts = min(rng.randint(2, 8), len(subjects) + 1)
                chosen = [("通用要求", "general requirements"), *rng.sample(subjects, parts - 1)]
                for n, (sub_zh, sub_en) in enumerate(chosen, start=1):
                    title_zh = f"{base_zh} 第{n}部分：{sub_zh}"
                    title_en = f"{base_en}—Part {n}: {sub_en}"
                    if sep == ":":
                        part_stem = f"{stem}-2-{n - 1}" if code == "IEC" and n > 1 else f"{stem}-{n}"
                    else:
                        part_stem = f"{stem}.{n}"
                    rows = self._editions(level, part_stem, sep, title_zh, title_en, ccs, ics, remaining)
                    remaining -= len(rows)
                    yield rows
                    if remaining <= 0:
                        return
            else:
                title_zh, title_en = self._title(level, domain, code)
                rows = self._editions(level, stem, sep, title_zh, title_en, ccs, ics, remaining)
                remaining -= len(rows)
                yield rows

    def _editions(
        self,
        level: str,
        stem: str,
        sep: str,
        title_zh: str,
        title_en: str,
        ccs: str,
        ics: str,
        remaining: int,
    ) -> list[list[str]]:
        """One work's editions, oldest first, with statuses, dates and replacement links that agree."""
        rng = self.rng
        today = self.today.toordinal()
        count = min(remaining, rng.choices(EDITIONS_PER_WORK_COUNTS, cum_weights=EDITIONS_PER_WORK_CUM)[0])
        # Years newest first: the newest is recent more often than not; revisions 3–12 years apart.
        newest = self.today.year - min(int(rng.expovariate(1 / 7)), 36)
        years = [newest]
        while len(years) < count:
            year = years[-1] - rng.randint(3, 12)
            if year < 1985:
                break
            years.append(year)
        years.reverse()
        english = level in ("national", "international")
        # Issue and implementation dates; the newest edition may still be waiting to come into force.
        issued: list[int] = []
        acted: list[int] = []
        for i, year in enumerate(years):
            if year >= self.today.year:
                start = dt.date(year, 1, 1).toordinal()
                issue = rng.randint(start, today - 1)
            else:
                issue = dt.date(year, rng.randint(1, 12), rng.randint(1, 28)).toordinal()
            if i == len(years) - 1 and today - issue < 200 and rng.random() < 0.5:
                # Still 3–12 months after issue, but after today: it is not in force yet.
                earliest = max(90, today - issue + 1)
                spread = rng.randint(90, 365) - 90 + rng.randint(1, 200)
                act = issue + earliest + spread % (366 - earliest)
            else:
                act = issue + rng.randint(90, 365)
            issued.append(issue)
            acted.append(act)
        numbers = [f"{stem}{sep}{year}" for year in years]
        rows: list[list[str]] = []
        last = len(years) - 1
        for i in range(len(years)):
            withdrawn = replaces = replaced_by = ""
            if i < last:
                # A successor exists. A flat file says 被代替 or, as openstd does, 废止.
                status = "被代替" if rng.random() < 0.7 else "废止"
                replaced_by = numbers[i + 1]
                if acted[i + 1] <= today:
                    withdrawn = self._date(acted[i + 1])
                else:  # the successor is not in force yet: this one still is
                    status = "现行"
            elif acted[i] > today:
                status = "即将实施"
            elif rng.random() < 0.08:
                status = "废止"
                withdrawn = self._date(min(today, acted[i] + rng.randint(365, 3650)))
            else:
                status = "现行"
            if i > 0 and rng.random() < 0.85:  # some files leave out the backward link
                replaces = numbers[i - 1]
            rows.append(
                [
                    numbers[i],
                    title_zh,
                    title_en if english else "",
                    status,
                    ccs,
                    ics,
                    self._date(issued[i]),
                    self._date(acted[i]),
                    withdrawn,
                    replaces,
                    replaced_by,
                ]
            )
            self.stats.by_status[status] = self.stats.by_status.get(status, 0) + 1
        self.stats.by_level[level] = self.stats.by_level.get(level, 0) + len(rows)
        self.stats.works += 1
        self.stats.editions += len(rows)
        return rows

    def dirty_row(self, index: int) -> list[str]:
        """A row the importer must reject, with a number that no good row uses or names."""
        kind = index % 5
        number = f"GB/T 99{index:05d}-2020"
        row = [number, "无效记录", "", "现行", "A00", "01.040.01", "2020-03-01", "2020-09-01", "", "", ""]
        if kind == 0:
            row[6] = "2020-02-30"  # impossible date
        elif kind == 1:
            row[3] = "状态不明"  # unknown status word
        elif kind == 2:
            row[0] = f"GB/T 99{index:05d}"  # no year: not an edition
        elif kind == 3:
            row[0] = ""  # a title without a number
        else:
            row[6], row[7] = "2020-09-01", "2020-03-01"  # implemented before issued
        self.stats.dirty += 1
        return row


EDITIONS_PER_WORK_COUNTS = [n for n, _ in EDITIONS_PER_WORK]
EDITIONS_PER_WORK_CUM = list(itertools.accumulate(w for _, w in EDITIONS_PER_WORK))


# --- query and number sets ---------------------------------------------------------------------------


def _vocabulary_text() -> str:
    """Every Chinese word a title can contain, to keep single-character queries to ones that match."""
    texts = [zh for d in DOMAINS for zh, _ in (*d.products, *d.series, *d.part_subjects, *d.substances)]
    return "\n".join(texts)


def _aspects(domain: Domain) -> list[tuple[str, ...]]:
    """Groups of words that occur together in this domain's titles beside a product name: the
    words of one pattern (``安全 要求`` of …安全要求), so that a product with a group finds titles."""
    groups = list(ASPECT_GROUPS)
    if domain.energy:
        groups += [("能效", "等级"), ("能效限定值",), ("能效等级",)]
    if domain.substances:
        groups += [(zh, "测定") for zh, _ in domain.substances if len(zh) <= 6]
        groups += [("有害物质", "限量")]
    return groups


def _split_word(word: str) -> list[str]:
    """``能效等级`` → ``能效 等级``: a four-character word typed as two, ``LED筒灯`` → ``LED 筒灯``."""
    if word.startswith("LED") and len(word) > 3:
        return ["LED", word[3:]]
    if len(word) == 4 and all("\u4e00" <= ch <= "\u9fff" for ch in word):
        return [word[:2], word[2:]]
    return [word]


def make_queries(rng: random.Random, count: int) -> list[str]:
    """Queries of 1–4 Chinese words, as people type them into a catalogue search.

    A quarter are one character (灯, 锁), a third one word (电器, 家用电器, 办公椅), the rest a product
    with one or two words its titles carry (``家用电器 安全``, ``纺织品 甲醛 测定``,
    ``LED 筒灯 能效 等级``); a few pair words that never meet in a title and find nothing, as some
    real queries do.
    """
    singles: list[str] = []
    words: list[str] = []
    for domain in DOMAINS:
        for word in domain.query_words:
            (singles if len(word) == 1 else words).append(word)
        words.extend(zh for zh, _ in domain.products if " " not in zh and len(zh) <= 6)
    text = _vocabulary_text()
    singles = sorted({*singles, *(ch for ch in SINGLE_CHARACTERS if ch in text)})
    words = sorted(set(words))
    domain_cum = list(itertools.accumulate(d.weight for d in DOMAINS))
    queries: list[str] = []
    seen: set[str] = set()
    attempts = 0
    while len(queries) < count and attempts < count * 100:
        attempts += 1
        roll = rng.random()
        if roll < 0.25:
            query = rng.choice(singles)
        elif roll < 0.55:
            query = rng.choice(words)
        else:
            domain = rng.choices(DOMAINS, cum_weights=domain_cum)[0]
            products = [zh for zh, _ in domain.products if " " not in zh]
            parts = [rng.choice(products)]
            if roll < 0.97:
                group = rng.choice(_aspects(domain))
                parts += group[: rng.choice((1, 2, 2))] if len(group) > 1 else group
            else:  # words that never meet in one title
                parts += [rng.choice(words), rng.choice(ASPECT_GROUPS)[0]]
            if rng.random() < 0.3:
                parts = [piece for part in parts for piece in _split_word(part)]
            query = " ".join(dict.fromkeys(parts[:4]))
        if query not in seen:
            seen.add(query)
            queries.append(query)
    return queries


# --- main --------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--editions", type=int, default=20000, help="good editions to write")
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "bench" / "catalogue.csv")
    parser.add_argument("--queries", type=Path, help="write the search query set here")
    parser.add_argument("--numbers", type=Path, help="write the exact-lookup number set here")
    parser.add_argument("--query-count", type=int, default=300)
    parser.add_argument("--number-count", type=int, default=300)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=DEFAULT_TODAY)
    parser.add_argument(
        "--dirty", type=float, default=0.001, help="share of extra rows that must be rejected"
    )
    args = parser.parse_args(argv)

    start = time.perf_counter()
    generator = Generator(seed=args.seed, today=args.today, reference=load_reference())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    dirty_every = int(1 / args.dirty) if args.dirty > 0 else 0
    sample_every = max(1, args.editions // args.number_count)
    sampled: list[str] = []
    written = 0
    with args.out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        batch: list[list[str]] = []
        for rows in generator.works(args.editions):
            for row in rows:
                written += 1
                if written % sample_every == 0 and len(sampled) < args.number_count:
                    sampled.append(row[0])
                if dirty_every and written % dirty_every == 0:
                    batch.append(generator.dirty_row(written // dirty_every))
            batch.extend(rows)
            if len(batch) >= 10000:
                writer.writerows(batch)
                batch = []
        writer.writerows(batch)
    elapsed = time.perf_counter() - start
    stats = generator.stats
    stats.rows = stats.editions + stats.dirty
    print(f"bench/catalogue_generate.py: {args.out}")
    print(
        f"  {stats.editions} editions in {stats.works} works + {stats.dirty} bad rows"
        f" ({args.out.stat().st_size / 1e6:.1f} MB) in {elapsed:.1f} s"
    )
    print(
        "  levels:  " + ", ".join(f"{k} {v / stats.editions:.1%}" for k, v in sorted(stats.by_level.items()))
    )
    print(
        "  status:  " + ", ".join(f"{k} {v / stats.editions:.1%}" for k, v in sorted(stats.by_status.items()))
    )
    if args.queries:
        queries = make_queries(random.Random(args.seed + 1), args.query_count)  # noqa: S311
        args.queries.parent.mkdir(parents=True, exist_ok=True)
        args.queries.write_text("\n".join(queries) + "\n", encoding="utf-8")
        print(f"  {len(queries)} queries → {args.queries}")
    if args.numbers:
        args.numbers.parent.mkdir(parents=True, exist_ok=True)
        args.numbers.write_text("\n".join(sampled) + "\n", encoding="utf-8")
        print(f"  {len(sampled)} numbers → {args.numbers}")
    command = " ".join(
        ["python", "bench/catalogue_generate.py", *(argv if argv is not None else sys.argv[1:])]
    )
    print(f"command: {command}")


if __name__ == "__main__":
    main()
