"""The sensitive-term lexicon and its multi-pattern automaton (Aho-Corasick via pyahocorasick).

Staff edit the live lexicon in the workspace; this module only knows terms, categories and severities. One
automaton holds the lexicon terms and the fixed trigger words of the other rules, so the text is walked once.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import ahocorasick

from zwgk.screening.findings import Severity

DEFAULT_LEXICON_FILE = Path(__file__).parent / "data" / "default_lexicon.tsv"


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    term: str
    category: str = "敏感词"
    severity: str = Severity.WARN
    note: str = ""


class LexiconError(ValueError):
    pass


def validate_entry(entry: LexiconEntry) -> None:
    if not entry.term.strip():
        raise LexiconError("敏感词不能为空")
    if len(entry.term) > 50:
        raise LexiconError("敏感词不能超过 50 个字符")
    if entry.severity not in (Severity.BLOCK, Severity.WARN):
        raise LexiconError(f"严重程度应为 block 或 warn，实际为 “{entry.severity}”")


@cache
def default_lexicon() -> tuple[LexiconEntry, ...]:
    """The shipped default lexicon (data/default_lexicon.tsv)."""
    return tuple(read_lexicon(DEFAULT_LEXICON_FILE.read_text(encoding="utf-8")))


def read_lexicon(text: str) -> list[LexiconEntry]:
    """Parse a tab-separated lexicon (term, category, severity, note); '#' lines and the header are skipped."""
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    entries: list[LexiconEntry] = []
    for row in csv.reader(lines, delimiter="\t"):
        if not row or row[0] == "term":
            continue
        padded = [*row, "", "", ""]
        entry = LexiconEntry(
            term=padded[0].strip(),
            category=padded[1].strip() or "敏感词",
            severity=(padded[2].strip() or Severity.WARN),
            note=padded[3].strip(),
        )
        validate_entry(entry)
        entries.append(entry)
    return entries


class KeywordIndex:
    """An Aho-Corasick automaton over lexicon terms and rule trigger words.

    Each key maps to a tuple of payloads: ("term", LexiconEntry) or ("trigger", rule_name).
    """

    def __init__(self, lexicon: Iterable[LexiconEntry], triggers: dict[str, str]) -> None:
        payloads: dict[str, list[tuple[str, object]]] = {}
        self.entries: list[LexiconEntry] = []
        for entry in lexicon:
            payloads.setdefault(entry.term, []).append(("term", entry))
            self.entries.append(entry)
        for word, rule in triggers.items():
            payloads.setdefault(word, []).append(("trigger", rule))
        self.automaton = ahocorasick.Automaton()
        for word, items in payloads.items():
            self.automaton.add_word(word, (len(word), tuple(items)))
        if payloads:
            self.automaton.make_automaton()
        self.empty = not payloads

    def iter(self, text: str) -> Iterable[tuple[int, int, tuple[tuple[str, object], ...]]]:
        """(start, end, payloads) of every occurrence, overlapping ones included."""
        if self.empty:
            return
        for end_index, (length, items) in self.automaton.iter(text):
            yield end_index + 1 - length, end_index + 1, items
