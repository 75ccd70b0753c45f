"""Split a draft into the units people comment on — pure Python, no Django.

A normative draft is split by its articles (第一条 …, with the chapter headings 第一章 … kept as their own
units); a text without articles by its paragraphs (blank lines or line breaks). Each unit keeps its label
("第三条", "第2段") so comments and the feedback report can name where they belong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CN = "零一二三四五六七八九十百千"
ARTICLE = re.compile(rf"^\s*(第[{_CN}\d]+条)[\s　]*")
CHAPTER = re.compile(rf"^\s*(第[{_CN}\d]+[章节])[\s　]*")


@dataclass(frozen=True)
class Unit:
    number: int  # 1-based position in the draft
    label: str  # 第三条 / 第一章 / 第2段
    text: str
    heading: bool = False  # chapter headings are shown but not commented on


def split(text: str) -> list[Unit]:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    if any(ARTICLE.match(line) for line in lines):
        return _by_articles(lines)
    return _by_paragraphs(text)


def _by_articles(lines: list[str]) -> list[Unit]:
    units: list[Unit] = []
    current: list[str] = []
    label = ""
    preamble: list[str] = []

    def flush() -> None:
        if label and current:
            units.append(Unit(len(units) + 1, label, "\n".join(current).strip()))

    for line in lines:
        if not line.strip():
            continue
        chapter = CHAPTER.match(line)
        article = ARTICLE.match(line)
        if chapter and not article:
            flush()
            current, label = [], ""
            units.append(Unit(len(units) + 1, chapter.group(1), line.strip(), heading=True))
        elif article:
            flush()
            label = article.group(1)
            current = [line.strip()]
        elif label:
            current.append(line.strip())
        else:
            preamble.append(line.strip())
    flush()
    if preamble:
        units.insert(0, Unit(0, "总体", "\n".join(preamble), heading=True))
        units = [Unit(i + 1, u.label, u.text, u.heading) for i, u in enumerate(units)]
    return units


def _by_paragraphs(text: str) -> list[Unit]:
    blocks = [b.strip() for b in re.split(r"\n\s*\n|\n", text.replace("\r\n", "\n")) if b.strip()]
    return [Unit(i, f"第{i}段", block) for i, block in enumerate(blocks, start=1)]
