"""Search quality on a corpus nobody tuned for: the demo district (records, interpretations, FAQs and its 72
annual reports, from tests/data/search/demo_entries.jsonl) plus the statutes, State Council work reports and NPC
resolutions in ../shared — ≥150 queries of nine types written as citizens type them (tests/data/search/README.md).

Thresholds were set from the measurement recorded in docs/performance.md and guard against regressions.
"""

from __future__ import annotations

import pytest

from zwgk.search import corpus
from zwgk.search.relevance import load_jsonl, score_query, summarise
from zwgk.search.service import search

# shared_corpus (zwgk.testdata): the texts are read from ../shared, and CI fails if they are missing.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_corpus")]


NDCG_MIN = 0.90
RECALL_MIN = 0.90
PER_TYPE_NDCG_MIN = 0.80
DOC_NUMBER_AT_1_MIN = 1.0


@pytest.fixture
def indexed_corpus():
    assert corpus.available(), "the relevance corpus needs ../shared/data beside the repository"
    corpus.index_evaluation_corpus()


def run_query(text: str) -> tuple[list[str], bool]:
    result = search(text, log=False)
    ranked = [r.entry.source_pk for r in result.results[:10]]
    honest = not result.results or result.weak or bool(result.missing_doc_number)
    return ranked, honest


def test_search_relevance_meets_thresholds(indexed_corpus, capsys):
    queries = load_jsonl("queries.jsonl")
    assert len(queries) >= 150
    rows, lines = [], []
    for item in queries:
        ranked, honest = run_query(str(item["query"]))
        scores = score_query(ranked, dict(item["relevant"]), honest)  # type: ignore[call-overload]
        rows.append((str(item["type"]), scores))
        lines.append((scores.ndcg, f"{scores.ndcg:.2f} {item['type']:<12} {item['query']} → {ranked[:3]}"))
    summary = summarise(rows)
    with capsys.disabled():
        print()
        for kind, values in sorted(summary.items()):
            print(f"  {kind:<12} {values}")
        for _, line in sorted(lines)[:15]:
            print("  worst:", line)
    assert summary["all"]["ndcg@10"] >= NDCG_MIN
    assert summary["all"]["recall@10"] >= RECALL_MIN
    assert summary["doc_number"]["doc_number@1"] >= DOC_NUMBER_AT_1_MIN
    for kind, values in summary.items():
        assert values["ndcg@10"] >= PER_TYPE_NDCG_MIN, kind
