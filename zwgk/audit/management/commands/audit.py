"""`zwgk audit verify` — check the hash chain of the audit log; exit 1 on a break."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from zwgk.audit import anchor
from zwgk.audit.models import AuditEvent
from zwgk.audit.verify import iter_breaks


class Command(BaseCommand):
    help = "工作痕迹（审计日志）工具 / audit log tools: verify"

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("verify", help="校验哈希链 / verify the hash chain")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] != "verify":
            raise CommandError("未知子命令 / unknown subcommand")
        total = AuditEvent.objects.count()
        bar = tqdm(total=total, desc="校验 verify", unit="条", file=sys.stderr, disable=total < 1000)
        breaks = list(iter_breaks(progress=bar.update))
        bar.close()
        try:
            truncation = anchor.check(anchor.read())
        except anchor.AnchorError as exc:
            truncation = [(exc.zh, exc.en)]
        for zh, en in truncation:
            self.stderr.write(f"{zh} / {en}")
        if not truncation and anchor.read_or_none() is None and total:
            self.stderr.write(
                f"未找到链头锚点文件 {anchor.anchor_path()}，无法检查末尾截断（新事件写入后自动生成） / "
                "no chain anchor file yet: tail truncation cannot be checked until the next event"
            )
        if breaks or truncation:
            for item in breaks:
                self.stderr.write(
                    f"记录 #{item.event_id}：{item.reason} / chain broken at event #{item.event_id}"
                )
            self.stderr.write(
                f"哈希链校验失败：{len(breaks)} 处断裂，{len(truncation)} 处末尾截断 / "
                f"verification FAILED: {len(breaks)} break(s), {len(truncation)} truncation problem(s)"
            )
            raise SystemExit(1)
        self.stdout.write(f"哈希链完整：共 {total} 条记录 / chain intact: {total} events")
