"""`zwgk backup [--output FILE]` — consistent online backup of the embedded database and uploaded files."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from zwgk.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "备份嵌入式数据库和上传文件 / back up the embedded database and uploaded files"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--output", "-o", help="备份文件路径 / output .tar.gz path")

    def handle(self, *args: Any, **options: Any) -> None:
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        output = Path(options["output"] or settings.DATA_DIR / "backups" / f"zwgk-{stamp}.tar.gz")
        try:
            manifest = create_backup(output)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"已备份 / backup written: {output}（数据库 {manifest['database_bytes']} 字节，文件 {manifest['media_files']} 个）"
        )
