"""Two application nodes as one (issue 22 item 6): two `zwgk serve` nodes on two loopback ports, one PostgreSQL,
one Redis, behind one nginx (the shipped snippets). Measures the uncached record page through nginx with one
node and with both (ratio), and counts, per minute, the periodic tasks each node's scheduler enqueued — each
task must be enqueued once across the nodes (zwgk.core.scheduling).

    ZWGK_DATABASE_URL=postgres://… ZWGK_REDIS_URL=redis://127.0.0.1:6379/13 ZWGK_DATA_DIR=… \\
        python bench/two_nodes.py [--seconds 3] [--rounds 3] [--watch 70]

The database must be migrated and hold published records (bench/documents_build.py). Both nodes run on this
machine, so on 2 shared cores the throughput ratio shows the mechanics, not a second machine's capacity.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import stack as st
from serving import wrk

ENQUEUED = re.compile(r"^\[?(\d{4}-\d\d-\d\d \d\d:\d\d):\d\d.*Enqueueing periodic task (\S+)", re.M)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--watch", type=int, default=70, help="seconds to watch the schedulers")
    args = parser.parse_args()
    for name in ("ZWGK_DATABASE_URL", "ZWGK_REDIS_URL", "ZWGK_DATA_DIR"):
        if not os.environ.get(name):
            raise SystemExit(f"{name} must be set")
    work = Path(tempfile.mkdtemp(prefix="zwgk-bench-two-nodes-"))
    stack = st.Stack(work)
    try:
        ports = [st.free_port(), st.free_port()]
        nodes = []
        for index, port in enumerate(ports):
            env = st.app_env(
                Path(os.environ["ZWGK_DATA_DIR"]) / f"node{index}",
                ZWGK_DATABASE_URL=os.environ["ZWGK_DATABASE_URL"],
                ZWGK_REDIS_URL=os.environ["ZWGK_REDIS_URL"],
                ZWGK_TASK_LOG_LEVEL="INFO",
                ZWGK_LOG_LEVEL="INFO",
            )
            nodes.append(st.start_serve(stack, env, port, workers=2, name=f"node{index}", worker=True))
        for node, port in zip(nodes, ports, strict=True):
            st.wait_ready(f"http://127.0.0.1:{port}/xxgk/", node, timeout=300)
        one, both = st.free_port(), st.free_port()
        for port, upstreams in ((one, ports[:1]), (both, ports)):
            sub = work / f"nginx-{port}"
            sub.mkdir()
            conf = st.nginx_conf(
                sub, port=port, upstreams=upstreams, static_root=st.REPO / "zwgk/core/static"
            )
            proc = st.start_nginx(stack, conf)
            st.wait_ready(f"http://127.0.0.1:{port}/static/zwgk/css/zwgk.css", proc)
        listing = json.loads(st.get(f"http://127.0.0.1:{ports[0]}/api/v1/records/?page_size=1")[2])
        top, total = listing["results"][0]["id"], listing["count"]
        ids = (max(1, top - total + 1), top)
        template = "/xxgk/records/{id}/?nocache={id}"
        figures: dict[str, list[float]] = {"one node": [], "two nodes": []}
        started = time.monotonic()
        for _ in range(args.rounds):
            for label, port in (("one node", one), ("two nodes", both)):
                result = wrk(f"http://127.0.0.1:{port}/", args.seconds, args.connections, template, ids)
                figures[label].append(result["rps"])
                print(json.dumps({"scenario": label, **result}), flush=True)
        remaining = args.watch - (time.monotonic() - started)
        if remaining > 0:
            time.sleep(remaining)
    finally:
        stack.stop()
    per_minute: Counter[tuple[str, str]] = Counter()
    by_node: Counter[str] = Counter()
    for index in range(2):
        text = (work / f"node{index}.log").read_text(errors="replace")
        for minute, task in ENQUEUED.findall(text):
            per_minute[(minute, task)] += 1
            by_node[f"node{index}"] += 1
    one_rps = statistics.median(figures["one node"])
    two_rps = statistics.median(figures["two nodes"])
    print(f"\nuncached record page through nginx: one node {one_rps:.1f} req/s, two nodes {two_rps:.1f} req/s: "
          f"{two_rps / one_rps:.2f}×")  # fmt: skip
    print(f"periodic tasks enqueued by node: {dict(by_node)}")
    twice = {k: n for k, n in per_minute.items() if n > 1}
    print(f"(minute, task) pairs enqueued: {len(per_minute)}; enqueued more than once: {len(twice)} {twice}")


if __name__ == "__main__":
    main()
