"""`zwgk holidays load FILE [FILE ...]`, `zwgk holidays status`, `zwgk holidays show YEAR`."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from zwgk.calendar import WEEKDAY_NAMES, ScheduleMissing, parse_holiday_cn
from zwgk.workdays.service import get_calendar, package_years, store_schedule


class Command(BaseCommand):
    help = "节假日安排 / holiday schedules: load, status, show"

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        load = sub.add_parser("load", help="导入 holiday-cn 格式的 JSON 文件 / load holiday-cn JSON files")
        load.add_argument("files", nargs="+")
        load.add_argument("--note", default="")
        sub.add_parser("status", help="列出已覆盖的年份 / list covered years")
        show = sub.add_parser("show", help="显示某年的安排 / show one year")
        show.add_argument("year", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        match options["subcommand"]:
            case "load":
                self._load(options["files"], options["note"])
            case "status":
                years = get_calendar().covered_years()
                packaged = set(package_years())
                for year in years:
                    source = "chinesecalendar" if year in packaged else "录入 / staff"
                    self.stdout.write(f"{year}  {source}")
            case "show":
                try:
                    days = get_calendar().special_days(options["year"])
                except ScheduleMissing as exc:
                    raise CommandError(str(exc)) from None
                for d in days:
                    state = "放假 off" if d.is_off_day else "上班 working"
                    self.stdout.write(f"{d.day}  {WEEKDAY_NAMES[d.day.weekday()]}  {d.name}  {state}")

    def _load(self, files: list[str], note: str) -> None:
        failures = 0
        for name in files:
            path = Path(name)
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                year, days, papers = parse_holiday_cn(data)
            except FileNotFoundError:
                self.stderr.write(f"{name}: 文件不存在 / file not found")
                failures += 1
                continue
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                self.stderr.write(f"{name}: 不是有效的 UTF-8 JSON / not valid UTF-8 JSON ({exc})")
                failures += 1
                continue
            except ValueError as exc:
                self.stderr.write(f"{name}: {exc} / invalid schedule")
                failures += 1
                continue
            store_schedule(year, days, papers, note=note or f"自 {path.name} 导入")
            self.stdout.write(f"{name}: 已导入 {year} 年，{len(days)} 天 / loaded {year}, {len(days)} days")
        if failures:
            raise SystemExit(2)
