"""`zwgk deadline --received YYYY-MM-DD [--working-days N] [--json]` and `zwgk deadline --scenario FILE.json [--json]`.

Prints {"received", "due", "working_days", "provisional", "provisional_reason", "explanation"}; a due date
in a year without a published holiday schedule is provisional (暂定). Exit 2 with a message for a date outside the known
holiday schedules or a malformed scenario.
"""

from __future__ import annotations

import json
import sys
from argparse import ArgumentParser
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from zwgk.applications import clock, services
from zwgk.calendar import ScheduleMissing
from zwgk.core.dates import date_problem, planning_limit


class Command(BaseCommand):
    help = "依申请公开答复期限 / statutory reply deadline of a disclosure application"

    def add_arguments(self, parser: ArgumentParser) -> None:
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--received", help="收到申请之日 YYYY-MM-DD / receipt date (Art 31)")
        source.add_argument("--scenario", help="情景文件 JSON / scenario file with events")
        parser.add_argument(
            "--working-days", default=None, help="工作日数，默认 20 / working days (default 20)"
        )
        parser.add_argument("--json", action="store_true", help="输出 JSON / print JSON")

    def fail(self, message: str) -> None:
        self.stderr.write(message)
        raise SystemExit(2)

    def check_bounds(self, day: date | None) -> None:
        from django.utils import timezone

        today = timezone.localdate()
        if day is not None and (
            problem := date_problem(day, "日期", today=today, latest=planning_limit(today))
        ):
            self.fail(
                f"{problem} / date out of range: from 2008-05-01 through {planning_limit(today).isoformat()}"
            )

    def handle(self, *args: Any, **options: Any) -> None:
        calendar = services.calendar(provisional=True)
        rules = services.clock_rules()
        try:
            if options["received"] is not None:
                try:
                    received = date.fromisoformat(options["received"])
                except ValueError:
                    self.fail(
                        f"日期格式不正确：{options['received']!r}，应为 YYYY-MM-DD / bad date, expected YYYY-MM-DD"
                    )
                days = 20
                if options["working_days"] is not None:
                    try:
                        days = int(options["working_days"])
                    except ValueError:
                        days = 0
                    if days < 1 or days > 200:
                        self.fail("工作日数应为 1 至 200 的整数 / --working-days must be 1 to 200")
                self.check_bounds(received)
                result = clock.simple(received, days, calendar, rules)
            else:
                if options["working_days"] is not None:
                    self.fail(
                        "--working-days 只能与 --received 一起使用 / --working-days goes with --received"
                    )
                path = Path(options["scenario"])
                try:
                    data = json.loads(path.read_text(encoding="utf-8"))
                except FileNotFoundError:
                    self.fail(f"文件不存在 / file not found: {path}")
                except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                    self.fail(f"情景文件不是有效的 JSON / scenario is not valid JSON: {exc}")
                events = clock.parse_scenario(data)
                for event in events:
                    self.check_bounds(event.start if isinstance(event, clock.Pause) else event.day)
                result = clock.evaluate(events, calendar, rules)
        except ScheduleMissing as exc:
            self.fail(str(exc))
        except clock.ClockError as exc:
            self.fail(f"情景不正确 / invalid scenario: {exc}")
        if options["json"]:
            sys.stdout.flush()
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
            return
        if result.due:
            mark = "（暂定 / provisional）" if result.provisional else ""
            self.stdout.write(
                f"答复期限 / due: {result.due.isoformat()}{mark}（{result.working_days} 个工作日）"
            )
            if result.provisional:
                self.stdout.write(f"  暂定：{result.provisional_reason}")
        else:
            self.stdout.write(f"答复期限 / due: 尚不能确定（{result.state}）")
        for line in result.explanation():
            self.stdout.write(f"  {line}")
