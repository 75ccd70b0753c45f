"""`zwgk restore FILE --yes` — replace the embedded database and uploaded files with a backup."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from zwgk.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "从备份恢复（覆盖当前数据）/ restore from a backup (replaces current data)"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file")
        parser.add_argument(
            "--yes", action="store_true", help="确认覆盖当前数据 / confirm replacing current data"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["yes"]:
            raise CommandError(
                "恢复将覆盖当前全部数据，请加 --yes 确认 / restore replaces all data: add --yes to confirm"
            )
        try:
            manifest = restore_backup(Path(options["file"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"已恢复 / restored backup of {manifest['created_at']}（{manifest['media_files']} 个文件）"
        )
