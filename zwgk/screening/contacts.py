"""Contact names in lists and tables (issue 13, item 9): a column headed 姓名/联系人/负责人 …, or a name standing
right beside a phone number, is a person's name — a company list with 王建国 13800001234 lines was published
unflagged because none of the scanner's label contexts (申请人、患者 …) applied. Pure Python.

`contact_name_spans(text, phone_spans)` returns the (start, end) of each such name; the scanner reports them as
personal names, and lists of several as a list of people (aggregation-style).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from zwgk.screening.findings import IDENTIFIER_CATEGORIES, Category, Finding, Severity
from zwgk.screening.masking import mask_value
from zwgk.screening.names import is_name

# Column headers that announce people. A header cell must be short (a header, not a sentence).
CONTACT_HEADERS = (
    "姓名",
    "联系人",
    "负责人",
    "法定代表人",
    "法人代表",
    "经办人",
    "联络人",
    "联络员",
    "责任人",
    "业主",
)
MAX_HEADER_CELL = 10
# Cell separators of extracted tables and typed lists: tab, two or more spaces, an ideographic space, a bar.
_SEPARATOR = re.compile(r"\t| {2,}|　+|\|")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,4}")
# What may sit between a name and its phone number on one line.
_GAP = re.compile(
    r"[ \t　:：,，、;；/（()）]*(?:联系电话|办公电话|手机号码|手机|电话|联系方式|Tel|TEL|tel)?[ \t　:：]*"
)
_LEFT_BOUNDARY = re.compile(r"(?:^|[ \t　:：,，、;；|/（(）)]|联系人|负责人|经办人|联络人|法定代表人)$")
MIN_LIST_NAMES = 3


def _cells(line: str, offset: int) -> list[tuple[int, str]]:
    cells: list[tuple[int, str]] = []
    position = 0
    for match in _SEPARATOR.finditer(line):
        cells.append((offset + position, line[position : match.start()]))
        position = match.end()
    cells.append((offset + position, line[position:]))
    return cells


def _lines(text: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    start = 0
    for line in text.split("\n"):
        out.append((start, line))
        start += len(line) + 1
    return out


def _name_in_cell(start: int, cell: str) -> tuple[int, int] | None:
    """The name a cell holds: the whole cell, or its first 2–4 characters before a bracket (王建国（主任）)."""
    stripped = cell.strip()
    if not stripped:
        return None
    lead = start + cell.index(stripped)
    if is_name(stripped):
        return lead, lead + len(stripped)
    head = re.match(r"([\u4e00-\u9fff]{2,4})[（(]", stripped)
    if head and is_name(head.group(1)):
        return lead, lead + len(head.group(1))
    return None


def _table_columns(text: str) -> set[tuple[int, int]]:
    spans: set[tuple[int, int]] = set()
    lines = _lines(text)
    index = 0
    while index < len(lines):
        start, line = lines[index]
        cells = _cells(line, start)
        columns = [
            i
            for i, (_, cell) in enumerate(cells)
            if len(cell.strip()) <= MAX_HEADER_CELL and any(h in cell for h in CONTACT_HEADERS)
        ]
        if len(cells) < 2 or not columns:
            index += 1
            continue
        index += 1
        while index < len(lines):
            row_start, row = lines[index]
            row_cells = _cells(row, row_start)
            if len(row_cells) < 2:
                break
            for column in columns:
                if column < len(row_cells):
                    span = _name_in_cell(*row_cells[column])
                    if span:
                        spans.add(span)
            index += 1
    return spans


def _beside_phones(text: str, phone_spans: Iterable[tuple[int, int]]) -> set[tuple[int, int]]:
    spans: set[tuple[int, int]] = set()
    for phone_start, phone_end in phone_spans:
        line_start = text.rfind("\n", 0, phone_start) + 1
        line_end = text.find("\n", phone_end)
        line_end = len(text) if line_end == -1 else line_end
        # Left: "王建国 138…", "联系人：王建国，电话：138…".
        left = text[line_start:phone_start]
        gap = re.search(_GAP.pattern + r"$", left)
        before = left[: gap.start()] if gap else left
        for length in (2, 3, 4):
            name_start = len(before) - length
            if name_start < 0:
                continue
            candidate = before[name_start:]
            if is_name(candidate) and _LEFT_BOUNDARY.search(before[:name_start]):
                spans.add((line_start + name_start, line_start + len(before)))
                break
        # Right: "138… 王建国".
        after = text[phone_end:line_end]
        gap_right = _GAP.match(after)
        rest_start = gap_right.end() if gap_right else 0
        if rest_start == 0:
            continue
        run = _CJK_RUN.match(after, rest_start)
        if run is None:
            continue
        for length in (2, 3, 4):
            candidate = after[rest_start : rest_start + length]
            follow = after[rest_start + length : rest_start + length + 1]
            if len(candidate) == length and is_name(candidate) and not ("\u4e00" <= follow <= "\u9fff"):
                spans.add((phone_end + rest_start, phone_end + rest_start + length))
                break
    return spans


def contact_name_spans(text: str, phone_spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Names in contact columns and beside phone numbers, sorted, without overlaps."""
    spans = _table_columns(text) | _beside_phones(text, phone_spans)
    result: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda s: (s[0], -s[1])):
        if result and start < result[-1][1]:
            continue
        result.append((start, end))
    return result


def list_span(text: str, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The lines a list of people covers when it names at least MIN_LIST_NAMES people on separate lines."""
    lines = {text.rfind("\n", 0, start) + 1 for start, _ in spans}
    if len(lines) < MIN_LIST_NAMES:
        return None
    end = text.find("\n", max(end for _, end in spans))
    return min(lines), len(text) if end == -1 else end


NAME_REASON = "联系人、负责人等姓名列或与电话号码并列的个人姓名，属个人信息，公开前须脱敏；确为依法公开的负责人姓名的，请说明理由"
LIST_REASON = "名单或表格列出 {n} 名联系人、负责人等的姓名及其电话，汇聚后存在泄露风险（工作要点第十一项），请逐项脱敏或确认可以公开"


def contact_findings(
    text: str, norm: str, found: Iterable[Finding], *, aggregation: bool, identifier_rows: int = 5
) -> list[Finding]:
    """The scanner's findings for contact names: one per name, plus one for the whole list when it names
    several people (the aggregation rule's shape) — unless the identifier aggregation (`identifier_rows` lines
    with ID/mobile/bank numbers) already reports that table."""
    found = list(found)
    phones = [(f.start, f.end) for f in found if f.category in (Category.MOBILE, Category.LANDLINE)]
    id_lines = {norm.rfind("\n", 0, f.start) for f in found if f.category in IDENTIFIER_CATEGORIES}
    if len(id_lines) >= identifier_rows:
        aggregation = False
    spans = contact_name_spans(norm, phones)
    results = [
        Finding(
            category=Category.PERSON_NAME,
            start=start,
            end=end,
            text=text[start:end],
            severity=Severity.BLOCK,
            reason=NAME_REASON,
            masked=mask_value(Category.PERSON_NAME, text[start:end]),
        )
        for start, end in spans
    ]
    # The list finding is for contact details: names on lines that also carry a phone number (a 姓名 column
    # alone, e.g. an admission list, is reported name by name).
    phone_lines = {norm.rfind("\n", 0, start) for start, _ in phones}
    contacts_listed = [span for span in spans if norm.rfind("\n", 0, span[0]) in phone_lines]
    block = list_span(norm, contacts_listed) if aggregation else None
    if block:
        start, end = block
        reason = LIST_REASON.format(n=len(contacts_listed))
        results.append(Finding(Category.AGGREGATION, start, end, text[start:end], Severity.BLOCK, reason))
    return results
