"""Screening benchmark: zwgk.screening versus Microsoft Presidio, same text, same run.

    bench/run_screening_bench.sh            # makes bench/.venv once, then runs this file in it

Speed: MB/s (UTF-8 bytes) over a large mixed corpus — the State Council work reports 1954-2025 and the six
statutes from ../shared/data as the clean bulk, with the labelled documents of tests/data/screening planted
between them (every 20th document). Both screeners get the same documents one by one (spaCy's blank pipeline
refuses texts over 1 M characters, and real uploads are documents anyway).
Accuracy: precision and recall per category on the labelled corpus plus the statutes (as in
tests/test_screening_quality.py), exact span match.

Presidio runs offline with a blank spaCy pipeline (shared/spec/benchmarks.md) and pattern recognizers
equivalent to zwgk's categories: the same regular expressions where possible, the same check digits through
`validate_result`, the agency's published numbers as `allow_list`, the lexicon as a `deny_list`. It has no
equivalent of zwgk's context rules for markings and names, of `id_like`, or of table aggregation.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "data" / "screening"))

from corpus import PUBLISHED_EMAILS, PUBLISHED_NUMBERS, Score, load_corpus, merge, score  # noqa: E402

from zwgk.screening import Screener, checks, default_lexicon  # noqa: E402
from zwgk.screening.names import surnames  # noqa: E402


def bulk_documents() -> list[str]:
    documents: list[str] = []
    reports = SHARED / "gov-work-reports" / "government_work_reports.jsonl"
    for line in reports.read_text(encoding="utf-8").splitlines():
        if line.strip():
            documents.append(json.loads(line)["content"])
    for path in sorted((SHARED / "prc-statutes").glob("*.md")):
        documents.append(path.read_text(encoding="utf-8"))
    return documents


def mixed_corpus(copies: int) -> list[str]:
    labelled = [d.text for d in load_corpus()]
    bulk = bulk_documents()
    mixed: list[str] = []
    planted = iter(labelled * copies)
    for _ in range(copies):
        for index, document in enumerate(bulk):
            # Split long reports into chunks of ~20k characters, a typical attachment.
            for start in range(0, len(document), 20000):
                mixed.append(document[start : start + 20000])
            if index % 2 == 0:
                mixed.extend(next(planted, "") for _ in range(2))
    return [d for d in mixed if d]


# ---------------------------------------------------------------------- Presidio with equivalent recognizers


NO_LEXICON = False


def presidio_engine():  # type: ignore[no-untyped-def]
    import spacy
    from presidio_analyzer import AnalyzerEngine, Pattern, PatternRecognizer, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine

    class BlankEngine(SpacyNlpEngine):
        def __init__(self) -> None:
            self.nlp = {"zh": spacy.blank("xx")}
            self.models = [{"lang_code": "zh", "model_name": "blank"}]
            self.ner_model_configuration = NerModelConfiguration()

        def load(self) -> None:
            pass

        def is_loaded(self) -> bool:
            return True

    class Checked(PatternRecognizer):
        def __init__(self, entity: str, patterns: list[Pattern], check=None, **kwargs) -> None:  # type: ignore[no-untyped-def]
            super().__init__(
                supported_entity=entity,
                supported_language="zh",
                patterns=patterns,
                global_regex_flags=regex.MULTILINE,
                **kwargs,
            )
            self._check = check

        def validate_result(self, pattern_text: str):  # type: ignore[no-untyped-def]
            if self._check is None:
                return None
            compact = regex.sub(r"[\s\-]", "", pattern_text)
            return bool(self._check(compact))

    single, compound = surnames()
    surname = "(?:" + "|".join(sorted(compound)) + "|[" + "".join(sorted(single)) + "])"
    labels = "申请人|患者|病例\\d*|确诊病例|密切接触者|密接者?|户主|受助人|补贴对象|救助对象|当事人|姓名"
    recognizers = [
        Checked(
            "id_card",
            [Pattern("id18", r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])", 0.6)],
            checks.valid_id18,
        ),
        Checked(
            "id_card", [Pattern("id15", r"(?<![0-9A-Za-z])\d{15}(?![0-9A-Za-z])", 0.4)], checks.valid_id15
        ),
        Checked(
            "mobile",
            [
                Pattern(
                    "mobile", r"(?<![0-9A-Za-z])(?:\+86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?![0-9A-Za-z])", 0.5
                )
            ],
            lambda d: checks.valid_mobile(d[-11:]),
        ),
        Checked(
            "landline",
            [
                Pattern("landline", r"(?<![0-9A-Za-z])0\d{2,3}[ -]?[2-8]\d{6,7}(?![0-9A-Za-z])", 0.4),
                Pattern("landline_paren", r"[（(]0\d{2,3}[)）] ?[2-8]\d{6,7}(?!\d)", 0.4),
            ],
        ),
        Checked(
            "bank_card",
            [
                Pattern("card", r"(?<![0-9A-Za-z])\d{16,19}(?![0-9A-Za-z])", 0.3),
                Pattern(
                    "card_grouped", r"(?<![0-9A-Za-z])\d{4}(?: \d{4}){3}(?: \d{1,3})?(?![0-9A-Za-z])", 0.3
                ),
            ],
            checks.valid_bank_card,
        ),
        Checked(
            "uscc",
            [Pattern("uscc", r"(?<![0-9A-Z])[0-9A-HJ-NPQRTUWXY]{18}(?![0-9A-Z])", 0.4)],
            checks.valid_uscc,
        ),
        Checked(
            "email",
            [Pattern("email", r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}", 0.5)],
        ),
        Checked(
            "passport",
            [
                Pattern(
                    "passport",
                    r"(?<![0-9A-Za-z])(?:[EGDSP]\d{8}|E[A-HJ-NP-Z]\d{7}|C\d{8}|C[A-HJ-NP-Z]\d{7}|T\d{8}|[HM]\d{8}(?:\d{2})?)(?![0-9A-Za-z])",
                    0.5,
                )
            ],
        ),
        Checked(
            "plate",
            [
                Pattern(
                    "plate",
                    r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z][·・. ]?(?:[DF][A-HJ-NP-Z0-9]\d{4}|\d{5}[DF]|[A-HJ-NP-Z0-9]{5})(?![0-9A-Za-z])",
                    0.5,
                )
            ],
        ),
        Checked(
            "person_name",
            [
                Pattern(
                    "labelled_name",
                    rf"(?<=(?:{labels})[：:]?){surname}[\u4e00-\u9fff]{{1,2}}(?=[，,（(于在])",
                    0.4,
                )
            ],
        ),
        Checked(
            "classified_mark",
            [
                Pattern("starred", r"(?:绝密|机密|秘密)\s*★\s*(?:\d+年|\d+个月|长期)?", 0.8),
                Pattern(
                    "line",
                    r"^[ \t　]*(?:内部资料[ 　]*注意保存|内部|工作秘密|绝密|机密|秘密|[（(]此件不公开[)）])[ \t　]*$",
                    0.6,
                ),
                Pattern("notice", r"[（(]此件不(?:予)?公开[)）]", 0.8),
            ],
        ),
        # Presidio's deny_list wraps terms in \b…\b, which never matches inside Chinese text (CJK characters
        # are word characters), so the lexicon is given as one alternation pattern instead, longest first.
        Checked(
            "sensitive_term",
            [
                Pattern(
                    "lexicon",
                    "|".join(
                        regex.escape(t)
                        for t in sorted({e.term for e in default_lexicon()}, key=len, reverse=True)
                    ),
                    0.5,
                )
            ],
        ),
    ]
    if NO_LEXICON:
        recognizers = recognizers[:-1]
    registry = RecognizerRegistry(supported_languages=["zh"])
    for recognizer in recognizers:
        registry.add_recognizer(recognizer)
    engine = AnalyzerEngine(registry=registry, nlp_engine=BlankEngine(), supported_languages=["zh"])
    allow = list(PUBLISHED_NUMBERS) + list(PUBLISHED_EMAILS)

    def analyze(text: str) -> list[tuple[str, int, int]]:
        results = engine.analyze(text=text, language="zh", allow_list=allow)
        return [(r.entity_type, r.start, r.end) for r in results]

    return analyze


def zwgk_analyzer():  # type: ignore[no-untyped-def]
    screener = Screener(
        allowed_numbers=PUBLISHED_NUMBERS, allowed_emails=PUBLISHED_EMAILS, lexicon=[] if NO_LEXICON else None
    )

    def analyze(text: str) -> list[tuple[str, int, int]]:
        return [(f.category, f.start, f.end) for f in screener.scan(text)]

    return analyze


def throughput(analyze, documents: list[str], repeats: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    size = sum(len(d.encode("utf-8")) for d in documents) / 1e6
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for document in documents:
            analyze(document)
        times.append(time.perf_counter() - start)
    best = min(times)
    return size / best, statistics.median(times)


def accuracy(analyze) -> dict[str, Score]:  # type: ignore[no-untyped-def]
    documents = load_corpus()
    extra = [p.read_text(encoding="utf-8") for p in sorted((SHARED / "prc-statutes").glob("*.md"))]
    total: dict[str, Score] = {}
    for document in documents:
        merge(total, score(document.gold, analyze(document.text)))
    for text in extra:
        merge(total, score([], analyze(text)))
    return total


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=2, help="how many times the bulk corpus is repeated")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", default=str(ROOT / "bench" / "out" / "screening.json"))
    parser.add_argument("--no-lexicon", action="store_true", help="both without the sensitive-term lexicon")
    args = parser.parse_args()
    global NO_LEXICON
    NO_LEXICON = args.no_lexicon
    documents = mixed_corpus(args.copies)
    size_mb = sum(len(d.encode("utf-8")) for d in documents) / 1e6
    print(
        f"mixed corpus: {len(documents)} documents, {size_mb:.1f} MB UTF-8, {sum(map(len, documents)) / 1e6:.2f} M chars"
    )
    result: dict[str, object] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.processor() or platform.machine()}, python {platform.python_version()}",
        "corpus_mb": round(size_mb, 2),
        "documents": len(documents),
    }
    for name, factory in (("zwgk", zwgk_analyzer), ("presidio", presidio_engine)):
        analyze = factory()
        analyze("预热 warm-up 13812345678")
        best, median = throughput(analyze, documents, args.repeats)
        scores = accuracy(analyze)
        tp = sum(s.tp for s in scores.values())
        fp = sum(s.fp for s in scores.values())
        fn = sum(s.fn for s in scores.values())
        overall = Score(tp, fp, fn)
        result[name] = {
            "mb_per_s_best": round(best, 2),
            "mb_per_s_median_run": round(size_mb / median, 2),
            "precision": round(overall.precision, 3),
            "recall": round(overall.recall, 3),
            "per_category": {
                c: {
                    "precision": round(s.precision, 3),
                    "recall": round(s.recall, 3),
                    "tp": s.tp,
                    "fp": s.fp,
                    "fn": s.fn,
                }
                for c, s in sorted(scores.items())
            },
        }
        print(
            f"{name:9s} {best:7.2f} MB/s (best of {args.repeats})  precision {overall.precision:.3f}  recall {overall.recall:.3f}"
        )
    zwgk_r, presidio_r = result["zwgk"], result["presidio"]
    assert isinstance(zwgk_r, dict) and isinstance(presidio_r, dict)
    print(f"speed ratio zwgk / presidio: {zwgk_r['mb_per_s_best'] / presidio_r['mb_per_s_best']:.1f}x")
    categories = sorted(set(zwgk_r["per_category"]) | set(presidio_r["per_category"]))
    print(f"{'category':<16}{'zwgk P':>8}{'zwgk R':>8}{'presidio P':>12}{'presidio R':>12}")
    for category in categories:
        z = zwgk_r["per_category"].get(category)
        p = presidio_r["per_category"].get(category)
        cells = [
            f"{z['precision']:.3f}" if z else "—",
            f"{z['recall']:.3f}" if z else "—",
            f"{p['precision']:.3f}" if p and (p["tp"] + p["fp"]) else "—",
            f"{p['recall']:.3f}" if p else "0.000",
        ]
        print(f"{category:<16}{cells[0]:>8}{cells[1]:>8}{cells[2]:>12}{cells[3]:>12}")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"written {out}")


if __name__ == "__main__":
    main()
