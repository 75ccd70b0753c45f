"""Search benchmark: indexing throughput and query latency on SQLite FTS5 and PostgreSQL, raw engine vs the search
service vs the full HTTP request, side by side with an unsegmented baseline (FTS5 trigram / LIKE / pg_trgm),
plus result quality of both on the relevance set.

    .venv/bin/python bench/search_bench.py --backend sqlite --records 100000
    .venv/bin/python bench/search_bench.py --backend postgres --records 100000
    .venv/bin/python bench/search_bench.py --quality        # segmented engine vs trigram baseline, nDCG/recall

Records are generated from the real texts in ../shared (statutes and State Council work reports): each record's
body is a run of consecutive real sentences from one document, its title a real clause framed as a notice or
interpretation title; agencies come from the demo directory, dates span 2000–2025, validity and kinds follow a
plausible mix. Results are printed as JSON lines (and appended to bench/out/results.jsonl).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"

TWO_WORD_QUERIES = [
    "社会保险 缴费",
    "政府信息 公开",
    "减税 降费",
    "乡村 振兴",
    "个人信息 保护",
    "营商 环境",
    "医疗 保险",
    "义务 教育",
    "安全 生产",
    "养老 服务",
    "就业 创业",
    "国家 秘密",
]
OTHER_QUERIES = ["社保", "一带一路", "小孩上学要什么材料", "津东人社发〔2021〕15号", "yidaiyilu", "養老保險"]


def setup_django(backend: str, name: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    if backend == "sqlite":
        url = f"sqlite:///{OUT / (name + '.sqlite3')}"
    else:
        url = f"postgres://postgres@127.0.0.1:5432/{name}"
    os.environ.update(
        {
            "ZWGK_DATABASE_URL": url,
            "ZWGK_TESTING": "1",  # plain static storage, immediate tasks; DEBUG stays off (no query log)
            "ZWGK_ALLOWED_HOSTS": "testserver",
            "DJANGO_SETTINGS_MODULE": "zwgk.settings",
        }
    )
    if backend == "postgres":
        import psycopg

        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}"')
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def sentence_pool() -> list[list[str]]:
    """Per source document, its sentences in order (real text)."""
    from zwgk.search import corpus

    documents: list[list[str]] = []
    for _, entry in corpus.all_entries():
        text = re.sub(r"\s+", "", entry.body)
        sentences = [s for s in re.split(r"(?<=[。！？；])", text) if 8 <= len(s) <= 300]
        if sentences:
            documents.append(sentences)
    return documents


TITLE_FRAMES = [
    "关于{}的通知",
    "关于{}的实施意见",
    "{}工作方案",
    "关于{}的政策解读",
    "{}实施办法",
    "关于进一步做好{}的通知",
]
KIND_MIX = [("政策文件", 60), ("政策解读", 20), ("政府信息", 12), ("问答", 8)]
VALIDITY_MIX = [("in_force", 75), ("amended", 10), ("repealed", 10), ("expired", 5)]


def _pick(rng: random.Random, mix: list[tuple[str, int]]) -> str:
    return rng.choices([v for v, _ in mix], weights=[w for _, w in mix])[0]


def generate(n: int, seed: int = 7):
    """Yield (key, IndexEntry) for n realistic records."""
    from zwgk.agencies.demo import read_fixture
    from zwgk.search.passages import split_passages
    from zwgk.search.registry import IndexEntry

    rng = random.Random(seed)
    documents = sentence_pool()
    agencies = [(a["short_name"], a["code"]) for a in read_fixture()["agencies"]]
    for i in range(n):
        sentences = rng.choice(documents)
        start = rng.randrange(len(sentences))
        body_sentences = sentences[start : start + rng.randint(3, 9)]
        clause = re.split(r"[，。；、：]", body_sentences[0])[0][:18] or "有关工作"
        kind = _pick(rng, KIND_MIX)
        year = rng.randint(2000, 2025)
        agency, code = rng.choice(agencies)
        paragraphs = ["".join(body_sentences[j : j + 2]) for j in range(0, len(body_sentences), 2)]
        body = "\n\n".join(paragraphs)
        yield (
            f"r{i}",
            IndexEntry(
                title=rng.choice(TITLE_FRAMES).format(clause),
                url=f"/records/{i}/",
                body=body,
                kind=kind,
                doc_number=f"津东{agency.removeprefix('区')[:2]}发〔{year}〕{rng.randint(1, 60)}号"
                if kind == "政策文件"
                else "",
                index_no=f"{code}/{year}-{i % 100000:05d}",
                agency_name=agency,
                date=date(year, rng.randint(1, 12), rng.randint(1, 28)),
                validity=_pick(rng, VALIDITY_MIX) if kind == "政策文件" else "",
                theme=rng.choice(
                    [
                        "劳动就业",
                        "社会保障",
                        "财政税务",
                        "教育",
                        "卫生健康",
                        "城乡建设",
                        "政务公开",
                        "农业农村",
                    ]
                ),
                passages=split_passages(body),
            ),
        )


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)

    def pick(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000, 2)

    return {
        "p50_ms": pick(0.50),
        "p95_ms": pick(0.95),
        "p99_ms": pick(0.99),
        "mean_ms": round(statistics.mean(ordered) * 1000, 2),
    }


def index(records: int, batch: int = 1000) -> dict[str, object]:
    from django.db import connection, transaction
    from tqdm import tqdm

    from zwgk.search.indexer import write_entries
    from zwgk.search.models import SearchEntry, SearchTerm

    with transaction.atomic():
        SearchEntry.objects.all().delete()
        SearchTerm.objects.all().delete()
    chars = 0
    started = time.perf_counter()
    pending = []
    bar = tqdm(total=records, unit="rec", file=sys.stderr, desc="index")
    for item in generate(records):
        chars += len(item[1].title) + len(item[1].body)
        pending.append(item)
        if len(pending) >= batch:
            with transaction.atomic():
                write_entries("bench.record", "政策文件", pending)
            bar.update(len(pending))
            pending = []
    if pending:
        with transaction.atomic():
            write_entries("bench.record", "政策文件", pending)
        bar.update(len(pending))
    bar.close()
    seconds = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE search_searchentry")
            cursor.execute("VACUUM ANALYZE search_searchpassage")
    else:
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO zwgk_search_fts(zwgk_search_fts) VALUES ('optimize')")
            cursor.execute("ANALYZE")
    return {
        "records": records,
        "seconds": round(seconds, 1),
        "records_per_s": round(records / seconds, 1),
        "mb_text_per_s": round(chars * 3 / 1e6 / seconds, 2),
    }


def build_baseline() -> float:
    """Unsegmented baseline tables: FTS5 trigram on SQLite; pg_trgm GIN index on PostgreSQL."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TABLE IF EXISTS bench_trigram")
            cursor.execute("CREATE VIRTUAL TABLE bench_trigram USING fts5(title, body, tokenize='trigram')")
            cursor.execute(
                "INSERT INTO bench_trigram(rowid, title, body) SELECT id, title, body FROM search_searchentry"
            )
        else:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            cursor.execute("DROP INDEX IF EXISTS bench_body_trgm")
            cursor.execute(
                "CREATE INDEX bench_body_trgm ON search_searchentry USING gin ((title || ' ' || body) gin_trgm_ops)"
            )
            cursor.execute("ANALYZE search_searchentry")
    return round(time.perf_counter() - started, 1)


def baseline_query(query: str, limit: int = 500) -> list[int]:
    """The plain approach: every whitespace-separated term as a substring (no segmentation, synonyms, t2s)."""
    from django.db import connection

    terms = [t for t in query.split() if t] or [query]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            if all(len(t) >= 3 for t in terms):
                match = " AND ".join('"' + t.replace('"', '""') + '"' for t in terms)
                cursor.execute(
                    "SELECT rowid FROM bench_trigram WHERE bench_trigram MATCH %s ORDER BY bm25(bench_trigram, 10.0, 1.0) LIMIT %s",
                    [match, limit],
                )
            else:
                where = " AND ".join(["(title || ' ' || body) LIKE %s"] * len(terms))
                cursor.execute(
                    f"SELECT rowid FROM bench_trigram WHERE {where} LIMIT %s",
                    [*[f"%{t}%" for t in terms], limit],
                )
        else:
            where = " AND ".join(["(title || ' ' || body) LIKE %s"] * len(terms))
            cursor.execute(
                f"SELECT id FROM search_searchentry WHERE {where} LIMIT %s",
                [*[f"%{t}%" for t in terms], limit],
            )
        return [row[0] for row in cursor.fetchall()]


def time_queries(repeat: int) -> dict[str, object]:
    from django.test import Client
    from django.utils import timezone

    from zwgk.search.backends import Filters, get_backend
    from zwgk.search.dictionary import get_lexicon
    from zwgk.search.query import build_plan
    from zwgk.search.service import search

    backend = get_backend()
    lexicon = get_lexicon()
    client = Client()
    year = timezone.localdate().year
    report: dict[str, object] = {}
    for label, queries in (("two_word", TWO_WORD_QUERIES), ("other", OTHER_QUERIES)):
        raw, service, request, base = [], [], [], []
        hits = []
        for query in queries:
            search(query, log=False)  # warm the lexicon and caches
            client.get("/search/", {"q": query, "nojump": "1"})
            for _ in range(repeat):
                t = time.perf_counter()
                plan = build_plan(query, lexicon.segmenter, lexicon.synonyms)
                if not plan.empty:
                    expr = plan.expression("all")
                    # The engine statements the service runs: facets, best 500, their titles.
                    found = backend.candidates(expr, Filters(), Filters(), 500, year)[1]
                raw.append(time.perf_counter() - t)
                t = time.perf_counter()
                result = search(query, log=False)
                service.append(time.perf_counter() - t)
                t = time.perf_counter()
                response = client.get("/search/", {"q": query, "nojump": "1"})
                request.append(time.perf_counter() - t)
                assert response.status_code == 200, response.status_code
                t = time.perf_counter()
                baseline_query(query)
                base.append(time.perf_counter() - t)
            hits.append(result.total)
        report[label] = {
            "raw_engine": percentiles(raw),
            "search_service": percentiles(service),
            "full_request": percentiles(request),
            "unsegmented_baseline": percentiles(base),
            "median_total_hits": statistics.median(hits),
        }
        del found
    return report


def quality() -> dict[str, object]:
    """nDCG@10 / recall@10 of the segmented engine and of the unsegmented baseline on the relevance set."""
    from django.db import transaction

    from zwgk.search import corpus
    from zwgk.search.indexer import write_entries
    from zwgk.search.models import SearchEntry
    from zwgk.search.relevance import load_jsonl, ndcg_at, recall_at
    from zwgk.search.service import search

    with transaction.atomic():
        SearchEntry.objects.all().delete()
        write_entries("tests.corpus", "政策文件", corpus.all_entries())
    build_baseline()
    keys = dict(SearchEntry.objects.values_list("id", "source_pk"))
    scores: dict[str, list[tuple[float, float]]] = {"segmented": [], "baseline": []}
    for item in load_jsonl("queries.jsonl"):
        relevant = dict(item["relevant"])  # type: ignore[call-overload]
        ranked = [r.entry.source_pk for r in search(str(item["query"]), log=False).results[:10]]
        scores["segmented"].append((ndcg_at(ranked, relevant), recall_at(ranked, relevant)))
        base = [keys[i] for i in baseline_query(str(item["query"]), 10)]
        scores["baseline"].append((ndcg_at(base, relevant), recall_at(base, relevant)))
    return {
        name: {
            "ndcg@10": round(statistics.mean(n for n, _ in values), 3),
            "recall@10": round(statistics.mean(r for _, r in values), 3),
        }
        for name, values in scores.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=10, help="timed runs per query")
    parser.add_argument("--quality", action="store_true", help="relevance of segmented engine vs baseline")
    parser.add_argument("--skip-index", action="store_true", help="reuse the database of an earlier run")
    args = parser.parse_args()
    name = f"zwgk_search_bench_{args.records}" if not args.quality else "zwgk_search_bench_quality"
    setup_django(args.backend, name)
    result: dict[str, object] = {
        "backend": args.backend,
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "cpus": os.cpu_count(),
        "command": " ".join(["bench/search_bench.py", *sys.argv[1:]]),
    }
    if args.quality:
        result["quality"] = quality()
    else:
        if not args.skip_index:
            result["indexing"] = index(args.records)
        result["baseline_build_s"] = build_baseline()
        result["queries"] = time_queries(args.repeat)
    line = json.dumps(result, ensure_ascii=False)
    print(line)
    with (OUT / "results.jsonl").open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")


if __name__ == "__main__":
    main()
