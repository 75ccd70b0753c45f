"""`zwgk scan PATH [PATH ...] [--json] [--mask]` — screen files before uploading them (保密审查自查).

The same command line as `python -m zwgk.screening` (see zwgk/screening/cli.py for the JSON contract and the
exit codes), plus the platform's lexicon as staff maintain it and `--agency CODE` to allow that agency's
published contact numbers and e-mail.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import IO, Any, cast

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import DatabaseError

from zwgk.agencies.models import Agency
from zwgk.core.extraction import limits as extraction_limits
from zwgk.screening import Screener
from zwgk.screening.cli import EXIT_UNREADABLE, add_arguments, run
from zwgk.screening.lexicon import LexiconError, read_lexicon
from zwgk.secrecy.service import current_lexicon


class Command(BaseCommand):
    help = "保密审查：检查文件中的密级标志和个人信息 / screen files for classified markings and personal data"

    def add_arguments(self, parser: ArgumentParser) -> None:
        add_arguments(parser)
        parser.add_argument(
            "--agency",
            metavar="CODE",
            help="按该单位公开的电话、邮箱放行 / allow this agency's published numbers",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        numbers = list(options["allow_number"])
        emails: list[str] = []
        lexicon = None
        if options["lexicon"]:
            try:
                lexicon = read_lexicon(Path(options["lexicon"]).read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, LexiconError) as exc:
                self.stderr.write(f"敏感词库无法读取 / cannot read lexicon: {exc}")
                raise SystemExit(EXIT_UNREADABLE) from None
        try:
            if lexicon is None:
                lexicon = list(current_lexicon())
            if options["agency"]:
                agency = Agency.objects.filter(code=options["agency"]).first()
                if agency is None:
                    self.stderr.write(f"单位代码不存在 / unknown agency code: {options['agency']}")
                    raise SystemExit(EXIT_UNREADABLE)
                numbers += agency.published_numbers()
                emails += [agency.email] if agency.email else []
        except DatabaseError:
            self.stderr.write(
                "提示：数据库不可用，使用内置默认词库 / database unavailable, using the default lexicon"
            )
        max_mb = options["max_mb"] or settings.MAX_UPLOAD_MB
        screener = Screener(lexicon=lexicon, allowed_numbers=numbers, allowed_emails=emails)
        code = run(
            options["paths"],
            screener=screener,
            as_json=options["json"],
            mask=options["mask"],
            limits=extraction_limits(max_mb * 1024 * 1024),
            # the raw streams: OutputWrapper would add a newline after every chunk of the JSON
            stdout=cast(IO[str], self.stdout._out),
            stderr=cast(IO[str], self.stderr._out),
        )
        if code:
            raise SystemExit(code)
