"""`zwgk annual-report --agency UNIT_CODE --year YYYY [--json] [--docx PATH] [--pdf PATH] [--published]`.

Computes one agency's report for one year from the platform's records (plus the figures staff entered on that
report, if it exists) and runs the 勾稽 checks; it never changes the stored report. `--published` uses the latest
published edition instead. Exit status: 0 all checks pass, 1 some check fails (output is still written),
2 bad arguments.
"""

from __future__ import annotations

import json
import sys
from argparse import ArgumentParser
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from zwgk.agencies.models import Agency
from zwgk.core.errors import Refused
from zwgk.reports import actions
from zwgk.reports.document import ReportDocument, document_from_content, render_docx, render_pdf
from zwgk.reports.format import FEE_ROW, report_title
from zwgk.reports.models import AnnualReport
from zwgk.reports.narrative import draft_sections
from zwgk.reports.service import build_figures, figures_for_report, narrative_facts


def contract_json(
    code: str, year: int, figures: dict[str, Any], checks: list[dict[str, Any]]
) -> dict[str, Any]:
    """The JSON contract of issue 6: agency, year, table2, table3, table4, checks[{rule, ok, detail}]."""
    table2: dict[str, Any] = {}
    for row, columns in figures["table2"].items():
        table2[row] = {}
        for column, value in columns.items():
            if row == FEE_ROW and value is not None:
                amount = Decimal(str(value))
                value = int(amount) if amount == amount.to_integral_value() else float(amount)
            table2[row][column] = value
    return {
        "agency": code,
        "year": year,
        "table2": table2,
        "table3": figures["table3"],
        "table4": figures["table4"],
        "checks": [{"rule": c["rule"], "ok": c["ok"], "detail": c["detail"]} for c in checks],
    }


class Command(BaseCommand):
    help = "政府信息公开工作年度报告：按平台数据统计、勾稽校验并输出 / annual report: compute, check, export"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--agency", required=True, metavar="UNIT_CODE", help="单位代码 / unit code")
        parser.add_argument("--year", required=True, type=int, metavar="YYYY", help="报告年度 / report year")
        parser.add_argument("--json", action="store_true", help="输出 JSON / print JSON")
        parser.add_argument("--docx", metavar="PATH", help="写出 Word 文档 / write a .docx file")
        parser.add_argument("--pdf", metavar="PATH", help="写出 PDF / write a PDF file")
        parser.add_argument(
            "--published",
            action="store_true",
            help="使用最近一次发布的版本 / use the latest published edition",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        code, year = options["agency"].strip(), options["year"]
        agency = Agency.objects.filter(code=code).first()
        if agency is None:
            raise CommandError(
                f"没有单位代码为 {code} 的单位 / no agency with unit code {code}", returncode=2
            )
        try:
            actions.validate_year(year)
        except Refused as exc:
            raise CommandError(f"{exc} / year {year} cannot be reported", returncode=2) from None
        report = AnnualReport.objects.filter(agency=agency, year=year).select_related("agency").first()
        if options["published"]:
            edition = report.latest_edition() if report else None
            if edition is None:
                raise CommandError(
                    f"{report_title(agency.name, year)}尚未发布 / the report has not been published",
                    returncode=2,
                )
            figures = edition.content["figures"]
            checks = edition.content.get("checks", [])
            document = document_from_content(edition.content, dated=edition.published_on())
        else:
            if report is not None:
                figures = figures_for_report(report)
                texts = actions.current_texts(report)
            else:
                figures = build_figures(agency, year)
                texts = draft_sections(narrative_facts(agency, year, figures))
            checks = figures["checks"]
            document = ReportDocument(
                agency_name=agency.name,
                year=year,
                sections=texts,
                table2=figures["table2"],
                table3=figures["table3"],
                table4=figures["table4"],
                draft=True,
            )
        for option, render in (("docx", render_docx), ("pdf", render_pdf)):
            if options[option]:
                path = Path(options[option])
                try:
                    path.write_bytes(render(document))
                except OSError as exc:
                    raise CommandError(
                        f"无法写入 {path}：{exc.strerror} / cannot write {path}", returncode=2
                    ) from None
                self.stderr.write(f"已写出 / written: {path}")
        failing = [c for c in checks if not c["ok"]]
        if options["json"]:
            payload = contract_json(code, year, figures, checks)
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(report_title(agency.name, year))
            for check in checks:
                mark = "通过" if check["ok"] else "未通过"
                self.stdout.write(f"  [{mark}] {check['title']}：{check['detail']}")
        if failing:
            sys.stderr.flush()
            raise CommandError(
                f"勾稽校验未通过 {len(failing)} 项 / {len(failing)} consistency check(s) failed", returncode=1
            )
