"""`zwgk fee count --nth N [--json]` and `zwgk fee pages --pages P [--json]`: 信息处理费 per 国办函〔2020〕109号."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from zwgk.applications import fees


class Command(BaseCommand):
    help = "信息处理费 / information processing fee (109号)"

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="method", required=True)
        count = sub.add_parser(
            "count", help="按件计收：本自然月第 N 件 / per application: the N-th of the month"
        )
        count.add_argument("--nth", required=True)
        count.add_argument("--json", action="store_true")
        pages = sub.add_parser("pages", help="按量计收：页数 / per volume: number of pages")
        pages.add_argument("--pages", required=True)
        pages.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        raw = options["nth"] if options["method"] == "count" else options["pages"]
        try:
            value = int(raw)
            quote = fees.quote_count(value) if options["method"] == "count" else fees.quote_pages(value)
        except (ValueError, fees.FeeError):
            what = "件次 --nth 应为正整数" if options["method"] == "count" else "页数 --pages 应为非负整数"
            self.stderr.write(f"{what}，实际为 {raw!r} / invalid number {raw!r}")
            raise SystemExit(2) from None
        if options["json"]:
            self.stdout.write(json.dumps(quote.as_json(), ensure_ascii=False))
            return
        self.stdout.write(f"{quote.method_label}：{quote.fee_yuan} 元 / fee {quote.fee_yuan} yuan")
        self.stdout.write(f"  {quote.standard}")
        self.stdout.write(f"  依据：{fees.BASIS}")
