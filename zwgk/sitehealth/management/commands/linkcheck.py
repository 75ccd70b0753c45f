"""`zwgk linkcheck --internal | --external` and `zwgk linkcheck --probe`: one link-check run or one availability
probe round now (the worker runs them on their schedules)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zwgk.sitehealth import actions, services
from zwgk.sitehealth.models import CrawlKind


class Command(BaseCommand):
    help = "链接检查与可用性监测 / link check and availability probe"

    def add_arguments(self, parser: CommandParser) -> None:
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--internal", action="store_true", help="站内链接（页面、图片、附件）")
        group.add_argument("--external", action="store_true", help="外部链接")
        group.add_argument("--probe", action="store_true", help="一轮可用性监测")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["probe"]:
            rows = services.probe()
            for p in rows:
                self.stdout.write(f"{'正常' if p.ok else '失败'} {p.ms} ms {p.url} {p.error}")
            return
        kind = CrawlKind.INTERNAL if options["internal"] else CrawlKind.EXTERNAL
        try:
            run = actions.run_link_check(kind)
        except OSError as exc:
            raise CommandError(f"检查未能完成：{exc} / the check failed: {exc}") from None
        self.stdout.write(
            f"{run.get_kind_display()}检查：页面 {run.pages}，链接 {run.links}，问题 {run.problems}"
            + ("（未检查完）" if run.truncated else "")
        )
