"""Reading an RSS 2.0, RSS 1.0 (RDF) or Atom feed into its items (pure, no Django import).

Only what the update monitoring needs: each item's title, link, id and publication time. Documents with a DOCTYPE
or an entity declaration are refused before parsing (no entity expansion, no external resources), as
`zwgk.extract` does for office files.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from xml.etree import ElementTree as ET

MAX_ITEMS = 50
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class FeedError(ValueError):
    """The feed cannot be read; `zh` says why in Chinese for the staff page."""

    def __init__(self, zh: str) -> None:
        self.zh = zh
        super().__init__(zh)


@dataclass(frozen=True, slots=True)
class FeedItem:
    title: str
    link: str
    guid: str
    published: datetime | None  # timezone-aware (UTC when the feed gave no zone)

    @property
    def key(self) -> str:
        """What identifies the item across reads: its id, else its link, else title and time."""
        return (self.guid or self.link or f"{self.title}|{self.published}")[:300]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if "}" in tag else tag


def _child(element: ET.Element, *names: str) -> ET.Element | None:
    for child in element:
        if _local(child.tag) in names:
            return child
    return None


def _text(element: ET.Element, *names: str) -> str:
    child = _child(element, *names)
    return "".join(child.itertext()).strip() if child is not None else ""


def parse_time(value: str) -> datetime | None:
    """RFC 822 (RSS pubDate) or ISO 8601 (Atom, dc:date); None when unreadable."""
    value = value.strip()
    if not value:
        return None
    parsed: datetime | None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is None:
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def _atom_link(entry: ET.Element) -> str:
    fallback = ""
    for child in entry:
        if _local(child.tag) != "link":
            continue
        href = child.get("href", "").strip()
        if child.get("rel", "alternate") == "alternate" and href:
            return href
        fallback = fallback or href
    return fallback


def parse_feed(data: bytes, *, max_items: int = MAX_ITEMS) -> list[FeedItem]:
    """The feed's items, newest first where times are known (at most `max_items`)."""
    head = data[:4096].upper()
    if b"<!DOCTYPE" in head or b"<!ENTITY" in data.upper():
        raise FeedError("订阅源含有文档类型或实体声明，出于安全原因不予读取")
    try:
        root = ET.fromstring(data)  # noqa: S314  (size-bounded by the fetcher; DOCTYPE/ENTITY refused above)
    except ET.ParseError as exc:
        raise FeedError(f"订阅源不是有效的 XML（{exc}）") from None
    kind = _local(root.tag)
    items: list[FeedItem] = []
    if kind == "feed":  # Atom
        for entry in root:
            if _local(entry.tag) != "entry":
                continue
            items.append(
                FeedItem(
                    title=_text(entry, "title")[:200],
                    link=_atom_link(entry)[:500],
                    guid=_text(entry, "id")[:300],
                    published=parse_time(_text(entry, "published") or _text(entry, "updated")),
                )
            )
    elif kind in ("rss", "RDF"):
        channel = _child(root, "channel") if kind == "rss" else root
        source = channel if channel is not None else root
        for item in source.iter():
            if _local(item.tag) != "item":
                continue
            items.append(
                FeedItem(
                    title=_text(item, "title")[:200],
                    link=_text(item, "link")[:500],
                    guid=(
                        _text(item, "guid")
                        or item.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about", "")
                    )[:300],
                    published=parse_time(_text(item, "pubDate") or _text(item, "date")),
                )
            )
    else:
        raise FeedError(f"不是 RSS 或 Atom 订阅源（根元素为 {kind}）")
    dated = sorted((i for i in items if i.published), key=lambda i: i.published or _EPOCH, reverse=True)
    undated = [i for i in items if not i.published]
    return (dated + undated)[:max_items]
