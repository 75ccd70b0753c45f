"""Split a document into citable passages: 条 (articles), 款 (paragraphs of a long article), or paragraphs.

Pure module (no Django). Sources call `split_passages(text)` in their `to_entries`; 政策问答 cites the labels
("第三十三条", "第十五条第二款", a section heading such as "一、总体情况", or "第4段" for prose without headings).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ARTICLE_RE = re.compile(r"^\s*(第[一二三四五六七八九十百千零〇两]+条)(?:之[一二三四五六七八九十]+)?[\s　]*")
_CHAPTER_RE = re.compile(r"^\s*#*\s*(第[一二三四五六七八九十百千零〇]+[编章节])[\s　]*(.*)$")
_HEADING_RE = re.compile(r"^\s*#+\s*")
_CN_ORDINALS = "一二三四五六七八九十"

# An article longer than this is cited per 款 (paragraph) so a passage stays readable.
MAX_ARTICLE_CHARS = 420
PARAGRAPH_MIN_CHARS = 60
PARAGRAPH_MAX_CHARS = 500


@dataclass(frozen=True)
class Passage:
    label: str  # 第三十三条 / 第十五条第二款 / 第4段
    text: str
    heading: str = ""  # the chapter or section the passage sits in (第四章 依申请公开)


def _kuan_label(n: int) -> str:
    if n <= 10:
        return _CN_ORDINALS[n - 1]
    if n < 20:
        return "十" + (_CN_ORDINALS[n - 11] if n > 10 else "")
    return str(n)


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip()]


def split_articles(text: str) -> list[Passage]:
    """Articles (条) of a statute-like text, with long articles split into 款; [] if the text has no articles."""
    articles: list[tuple[str, str, list[str]]] = []  # label, heading, paragraphs
    heading = ""
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("<!--"):
            continue
        chapter = _CHAPTER_RE.match(stripped)
        if chapter and not _ARTICLE_RE.match(stripped):
            heading = f"{chapter.group(1)} {chapter.group(2).strip()}".strip()
            continue
        if _HEADING_RE.match(stripped):
            continue
        article = _ARTICLE_RE.match(stripped)
        if article:
            articles.append((article.group(1), heading, [stripped]))
        elif articles:
            articles[-1][2].append(stripped)
    if len(articles) < 2:
        return []
    passages: list[Passage] = []
    for label, section, paragraphs in articles:
        whole = "\n".join(paragraphs)
        if len(whole) <= MAX_ARTICLE_CHARS or len(paragraphs) == 1:
            passages.append(Passage(label, whole, section))
            continue
        for index, paragraph in enumerate(paragraphs, start=1):
            passages.append(Passage(f"{label}第{_kuan_label(index)}款", paragraph, section))
    return passages


_SECTION_RE = re.compile(
    r"^\s*(?:#+\s*)?([一二三四五六七八九十]+、[^。；！？]{1,30}|第[一二三四五六七八九十]+部分[^。；！？]{0,30})\s*$"
)
_ITEM_RE = re.compile(r"^\s*(（[一二三四五六七八九十]+）[^。；！？\n]{1,30})[。；！？\n]")
_MD_HEADING_RE = re.compile(r"^\s*#+\s*(\S[^。；！？]{0,40})$")


def _sections(text: str) -> list[tuple[str, str]]:
    """(section heading or "", paragraph) for each paragraph of a prose text."""
    out: list[tuple[str, str]] = []
    heading = ""
    for paragraph in _paragraphs(text):
        match = _SECTION_RE.match(paragraph) or _MD_HEADING_RE.match(paragraph)
        if match:
            heading = match.group(1).strip()
            continue
        out.append((heading, _HEADING_RE.sub("", paragraph)))
    return out


def split_paragraphs(text: str) -> list[Passage]:
    """Paragraph passages for prose: short paragraphs are merged, long ones cut at sentence ends. A passage
    under a section heading (一、总体情况) is cited by that heading, else by its number (第4段)."""
    chunks: list[tuple[str, str]] = []
    buffer, buffer_heading = "", ""
    for heading, paragraph in _sections(text):
        if buffer and heading != buffer_heading:
            chunks.append((buffer_heading, buffer))
            buffer = ""
        buffer_heading = heading
        if len(paragraph) > PARAGRAPH_MAX_CHARS:
            if buffer:
                chunks.append((heading, buffer))
                buffer = ""
            sentences = re.split(r"(?<=[。！？；])", paragraph)
            part = ""
            for sentence in sentences:
                if len(part) + len(sentence) > PARAGRAPH_MAX_CHARS and part:
                    chunks.append((heading, part))
                    part = ""
                part += sentence
            if part:
                chunks.append((heading, part))
            continue
        buffer = f"{buffer}\n{paragraph}" if buffer else paragraph
        if len(buffer) >= PARAGRAPH_MIN_CHARS:
            chunks.append((heading, buffer))
            buffer = ""
    if buffer:
        if chunks and len(buffer) < PARAGRAPH_MIN_CHARS and chunks[-1][0] == buffer_heading:
            chunks[-1] = (chunks[-1][0], f"{chunks[-1][1]}\n{buffer}")
        else:
            chunks.append((buffer_heading, buffer))
    per_heading: dict[str, int] = {}
    for heading, _ in chunks:
        per_heading[heading] = per_heading.get(heading, 0) + 1
    passages: list[Passage] = []
    seen: dict[str, int] = {}
    for index, (heading, chunk) in enumerate(chunks, start=1):
        if not heading:
            passages.append(Passage(f"第{index}段", chunk))
            continue
        seen[heading] = seen.get(heading, 0) + 1
        item = _ITEM_RE.match(chunk)
        if item:  # （一）着力做好涉及营商环境的信息公开。… is cited by its own item title
            label = item.group(1)
        else:
            label = heading if per_heading[heading] == 1 else f"{heading}（{seen[heading]}）"
        passages.append(Passage(label[:40], chunk, heading[:100]))
    return passages


def split_passages(text: str) -> list[Passage]:
    """Articles when the text has them, otherwise paragraphs."""
    return split_articles(text) or split_paragraphs(text)
