"""Conventional masking of personal data: 张*三 / 张*, 1201**********1234, 138****5678, card last four.

Every masked form has the same length as the original, so masks can be written into documents character by
character (Word runs, OFD text codes) without moving anything else.
"""

from __future__ import annotations

from collections.abc import Iterable

from zwgk.screening.findings import Category, Finding

STAR = "*"


def _mask_alnum(value: str, keep_head: int, keep_tail: int) -> str:
    """Mask letters/digits of `value` except the first `keep_head` and last `keep_tail`; separators stay."""
    positions = [i for i, c in enumerate(value) if c.isalnum()]
    if len(positions) <= keep_head + keep_tail:
        keep_head, keep_tail = min(1, len(positions)), 0
    hidden = set(positions[keep_head : len(positions) - keep_tail if keep_tail else None])
    return "".join(STAR if i in hidden else c for i, c in enumerate(value))


def mask_name(name: str) -> str:
    """张三 → 张*, 张小三 → 张*三, 欧阳小明 → 欧**明."""
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + STAR
    return name[0] + STAR * (len(name) - 2) + name[-1]


def mask_email(value: str) -> str:
    local, _, domain = value.partition("@")
    return (local[:1] + STAR * (len(local) - 1)) + "@" + domain


def mask_value(category: str, value: str) -> str | None:
    """The suggested masked form of `value` found as `category`; None where masking does not apply."""
    match category:
        case Category.ID_CARD | Category.ID_LIKE:
            return _mask_alnum(value, 4, 4)  # 1201**********1234
        case Category.MOBILE:
            return _mask_mobile(value)  # 138****5678
        case Category.LANDLINE:
            return _mask_tail_number(value)
        case Category.BANK_CARD:
            return _mask_alnum(value, 0, 4)  # last four kept
        case Category.USCC:
            return _mask_alnum(value, 8, 2)
        case Category.PASSPORT:
            return _mask_alnum(value, 1, 2)
        case Category.PLATE:
            return _mask_alnum(value, 2, 2)
        case Category.EMAIL:
            return mask_email(value)
        case Category.PERSON_NAME:
            return mask_name(value)
        case Category.SENSITIVE_TERM:
            return STAR * len(value)
        case Category.ADDRESS:
            return _mask_address(value)
    return None


def _mask_address(value: str) -> str:
    """Keep the area words (东丽区幸福里), hide every number of the building, unit and room (3号楼 → *号楼)."""
    return "".join(STAR if c.isdigit() or (c.isascii() and c.isalpha()) else c for c in value)


def _mask_mobile(value: str) -> str:
    """Keep the segment (first three) and the last four of the 11 digits; a +86 prefix stays."""
    digits = [i for i, c in enumerate(value) if c.isdigit()][-11:]
    hide = set(digits[3:7])
    return "".join(STAR if i in hide else c for i, c in enumerate(value))


def _mask_tail_number(value: str) -> str:
    """022-84371234 → 022-****1234: the area code and the last four digits stay."""
    digits = [i for i, c in enumerate(value) if c.isdigit()]
    first = "".join(value[i] for i in digits[:3])
    area = 0 if first[:1] != "0" else (3 if first.startswith(("010", "02")) else 4)
    hide = set(digits[area : len(digits) - 4])
    return "".join(STAR if i in hide else c for i, c in enumerate(value))


def apply_masks(text: str, findings: Iterable[Finding]) -> str:
    """`text` with each finding that has a masked form replaced by it (overlaps: the first one wins)."""
    pieces: list[str] = []
    cursor = 0
    for finding in sorted(findings, key=lambda f: (f.start, -f.end)):
        if finding.masked is None or finding.start < cursor:
            continue
        if text[finding.start : finding.end] != finding.text:
            raise ValueError("finding does not match the text it is applied to")
        pieces.append(text[cursor : finding.start])
        pieces.append(finding.masked)
        cursor = finding.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def mask_text(text: str, findings: Iterable[Finding], categories: Iterable[str] | None = None) -> str:
    """Mask the findings of the chosen categories (all maskable ones when `categories` is None)."""
    wanted = set(categories) if categories is not None else None
    return apply_masks(text, [f for f in findings if wanted is None or f.category in wanted])
