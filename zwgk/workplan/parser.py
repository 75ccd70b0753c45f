"""Parse a yearly 政务公开工作要点 document (.txt / .docx) into numbered items and their responsible units.

Pure module: no Django import. Written for the common layout of district and city plans:

    东丽区2022年政务公开工作要点                  ← plan title (anything before it, e.g. the 印发通知, is skipped)
    一、以公开助力经济平稳健康发展                 ← section
    （一）着力做好……信息公开。按照……。（区发改委、各街道园区等部门负责落实）
    （二）……                                       ← items, numbered across sections or restarting per section

The trailing parenthesis of an item names the responsible units. Lead units (牵头), co-operating units
(协助 / 配合 / 参与) and the rest (负责落实) are told apart wherever the role word stands: "甲牵头，乙负责落实",
"牵头单位：甲；责任单位：乙", "乙负责落实，甲牵头", "甲（牵头）、乙". A trailing "责任单位：……" line without
parentheses is accepted too. Names are returned as written; `zwgk.workplan.matching` maps them to agencies.
"""

from __future__ import annotations

import calendar
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

LEAD = "lead"
RESPONSIBLE = "responsible"
COOPERATE = "cooperate"
ROLE_RANK = {LEAD: 0, RESPONSIBLE: 1, COOPERATE: 2}
ROLE_LABELS = {LEAD: "牵头", RESPONSIBLE: "负责落实", COOPERATE: "协助配合"}

CN_DIGITS = "零〇一二两三四五六七八九十百"
_OPEN = "（("
_CLOSE = "）)"

SECTION_RE = re.compile(rf"^(?P<num>[{CN_DIGITS}]{{1,4}})\s*[、．.]\s*(?P<title>\S.*)$")
ITEM_CN_RE = re.compile(rf"^[（(]\s*(?P<num>[{CN_DIGITS}]{{1,4}})\s*[）)]\s*(?P<rest>.*)$")
ITEM_ARABIC_RE = re.compile(r"^(?P<num>\d{1,3})\s*[.．、]\s*(?P<rest>\S.*)$")
PLAN_TITLE_RE = re.compile(
    r"^[《]?(?P<title>[^。，；]{0,40}?(?P<year>(?:19|20)\d{2})\s*年[^。，；]{0,30}工作要点)[》]?$"
)
# Lines after the last item that belong to the document's tail, not to the item.
TRAILER_RE = re.compile(
    r"^(?:附件\s*\d*\s*[:：]?|抄送\s*[:：]|（此件|\(此件|[^\s。，]{2,30}\s*\d{4}年\d{1,2}月\d{1,2}日印发)"
)
SIGNATURE_RE = re.compile(
    r"^(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[^\s。，；、（）()]{2,30}(?:办公室|人民政府|委员会|政务公开领导小组))$"
)
# Word processors leave markers such as "[bookmark: _GoBack]" in exported text.
ARTIFACT_RE = re.compile(r"\[bookmark:[^\]]*\]|\ufeff|\u200b")
UNITS_LINE_RE = re.compile(r"^(?:牵头单位|责任单位|主责单位|落实单位|承办单位|牵头部门|责任部门)\s*[:：]")

_LABEL_RE = re.compile(
    r"^(?:由)?(?P<label>牵头单位|牵头部门|责任单位|责任部门|主责单位|落实单位|承办单位|配合单位|配合部门|"
    r"协助单位|协办单位|参与单位|协同单位|牵头|配合|协助|参与|责任)\s*[:：]\s*"
)
_LABEL_ROLES = {
    "牵头单位": LEAD,
    "牵头部门": LEAD,
    "牵头": LEAD,
    "配合单位": COOPERATE,
    "配合部门": COOPERATE,
    "协助单位": COOPERATE,
    "协办单位": COOPERATE,
    "参与单位": COOPERATE,
    "协同单位": COOPERATE,
    "配合": COOPERATE,
    "协助": COOPERATE,
    "参与": COOPERATE,
}
# Role phrases at the end of a segment ("……等部门负责落实", "……牵头", "……协助落实").
_ROLE_SUFFIX_RE = re.compile(
    r"(?:牵头负责落实|牵头负责|牵头落实|负责牵头|牵头|共同负责落实|分别负责落实|负责落实|具体负责|共同负责|分别负责|负责|"
    r"协助落实|配合落实|协同落实|参与落实|协助|配合|协同|参与|落实|抓好落实|按职责分工落实)$"
)
# Clause segments that are not units: a time limit ("责任时限：2022年底前") or a note ("以下统称各县（区）政府").
_DEADLINE_SEGMENT_RE = re.compile(
    r"^(?:责任时限|完成时限|完成时间|时间节点|时限要求|时限|时间)\s*[:：]\s*(?P<when>.+)$"
)
_NOTE_SEGMENT_RE = re.compile(r"^(?:以下(?:统称|简称)|下同|注[:：])")
# A bare time phrase written in place of a date ("长期坚持", "2022年底前").
_BARE_DEADLINE_RE = re.compile(
    r"^(?:长期坚持|长期推进|持续推进|持续开展|长期|(?:\d{4}年)?(?:\d{1,2}月(?:\d{1,2}日)?|年底|年内|上半年|下半年)(?:底)?前?(?:完成)?)$"
)
_OPEN_ENDED_RE = re.compile(r"等(?:各|其他|其它)?(?:相关|有关)?(?:部门|单位)?$")
_LEAD_WORDS = ("牵头",)
_COOP_WORDS = ("协助", "配合", "协同", "参与", "协办")
_DUTY_WORDS = ("负责", "落实", "牵头", "协助", "配合", "协同", "参与", "责任单位", "主责单位", "承办")


class PlanParseError(ValueError):
    """The document cannot be read or holds no numbered items."""


@dataclass(frozen=True)
class UnitRef:
    """One unit name as written in an item's clause, with its role."""

    name: str
    role: str  # LEAD | RESPONSIBLE | COOPERATE


@dataclass
class ParsedItem:
    seq: int  # 1, 2, … across the whole plan
    number: str  # "（一）" as numbered in the document (normalised to full-width parentheses)
    section: str  # "一、以公开助力经济平稳健康发展"
    title: str  # the heading sentence, without its number
    text: str  # the body after the heading, without the units clause (paragraphs joined by "\n")
    units_clause: str  # the clause as written, without its outer parentheses
    units: list[UnitRef] = field(default_factory=list)
    deadline_text: str = ""  # "2022年底前" when the clause states a time limit
    deadline: date | None = None  # that limit as a date, when it can be read

    @property
    def label(self) -> str:
        return f"{self.number}{self.title}"


@dataclass
class ParsedPlan:
    title: str
    year: int | None
    items: list[ParsedItem]
    warnings: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- reading files


def read_document(path: str | Path) -> str:
    """Text of a .txt (UTF-8 or GB18030) or .docx file, one paragraph per line."""
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.exists():
        raise PlanParseError("文件不存在")
    if suffix == ".docx":
        return read_docx(path)
    if suffix == ".doc":
        raise PlanParseError("不支持旧版 Word 文件（.doc），请在 Word 或 WPS 中另存为 .docx 后再导入")
    if suffix not in (".txt", ".text", ""):
        raise PlanParseError(f"不支持的文件格式“{suffix}”，请使用 .txt 或 .docx")
    return decode_text(path.read_bytes())


def decode_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise PlanParseError("无法识别文本编码，请保存为 UTF-8 或 GB18030 编码的 .txt 文件")


def read_docx(source: str | Path | object) -> str:
    """Paragraphs and table cells of a .docx in document order (python-docx, imported here: every command and
    the web process import this module through the models, and python-docx costs 0.2 s)."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(source)  # type: ignore[arg-type]
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise PlanParseError(f"不是有效的 .docx 文件（{exc}）") from None
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                for cell in row.cells:
                    lines.extend(p.text for p in cell.paragraphs)
    return "\n".join(lines)


# --------------------------------------------------------------------------- numbers


def chinese_number(text: str) -> int:
    """ "十九" → 19, "二十一" → 21, "一百" → 100 (the numbers plans use)."""
    digits = {
        "零": 0,
        "〇": 0,
        "一": 1,
        "二": 2,
        "两": 2,
        "三": 3,
        "四": 4,
        "五": 5,
        "六": 6,
        "七": 7,
        "八": 8,
        "九": 9,
    }
    total, current = 0, 0
    for char in text:
        if char in digits:
            current = digits[char]
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        else:
            raise ValueError(f"not a Chinese number: {text!r}")
    return total + current


def to_chinese_number(number: int) -> str:
    digits = "零一二三四五六七八九"
    if number < 10:
        return digits[number]
    if number < 20:
        return "十" + (digits[number - 10] if number > 10 else "")
    if number < 100:
        tens, ones = divmod(number, 10)
        return digits[tens] + "十" + (digits[ones] if ones else "")
    return str(number)


# --------------------------------------------------------------------------- parsing


def _clean_lines(text: str) -> list[str]:
    text = ARTIFACT_RE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = []
    for raw in text.split("\n"):
        line = raw.replace("\u3000", " ").strip()
        lines.append(line)
    return lines


def _find_title(lines: list[str]) -> tuple[int, str, int | None]:
    """Index of the plan's title line (the body starts after it), the title, and its year."""
    for index, line in enumerate(lines):
        compact = line.replace(" ", "")
        match = PLAN_TITLE_RE.match(compact)
        if match and not compact.endswith("通知"):
            return index, match.group("title"), int(match.group("year"))
    return -1, "", None


def parse_plan(text: str) -> ParsedPlan:
    """Split a plan's text into sections and items; raises PlanParseError when no item is found."""
    lines = _clean_lines(text)
    title_index, title, year = _find_title(lines)
    body = lines[title_index + 1 :]
    item_re = ITEM_CN_RE if any(ITEM_CN_RE.match(line) for line in body) else ITEM_ARABIC_RE
    warnings: list[str] = []

    section = ""
    blocks: list[tuple[str, str, list[str]]] = []  # (section, number, paragraphs)
    current: list[str] | None = None
    for line in body:
        if not line:
            continue
        item_match = item_re.match(line)
        section_match = SECTION_RE.match(line) if item_match is None else None
        if section_match is not None and _looks_like_heading(section_match.group("title")):
            section = f"{section_match.group('num')}、{section_match.group('title').rstrip('。：:')}"
            current = None
            continue
        if item_match is not None:
            number = item_match.group("num")
            label = f"（{number}）" if item_re is ITEM_CN_RE else f"{number}."
            current = [item_match.group("rest").strip()]
            blocks.append((section, label, current))
            continue
        if TRAILER_RE.match(line):
            current = None
            continue
        if current is not None:
            current.append(line)
        # Text before the first item (the plan's preamble) belongs to no item.

    if not blocks:
        raise PlanParseError("未找到编号事项：工作要点应包含“一、……”部分和“（一）……”条目")

    # The signature and date after the last item ("东丽区人民政府办公室", "2022年6月30日") belong to no item.
    last = blocks[-1][2]
    while len(last) > 1 and SIGNATURE_RE.match(last[-1]):
        last.pop()

    items: list[ParsedItem] = []
    for seq, (section_name, number, paragraphs) in enumerate(blocks, start=1):
        item = _build_item(seq, section_name, number, [p for p in paragraphs if p], year)
        if not item.units_clause:
            warnings.append(f"{number}{item.title}：未找到责任单位")
        elif not item.units:
            warnings.append(f"{number}{item.title}：责任单位无法识别（{item.units_clause}）")
        items.append(item)
    _check_numbering(items, warnings)
    return ParsedPlan(title=title, year=year, items=items, warnings=warnings)


def _looks_like_heading(title: str) -> bool:
    # A section heading is short and is not itself a full paragraph of body text.
    return len(title) <= 40 and title.count("。") <= 1


def _check_numbering(items: list[ParsedItem], warnings: list[str]) -> None:
    previous = 0
    for item in items:
        raw = item.number.strip("（）.")
        try:
            value = int(raw) if raw.isdigit() else chinese_number(raw)
        except ValueError:
            continue
        if value != previous + 1 and value != 1:
            warnings.append(f"编号不连续：{item.number} 前一项为第 {previous} 项")
        previous = value


def _build_item(seq: int, section: str, number: str, paragraphs: list[str], year: int | None) -> ParsedItem:
    paragraphs, clause = _split_units_clause(paragraphs)
    first = paragraphs[0] if paragraphs else ""
    title, rest = _split_heading(first)
    body = [rest, *paragraphs[1:]] if rest else paragraphs[1:]
    text = "\n".join(p for p in body if p)
    units = parse_units_clause(clause) if clause else []
    deadline_text = clause_deadline(clause) if clause else ""
    return ParsedItem(
        seq=seq,
        number=number,
        section=section,
        title=title,
        text=text,
        units_clause=clause,
        units=units,
        deadline_text=deadline_text,
        deadline=parse_deadline(deadline_text, year) if deadline_text else None,
    )


def _split_heading(paragraph: str) -> tuple[str, str]:
    """Heading sentence and the rest of the first paragraph."""
    for mark in ("。", "：", ":"):
        position = paragraph.find(mark)
        if 0 < position <= 60:
            return paragraph[:position].strip(), paragraph[position + 1 :].strip()
    if len(paragraph) <= 60:
        return paragraph.rstrip("。；;"), ""
    position = paragraph.find("，")
    if 0 < position <= 60:
        return paragraph[:position].strip(), paragraph[position + 1 :].strip()
    return paragraph[:40], paragraph[40:]


def _split_units_clause(paragraphs: list[str]) -> tuple[list[str], str]:
    """Remove the trailing units clause from an item's paragraphs; return (paragraphs, clause)."""
    if not paragraphs:
        return paragraphs, ""
    # "责任单位：……" written as its own last line(s), without parentheses.
    for index in range(len(paragraphs) - 1, max(len(paragraphs) - 4, 0), -1):
        if UNITS_LINE_RE.match(paragraphs[index]):
            clause = "；".join(p.strip("。；; ") for p in paragraphs[index:])
            return paragraphs[:index], clause
    # The units may wrap onto several lines: look at the item as one string, then cut the same
    # number of characters off the paragraphs.
    flat = "".join(paragraphs)
    stripped = flat.rstrip("。；; ")
    if not stripped or stripped[-1] not in _CLOSE:
        return paragraphs, ""
    start = _matching_open(stripped, len(stripped) - 1)
    if start is None:
        return paragraphs, ""
    clause = stripped[start + 1 : -1].strip()
    if not _is_units_clause(clause):
        return paragraphs, ""
    keep = start
    kept: list[str] = []
    consumed = 0
    for paragraph in paragraphs:
        if consumed + len(paragraph) <= keep:
            kept.append(paragraph)
            consumed += len(paragraph)
        else:
            part = paragraph[: keep - consumed]
            if part.strip():
                kept.append(part.rstrip())
            break
    return kept, clause


def _matching_open(text: str, close_index: int) -> int | None:
    depth = 0
    for index in range(close_index, -1, -1):
        char = text[index]
        if char in _CLOSE:
            depth += 1
        elif char in _OPEN:
            depth -= 1
            if depth == 0:
                return index
    return None


def _is_units_clause(clause: str) -> bool:
    if not clause or len(clause) > 400:
        return False
    if "此件" in clause or "。" in clause:
        return False
    return any(word in clause for word in _DUTY_WORDS)


def split_top_level(text: str, separators: str) -> list[str]:
    """Split on separators that are not inside parentheses."""
    parts: list[str] = []
    depth = 0
    start = 0
    for index, char in enumerate(text):
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth = max(0, depth - 1)
        elif char in separators and depth == 0:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def _outside_parentheses(text: str) -> str:
    out = []
    depth = 0
    for char in text:
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(char)
    return "".join(out)


def _segment_role(segment: str, label_role: str | None) -> str:
    if label_role is not None:
        return label_role
    visible = _outside_parentheses(segment)
    if any(word in visible for word in _LEAD_WORDS):
        return LEAD
    if any(word in visible for word in _COOP_WORDS):
        return COOPERATE
    return RESPONSIBLE


def _strip_role_words(segment: str) -> str:
    previous = None
    while previous != segment:
        previous = segment
        segment = _ROLE_SUFFIX_RE.sub("", segment).strip()
        segment = _OPEN_ENDED_RE.sub("", segment).strip()
        segment = segment.removesuffix("等")
    return segment


def clause_deadline(clause: str) -> str:
    """The time limit a clause states ("责任时限：2022年底前" → "2022年底前"), or ""."""
    for segment in split_top_level(clause, "，,；;。"):
        match = _DEADLINE_SEGMENT_RE.match(segment)
        if match is not None:
            return match.group("when").strip()
        if _BARE_DEADLINE_RE.match(segment.replace(" ", "")):
            return segment.strip()
    return ""


def parse_deadline(text: str, year: int | None) -> date | None:
    """ "2022年底前" → 2022-12-31, "6月底前" → 30 June, "2022年9月15日前" → that day; None when not a date.

    A missing year is the plan's year.
    """
    compact = text.replace(" ", "")
    match = re.search(r"(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})日", compact)
    if match:
        y = int(match.group("y") or year or 0)
        return _safe_date(y, int(match.group("m")), int(match.group("d")))
    match = re.search(r"(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?:底|末|份)", compact)
    if match:
        y = int(match.group("y") or year or 0)
        month = int(match.group("m"))
        return _safe_date(y, month, calendar.monthrange(y, month)[1]) if y and 1 <= month <= 12 else None
    match = re.search(r"(?:(?P<y>\d{4})年)?(?P<when>年底|年末|年内|全年|上半年|下半年)", compact)
    if match:
        y = int(match.group("y") or year or 0)
        if not y:
            return None
        return date(y, 6, 30) if match.group("when") == "上半年" else date(y, 12, 31)
    match = re.search(r"(?:(?P<y>\d{4})年)?第?(?P<q>[一二三四1-4])季度", compact)
    if match:
        y = int(match.group("y") or year or 0)
        quarter = "一二三四".find(match.group("q")) + 1 or int(match.group("q"))
        return _safe_date(y, quarter * 3, calendar.monthrange(y, quarter * 3)[1]) if y else None
    return None


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d) if y else None
    except ValueError:
        return None


def parse_units_clause(clause: str) -> list[UnitRef]:
    """Unit names and roles of one clause, in the order written (duplicates keep their first role)."""
    refs: list[UnitRef] = []
    for segment in split_top_level(clause, "，,；;。"):
        if (
            _DEADLINE_SEGMENT_RE.match(segment)
            or _NOTE_SEGMENT_RE.match(segment)
            or _BARE_DEADLINE_RE.match(segment.replace(" ", ""))
        ):
            continue
        label_role: str | None = None
        label = _LABEL_RE.match(segment)
        if label is not None:
            label_role = _LABEL_ROLES.get(label.group("label"), RESPONSIBLE)
            segment = segment[label.end() :]
        role = _segment_role(segment, label_role)
        names = _strip_role_words(segment.removeprefix("由").strip())
        for raw_name in split_top_level(names, "、/"):
            name, name_role = _name_and_own_role(raw_name)
            name = _strip_role_words(name.removeprefix("以及").removeprefix("及").removeprefix("和").strip())
            if name:
                refs.append(UnitRef(name=normalise_parentheses(name), role=name_role or role))
    return _dedupe(refs)


def _name_and_own_role(raw: str) -> tuple[str, str | None]:
    """'区人社局（牵头）' → ('区人社局', LEAD)."""
    match = re.match(r"^(?P<name>.+?)[（(](?P<inner>[^（）()]*)[）)]$", raw.strip())
    if match is None:
        return raw.strip(), None
    inner = match.group("inner").strip()
    if inner in ("牵头", "牵头单位", "牵头部门"):
        return match.group("name"), LEAD
    if inner in ("配合", "协助", "参与", "配合单位", "协助单位"):
        return match.group("name"), COOPERATE
    if inner in ("负责", "责任单位", "负责落实"):
        return match.group("name"), RESPONSIBLE
    return raw.strip(), None


def normalise_parentheses(text: str) -> str:
    return text.replace("(", "（").replace(")", "）").replace(" ", "")


def _dedupe(refs: Iterable[UnitRef]) -> list[UnitRef]:
    best: dict[str, UnitRef] = {}
    order: list[str] = []
    for ref in refs:
        if ref.name not in best:
            best[ref.name] = ref
            order.append(ref.name)
        elif ROLE_RANK[ref.role] < ROLE_RANK[best[ref.name].role]:
            best[ref.name] = ref
    return [best[name] for name in order]
