"""Start-up of the query commands (issue 15 item 6): wall time of `zwgk search` and `zwgk ask` from process start
to exit, against a peer measured in the same run — a bare Django 5.2 command that sets up two contrib apps and
reads one row from SQLite (the floor of any Django command that answers from a database).

    python bench/cli_startup.py --data-dir /tmp/zwgk-demo [--runs 7]

The data directory must hold a migrated database with the demo (`ZWGK_DATA_DIR=… zwgk migrate && zwgk demo load`);
with `--build` the script makes it first. Prints min and median wall time per command and the ratio to the peer.
Run it on an otherwise idle machine: every figure is one process start.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ZWGK = [sys.executable, "-m", "zwgk.cli"]

PEER = """
import sys
from django.conf import settings
settings.configure(
    INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth"],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": sys.argv[1]}},
    USE_TZ=True,
)
import django
django.setup()
from django.contrib.contenttypes.models import ContentType
print(ContentType.objects.order_by("pk").values_list("model", flat=True).first())
"""

COMMANDS: dict[str, list[str]] = {
    "zwgk search 社保 --limit 1": [*ZWGK, "search", "社保", "--limit", "1"],
    "zwgk search 津东人社发〔2021〕15号 (no such 文号)": [*ZWGK, "search", "津东人社发〔2021〕15号"],
    "zwgk ask 灵活就业人员怎么交社保 (answered)": [*ZWGK, "ask", "灵活就业人员怎么交社保"],
    "zwgk ask 养狗登记怎么办理 (not answered: channels)": [*ZWGK, "ask", "养狗登记怎么办理"],
    "zwgk --help": [*ZWGK, "--help"],
}


def wall(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=ROOT)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr[-2000:]}")
    return elapsed


def build(data_dir: Path, env: dict[str, str]) -> None:
    for step in (["migrate", "-v0"], ["demo", "load"]):
        print(f"… zwgk {' '.join(step)} in {data_dir}", flush=True)
        subprocess.run([*ZWGK, *step], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--build", action="store_true", help="migrate and load the demo into --data-dir first"
    )
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZWGK_")}
    env.update({"ZWGK_DATA_DIR": str(args.data_dir), "ZWGK_DEBUG": "1"})
    if args.build:
        build(args.data_dir, env)
    if not (args.data_dir / "zwgk.sqlite3").exists():
        raise SystemExit(f"no database in {args.data_dir}: run with --build")
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "zwgk")], check=True)  # as installed

    with tempfile.TemporaryDirectory() as tmp:
        peer_db = Path(tmp) / "peer.sqlite3"
        setup = PEER.replace(
            "print(ContentType",
            "from django.core.management import call_command\n"
            "call_command('migrate', verbosity=0)\nprint(ContentType",
        )
        subprocess.run([sys.executable, "-c", setup, str(peer_db)], check=True, capture_output=True)
        peer = [sys.executable, "-c", PEER, str(peer_db)]
        rows = {"peer: bare Django command reading SQLite": peer, **COMMANDS}
        results: dict[str, list[float]] = {name: [] for name in rows}
        for run in range(args.runs):  # interleaved, so a burst of load hits every command alike
            print(f"… round {run + 1}/{args.runs}", flush=True)
            for name, cmd in rows.items():
                results[name].append(wall(cmd, env))
    peer_median = statistics.median(results["peer: bare Django command reading SQLite"])
    print(f"\n{'command':58} {'min':>7} {'median':>7} {'× peer':>7}")
    for name, times in results.items():
        median = statistics.median(times)
        print(f"{name:58} {min(times):6.2f}s {median:6.2f}s {median / peer_median:6.1f}×")


if __name__ == "__main__":
    main()
