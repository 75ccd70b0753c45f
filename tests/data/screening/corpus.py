"""Reading the labelled screening corpus: ⟦category:text⟧ marks a gold span, ⟦aggregation⟪…⟫⟧ a table span.

Shared by tests/test_screening_quality.py and bench/screening_bench.py.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
_TOKEN = re.compile(r"⟦aggregation⟪|⟫⟧|⟦([a-z_]+):|⟧")
PUBLISHED_NUMBERS = ["022-84370001", "022-84370002"]
PUBLISHED_EMAILS = ["gk@dongli.gov.cn"]


@dataclass(frozen=True)
class Gold:
    category: str
    start: int
    end: int


@dataclass
class Document:
    name: str
    text: str
    gold: list[Gold]


def parse_marked(marked: str) -> tuple[str, list[Gold]]:
    out: list[str] = []
    length = 0
    stack: list[tuple[str, int]] = []
    spans: list[Gold] = []
    cursor = 0
    for match in _TOKEN.finditer(marked):
        piece = marked[cursor : match.start()]
        out.append(piece)
        length += len(piece)
        cursor = match.end()
        token = match.group()
        if token == "⟦aggregation⟪":
            stack.append(("aggregation", length))
        elif token.startswith("⟦"):
            stack.append((match.group(1), length))
        else:
            category, start = stack.pop()
            if (token == "⟫⟧") != (category == "aggregation"):
                raise ValueError(f"unbalanced markup near offset {match.start()}")
            spans.append(Gold(category, start, length))
    out.append(marked[cursor:])
    if stack:
        raise ValueError("unclosed markup")
    return "".join(out), sorted(spans, key=lambda g: (g.start, g.end))


def load_corpus(directory: Path = HERE) -> list[Document]:
    documents = []
    for path in sorted(directory.glob("*.txt")):
        text, gold = parse_marked(path.read_text(encoding="utf-8"))
        documents.append(Document(path.name, text, gold))
    return documents


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def score(gold: Iterable[Gold], found: Iterable[tuple[str, int, int]]) -> dict[str, Score]:
    """Exact span + category match; aggregation spans match when they overlap."""
    scores: dict[str, Score] = {}
    gold_left = Counter((g.category, g.start, g.end) for g in gold)
    gold_aggregations = [g for g in gold if g.category == "aggregation"]
    for category, start, end in found:
        entry = scores.setdefault(category, Score())
        if category == "aggregation":
            hit = next((g for g in gold_aggregations if g.start < end and start < g.end), None)
            if hit is not None:
                gold_aggregations.remove(hit)
                gold_left[(hit.category, hit.start, hit.end)] -= 1
                entry.tp += 1
            else:
                entry.fp += 1
            continue
        if gold_left[(category, start, end)] > 0:
            gold_left[(category, start, end)] -= 1
            entry.tp += 1
        else:
            entry.fp += 1
    for (category, _, _), left in gold_left.items():
        if left > 0:
            scores.setdefault(category, Score()).fn += left
    return scores


def merge(total: dict[str, Score], part: dict[str, Score]) -> None:
    for category, value in part.items():
        entry = total.setdefault(category, Score())
        entry.tp += value.tp
        entry.fp += value.fp
        entry.fn += value.fn
