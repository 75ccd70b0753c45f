"""`zwgk sitecheck [--json] [--links] [--strict]`: the self-check against the national website inspection.

--json prints exactly {"checked_at", "vetoes": [{"rule", "ok", "detail"}], "deductions": [{"rule", "points",
"detail"}], "links": {"checked", "broken": [{"url", "page", "status"}]}, "columns": [{"column", "last_update",
"status"}]}. Each run is kept for the trend on the workspace page.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from zwgk.sitehealth import actions
from zwgk.sitehealth.models import CrawlKind
from zwgk.sitehealth.selfcheck import evaluate


class Command(BaseCommand):
    help = "网站自查（国办秘函〔2019〕19号指标） / self-check against the national website inspection"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="machine-readable output")
        parser.add_argument("--links", action="store_true", help="run the internal link check first")
        parser.add_argument("--strict", action="store_true", help="exit 1 when the estimate is 不合格")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["links"]:
            actions.run_link_check(CrawlKind.INTERNAL)
        evaluation = evaluate()
        actions.run_selfcheck(evaluation=evaluation)
        if options["json"]:
            self.stdout.write(json.dumps(evaluation.as_json(), ensure_ascii=False, indent=2))
        else:
            at = timezone.localtime(evaluation.checked_at)
            self.stdout.write(
                f"网站自查 {at:%Y-%m-%d %H:%M}：{evaluation.verdict}，估算得分 {evaluation.score}"
            )
            self.stdout.write("单项否决：")
            for v in evaluation.vetoes:
                self.stdout.write(f"  [{'通过' if v.ok else '否决'}] {v.rule}：{v.detail}")
            self.stdout.write("扣分：" + ("无" if not evaluation.deductions else ""))
            for d in evaluation.deductions:
                self.stdout.write(f"  -{d.points:g} {d.rule}：{d.detail}")
            self.stdout.write(f"链接：已检查 {evaluation.links_checked} 个，问题 {len(evaluation.broken)} 个")
            for b in evaluation.broken[:50]:
                self.stdout.write(f"  {b['status']}  {b['url']}  （页面 {b['page']}）")
        if options["strict"] and any(not v.ok for v in evaluation.vetoes):
            sys.exit(1)
