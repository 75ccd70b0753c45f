"""The answer types of 政策问答: a question's Answer with its Citations and matched FAQs and passages.

Their own module so that the service (retrieval) and llm (optional phrasing) both import them at the top.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from zwgk.qa.models import Faq, Topic
from zwgk.search.models import SearchPassage


@dataclass
class Citation:
    title: str
    doc_number: str = ""
    article: str = ""
    url: str = ""
    text: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"title": self.title, "doc_number": self.doc_number, "article": self.article, "url": self.url}

    @property
    def book_title(self) -> str:
        return book_title(self.title)


def book_title(title: str) -> str:
    """The title in 书名号; marks inside become 〈〉 (《〈东丽区…措施〉政策问答》, never 《《…》政策问答》)."""
    inner = title.strip()
    if inner.startswith("《") and inner.endswith("》") and inner.count("《") == 1:
        inner = inner[1:-1]
    return "《" + inner.replace("《", "〈").replace("》", "〉") + "》"


@dataclass
class FaqMatch:
    faq: Faq
    score: float
    matched_question: str


@dataclass
class PassageMatch:
    passage: SearchPassage
    score: float

    @property
    def citation(self) -> Citation:
        entry = self.passage.entry
        return Citation(entry.title, entry.doc_number, self.passage.label, entry.url, self.passage.text)


@dataclass
class Answer:
    question: str
    found: bool = False
    answer: str = ""
    citations: list[Citation] = field(default_factory=list)
    faqs: list[FaqMatch] = field(default_factory=list)
    # 您是不是想问: the closest FAQs when none answers the question well enough.
    suggestions: list[FaqMatch] = field(default_factory=list)
    passages: list[PassageMatch] = field(default_factory=list)
    # Articles close to the question but not close enough to answer it (cited with found=False).
    related: list[PassageMatch] = field(default_factory=list)
    generated: bool = False
    topic: str = Topic.OTHER
    message: str = ""

    @cached_property
    def channels(self) -> list[dict[str, str]]:
        """Where to turn when the answer is not good enough (依申请公开, the hotline, the directory). Worked out when
        shown: reversing their URLs loads the whole URLconf (0.3 s), which `zwgk ask` needs only for a question it
        cannot answer."""
        from zwgk.qa.service import channels  # the service imports this module at the top

        return channels()

    def as_dict(self) -> dict[str, Any]:
        """The `zwgk ask --json` contract."""
        return {
            "answer": self.answer,
            "citations": [c.as_dict() for c in self.citations],
            "found": self.found,
        }
