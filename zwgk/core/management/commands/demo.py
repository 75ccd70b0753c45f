"""`zwgk demo load` — load the demo district (idempotent: running it twice changes nothing).

`--upto NAME` stops after the named part (a loader's app label such as `documents`, or its registered name), so
that a test, or a developer working on one app, loads only that part and the parts it builds on. `--only A,B`
runs just the named parts, in their registered order (the caller names the parts they build on).
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from zwgk.core.registry import DemoContext, DemoLoader, demo_loaders


def loader_key(loader: DemoLoader) -> str:
    """The app label of the module a loader lives in (`zwgk.documents.demo.load` → `documents`)."""
    parts = loader.__module__.split(".")
    return parts[1] if len(parts) > 2 and parts[0] == "zwgk" else loader.__module__


def _position(loaders: list[tuple[str, DemoLoader]], wanted: str) -> int:
    for index, (name, loader) in enumerate(loaders):
        if wanted in (name, loader_key(loader)):
            return index
    known = "、".join(loader_key(loader) for _, loader in loaders)
    raise CommandError(f"没有名为 {wanted!r} 的演示数据部分（可选：{known}） / unknown demo part {wanted!r}")


def select_loaders(upto: str | None = None, only: str | None = None) -> list[tuple[str, DemoLoader]]:
    """Every loader in order; those up to and including `upto`; or the comma-separated `only` parts, in order."""
    loaders = demo_loaders()
    if only:
        wanted = {_position(loaders, part.strip()) for part in only.split(",") if part.strip()}
        return [loader for index, loader in enumerate(loaders) if index in wanted]
    if upto is None:
        return loaders
    return loaders[: _position(loaders, upto) + 1]


class Command(BaseCommand):
    help = "演示数据 / demo district: load"

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        load = sub.add_parser("load", help="载入演示区（可重复运行）/ load the demo district (idempotent)")
        load.add_argument(
            "--upto",
            metavar="NAME",
            help="只载入到该部分为止（如 agencies、documents、workplan） / stop after this part",
        )
        load.add_argument(
            "--only",
            metavar="A,B",
            help="只载入这些部分（逗号分隔，按既定顺序） / load only these parts, in their order",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] != "load":
            raise CommandError("未知子命令 / unknown subcommand")
        ctx = DemoContext(verbose=options["verbosity"] > 0)
        loaders = select_loaders(options.get("upto"), options.get("only"))
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
