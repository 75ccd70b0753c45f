"""`zwgk search-index rebuild|status|sync` — maintain the search index.

rebuild  re-read every registered source's public objects and replace the index (progress bar on stderr);
status   counts per kind and the time of the last rebuild;
sync     remove entries whose object is no longer public and add missing ones (what the nightly job does).
"""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from tqdm import tqdm

from zwgk.search.indexer import rebuild, reconcile
from zwgk.search.models import IndexStatus, SearchEntry
from zwgk.search.registry import sources


class Command(BaseCommand):
    help = "检索索引维护 / search index maintenance: rebuild | status | sync"

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("rebuild", help="重建全部索引 / rebuild the whole index")
        sub.add_parser("status", help="索引状态 / index status")
        sub.add_parser("sync", help="对账：删除不再公开的、补充缺少的 / reconcile with the public objects")

    def handle(self, *args: Any, **options: Any) -> None:
        command = options["subcommand"]
        if command == "rebuild":
            self._rebuild()
        elif command == "status":
            self._status()
        elif command == "sync":
            result = reconcile()
            self.stdout.write(
                f"已删除 {result['removed']} 条，已补充 {result['added']} 条 / removed {result['removed']}, added {result['added']}"
            )
        else:  # pragma: no cover - argparse enforces the choices
            raise CommandError("未知子命令 / unknown subcommand")

    def _rebuild(self) -> None:
        bars: dict[str, tqdm] = {}

        def progress(done: int, total: int, label: str) -> None:
            bar = bars.get(label)
            if bar is None:
                bar = bars[label] = tqdm(total=total, desc=label, unit="件", file=sys.stderr, leave=True)
            bar.update(done - bar.n)

        counts = rebuild(progress)
        for bar in bars.values():
            bar.close()
        if not sources():
            self.stdout.write("没有登记的索引来源 / no registered sources")
        for label, count in counts.items():
            self.stdout.write(f"{label}: {count} 条 / entries")
        self.stdout.write(
            f"索引已重建，共 {sum(counts.values())} 条 / index rebuilt: {sum(counts.values())} entries"
        )

    def _status(self) -> None:
        status = IndexStatus.objects.filter(name="main").first()
        when = status.rebuilt_at.isoformat(timespec="seconds") if status and status.rebuilt_at else "—"
        self.stdout.write(f"最近重建 / last rebuild: {when}")
        for row in SearchEntry.objects.values("kind").annotate(n=Count("id")).order_by("-n"):
            self.stdout.write(f"  {row['kind']}: {row['n']}")
        self.stdout.write(f"来源 / sources: {', '.join(s.label for s in sources()) or '—'}")
