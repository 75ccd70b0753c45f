"""Legal lists of the Regulation (政府信息公开条例, 2019) used by the catalogue — pure data, no Django.

- NON_DISCLOSURE_GROUNDS: the items of Art 14, 15 and 16 a record that is not 主动公开 must cite
  (regulations.md §1.2). Codes match the annual-report row keys (`withheld.*`) used by the applications app.
- ON_REQUEST_GROUND: a 依申请公开 record may instead cite that it is outside the proactive scope of Art 19–21
  (Art 13: everything else is disclosed on application).
- STATUTORY_CATEGORIES: the 15 categories of Art 20 and the additional district-level items of Art 21
  (法定主动公开内容, regulations.md §1.3), the structure of that section of the 政府信息公开 column
  (国办公开办函〔2019〕61号, §6.3).
"""

from __future__ import annotations

# code -> (article label, short Chinese description)
NON_DISCLOSURE_GROUNDS: dict[str, tuple[str, str]] = {
    # Art 14: must not be disclosed.
    "state_secret": ("第十四条", "依法确定为国家秘密的政府信息"),
    "law_prohibited": ("第十四条", "法律、行政法规禁止公开的政府信息"),
    "three_safety": ("第十四条", "公开后可能危及国家安全、公共安全、经济安全、社会稳定的政府信息"),
    # Art 15: third-party rights (商业秘密、个人隐私).
    "third_party": ("第十五条", "涉及商业秘密、个人隐私等公开会对第三方合法权益造成损害的政府信息"),
    # Art 16 para 1: internal affairs (人事管理、后勤管理、内部工作流程).
    "internal_affairs": ("第十六条第一款", "人事管理、后勤管理、内部工作流程等内部事务信息"),
    # Art 16 para 2: process information and enforcement files.
    "process_info": ("第十六条第二款", "讨论记录、过程稿、磋商信函、请示报告等过程性信息"),
    "enforcement_file": ("第十六条第二款", "行政执法案卷信息"),
}
ON_REQUEST_GROUND = (
    "outside_proactive_scope",
    ("第十三条、第十九条至第二十一条", "不属于应当主动公开的范围，依申请公开"),
)

# Grounds that make a record 不予公开 (Art 14/15/16); 依申请公开 may use these or ON_REQUEST_GROUND.
WITHHOLD_CODES = frozenset(NON_DISCLOSURE_GROUNDS)


def ground_choices() -> list[tuple[str, str]]:
    choices = [(code, f"{art}：{text}") for code, (art, text) in NON_DISCLOSURE_GROUNDS.items()]
    code, (art, text) = ON_REQUEST_GROUND
    choices.append((code, f"{art}：{text}"))
    return choices


def ground_label(code: str) -> str:
    if code == ON_REQUEST_GROUND[0]:
        art, text = ON_REQUEST_GROUND[1]
    elif code in NON_DISCLOSURE_GROUNDS:
        art, text = NON_DISCLOSURE_GROUNDS[code]
    else:
        return ""
    return f"《政府信息公开条例》{art}：{text}"


# Art 20 (every organ) and Art 21 (设区的市级、县级人民政府及其部门). code -> label
STATUTORY_CATEGORIES: dict[str, str] = {
    "art20_01": "行政法规、规章和规范性文件",
    "art20_02": "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名",
    "art20_03": "国民经济和社会发展规划、专项规划、区域规划及相关政策",
    "art20_04": "国民经济和社会发展统计信息",
    "art20_05": "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果",
    "art20_06": "实施行政处罚、行政强制的依据、条件、程序以及有一定社会影响的行政处罚决定",
    "art20_07": "财政预算、决算信息",
    "art20_08": "行政事业性收费项目及其依据、标准",
    "art20_09": "政府集中采购项目的目录、标准及实施情况",
    "art20_10": "重大建设项目的批准和实施情况",
    "art20_11": "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况",
    "art20_12": "突发公共事件的应急预案、预警信息及应对情况",
    "art20_13": "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况",
    "art20_14": "公务员招考的职位、名额、报考条件等事项以及录用结果",
    "art20_15": "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息",
    "art21_municipal": "市政建设",
    "art21_public_service": "公共服务",
    "art21_public_welfare": "公益事业",
    "art21_land_expropriation": "土地征收",
    "art21_housing_expropriation": "房屋征收",
    "art21_public_order": "治安管理",
    "art21_social_assistance": "社会救助",
}


def category_article(code: str) -> str:
    """第二十条第（N）项 / 第二十一条 for a category code."""
    if code.startswith("art20_"):
        return f"第二十条第（{_CN_NUMBERS[int(code[6:])]}）项"
    if code.startswith("art21_"):
        return "第二十一条"
    return ""


_CN_NUMBERS = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"] + [
    f"十{d}" for d in "一二三四五"
]


def category_choices() -> list[tuple[str, str]]:
    return [(code, f"{category_article(code)} {label}") for code, label in STATUTORY_CATEGORIES.items()]
