"""规范表述: a list of wrong → right expressions (outdated names of bodies, leaders' titles, prohibited usages, 错别字)
and the check that finds them in a text. Pure: no Django import.

A hit is a `Finding` of category "wording", severity block, whose `masked` is the right form (so the review step
corrects it with the same audited text replacement it uses for masking). A match is skipped where the text holds
the right form itself (the wrong form inside it), where an exception phrase of the entry covers it (农业部门 is not
农业部), where a longer wrong form overlaps it, and — for names of bodies — where it is preceded by 原 (a former
body named as such: 原国家工商行政管理总局).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import ahocorasick

from zwgk.screening.findings import Category, Finding, Severity

DEFAULT_WORDING_FILE = Path(__file__).parent / "data" / "default_wording.tsv"
BODY_KIND = "机构名称"
KINDS = ("机构名称", "领导职务", "规范用语", "错别字", "其他")
FORMER = ("原", "前")


class WordingError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class WordingEntry:
    wrong: str
    right: str
    kind: str = "其他"
    note: str = ""
    exceptions: tuple[str, ...] = ()

    @property
    def reason(self) -> str:
        text = f"规范表述（{self.kind}）：“{self.wrong}”应为“{self.right}”"
        return f"{text}。{self.note}" if self.note else f"{text}。"


def validate_wording(entry: WordingEntry) -> None:
    if not entry.wrong.strip() or not entry.right.strip():
        raise WordingError("错误表述和规范表述都不能为空")
    if len(entry.wrong) > 50 or len(entry.right) > 50:
        raise WordingError("表述不能超过 50 个字符")
    if entry.wrong == entry.right:
        raise WordingError("规范表述不能与错误表述相同")
    if entry.kind not in KINDS:
        raise WordingError(f"类别应为 {'、'.join(KINDS)} 之一")
    for phrase in entry.exceptions:
        if entry.wrong not in phrase:
            raise WordingError(f"例外用语“{phrase}”应包含错误表述“{entry.wrong}”")


def parse_exceptions(text: str) -> tuple[str, ...]:
    """Exception phrases from a field: separated by | or new lines."""
    return tuple(p.strip() for p in text.replace("\n", "|").split("|") if p.strip())


def read_wording(text: str) -> list[WordingEntry]:
    """Parse the tab-separated list (wrong, right, kind, note, exceptions); '#' lines and the header skipped."""
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    entries: list[WordingEntry] = []
    for row in csv.reader(lines, delimiter="\t"):
        if not row or row[0] == "wrong":
            continue
        padded = [*row, "", "", "", ""]
        entry = WordingEntry(
            wrong=padded[0].strip(),
            right=padded[1].strip(),
            kind=padded[2].strip() or "其他",
            note=padded[3].strip(),
            exceptions=parse_exceptions(padded[4]),
        )
        validate_wording(entry)
        entries.append(entry)
    return entries


@cache
def default_wording() -> tuple[WordingEntry, ...]:
    """The shipped default list (data/default_wording.tsv)."""
    return tuple(read_wording(DEFAULT_WORDING_FILE.read_text(encoding="utf-8")))


class WordingIndex:
    """An Aho-Corasick automaton over the wrong forms; `scan(text)` returns the findings."""

    def __init__(self, entries: Iterable[WordingEntry]) -> None:
        self.entries: dict[str, WordingEntry] = {}
        for entry in entries:
            self.entries.setdefault(entry.wrong, entry)
        self.automaton = ahocorasick.Automaton()
        for wrong in self.entries:
            self.automaton.add_word(wrong, wrong)
        if self.entries:
            self.automaton.make_automaton()

    def scan(self, text: str) -> list[Finding]:
        if not self.entries or not text:
            return []
        hits: list[tuple[int, int, WordingEntry]] = []
        for end_index, wrong in self.automaton.iter(text):
            start = end_index + 1 - len(wrong)
            entry = self.entries[wrong]
            if not _excused(text, start, start + len(wrong), entry):
                hits.append((start, start + len(wrong), entry))
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        findings: list[Finding] = []
        covered = -1
        for start, end, entry in hits:
            if start < covered:
                continue  # inside a longer wrong form found first (保监会 in 银保监会)
            covered = end
            findings.append(
                Finding(
                    category=Category.WORDING,
                    start=start,
                    end=end,
                    text=text[start:end],
                    severity=Severity.BLOCK,
                    reason=entry.reason,
                    masked=entry.right,
                )
            )
        return findings


def _covered_by(text: str, start: int, end: int, phrase: str, wrong: str) -> bool:
    """True if `phrase` (which contains `wrong`) occurs in `text` around text[start:end]."""
    offset = phrase.find(wrong)
    while offset != -1:
        begin = start - offset
        if begin >= 0 and text[begin : begin + len(phrase)] == phrase:
            return True
        offset = phrase.find(wrong, offset + 1)
    return False


def _excused(text: str, start: int, end: int, entry: WordingEntry) -> bool:
    if entry.wrong in entry.right and _covered_by(text, start, end, entry.right, entry.wrong):
        return True
    if any(_covered_by(text, start, end, phrase, entry.wrong) for phrase in entry.exceptions):
        return True
    return entry.kind == BODY_KIND and start > 0 and text[start - 1] in FORMER


def scan_wording(text: str, entries: Sequence[WordingEntry]) -> list[Finding]:
    """规范表述 findings of `text` against `entries` (builds the automaton; reuse a WordingIndex for many texts)."""
    return WordingIndex(entries).scan(text)
