"""zwgk.screening — confidentiality and privacy screening (保密审查) of text before publication.

Pure Python, no Django: usable alone (`python -m zwgk.screening FILE …`) and by the `secrecy` review step.

    from zwgk.screening import Screener, mask_text
    screener = Screener(allowed_numbers=["022-84370001"])
    findings = screener.scan(text)          # list[Finding], offsets in Unicode characters
    published = mask_text(text, findings)   # conventional masks: 张*三, 1201**********1234, 138****5678
"""

from __future__ import annotations

from functools import cache

from zwgk.screening.findings import CATEGORY_LABELS, IDENTIFIER_CATEGORIES, Category, Finding, Severity
from zwgk.screening.lexicon import LexiconEntry, LexiconError, default_lexicon, read_lexicon
from zwgk.screening.masking import apply_masks, mask_name, mask_text, mask_value
from zwgk.screening.scanner import Screener
from zwgk.screening.wording import WordingEntry, WordingError, default_wording, scan_wording

__all__ = [
    "CATEGORY_LABELS",
    "IDENTIFIER_CATEGORIES",
    "Category",
    "Finding",
    "LexiconEntry",
    "LexiconError",
    "Screener",
    "Severity",
    "WordingEntry",
    "WordingError",
    "apply_masks",
    "default_lexicon",
    "default_wording",
    "mask_name",
    "mask_text",
    "mask_value",
    "read_lexicon",
    "scan",
    "scan_wording",
]


@cache
def _default_screener() -> Screener:
    return Screener()


def scan(text: str) -> list[Finding]:
    """Screen `text` with the default lexicon and no allow-list."""
    return _default_screener().scan(text)
