"""`zwgk demo load` — load the demo district (idempotent: running it twice changes nothing)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from zwgk.core.registry import DemoContext, demo_loaders


class Command(BaseCommand):
    help = "演示数据 / demo district: load"

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("load", help="载入演示区（可重复运行）/ load the demo district (idempotent)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] != "load":
            raise CommandError("未知子命令 / unknown subcommand")
        ctx = DemoContext(verbose=options["verbosity"] > 0)
        loaders = demo_loaders()
        with transaction.atomic():
            for index, (name, loader) in enumerate(loaders, start=1):
                if ctx.verbose:
                    self.stdout.write(f"[{index}/{len(loaders)}] {name} …")
                loader(ctx)
        if not ctx.verbose:
            return
        for note in ctx.notes:
            self.stdout.write(f"  · {note}")
        self.stdout.write("")
        self.stdout.write("演示账号 / demo logins（工作台 http://127.0.0.1:8000/workspace/）：")
        width = max(len(u) for u, _, _ in ctx.logins) if ctx.logins else 10
        for username, password, description in ctx.logins:
            self.stdout.write(f"  {username.ljust(width)}  {password}  {description}")
