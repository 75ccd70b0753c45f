"""规范表述 check benchmark: the cost the wording list adds to the 保密审查 screening, in the same run.

    .venv/bin/python bench/wording_bench.py [--repeats 3]

Corpus: the State Council work reports 1954-2025 (../shared/data/gov-work-reports), one document at a time.
Peers, each timed over the same documents in the same run, alternating:
  A. `Screener()` — the screening as it was (lexicon, identifiers, names), no wording list;
  B. `Screener(wording=default_wording())` — the same plus the shipped 规范表述 list (one Aho-Corasick automaton);
  C. the wording check alone (`WordingIndex.scan`);
  D. a naive peer for C: `str.find` of every wrong form over the text (what a hand-written check would do).
Reported: MB/s (UTF-8) per peer, B/A overhead, C/D speed ratio, and the hits per kind (the reports before 2018
name the bodies of their time, so hits there are expected, not errors).
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from zwgk.screening import Screener, default_wording  # noqa: E402
from zwgk.screening.wording import WordingIndex  # noqa: E402

REPORTS = ROOT.parent / "shared" / "data" / "gov-work-reports" / "government_work_reports.jsonl"


def documents() -> list[str]:
    out = []
    for line in REPORTS.read_text(encoding="utf-8").splitlines():
        if line.strip():
            out.append(json.loads(line)["content"])
    return out


def naive(text: str, wrongs: list[str]) -> int:
    hits = 0
    for wrong in wrongs:
        start = text.find(wrong)
        while start != -1:
            hits += 1
            start = text.find(wrong, start + 1)
    return hits


def timed(fn, docs: list[str]) -> float:
    began = time.perf_counter()
    for doc in docs:
        fn(doc)
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    docs = documents()
    megabytes = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    entries = default_wording()
    plain = Screener()
    with_wording = Screener(wording=entries)
    index = WordingIndex(entries)
    wrongs = [e.wrong for e in entries]
    peers = {
        "A screening without wording": plain.scan,
        "B screening with wording": with_wording.scan,
        "C wording check alone": index.scan,
        "D naive str.find peer": lambda t: naive(t, wrongs),
    }
    times: dict[str, list[float]] = {name: [] for name in peers}
    for _ in range(args.repeats):
        for name, fn in peers.items():
            times[name].append(timed(fn, docs))
    best = {name: min(values) for name, values in times.items()}
    kinds: Counter[str] = Counter()
    by_wrong = {e.wrong: e.kind for e in entries}
    for doc in docs:
        for finding in index.scan(doc):
            kinds[by_wrong[finding.text]] += 1
    print(
        f"# {datetime.now(UTC):%Y-%m-%d} {platform.processor() or platform.machine()}, {len(docs)} documents, {megabytes:.1f} MB, best of {args.repeats}"
    )
    for name, seconds in best.items():
        print(f"{name:32s} {seconds:7.3f} s  {megabytes / seconds:7.2f} MB/s")
    print(f"overhead B/A: {best['B screening with wording'] / best['A screening without wording']:.3f}")
    print(
        f"wording check C vs naive D: {best['D naive str.find peer'] / best['C wording check alone']:.1f}x faster"
    )
    print("hits by kind:", dict(kinds.most_common()))


if __name__ == "__main__":
    main()
