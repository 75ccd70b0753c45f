"""政策问答 quality on real statutes: for each question, the right article must be among the top-3 citations.

The threshold was set from the first honest measurement (docs/performance.md).
"""

from __future__ import annotations

import pytest

from zwgk.qa.service import ask
from zwgk.search import corpus
from zwgk.search.indexer import write_entries
from zwgk.search.relevance import load_jsonl

# shared_corpus (zwgk.testdata): the texts are read from ../shared, and CI fails if they are missing.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_corpus")]


TOP3_MIN = 0.75


def test_top3_citations_contain_the_right_article(capsys):
    write_entries("tests.corpus", "政策文件", list(corpus.statute_entries()) + list(corpus.work_plan_entry()))
    urls = {url: key for key, url in ((k, e.url) for k, e in corpus.statute_entries())}
    items = load_jsonl("qa.jsonl")
    hits = 0
    misses = []
    for item in items:
        answer = ask(str(item["question"]), log=False)
        cited = [(urls.get(c.url, c.url), c.article) for c in answer.citations[:3]]
        expected = [tuple(pair) for pair in item["expected"]]  # type: ignore[union-attr]
        ok = any(
            key == want_key and (article == want_article or article.startswith(want_article + "第"))
            for key, article in cited
            for want_key, want_article in expected
        )
        hits += ok
        if not ok:
            misses.append(f"{item['question']} → {cited}")
    share = hits / len(items)
    with capsys.disabled():
        print(f"\n政策问答: right article in top-3 citations for {hits}/{len(items)} questions ({share:.2f})")
        for miss in misses:
            print("  miss:", miss)
    assert share >= TOP3_MIN
