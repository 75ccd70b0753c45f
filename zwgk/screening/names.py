"""Personal-name shapes: a surname list plus conservative boundary rules (precision over recall).

A name is only ever reported where a context rule (a label such as 申请人/患者, a 姓名 column, a
“男，35岁” description, a reply salutation) says a person is meant; this module only answers whether the
characters at a position look like a complete name.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

SURNAME_FILE = Path(__file__).parent / "data" / "surnames.txt"

# Characters that mark an already masked name (张某、李某某、王*、赵××).
MASK_CHARS = frozenset("某*×xX＊Ｘ○〇□")
# Characters that do not occur in given names but are common right after a surname-like character.
STOP_CHARS = frozenset(
    "的了在是和与及等于对向从被将把到也都就还又并而但或所有无不没已未要会能可应须需请提本我你他她其该此这那"
    "每各些市区县省镇乡村街路号楼室局委办厅部院处科股站政府机关单位公司依按照根据通过经如人年月日时分元亿第"
    "条款项个名位次件份户批类级届期门问题情况工作管理服务规通知意见案计划报告决公示"
)
# Characters (or two-character words) that may follow a complete name.
FOLLOW_CHARS = frozenset("于在向对的因称为是与和及等从自将把被今现家住户男女（(，,。、；;：: \t\n　")
FOLLOW_WORDS = ("先生", "女士", "同志", "老师", "反映", "提出", "申请", "同学")


# Two-character words that start with a surname character and often follow a label (申请人查阅 …).
NOT_NAMES = frozenset(
    [
        "查阅",
        "范围",
        "和联",
        "和地",
        "关于",
        "应当",
        "名单",
        "信息",
        "情况",
        "数量",
        "标准",
        "条件",
        "资格",
        "家庭",
        "住址",
        "年龄",
        "性别",
        "民族",
        "职业",
        "单位",
        "地址",
        "电话",
        "邮箱",
        "签字",
        "签名",
        "盖章",
        "基本",
        "明确",
        "姓名",
        "身份",
        "本人",
        "全体",
        "全部",
        "代表",
        "文件",
        "材料",
        "申请",
        "要求",
        "如实",
        "包括",
        "相关",
        "有关",
        "万元",
        "元整",
        "合计",
        "总计",
        "金额",
        "项目",
        "安全",
        "平安",
        "和谐",
        "成立",
        "通过",
        "严格",
        "高度",
        "高效",
    ]
)


def _is_cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


@cache
def surnames() -> tuple[frozenset[str], frozenset[str]]:
    """(single-character surnames, compound surnames)."""
    single: set[str] = set()
    compound: set[str] = set()
    for line in SURNAME_FILE.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        for word in line.split():
            (single if len(word) == 1 else compound).add(word)
    return frozenset(single), frozenset(compound)


def name_end_at(text: str, pos: int) -> int | None:
    """End offset of a complete personal name starting at `pos`, or None.

    The shortest plausible name wins when the character after it is a boundary (punctuation, 于/在/等 …);
    a name followed by more ordinary text is not reported, since it cannot be told apart from a word.
    """
    single, compound = surnames()
    for surname_len in (2, 1):
        surname = text[pos : pos + surname_len]
        if len(surname) != surname_len or surname not in (compound if surname_len == 2 else single):
            continue
        if text.startswith(FOLLOW_WORDS, pos + surname_len):
            return None  # 张先生、李女士: a courtesy form, not a full name
        for given_len in (1, 2):
            end = pos + surname_len + given_len
            given = text[pos + surname_len : end]
            if len(given) < given_len:
                break
            if given[0] in MASK_CHARS:
                return None
            if not all(_is_cjk(c) and c not in STOP_CHARS and c not in MASK_CHARS for c in given):
                break
            if text[pos : pos + 2] in NOT_NAMES:
                return None
            following = text[end : end + 1]
            if (
                not following
                or not _is_cjk(following)
                or following in FOLLOW_CHARS
                or text.startswith(FOLLOW_WORDS, end)
            ):
                return end
    return None


def is_name(cell: str) -> bool:
    """True when `cell` (a whole table cell, stripped) is exactly a plausible personal name."""
    return 2 <= len(cell) <= 4 and name_end_at(cell, 0) == len(cell)
