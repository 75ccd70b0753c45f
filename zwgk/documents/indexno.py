"""索引号 (catalogue index number) patterns — pure Python, no Django.

No national standard defines the format (regulations.md §6.1, UNVERIFIED), so the pattern is a setting
(`ZWGK_INDEX_NO_PATTERN`, default `{unit_code}/{year}-{serial:05d}`, as in 000014349/2017-00110). Fields:
`unit_code` (the agency's 单位代码), `year`, `month` (the catalogue month, for `{year}{month:02d}` variants) and
`serial` (gap-free per agency and year, allocated by the documents app).
"""

from __future__ import annotations

import re
import string

DEFAULT_PATTERN = "{unit_code}/{year}-{serial:05d}"
FIELDS = {"unit_code", "year", "month", "serial"}


class PatternError(ValueError):
    pass


def validate_pattern(pattern: str) -> str:
    """Return the pattern if usable; raise PatternError naming the problem otherwise."""
    try:
        parsed = list(string.Formatter().parse(pattern))
    except ValueError as exc:
        raise PatternError(f"索引号格式无法解析：{exc}") from None
    names = [name for _, name, _, _ in parsed if name is not None]
    unknown = sorted({n for n in names if n not in FIELDS})
    if unknown:
        raise PatternError(f"索引号格式含未知字段 {unknown}，可用字段：unit_code、year、month、serial")
    if "serial" not in names:
        raise PatternError("索引号格式必须包含 {serial}")
    if "year" not in names:
        raise PatternError("索引号格式必须包含 {year}（序号按年度连续编号）")
    try:
        render(pattern, unit_code="000000000", year=2022, month=1, serial=1)
    except (ValueError, KeyError, IndexError) as exc:
        raise PatternError(f"索引号格式无法使用：{exc}") from None
    return pattern


def render(pattern: str, *, unit_code: str, year: int, month: int, serial: int) -> str:
    return pattern.format(unit_code=unit_code, year=year, month=month, serial=serial)


def serial_of(pattern: str, index_no: str, *, unit_code: str, year: int) -> int | None:
    """The serial inside `index_no` if it was made by `pattern` for this unit and year, else None.

    Used when importing legacy index numbers, so that later numbers continue after them.
    """
    regex = ""
    for literal, name, spec, _ in string.Formatter().parse(pattern):
        regex += re.escape(literal)
        if name is None:
            continue
        if name == "unit_code":
            regex += re.escape(unit_code)
        elif name == "year":
            regex += str(year)
        elif name == "month":
            regex += r"\d{1,2}"
        elif name == "serial":
            regex += r"(?P<serial>\d+)"
        del spec
    match = re.fullmatch(regex, index_no.strip())
    return int(match["serial"]) if match else None
