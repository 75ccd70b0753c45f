"""Search quality on real texts: ≥60 real-style queries (colloquial, abbreviation, 文号, typo, pinyin,
traditional) over the statutes, the State Council work reports and the district work plan in ../shared.

Thresholds were set from the first honest measurement (docs/performance.md) and guard against regressions.
"""

from __future__ import annotations

from collections import defaultdict

import pytest

from zwgk.search import corpus
from zwgk.search.indexer import write_entries
from zwgk.search.relevance import load_jsonl, ndcg_at, recall_at
from zwgk.search.service import search

# shared_corpus (zwgk.testdata): the texts are read from ../shared, and CI fails if they are missing.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_corpus")]


NDCG_MIN = 0.85
RECALL_MIN = 0.88
PER_TYPE_NDCG_MIN = 0.70


@pytest.fixture
def indexed_corpus():
    write_entries("tests.corpus", "政策文件", corpus.all_entries())


def test_search_relevance_meets_thresholds(indexed_corpus, capsys):
    queries = load_jsonl("queries.jsonl")
    assert len(queries) >= 60
    by_type: dict[str, list[tuple[float, float]]] = defaultdict(list)
    lines = []
    for item in queries:
        result = search(str(item["query"]), log=False)
        ranked = [r.entry.source_pk for r in result.results[:10]]
        relevant = dict(item["relevant"])  # type: ignore[call-overload]
        ndcg, recall = ndcg_at(ranked, relevant), recall_at(ranked, relevant)
        by_type[str(item["type"])].append((ndcg, recall))
        lines.append(f"{ndcg:.2f} {recall:.2f} {item['type']:<12} {item['query']} → {ranked[:3]}")
    all_scores = [s for scores in by_type.values() for s in scores]
    mean_ndcg = sum(n for n, _ in all_scores) / len(all_scores)
    mean_recall = sum(r for _, r in all_scores) / len(all_scores)
    with capsys.disabled():
        print(
            f"\nsearch relevance: nDCG@10 {mean_ndcg:.3f}  recall@10 {mean_recall:.3f}  ({len(all_scores)} queries)"
        )
        for kind, scores in sorted(by_type.items()):
            print(
                f"  {kind:<12} n={len(scores):<3} nDCG@10 {sum(n for n, _ in scores) / len(scores):.3f}"
                f"  recall@10 {sum(r for _, r in scores) / len(scores):.3f}"
            )
        for line in sorted(lines)[:12]:
            print("  worst:", line)
    assert mean_ndcg >= NDCG_MIN
    assert mean_recall >= RECALL_MIN
    for kind, scores in by_type.items():
        assert sum(n for n, _ in scores) / len(scores) >= PER_TYPE_NDCG_MIN, kind
