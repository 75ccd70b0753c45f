"""Reading a 基层政务公开标准目录 table (pure: no Django import).

The table has the columns of the national standard catalogues (国办发〔2019〕54号 and the 26 pilot domains'
标准指引): 序号, 一级事项, 二级事项, 公开内容（要素）, 公开依据, 公开时限, 公开主体, 公开渠道和载体, 公开对象,
公开方式, 公开层级. The header row is found among the first rows; every bad row gets one Chinese message naming its
row number, and the caller writes nothing unless there is no message at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

HEADERS: tuple[tuple[str, str], ...] = (
    ("seq", "序号"),
    ("level1", "一级事项"),
    ("level2", "二级事项"),
    ("content", "公开内容（要素）"),
    ("basis", "公开依据"),
    ("time_limit", "公开时限"),
    ("subject", "公开主体"),
    ("channels", "公开渠道和载体"),
    ("audience", "公开对象"),
    ("mode", "公开方式"),
    ("levels", "公开层级"),
)
REQUIRED = (
    "level1",
    "level2",
    "content",
    "basis",
    "time_limit",
    "subject",
    "channels",
    "audience",
    "mode",
    "levels",
)
LEVELS: dict[str, str] = {"县级": "county", "乡级": "township", "村级": "village"}
LEVEL_ALIASES: dict[str, str] = {
    "区级": "县级",
    "县": "县级",
    "乡": "乡级",
    "街道": "乡级",
    "镇级": "乡级",
    "乡镇": "乡级",
    "村": "村级",
    "社区": "村级",
}
AUDIENCES = ("全社会", "特定群众")
MODES = ("主动", "依申请")
MAX_LENGTHS: dict[str, int] = {
    "level1": 100,
    "level2": 200,
    "subject": 200,
    "time_limit": 300,
    "audience": 50,
    "mode": 50,
}
HEADER_SCAN_ROWS = 6
_WORKING_DAYS = re.compile(r"(\d+)\s*个?工作日")
_SPLIT = re.compile(r"[、,，;；/\s]+")


@dataclass(frozen=True)
class ParsedItem:
    row: int
    seq: int
    level1: str
    level2: str
    content: str
    basis: str
    time_limit: str
    time_limit_days: int | None
    subject: str
    channels: str
    audience: str
    mode: str
    levels: tuple[str, ...]


@dataclass
class ParseResult:
    items: list[ParsedItem] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text).replace("(", "（").replace(")", "）")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _header_map(row: Sequence[str]) -> dict[str, int] | None:
    wanted = {_norm(label): key for key, label in HEADERS}
    wanted[_norm("公开内容")] = "content"
    found: dict[str, int] = {}
    for index, value in enumerate(row):
        key = wanted.get(_norm(value))
        if key and key not in found:
            found[key] = index
    return found if "level1" in found and "level2" in found else None


def time_limit_days(text: str) -> int | None:
    """“信息形成或者变更之日起20个工作日内” → 20; None when the limit is not a number of working days."""
    match = _WORKING_DAYS.search(text)
    return int(match.group(1)) if match else None


def parse_levels(text: str) -> tuple[list[str], list[str]]:
    """“县级、乡级” → (["county", "township"], []); unknown words are returned as the second list."""
    codes: list[str] = []
    unknown: list[str] = []
    for word in (w for w in _SPLIT.split(text.replace("√", " ")) if w):
        label = LEVEL_ALIASES.get(word, word)
        code = LEVELS.get(label)
        if code is None:
            unknown.append(word)
        elif code not in codes:
            codes.append(code)
    return codes, unknown


def parse_rows(rows: Iterable[Sequence[object]]) -> ParseResult:
    result = ParseResult()
    columns: dict[str, int] | None = None
    seen: dict[tuple[str, str], int] = {}
    labels = dict(HEADERS)
    for number, raw in enumerate(rows, start=1):
        row = [_cell(v) for v in raw]
        if columns is None:
            columns = _header_map(row)
            if columns is None and number >= HEADER_SCAN_ROWS:
                result.errors.append(
                    f"前 {HEADER_SCAN_ROWS} 行中没有找到表头（应含“一级事项”“二级事项”等列），请使用导入模板。"
                )
                return result
            if columns is not None:
                missing = [labels[k] for k in REQUIRED if k not in columns]
                if missing:
                    result.errors.append(f"第 {number} 行表头缺少列：{'、'.join(missing)}。")
                    return result
            continue
        values = {key: (row[i] if i < len(row) else "") for key, i in columns.items()}
        if not any(values.values()):
            continue
        problems = [f"“{labels[k]}”为空" for k in REQUIRED if not values.get(k)]
        for key, limit in MAX_LENGTHS.items():
            if len(values.get(key, "")) > limit:
                problems.append(f"“{labels[key]}”超过 {limit} 个字")
        levels, unknown = parse_levels(values.get("levels", ""))
        if values.get("levels") and unknown:
            problems.append(f"“公开层级”只能填县级、乡级、村级，不认识：{'、'.join(unknown)}")
        audience = values.get("audience", "")
        if audience and not any(a in audience for a in AUDIENCES):
            problems.append("“公开对象”应为全社会或特定群众")
        mode = values.get("mode", "")
        if mode and not any(m in mode for m in MODES):
            problems.append("“公开方式”应为主动或依申请")
        seq_text = values.get("seq", "")
        seq = len(result.items) + 1
        if seq_text:
            if not seq_text.isdigit():
                problems.append(f"“序号”应为数字，现为“{seq_text}”")
            else:
                seq = int(seq_text)
        pair = (values.get("level1", ""), values.get("level2", ""))
        if all(pair) and pair in seen:
            problems.append(f"与第 {seen[pair]} 行的事项重复（{pair[0]} / {pair[1]}）")
        if problems:
            result.errors.append(f"第 {number} 行：{'；'.join(problems)}。")
            continue
        seen[pair] = number
        result.items.append(
            ParsedItem(
                row=number,
                seq=seq,
                level1=pair[0],
                level2=pair[1],
                content=values["content"],
                basis=values["basis"],
                time_limit=values["time_limit"],
                time_limit_days=time_limit_days(values["time_limit"]),
                subject=values["subject"],
                channels=values["channels"],
                audience=audience,
                mode=mode,
                levels=tuple(levels),
            )
        )
    if columns is None:
        result.errors.append("文件中没有找到表头（应含“一级事项”“二级事项”等列），请使用导入模板。")
    elif not result.items and not result.errors:
        result.errors.append("表格中没有事项。")
    return result
