"""`zwgk dataset import FILE --template NAME --agency CODE --user USERNAME [--title T] [--column 列名=类型 …]
[--publicity-days N | --publicity-ends YYYY-MM-DD] [--dry-run] [--json]` and `zwgk dataset templates [--json]`.

The import checks every cell, refuses columns that look personal but are not declared (`--column 备注=omit`,
`--column 联系电话=phone`) and writes nothing unless the whole file is good; it then creates a draft record with
its dataset in one transaction, on behalf of USERNAME (the agency's 信息员, named in the audit log).

--json prints one object: {"ok", "dry_run", "imported", "dataset_id", "record_id", "template", "check": {"ok",
"header_line", "rows", "good_rows", "columns", "omitted", "problem_count", "problems": [{"line", "column",
"message", "message_en"}], "undeclared_personal_columns": [{"column", "suggested", "reason"}]}, "error"}.
Exit status: 0 imported (or, with --dry-run, the file is good); 1 the file has problems, nothing imported;
2 the command cannot run (unknown template, agency or user, unreadable file, no permission).
"""

from __future__ import annotations

import json
import sys
from argparse import ArgumentParser
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand

from zwgk.accounts.models import User
from zwgk.agencies.models import Agency
from zwgk.core.errors import Refused
from zwgk.datasets import actions
from zwgk.datasets.forms import parse_declarations
from zwgk.datasets.schema import TYPE_LABELS
from zwgk.datasets.table import TableError, suspect_message
from zwgk.datasets.templates import TEMPLATES, find_template

EXIT_PROBLEMS = 1
EXIT_USAGE = 2


class Command(BaseCommand):
    help = "数据公开 / structured disclosure datasets: import a table, list the templates"

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        imp = sub.add_parser(
            "import", help="导入 .xlsx/.csv 为草稿数据集 / import a table as a draft dataset"
        )
        imp.add_argument("file")
        imp.add_argument("--template", required=True, help="模板代码或名称 / template code or name")
        imp.add_argument("--agency", required=True, help="单位代码 / agency code")
        imp.add_argument("--user", help="以该信息员的名义导入（写入工作痕迹）/ the drafter importing it")
        imp.add_argument("--title", default="", help="标题 / title (default: the file name)")
        imp.add_argument("--description", default="", help="数据集说明 / description")
        imp.add_argument(
            "--column",
            action="append",
            default=[],
            metavar="列名=类型",
            help="声明列的类型 / declare a column: " + ", ".join([*TYPE_LABELS, "omit"]),
        )
        imp.add_argument(
            "--publicity-days",
            type=int,
            help="公示期（工作日，惠农补贴默认 ZWGK_DATASETS_PUBLICITY_DAYS）/ 公示 period",
        )
        imp.add_argument("--publicity-ends", help="公示截止日期 YYYY-MM-DD / last day of the 公示")
        imp.add_argument("--dry-run", action="store_true", help="只检查不写入 / check only")
        imp.add_argument("--json", action="store_true", help="以 JSON 输出 / print one JSON object")
        tpl = sub.add_parser("templates", help="列出模板 / list the templates")
        tpl.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "templates":
            self._templates(options["json"])
            return
        self._import(options)

    def _templates(self, as_json: bool) -> None:
        if as_json:
            data = [
                {"code": t.code, "name": t.name, "columns": [c.to_json() for c in t.columns]}
                for t in TEMPLATES
            ]
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        for t in TEMPLATES:
            columns = "、".join(
                f"{c.label}（{c.type_label}{'' if c.required else '，可选'}）" for c in t.columns
            )
            self.stdout.write(f"{t.code}  {t.name}：{columns}")

    def _fail(self, options: dict[str, Any], zh: str, en: str, code: int = EXIT_USAGE) -> None:
        if options.get("json"):
            self.stdout.write(
                json.dumps(
                    {"ok": False, "imported": False, "error": {"message": zh, "message_en": en}},
                    ensure_ascii=False,
                )
            )
        self.stderr.write(f"{zh} / {en}")
        raise SystemExit(code)

    def _import(self, options: dict[str, Any]) -> None:
        template = find_template(options["template"])
        if template is None:
            codes = ", ".join(t.code for t in TEMPLATES)
            self._fail(
                options,
                f"没有模板“{options['template']}”（可选：{codes}）",
                f"unknown template; one of {codes}",
            )
            return
        agency = Agency.objects.filter(code=options["agency"]).first()
        if agency is None:
            self._fail(options, f"没有单位代码为“{options['agency']}”的单位", "unknown agency code")
            return
        user = None
        if options["user"]:
            user = User.objects.filter(username=options["user"], is_active=True).first()
            if user is None:
                self._fail(options, f"没有用户“{options['user']}”", "unknown or inactive user")
        elif not options["dry_run"]:
            self._fail(
                options, "导入须用 --user 指明以哪位信息员的名义导入", "--user is required unless --dry-run"
            )
        declared, errors = parse_declarations("\n".join(options["column"]))
        if errors:
            self._fail(options, "；".join(errors), "bad --column declaration (use HEADER=TYPE)")
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            self._fail(options, f"无法读取文件：{path}", f"cannot read {path}: {exc.strerror}")
            return
        title = options["title"] or path.stem
        ends = None
        if options["publicity_ends"]:
            try:
                ends = date.fromisoformat(options["publicity_ends"])
            except ValueError:
                self._fail(options, "公示截止日期应为 YYYY-MM-DD", "--publicity-ends must be YYYY-MM-DD")
        as_json = options["json"]

        def progress(phase: str, done: int, total: int) -> None:
            label = {"check": "检查 / checking", "write": "写入 / writing"}.get(phase, phase)
            if total >= 10000 and (done == total or done % 10000 == 0):
                sys.stderr.write(f"{label} {done}/{total}\n")

        try:
            if user is None:  # a dry run without a user: check the file only
                checked = actions.check_file(
                    template, data, path.name, agency=agency, declared=declared, progress=progress
                )
                result = actions.ImportResult(checked)
            else:
                result = actions.import_dataset(
                    agency,
                    template,
                    data,
                    path.name,
                    by=user,
                    title=title,
                    description=options["description"],
                    declared=declared,
                    dry_run=options["dry_run"],
                    progress=progress,
                    publicity_days=options["publicity_days"],
                    publicity_ends=ends,
                )
        except TableError as exc:
            self._fail(options, exc.zh, exc.en, EXIT_PROBLEMS)
            return
        except PermissionDenied:
            self._fail(
                options, f"用户“{options['user']}”不是{agency.name}的信息员，不能导入", "permission denied"
            )
            return
        except Refused as exc:
            self._fail(options, str(exc), "refused")
            return
        checked = result.checked
        payload = {
            "ok": checked.ok,
            "dry_run": options["dry_run"],
            "imported": result.imported,
            "dataset_id": result.dataset.pk if result.dataset else None,
            "record_id": result.dataset.record_id if result.dataset else None,
            "template": template.code,
            "check": checked.to_json(),
            "error": None,
        }
        if as_json:
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
        else:
            self._print(checked, result, template.name)
        if not checked.ok:
            raise SystemExit(EXIT_PROBLEMS)

    def _print(self, checked: Any, result: Any, name: str) -> None:
        out = self.stdout
        out.write(
            f"模板 / template: {name}；表头 / header: 第 {checked.header_line} 行；数据 / rows: {checked.data_rows}"
        )
        for suspect in checked.suspects:
            zh, en = suspect_message(suspect)
            out.write(f"  未声明的个人信息列 / undeclared personal column: {zh} / {en}")
        for problem in checked.problems:
            where = f"第 {problem.line} 行 / row {problem.line}" if problem.line else "文件 / file"
            column = f"“{problem.column}”" if problem.column else ""
            out.write(f"  {where} {column}：{problem.zh} / {problem.en}")
        if checked.problem_count > len(checked.problems):
            out.write(f"  …… 共 {checked.problem_count} 处问题 / {checked.problem_count} problems in all")
        if not checked.ok:
            out.write("有问题，整个文件都没有导入 / problems found: nothing imported")
        elif result.dataset is None:
            out.write(
                f"检查通过（试运行，未写入）/ check passed (dry run, nothing saved): {len(checked.rows)} 行 / rows"
            )
        else:
            out.write(
                f"已导入草稿数据集 / imported draft dataset {result.dataset.pk}：{len(checked.rows)} 行 / rows；"
                "请在工作台提交保密审查 / submit it for the secrecy review in the workspace"
            )
