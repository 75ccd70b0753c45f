"""`zwgk search QUERY [--limit N] [--json]` — search the public index from the command line.

--json prints {"query", "total", "results": [{"id", "title", "doc_number", "agency", "date", "validity",
"kind", "url", "snippet", "score"}]} (the issue's contract); without it, a readable list.
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from zwgk.search.service import decorate, search


class Command(BaseCommand):
    # No system checks: they load every URLconf and view module, which is most of the start-up time.
    requires_system_checks: list[str] = []
    help = "站内检索 / search the public index"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("query", help="检索词 / query")
        parser.add_argument(
            "--limit", type=int, default=10, help="最多显示条数 / maximum results (default 10)"
        )
        parser.add_argument("--json", action="store_true", help="输出 JSON / print JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        limit = options["limit"]
        if limit < 1 or limit > 500:
            raise CommandError("--limit 应在 1 到 500 之间 / --limit must be between 1 and 500")
        result = search(options["query"], log=False)
        shown = result.results[:limit]
        decorate(shown, result.highlight_terms)
        if options["json"]:
            body = {"query": result.query, "total": result.total, "results": [r.as_dict() for r in shown]}
            if result.weak or result.missing_doc_number:
                body["found"] = False
                body["message"] = result.message or "没有找到足够相关的内容"
            self.stdout.write(json.dumps(body, ensure_ascii=False, indent=2))
            return
        if result.message:
            self.stdout.write(result.message)
        if result.missing_doc_number:
            self.stdout.write(
                "可依法申请政府信息公开，或拨打政务服务便民热线咨询 / no document carries this number; "
                "you may apply for disclosure or call the hotline"
            )
        elif result.weak:
            self.stdout.write(
                "没有找到足够相关的内容；可到政策问答提问、依法申请政府信息公开或拨打政务服务便民热线。"
                "以下结果只包含部分检索词 / nothing good was found; the results below match some words only"
            )
        if result.corrected_from:
            self.stdout.write(
                f"已按“{result.effective_query}”检索 / searched for {result.effective_query!r} instead"
            )
        elif result.suggestion:
            self.stdout.write(f"您是不是要找：{result.suggestion} / did you mean {result.suggestion!r}?")
        self.stdout.write(f"共 {result.total} 条结果 / {result.total} results")
        for index, r in enumerate(shown, start=1):
            data = r.as_dict()
            meta = " · ".join(
                x
                for x in (
                    data["kind"],
                    data["doc_number"],
                    data["agency"],
                    data["date"] or "",
                    data["validity"],
                )
                if x
            )
            self.stdout.write(f"{index}. {data['title']}\n   {meta}\n   {data['url']}\n   {data['snippet']}")
