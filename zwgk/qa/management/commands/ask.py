"""`zwgk ask QUESTION [--json]` — ask 政策问答 from the command line.

--json prints {"answer", "citations": [{"title", "doc_number", "article", "url"}], "found"} (the contract).
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from zwgk.qa.service import ask


class Command(BaseCommand):
    # No system checks: they load every URLconf and view module, which is most of the start-up time.
    requires_system_checks: list[str] = []
    help = "政策问答 / ask a policy question"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("question", help="问题 / question")
        parser.add_argument("--json", action="store_true", help="输出 JSON / print JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        answer = ask(options["question"], log=False)
        if options["json"]:
            self.stdout.write(json.dumps(answer.as_dict(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            "找到答复 / answer found"
            if answer.found
            else "没有找到足够相关的答复 / nothing good enough found"
        )
        self.stdout.write(answer.answer)
        for index, c in enumerate(answer.citations, start=1):
            number = f"（{c.doc_number}）" if c.doc_number else ""
            self.stdout.write(f"[{index}] {c.book_title}{number}{c.article} {c.url}")
        if answer.suggestions:
            self.stdout.write("您是不是想问 / did you mean:")
            for match in answer.suggestions:
                self.stdout.write(f"  · {match.faq.question}")
        if not answer.found:
            for channel in answer.channels:
                self.stdout.write(f"  · {channel['label']} {channel['url']}")
