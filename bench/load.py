"""Load test of the public site: N concurrent keep-alive connections for D seconds against a running zwgk
(`zwgk serve`), loopback only. Issue 23, item 11; figures go to docs/performance.md.

    python bench/load.py --url http://127.0.0.1:8105 [--connections 200] [--duration 60] [--engine wrk|python]

Paths: the public home page, the 政府信息公开 column, a search, a record list, and a peer measured in the same run
— /healthz (a page that does one SELECT 1, no template): the ratio page/peer is what to compare across machines.
With wrk installed each path gets its own wrk run of the same shape (connections × duration / number of paths);
the pure-Python engine (asyncio, HTTP/1.1 keep-alive) needs nothing installed but costs client CPU itself.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

PATHS = ["/", "/xxgk/", "/search/?q=%E6%94%BF%E5%8A%A1%E5%85%AC%E5%BC%80", "/xxgk/policies/", "/healthz"]


@dataclass
class Stats:
    path: str
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: int = 0
    seconds: float = 0.0

    def row(self) -> dict[str, object]:
        ordered = sorted(self.latencies)

        def pct(p: float) -> float:
            return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000, 1) if ordered else 0.0

        return {
            "path": self.path,
            "requests": len(ordered),
            "rps": round(len(ordered) / self.seconds, 1) if self.seconds else 0.0,
            "p50_ms": pct(0.50),
            "p90_ms": pct(0.90),
            "p99_ms": pct(0.99),
            "mean_ms": round(statistics.fmean(ordered) * 1000, 1) if ordered else 0.0,
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "errors": self.errors,
        }


def loopback_only(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    host = parts.hostname or ""
    address = ipaddress.ip_address(socket.gethostbyname(host))
    if not address.is_loopback:
        raise SystemExit(f"只允许压测本机回环地址 / loopback only, got {host} ({address})")
    return host, parts.port or 80


async def _connection(host: str, port: int, path: str, deadline: float, stats: Stats) -> None:
    request = f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUser-Agent: zwgk-bench\r\n\r\n".encode()
    reader = writer = None
    while time.monotonic() < deadline:
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            assert reader is not None
            started = time.monotonic()
            writer.write(request)
            await writer.drain()
            status_line = await reader.readline()
            if not status_line:
                raise ConnectionError("closed")
            status = int(status_line.split()[1])
            length, close = 0, False
            while (line := await reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("latin-1").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
                elif name.lower() == "connection" and "close" in value.lower():
                    close = True
            await reader.readexactly(length)
            stats.latencies.append(time.monotonic() - started)
            stats.statuses[status] = stats.statuses.get(status, 0) + 1
            if close:
                writer.close()
                writer = None
        except (OSError, ConnectionError, asyncio.IncompleteReadError, ValueError, IndexError):
            stats.errors += 1
            if writer is not None:
                writer.close()
            writer = None
            await asyncio.sleep(0.05)
    if writer is not None:
        writer.close()


async def _python_engine(host: str, port: int, connections: int, duration: float) -> list[Stats]:
    all_stats = [Stats(path) for path in PATHS]
    deadline = time.monotonic() + duration
    started = time.monotonic()
    await asyncio.gather(
        *(
            _connection(host, port, PATHS[i % len(PATHS)], deadline, all_stats[i % len(PATHS)])
            for i in range(connections)
        )
    )
    for stats in all_stats:
        stats.seconds = time.monotonic() - started
    return all_stats


_WRK_LINE = re.compile(r"Requests/sec:\s+([\d.]+)")


def _wrk_engine(url: str, connections: int, duration: float) -> list[dict[str, object]]:
    rows = []
    per_path = max(1, int(duration / len(PATHS)))
    for path in PATHS:
        out = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{connections}",
                f"-d{per_path}s",
                "--timeout",
                "10s",
                "--latency",
                url.rstrip("/") + path,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        latency = dict(re.findall(r"^\s+(50|90|99)%\s+([\d.]+\w+)", out, re.MULTILINE))
        non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
        errors = re.search(r"Socket errors:.*", out)
        total = re.search(r"(\d+) requests in", out)
        rows.append(
            {
                "path": path,
                "requests": int(total.group(1)) if total else 0,
                "rps": float(_WRK_LINE.search(out).group(1)) if _WRK_LINE.search(out) else 0.0,
                "p50": latency.get("50"),
                "p90": latency.get("90"),
                "p99": latency.get("99"),
                "non_2xx_3xx": int(non2xx.group(1)) if non2xx else 0,
                "socket_errors": errors.group(0) if errors else "",
                "seconds": per_path,
            }
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8105")
    parser.add_argument("--connections", type=int, default=200)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument(
        "--engine", choices=["wrk", "python"], default="wrk" if shutil.which("wrk") else "python"
    )
    args = parser.parse_args(argv)
    host, port = loopback_only(args.url)
    print(f"engine={args.engine} connections={args.connections} duration={args.duration}s url={args.url}")
    if args.engine == "wrk":
        rows = _wrk_engine(args.url, args.connections, args.duration)
    else:
        rows = [s.row() for s in asyncio.run(_python_engine(host, port, args.connections, args.duration))]
    peer = next((r for r in rows if r["path"] == "/healthz"), None)
    for row in rows:
        if peer and peer["rps"]:
            row["ratio_to_healthz"] = round(float(row["rps"]) / float(peer["rps"]), 3)  # type: ignore[arg-type]
        print(json.dumps(row, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
