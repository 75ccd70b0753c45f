"""Search quality against two peers on the same documents, in the same run:

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python bench/search_peers.py            # fresh database under bench/out, then the comparison

1. a fresh SQLite database: `zwgk migrate`, `zwgk demo load` (the district with its 72 annual reports, FAQs,
   and the six statutes filed under their real issuers through the importer);
2. the 49 State Council work reports and the 23 NPC resolutions on them imported with `zwgk import-documents`
   (a CSV manifest written from ../shared/data, 发文机关 国务院 / 全国人民代表大会 from the issuer list);
3. `zwgk search-index rebuild`;
4. every query of tests/data/search/queries.jsonl through zwgk's search service, through Whoosh + jieba
   (jieba's ChineseAnalyzer, title boosted ×2, OR-group with coordination 0.9 as Whoosh recommends for
   natural-language queries) and through tantivy + jieba (text pre-segmented with jieba's search mode, the
   default tokenizer, title boosted ×2, the query parser's default OR).

The peers see the title and the full text of exactly the entries zwgk indexed. A query with no relevant document
counts as answered honestly by a peer when it returns nothing (peers have no "nothing good found" signal).
Prints one JSON line (also appended to bench/out/results.jsonl): nDCG@10, recall@10, MRR per query type and
文号@1, for each engine, plus the query latency of each.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"


def setup(fresh: bool) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    data_dir = OUT / "peers"
    if fresh and data_dir.exists():
        shutil.rmtree(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ.update(
        {
            "ZWGK_DATA_DIR": str(data_dir),
            "ZWGK_DATABASE_URL": f"sqlite:///{data_dir / 'zwgk.sqlite3'}",
            "ZWGK_TESTING": "1",
            "ZWGK_ALLOWED_HOSTS": "testserver",
            "DJANGO_SETTINGS_MODULE": "zwgk.settings",
        }
    )
    import django

    django.setup()


def load_corpus() -> None:
    from django.core.management import call_command

    from zwgk.documents.models import Record
    from zwgk.search import corpus

    call_command("migrate", verbosity=0)
    call_command("demo", "load", verbosity=0)
    if not Record.objects.filter(source_key__startswith="import:report-").exists():
        with tempfile.TemporaryDirectory() as tmp:
            manifest = Path(tmp) / "reports.csv"
            with manifest.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(
                    [
                        "来源编号",
                        "标题",
                        "发文机关",
                        "成文日期",
                        "发布日期",
                        "主题分类",
                        "栏目",
                        "正文",
                        "公开属性",
                    ]
                )
                for key, entry in corpus.report_entries():
                    issuer = "全国人民代表大会" if key.startswith("resolution-") else "国务院"
                    day = entry.date.isoformat() if entry.date else ""
                    writer.writerow(
                        [
                            key,
                            entry.title,
                            issuer,
                            day,
                            day,
                            "综合政务\\政务公开",
                            "其他政府信息",
                            entry.body,
                            "主动公开",
                        ]
                    )
            call_command("import-documents", str(manifest), tmp, verbosity=0)
    call_command("search-index", "rebuild", verbosity=0)


def entries() -> list[tuple[str, str, str]]:
    """(eval key, title, text) of every indexed entry."""
    from zwgk.search import corpus
    from zwgk.search.models import SearchEntry

    rows = []
    for entry in SearchEntry.objects.defer("tsv").order_by("id"):
        text = "\n".join(x for x in (entry.doc_number, entry.summary, entry.body) if x)
        rows.append((corpus.eval_key(entry), entry.title, text))
    return rows


class WhooshPeer:
    name = "whoosh+jieba"

    def __init__(self, docs: list[tuple[str, str, str]], directory: Path) -> None:
        from jieba.analyse import ChineseAnalyzer
        from whoosh import index
        from whoosh.fields import ID, TEXT, Schema
        from whoosh.qparser import MultifieldParser, OrGroup

        analyzer = ChineseAnalyzer()
        schema = Schema(key=ID(stored=True), title=TEXT(analyzer=analyzer), body=TEXT(analyzer=analyzer))
        directory.mkdir(parents=True, exist_ok=True)
        self.index = index.create_in(str(directory), schema)
        writer = self.index.writer()
        for key, title, text in docs:
            writer.add_document(key=key, title=title, body=text)
        writer.commit()
        self.parser = MultifieldParser(
            ["title", "body"], schema, fieldboosts={"title": 2.0}, group=OrGroup.factory(0.9)
        )
        self.searcher = self.index.searcher()

    def search(self, query: str) -> list[str]:
        parsed = self.parser.parse(query)
        return [hit["key"] for hit in self.searcher.search(parsed, limit=10)]


class TantivyPeer:
    name = "tantivy+jieba"

    def __init__(self, docs: list[tuple[str, str, str]]) -> None:
        import jieba
        import tantivy

        self.jieba = jieba
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("key", stored=True, tokenizer_name="raw")
        builder.add_text_field("title", stored=False)
        builder.add_text_field("body", stored=False)
        schema = builder.build()
        self.index = tantivy.Index(schema)
        writer = self.index.writer(heap_size=50_000_000, num_threads=1)
        for key, title, text in docs:
            writer.add_document(
                tantivy.Document(key=key, title=self._segment(title), body=self._segment(text))
            )
        writer.commit()
        self.index.reload()
        self.searcher = self.index.searcher()

    def _segment(self, text: str) -> str:
        return " ".join(t for t in self.jieba.cut_for_search(text) if t.strip())

    def search(self, query: str) -> list[str]:
        words = " ".join(w for w in self.jieba.cut(query) if w.strip() and all(ch.isalnum() for ch in w))
        if not words:
            return []
        parsed = self.index.parse_query(words, ["title", "body"], field_boosts={"title": 2.0})
        hits = self.searcher.search(parsed, 10).hits
        return [self.searcher.doc(address)["key"][0] for _, address in hits]


def main() -> None:
    fresh = "--reuse" not in sys.argv
    setup(fresh)
    started = time.perf_counter()
    if fresh:
        load_corpus()
    setup_seconds = round(time.perf_counter() - started, 1)

    from zwgk.search import corpus
    from zwgk.search.models import SearchEntry
    from zwgk.search.relevance import load_jsonl, score_query, summarise
    from zwgk.search.service import search

    docs = entries()
    keys = {pk: corpus.eval_key(e) for pk, e in SearchEntry.objects.defer("tsv").in_bulk().items()}
    with tempfile.TemporaryDirectory() as tmp:
        peers = [WhooshPeer(docs, Path(tmp) / "whoosh"), TantivyPeer(docs)]
        queries = load_jsonl("queries.jsonl")
        engines = ["zwgk", *[p.name for p in peers]]
        rows: dict[str, list] = {name: [] for name in engines}
        latency: dict[str, list[float]] = {name: [] for name in engines}
        for item in queries:
            relevant = dict(item["relevant"])  # type: ignore[call-overload]
            t = time.perf_counter()
            result = search(str(item["query"]), log=False)
            latency["zwgk"].append(time.perf_counter() - t)
            ranked = [keys.get(r.entry_id, "") for r in result.results[:10]]
            honest = not result.results or result.weak or bool(result.missing_doc_number)
            rows["zwgk"].append((str(item["type"]), score_query(ranked, relevant, honest)))
            for peer in peers:
                t = time.perf_counter()
                found = peer.search(str(item["query"]))
                latency[peer.name].append(time.perf_counter() - t)
                rows[peer.name].append((str(item["type"]), score_query(found, relevant, not found)))
    report = {
        "bench": "search_peers",
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "cpus": os.cpu_count(),
        "entries": len(docs),
        "queries": len(queries),
        "setup_s": setup_seconds,
        "engines": {name: summarise(rows[name]) for name in engines},
        "latency_ms_p50": {
            name: round(statistics.median(values) * 1000, 2) for name, values in latency.items()
        },
    }
    line = json.dumps(report, ensure_ascii=False)
    print(line)
    with (OUT / "results.jsonl").open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")


if __name__ == "__main__":
    main()
