"""`zwgk match --profile PROFILE.json [--json]`: the open policies for one enterprise or person profile."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from zwgk.policymatch import fields
from zwgk.policymatch.conditions import LEVEL_LABELS, ConditionError, parse_profile
from zwgk.policymatch.matching import match_profile, open_policies


class Command(BaseCommand):
    help = "政策找人：按画像比对申报期内的政策 / match a profile against the policies open for application"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--profile", required=True, help='PROFILE.json: {"kind": "enterprise"|"person", "fields": {...}}'
        )
        parser.add_argument("--json", action="store_true", help="machine-readable output")

    def _fail(self, zh: list[str], en: list[str]) -> None:
        for line in zh:
            self.stderr.write(f"错误：{line}")
        for line in en:
            self.stderr.write(f"error: {line}")
        sys.exit(2)

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["profile"]
        try:
            with open(path, encoding="utf-8") as handle:
                data = json.load(handle)
        except OSError as exc:
            self._fail(
                [f"无法读取画像文件 {path}（{exc.strerror}）"], [f"cannot read {path}: {exc.strerror}"]
            )
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            self._fail([f"画像文件不是有效的 JSON：{exc}"], [f"{path} is not valid JSON: {exc}"])
        try:
            profile = parse_profile(data, fields.current())
        except ConditionError as exc:
            self._fail(exc.chinese(), exc.english())
        results = match_profile(profile, open_policies())
        if options["json"]:
            payload = {"results": [m.as_json() for m in results]}
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        if not results:
            self.stdout.write("目前没有面向此类画像、处于申报期内的政策。")
        for m in results:
            explanation = m.explanation
            self.stdout.write(f"[{LEVEL_LABELS[explanation.level]}] {m.record.title}（#{m.record.pk}）")
            for heading, leaves in (
                ("不满足", explanation.failed),
                ("待确认", explanation.unknown),
                ("已满足", explanation.met),
            ):
                for leaf in leaves:
                    self.stdout.write(f"    {heading}：{leaf.text}（{leaf.clause}）")
