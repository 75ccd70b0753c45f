"""`zwgk workplan import FILE --year YYYY [--dry-run] [--json]`, `zwgk workplan sweep`."""

from __future__ import annotations

import json
import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from tqdm import tqdm

from zwgk.core.errors import Refused
from zwgk.workplan.actions.ledger import sweep_overdue
from zwgk.workplan.actions.plan import import_plan
from zwgk.workplan.importer import prepare_file
from zwgk.workplan.parser import ROLE_LABELS, PlanParseError


class Command(BaseCommand):
    help = "政务公开工作要点 / yearly work plan: import, sweep"

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        imp = sub.add_parser(
            "import",
            help="导入工作要点（.txt/.docx）并建立各单位工作台账 / import a work plan and build the ledger",
        )
        imp.add_argument("file")
        imp.add_argument("--year", type=int, required=True, help="年度 / plan year")
        imp.add_argument("--dry-run", action="store_true", help="只解析和匹配，不写入 / parse and match only")
        imp.add_argument(
            "--json", action="store_true", help="以 JSON 输出解析结果 / print the result as JSON"
        )
        sub.add_parser(
            "sweep", help="将超过完成时限的任务标记为逾期 / mark tasks past their time limit overdue"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "sweep":
            marked = sweep_overdue()
            self.stdout.write(f"标记逾期任务 {marked} 项 / {marked} tasks marked overdue")
            return
        self._import(options["file"], options["year"], options["dry_run"], options["json"])

    def _fail(self, zh: str, en: str) -> None:
        self.stderr.write(f"{zh} / {en}")
        raise SystemExit(2)

    def _import(self, path: str, year: int, dry_run: bool, as_json: bool) -> None:
        if not 2000 <= year <= 2100:
            self._fail(f"年度不正确：{year}", f"invalid year {year}")
        try:
            matched = prepare_file(path)
        except PlanParseError as exc:
            self._fail(f"{path}：{exc}", "the file cannot be imported")
        parsed = matched.parsed
        warnings = list(parsed.warnings)
        if parsed.year and parsed.year != year:
            warnings.insert(0, f"文件标题中的年度为 {parsed.year} 年，与 --year {year} 不一致")
        for number, name in matched.unmatched:
            warnings.append(f"{number}：单位名录中找不到“{name}”（请在机关单位名录中补充名称或别名）")
        out = self.stderr if as_json else self.stdout
        if as_json:
            self.stdout.write(json.dumps(matched.to_json(year), ensure_ascii=False, indent=2))
        else:
            self._print_items(matched)
        for warning in warnings:
            self.stderr.write(f"注意 / warning: {warning}")
        if dry_run:
            out.write(f"试运行，未写入 / dry run, nothing saved: {len(parsed.items)} 项 / items")
            return

        def progress(items: list[Any]) -> Any:
            return tqdm(
                items, desc="导入 / importing", unit="项", file=sys.stderr, disable=not sys.stderr.isatty()
            )

        try:
            result = import_plan(
                matched, year, by=None, source_name=path.rsplit("/", 1)[-1], progress=progress
            )
        except Refused as exc:
            self._fail(str(exc), "import refused")
        for warning in result.warnings:
            self.stderr.write(f"注意 / warning: {warning}")
        if not result.changed:
            out.write(f"与已导入的{result.plan}一致，没有变化 / plan {year} unchanged")
            return
        out.write(
            f"{'已建立' if result.created else '已更新'}{result.plan}：{result.summary()} / "
            f"{'created' if result.created else 'updated'} plan {year}: "
            f"{len(parsed.items)} items, {result.tasks_created} ledger tasks created"
        )

    def _print_items(self, matched: Any) -> None:
        parsed = matched.parsed
        self.stdout.write(
            f"《{parsed.title or '工作要点'}》：{len(parsed.items)} 项 / {len(parsed.items)} items"
        )
        section = None
        for item, match in matched.items:
            if item.section != section:
                section = item.section
                self.stdout.write(section or "（无分部）")
            leads = [matched.names[u.agency_id] for u in match.units if u.role == "lead"]
            roles: dict[str, int] = {}
            for unit in match.units:
                roles[ROLE_LABELS[unit.role]] = roles.get(ROLE_LABELS[unit.role], 0) + 1
            role_text = "、".join(f"{label}{n}" for label, n in roles.items())
            self.stdout.write(
                f"  {item.number}{item.title}  单位 {len(match.units)} 个（{role_text or '无'}）"
                + (f"  牵头：{'、'.join(leads)}" if leads else "")
                + (f"  时限：{item.deadline_text}" if item.deadline_text else "")
                + (f"  未匹配：{'、'.join(match.unmatched)}" if match.unmatched else "")
            )
