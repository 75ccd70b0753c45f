"""Serving benchmark of issue 22: every figure as a ratio to a peer measured in the same run.

Starts on loopback: `zwgk serve` (gunicorn as the command starts it), a bare Django project under the same
gunicorn flags (bench/bare_django.py, returning the record page's bytes), Debian's nginx with the shipped
micro-cache (deploy/nginx/) in front of zwgk and serving a static file of the same size. Then, alternating peer and
page for ROUNDS rounds, `wrk -t1 -cC -dDs` on each; and the time from start to the first 200 for `zwgk serve`
and for the bare project (same gunicorn flags).

    ZWGK_DATA_DIR=… python bench/serving.py [--seconds 3] [--rounds 3] [--connections 4] [--workers 2]

The data directory must hold a migrated database with published records (bench/documents_build.py, or
`zwgk demo load`). Prints one JSON line per measurement and a Markdown table of medians and ratios. Keep runs short
on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import stack as st

BENCH = Path(__file__).resolve().parent
LUA = BENCH / "wrk_report.lua"


def wrk(
    url: str, seconds: float, connections: int, template: str = "", id_range: tuple[int, int] = (0, 0)
) -> dict:
    env = dict(os.environ)
    if template:
        env.update(
            {"ZWGK_PATH_TEMPLATE": template, "ZWGK_ID_MIN": str(id_range[0]), "ZWGK_ID_MAX": str(id_range[1])}
        )
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(LUA), url],
        capture_output=True,
        text=True,
        env=env,
        timeout=seconds + 30,
    ).stdout
    line = [x for x in out.splitlines() if x.startswith("{")]
    return json.loads(line[-1]) if line else {"rps": 0.0, "p50_ms": 0.0, "non_2xx": -1}


def first_200(stack: st.Stack, name: str, command: list[str], env: dict[str, str], url: str) -> float:
    start = time.monotonic()
    proc = stack.start(name, command, env)
    try:
        st.wait_ready(url, proc, timeout=180)
        return time.monotonic() - start
    finally:
        proc.stop()
        stack.procs.remove(proc)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-cold", action="store_true")
    parser.add_argument("--only-cold", action="store_true", help="only the time to the first 200")
    args = parser.parse_args()
    data_dir = Path(os.environ["ZWGK_DATA_DIR"])
    work = Path(os.environ.get("BENCH_WORKDIR") or tempfile.mkdtemp(prefix="zwgk-bench-serving-"))
    work.mkdir(parents=True, exist_ok=True)
    env = st.app_env(data_dir, ZWGK_PUBLIC_CACHE_SECONDS="300")
    gunicorn_flags = ["--workers", str(args.workers), "--threads", "4", "--preload", "--timeout", "120"]
    stack = st.Stack(work)
    results: list[dict] = []
    try:
        app_port, bare_port, web_port = st.free_port(), st.free_port(), st.free_port()
        cold: dict[str, list[float]] = {"zwgk": [], "bare": []}
        page_file = work / "page.html"
        serve = st.start_serve(stack, env, app_port, workers=args.workers)
        st.wait_ready(f"http://127.0.0.1:{app_port}/xxgk/", serve, timeout=180)
        app = f"http://127.0.0.1:{app_port}"
        listing = json.loads(st.get(app + "/api/v1/records/?page_size=1")[2])
        total = listing["count"]
        top = listing["results"][0]["id"]
        detail = f"/xxgk/records/{top}/"
        status, _, body = st.get(app + detail)
        assert status == 200
        page_file.write_bytes(body)
        (work / "bench-static.html").write_bytes(body)
        bare_env = {**os.environ, "BARE_PAGE": str(page_file)}
        bare_cmd = [sys.executable, "-m", "gunicorn", "--chdir", str(BENCH), "bare_django:application",
                    "--bind", f"127.0.0.1:{bare_port}", *gunicorn_flags]  # fmt: skip
        bare = stack.start("bare", bare_cmd, bare_env)
        st.wait_ready(f"http://127.0.0.1:{bare_port}/", bare)
        conf = st.nginx_conf(
            work, port=web_port, upstreams=[app_port], static_root=st.REPO / "zwgk/core/static", workers=1
        )
        st.start_nginx(stack, conf)
        web = f"http://127.0.0.1:{web_port}"
        st.wait_ready(web + "/bench-static.html", stack.procs[-1])
        low = max(1, top - total + 1)  # bench/documents_build.py numbers its records consecutively
        scenarios = [
            ("bare Django view, same bytes (peer)", f"http://127.0.0.1:{bare_port}/", "", (0, 0)),
            ("nginx static file, same bytes (peer)", web + "/bench-static.html", "", (0, 0)),
            ("record page through the shipped nginx (micro-cache hit)", web + detail, "", (0, 0)),
            ("record page, Django page cache hit", app + detail, "", (0, 0)),
            (
                "record page, uncached (random of all)",
                app + "/",
                "/xxgk/records/{id}/?nocache={id}",
                (low, top),
            ),
            ("/xxgk/ column home, page-cache miss", app + "/", "/xxgk/?r={id}", (1, 10**9)),
            ("/xxgk/statutory/, page-cache miss", app + "/", "/xxgk/statutory/?r={id}", (1, 10**9)),
            ("/xxgk/policies/, page-cache miss", app + "/", "/xxgk/policies/?r={id}", (1, 10**9)),
            ("/api/v1/records/, page-cache miss", app + "/", "/api/v1/records/?r={id}", (1, 10**9)),
            ("home /, page-cache miss", app + "/", "/?r={id}", (1, 10**9)),
        ]
        for round_no in range(1, 0 if args.only_cold else args.rounds + 1):
            for name, url, template, id_range in scenarios:
                st.get(url if not template else url.rstrip("/") + template.replace("{id}", "1"))
                figure = wrk(url, args.seconds, args.connections, template, id_range)
                figure.update({"round": round_no, "scenario": name})
                results.append(figure)
                print(json.dumps(figure, ensure_ascii=False), flush=True)
        if not args.skip_cold:
            stack.stop()
            for _ in range(args.rounds):
                port = st.free_port()
                cold["zwgk"].append(first_200(stack, "cold-zwgk", [str(st.VENV_BIN / "zwgk"), "serve", "--bind",
                                    f"127.0.0.1:{port}", "--workers", str(args.workers), "--no-worker"], env,
                                    f"http://127.0.0.1:{port}/xxgk/"))  # fmt: skip
                port = st.free_port()
                cold["bare"].append(first_200(stack, "cold-bare", [*bare_cmd[:-len(gunicorn_flags) - 2],
                                    "--bind", f"127.0.0.1:{port}", *gunicorn_flags], bare_env,
                                    f"http://127.0.0.1:{port}/"))  # fmt: skip
            print(json.dumps({"cold_start_seconds": cold}), flush=True)
    finally:
        stack.stop()
    report(results, cold if not args.skip_cold else None, total)


def report(results: list[dict], cold: dict[str, list[float]] | None, total: int) -> None:
    by: dict[str, list[dict]] = {}
    for r in results:
        by.setdefault(r["scenario"], []).append(r)
    if not by:
        if cold:
            z, b = statistics.median(cold["zwgk"]), statistics.median(cold["bare"])
            print(f"first 200 after start: zwgk serve {z:.2f} s, bare Django {b:.2f} s: {z / b:.2f}×")
        return
    bare = statistics.median(r["rps"] for r in by["bare Django view, same bytes (peer)"])
    static = statistics.median(r["rps"] for r in by["nginx static file, same bytes (peer)"])
    bare_p50 = statistics.median(r["p50_ms"] for r in by["bare Django view, same bytes (peer)"])
    print(f"\n{total} public records\n")
    print("| page | req/s ÷ bare Django | req/s ÷ nginx static | p50 ÷ bare Django | non-2xx |")
    print("|---|---:|---:|---:|---:|")
    for name, rows in by.items():
        rps = statistics.median(r["rps"] for r in rows)
        p50 = statistics.median(r["p50_ms"] for r in rows)
        bad = sum(r.get("non_2xx", 0) for r in rows)
        print(f"| {name} | {rps / bare:.3f}× | {rps / static:.3f}× | {p50 / bare_p50:.1f}× | {bad} |")
    if cold:
        z, b = statistics.median(cold["zwgk"]), statistics.median(cold["bare"])
        print(
            f"\nfirst 200 after start: zwgk serve {z:.2f} s, bare Django {b:.2f} s under the same gunicorn: {z / b:.2f}×"
        )


if __name__ == "__main__":
    main()
