"""`zwgk roles matrix [--markdown] [--output FILE]`: the role matrix generated from the rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zwgk.accounts import matrix


class Command(BaseCommand):
    help = "角色权限矩阵（由权限规则生成）/ the role matrix generated from the permission rules"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["matrix"], help="matrix：角色权限矩阵 / the role matrix")
        parser.add_argument("--markdown", action="store_true", help="Markdown 表格（默认）/ a Markdown table")
        parser.add_argument("--output", help="写入文件 / write to this file")

    def handle(self, *args: Any, **options: Any) -> None:
        text = matrix.markdown()
        if options["output"]:
            try:
                Path(options["output"]).write_text(text, encoding="utf-8")
            except OSError as exc:
                raise CommandError(f"无法写入 {options['output']}：{exc} / cannot write the file") from None
            self.stdout.write(f"已写入 {options['output']} / written")
        else:
            self.stdout.write(text, ending="")
