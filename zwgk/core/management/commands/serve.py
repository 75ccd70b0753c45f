"""`zwgk serve` as a management command (`python -m django serve` and the command list); `zwgk serve` itself
is run by zwgk.cli without setting Django up (zwgk.serving)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from zwgk import serving


class Command(BaseCommand):
    help = "启动网站、后台任务和定时任务 / serve the web site with the background worker and scheduler"

    def add_arguments(self, parser: ArgumentParser) -> None:
        serving.add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        serving.run(options, self.stdout, self.stderr)
