"""Reading an uploaded .xlsx/.csv into a template's typed, masked rows — pure Python, no Django.

`read_rows` returns the sheet's cells (the file's size, zip-bomb and format checks first); `check_table` finds the
header row, maps the headers onto the template's columns (and the columns the uploader declared), converts every
cell (`schema.convert`: type check and masking) and screens the columns that are *not* declared personal with the
screening package: a column that holds ID numbers, phone numbers, bank cards or a list of names is refused until
the uploader declares it (as a personal column, masked, or as 不公开, left out). Nothing is written here.
"""

from __future__ import annotations

import bisect
import csv
import io
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from zwgk.datasets.schema import (
    DECLARABLE,
    OMIT,
    PERSONAL_TYPES,
    TYPE_LABELS,
    CellProblem,
    Column,
    ColumnType,
    convert,
    is_blank,
    normalise_header,
)
from zwgk.datasets.templates import Template
from zwgk.extract import ExtractError, Limits, decode_text, extract
from zwgk.screening.findings import CATEGORY_LABELS, Category
from zwgk.screening.names import is_name
from zwgk.screening.scanner import Screener
from zwgk.screening.tables import column_kind

# Identifiers that are never published in a column nobody declared (the screening package's detectors).
IDENTIFIER_SCAN = (
    Category.ID_CARD,
    Category.ID_LIKE,
    Category.MOBILE,
    Category.BANK_CARD,
    Category.EMAIL,
    Category.PASSPORT,
)
# What the screening package's column kinds suggest declaring.
KIND_TO_TYPE = {
    Category.PERSON_NAME: ColumnType.PERSON_NAME,
    Category.ID_CARD: ColumnType.ID_NUMBER,
    Category.ID_LIKE: ColumnType.ID_NUMBER,
    Category.MOBILE: ColumnType.PHONE,
    Category.LANDLINE: ColumnType.PHONE,
    "address": ColumnType.ADDRESS,
    Category.BANK_CARD: OMIT,
    Category.EMAIL: OMIT,
    Category.PASSPORT: OMIT,
}
# Findings that refuse a cell outright (the same as block the 保密审查 of a document).
BLOCKING_SCAN = frozenset({Category.CLASSIFIED_MARK, Category.SENSITIVE_TERM})
SCREENED_TYPES = frozenset({ColumnType.TEXT, ColumnType.CATEGORY, ColumnType.INTEGER})
NAME_SHARE = 0.6  # a column is a list of names when this share of its distinct values look like names
MAX_LISTED_PROBLEMS = 200
MAX_ROWS_DEFAULT = 200_000
MEMO_SIZE = 20_000


class TableError(Exception):
    """The file cannot be read as a table at all (not a row or column problem)."""

    def __init__(self, zh: str, en: str) -> None:
        self.zh = zh
        self.en = en
        super().__init__(f"{zh} / {en}")


@dataclass(frozen=True)
class Problem:
    """A bad cell (row and column), a refused column (row None) or a file-level problem (both None)."""

    zh: str
    en: str
    line: int | None = None  # the row's line in the file (1-based, as a spreadsheet shows it)
    column: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"line": self.line, "column": self.column, "message": self.zh, "message_en": self.en}


@dataclass(frozen=True)
class Suspect:
    """A column that looks personal but is not declared: what the uploader should declare it as."""

    header: str
    suggested: str  # a ColumnType value or OMIT
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {"column": self.header, "suggested": self.suggested, "reason": self.reason}


@dataclass
class CheckedTable:
    columns: list[Column]  # the published columns, in file order
    rows: list[tuple[int, dict[str, Any]]]  # (file line, public payload) of every good row
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0  # all problems, including those beyond MAX_LISTED_PROBLEMS
    suspects: list[Suspect] = field(default_factory=list)
    omitted: list[str] = field(default_factory=list)  # declared 不公开: read, checked for nothing, dropped
    header_line: int = 0
    data_rows: int = 0
    bad_lines: set[int] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return self.problem_count == 0 and not self.suspects

    def add(self, problem: Problem) -> None:
        self.problem_count += 1
        if problem.line is not None:
            self.bad_lines.add(problem.line)
        if len(self.problems) < MAX_LISTED_PROBLEMS:
            self.problems.append(problem)

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "header_line": self.header_line,
            "rows": self.data_rows,
            "good_rows": len(self.rows),
            "columns": [c.to_json() for c in self.columns],
            "omitted": self.omitted,
            "problem_count": self.problem_count,
            "problems": [p.to_json() for p in self.problems],
            "undeclared_personal_columns": [s.to_json() for s in self.suspects],
        }


def read_rows(data: bytes, filename: str, limits: Limits | None = None) -> list[list[Any]]:
    """The first sheet's rows (.xlsx) or the CSV's rows, after the size and zip-bomb checks."""
    limits = limits or Limits()
    suffix = PurePosixPath(filename.lower()).suffix
    if len(data) > limits.max_bytes:
        raise TableError(
            f"文件超过 {limits.max_bytes // (1024 * 1024)} MB 的上限", "file exceeds the upload limit"
        )
    if suffix == ".csv":
        return _csv_rows(data)
    if suffix != ".xlsx":
        raise TableError("只能导入 Excel（.xlsx）或 CSV 文件", "only .xlsx and .csv files can be imported")
    try:
        extract(data, filename, limits)  # zip-bomb, DTD, encryption and time checks on the whole package
    except ExtractError as exc:
        raise TableError(exc.zh, exc.en) from None
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001  (openpyxl raises many types on broken packages)
        raise TableError("Excel 文件已损坏，无法读取", f"corrupt .xlsx ({exc.__class__.__name__})") from None
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _csv_rows(data: bytes) -> list[list[Any]]:
    try:
        text = decode_text(data)
    except ExtractError as exc:
        raise TableError(exc.zh, exc.en) from None
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    try:
        return [list(row) for row in csv.reader(io.StringIO(text), dialect)]
    except csv.Error as exc:
        raise TableError(f"CSV 格式有误：{exc}", f"malformed CSV: {exc}") from None


def _match(template: Template, header: str) -> Column | None:
    name = normalise_header(header)
    for column in template.columns:
        if name == normalise_header(column.label) or name in {normalise_header(a) for a in column.aliases}:
            return column
    return None


def find_header(rows: list[list[Any]], template: Template) -> int | None:
    """Index of the header row: the first of the first ten rows naming most of the template's required columns."""
    required = [c for c in template.columns if c.required]
    for index, row in enumerate(rows[:10]):
        found = {c.key for c in (_match(template, str(v)) for v in row if not is_blank(v)) if c is not None}
        if sum(1 for c in required if c.key in found) >= max(1, (len(required) + 1) // 2):
            return index
    return None


def _extra_key(used: set[str], index: int) -> str:
    key = f"extra_{index + 1}"
    while key in used:
        key += "_"
    return key


def plan_columns(
    template: Template, header: list[Any], declared: Mapping[str, str]
) -> tuple[list[tuple[int, Column]], list[str], list[Problem]]:
    """(file position, column) of each published column, the omitted headers, and header problems.

    A template column keeps its type unless it is declared more protective (a personal type, or 不公开); a column
    the template does not know is published as text unless declared. A template's personal column can never be
    declared non-personal.
    """
    problems: list[Problem] = []
    placed: list[tuple[int, Column]] = []
    omitted: list[str] = []
    used: set[str] = set()
    unknown_declared = {normalise_header(h) for h in declared} - {
        normalise_header(str(h)) for h in header if h
    }
    for name in sorted(unknown_declared):
        problems.append(
            Problem(f"声明的列“{name}”在文件中不存在", f"declared column {name} is not in the file")
        )
    declarations = {normalise_header(h): t for h, t in declared.items()}
    for position, raw in enumerate(header):
        label = "" if raw is None else str(raw).strip()
        if not label:
            continue
        wanted = declarations.get(normalise_header(label))
        if wanted is not None and wanted not in DECLARABLE:
            problems.append(
                Problem(f"列“{label}”声明的类型“{wanted}”无效", f"unknown type {wanted}", column=label)
            )
            continue
        column = _match(template, label)
        if column is not None and column.key in used:
            problems.append(Problem(f"列“{label}”重复", f"duplicate column {label}", column=label))
            continue
        if wanted == OMIT:
            if column is not None and column.required:
                problems.append(
                    Problem(
                        f"“{label}”是模板的必填列，不能声明为不公开", f"{label} is required", column=label
                    )
                )
                continue
            omitted.append(label)
            if column is not None:
                used.add(column.key)
            continue
        if column is not None:
            if wanted and wanted != column.type:
                if column.personal or wanted not in PERSONAL_TYPES:
                    problems.append(
                        Problem(
                            f"模板列“{column.label}”为“{column.type_label}”，只能声明为个人信息类型或不公开",
                            f"template column {column.label} can only be declared personal or omitted",
                            column=label,
                        )
                    )
                    continue
                column = Column(column.key, column.label, wanted, required=column.required)
            used.add(column.key)
            placed.append((position, column))
            continue
        key = _extra_key({c.key for c in template.columns} | used, position)
        used.add(key)
        placed.append((position, Column(key, label[:50], wanted or ColumnType.TEXT, required=False)))
    missing = [c for c in template.columns if c.required and c.key not in used]
    for column in missing:
        problems.append(
            Problem(
                f"缺少必填列“{column.label}”",
                f"required column {column.label} is missing",
                column=column.label,
            )
        )
    return placed, omitted, problems


def check_table(
    rows: list[list[Any]],
    template: Template,
    *,
    declared: Mapping[str, str] | None = None,
    screener: Screener | None = None,
    progress: Callable[[int, int], None] | None = None,
    max_rows: int = MAX_ROWS_DEFAULT,
) -> CheckedTable:
    """Every row converted (or its problems listed), undeclared personal columns found. Writes nothing."""
    header_index = find_header(rows, template)
    if header_index is None:
        names = "、".join(c.label for c in template.columns if c.required)
        raise TableError(
            f"在前 10 行中找不到表头：模板“{template.name}”需要以下列：{names}",
            f"no header row found for template {template.code}",
        )
    placed, omitted, header_problems = plan_columns(template, rows[header_index], declared or {})
    result = CheckedTable(
        columns=[c for _, c in placed], rows=[], omitted=omitted, header_line=header_index + 1
    )
    for problem in header_problems:
        result.add(problem)
    if header_problems:
        return result
    body = [(header_index + 2 + i, row) for i, row in enumerate(rows[header_index + 1 :])]
    body = [(line, row) for line, row in body if any(not is_blank(v) for v in row)]
    result.data_rows = len(body)
    if not body:
        result.add(Problem("文件中没有数据行", "the file has no data rows"))
        return result
    if len(body) > max_rows:
        result.add(
            Problem(f"数据行过多（{len(body)} 行，上限 {max_rows} 行）", f"too many rows ({len(body)})")
        )
        return result
    columns: dict[str, list[Any]] = {c.key: [] for _, c in placed}
    # Problems name the column as the file's header says it (金额（元）), which the uploader sees.
    headers = {position: str(rows[header_index][position]).strip() for position, _ in placed}
    # Values repeat down a column (村, 补贴项目, dates, rates): each distinct cell is converted once.
    memos: dict[int, dict[Any, Any]] = {position: {} for position, _ in placed}
    screened = [column.type in SCREENED_TYPES for _, column in placed]
    for done, (line, row) in enumerate(body, start=1):
        payload: dict[str, Any] = {}
        bad = False
        for (position, column), screen in zip(placed, screened, strict=True):
            raw = row[position] if position < len(row) else None
            memo = memos[position]
            try:
                value = memo[raw]
            except (KeyError, TypeError):
                try:
                    value = convert(column, raw)
                except CellProblem as exc:
                    bad = True
                    result.add(Problem(exc.zh, exc.en, line=line, column=headers[position]))
                    continue
                finally:
                    if screen:
                        columns[column.key].append(raw)
                if len(memo) < MEMO_SIZE and type(raw) in (str, int, float, type(None)):
                    memo[raw] = value
            else:
                if screen:
                    columns[column.key].append(raw)
            payload[column.key] = value
        if not bad:
            result.rows.append((line, payload))
        if progress is not None and (done % 5000 == 0 or done == len(body)):
            progress(done, len(body))
    lines = [line for line, _ in body]
    for position, column in placed:
        if column.type in SCREENED_TYPES:
            suspect, blocked = screen_column(column, columns[column.key], lines, screener, headers[position])
            if suspect is not None:
                result.suspects.append(suspect)
            for problem in blocked:
                result.add(problem)
    if result.problem_count:
        result.rows = [(line, payload) for line, payload in result.rows if line not in result.bad_lines]
    return result


def screen_column(
    column: Column,
    values: Iterable[Any],
    lines: list[int],
    screener: Screener | None = None,
    header: str = "",
) -> tuple[Suspect | None, list[Problem]]:
    """Whether an undeclared column holds personal data — its header (the screening package's column rules), the
    identifiers its cells contain (one scan over the whole column), or a majority of personal names — and the
    cells that hold a blocking finding of the screener (密级标志, 须处理 sensitive terms)."""
    header = header or column.label
    kind = column_kind(header)
    if kind is not None:
        suggested = KIND_TO_TYPE.get(kind, OMIT)
        return Suspect(header, suggested, f"列名表明是个人信息（{CATEGORY_LABELS.get(kind, '住址')}）"), []
    texts = ["" if v is None else str(v).replace("\n", " ") for v in values]
    joined = "\n".join(texts)
    starts: list[int] = []
    offset = 0
    for text in texts:
        starts.append(offset)
        offset += len(text) + 1
    scan = screener or _identifier_screener()
    found: dict[str, list[int]] = {}
    blocked: list[Problem] = []
    for finding in scan.scan(joined):
        index = bisect.bisect_right(starts, finding.start) - 1
        if finding.category in IDENTIFIER_SCAN:
            found.setdefault(finding.category, []).append(lines[index])
        elif finding.blocks and finding.category in BLOCKING_SCAN:
            blocked.append(
                Problem(
                    f"含有{finding.label}“{finding.text}”，须删除或改写后再导入",
                    f"contains a blocking finding ({finding.category})",
                    line=lines[index],
                    column=header,
                )
            )
    if found:
        category, at = max(found.items(), key=lambda item: len(item[1]))
        shown = "、".join(str(n) for n in sorted(set(at))[:5]) + ("等" if len(set(at)) > 5 else "")
        suspect = Suspect(
            header,
            KIND_TO_TYPE.get(category, OMIT),
            f"含有{CATEGORY_LABELS[category]}（第 {shown} 行）",
        )
        return suspect, blocked
    distinct = {t.strip() for t in texts if t.strip()}
    if len(distinct) >= 3 and sum(1 for t in distinct if is_name(t)) >= NAME_SHARE * len(distinct):
        return Suspect(header, ColumnType.PERSON_NAME, "多数内容是个人姓名"), blocked
    return None, blocked


_SCREENER: list[Screener] = []


def _identifier_screener() -> Screener:
    if not _SCREENER:
        _SCREENER.append(Screener(categories=(*IDENTIFIER_SCAN, *BLOCKING_SCAN)))
    return _SCREENER[0]


def suspect_message(suspect: Suspect) -> tuple[str, str]:
    """(zh, en) of a refused column: what was found and what to declare."""
    if suspect.suggested == OMIT:
        advice_zh, advice_en = (
            "该信息不应公开，请将该列声明为“不公开”或从文件中删除",
            "declare it omit or delete it",
        )
    else:
        label = TYPE_LABELS[suspect.suggested]
        advice_zh = f"请将该列声明为“{label}”（导入时脱敏）或“不公开”"
        advice_en = f"declare it as {suspect.suggested} (masked) or omit"
    return (
        f"列“{suspect.header}”看起来含有个人信息：{suspect.reason}，但未声明为个人信息列。{advice_zh}。",
        f"column {suspect.header} looks like personal data but is not declared; {advice_en}",
    )
