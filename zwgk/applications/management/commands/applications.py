"""`zwgk applications remind [--date YYYY-MM-DD]`: run the daily reminder sweep now (normally huey at 08:00)."""

from __future__ import annotations

from argparse import ArgumentParser
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from zwgk.applications.tasks import run_reminders


class Command(BaseCommand):
    help = "依申请公开 / disclosure applications: remind"

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        remind = sub.add_parser("remind", help="发送到期提醒 / send the reminder e-mails now")
        remind.add_argument("--date", default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        day = None
        if options.get("date"):
            try:
                day = date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("日期格式不正确，应为 YYYY-MM-DD / bad date") from None
        result = run_reminders(day)
        self.stdout.write(
            f"办理中 {result['open']} 件，提醒事项 {result['reminders']} 项，今日新提醒 {result['claimed']} 件，"
            f"发送邮件 {result['emails']} 封 / open {result['open']}, reminders {result['reminders']}, "
            f"claimed {result['claimed']}, e-mails {result['emails']}"
        )
