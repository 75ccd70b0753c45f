"""Relevance metrics for the search and 政策问答 quality tests and the benchmark (pure: no Django import).

nDCG@k uses graded labels (gain 2^grade − 1); recall@k is capped: found / min(k, number relevant), so a query
with 30 relevant documents can still score 1.0 in the first ten.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "tests" / "data" / "search"


def load_jsonl(name: str) -> list[dict[str, object]]:
    return [
        json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def ndcg_at(ranked: Sequence[str], relevant: Mapping[str, int], k: int = 10) -> float:
    dcg = sum((2 ** relevant.get(key, 0) - 1) / math.log2(i + 2) for i, key in enumerate(ranked[:k]))
    ideal = sorted(relevant.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall_at(ranked: Sequence[str], relevant: Mapping[str, int], k: int = 10) -> float:
    wanted = {key for key, grade in relevant.items() if grade > 0}
    if not wanted:
        return 0.0
    return len(wanted & set(ranked[:k])) / min(k, len(wanted))


def mrr_at(ranked: Sequence[str], relevant: Mapping[str, int], k: int = 10) -> float:
    """Reciprocal rank of the first relevant result (grade > 0) in the first k."""
    for i, key in enumerate(ranked[:k]):
        if relevant.get(key, 0) > 0:
            return 1.0 / (i + 1)
    return 0.0


@dataclass
class Scores:
    ndcg: float
    recall: float
    mrr: float
    top1: float  # the best result is a grade-2 document (or, with nothing relevant, an honest "not found")


def score_query(ranked: Sequence[str], relevant: Mapping[str, int], honest: bool) -> Scores:
    """Scores of one query. A query nothing answers (no relevant documents: a 文号 that does not exist, a
    question off the site's subject) scores 1 on every metric when the system says plainly that nothing good
    was found (`honest`), else 0."""
    if not any(g > 0 for g in relevant.values()):
        value = 1.0 if honest else 0.0
        return Scores(value, value, value, value)
    top = 1.0 if ranked and relevant.get(ranked[0], 0) >= 2 else 0.0
    return Scores(ndcg_at(ranked, relevant), recall_at(ranked, relevant), mrr_at(ranked, relevant), top)


def summarise(rows: Sequence[tuple[str, Scores]]) -> dict[str, dict[str, float]]:
    """Mean scores per query type and overall ("all"); top1 is reported for doc_number only (文号@1)."""
    by_type: dict[str, list[Scores]] = defaultdict(list)
    for kind, scores in rows:
        by_type[kind].append(scores)
        by_type["all"].append(scores)
    out: dict[str, dict[str, float]] = {}
    for kind, items in by_type.items():
        n = len(items)
        out[kind] = {
            "n": n,
            "ndcg@10": round(sum(s.ndcg for s in items) / n, 3),
            "recall@10": round(sum(s.recall for s in items) / n, 3),
            "mrr": round(sum(s.mrr for s in items) / n, 3),
        }
        if kind == "doc_number":
            out[kind]["doc_number@1"] = round(sum(s.top1 for s in items) / n, 3)
    return out
