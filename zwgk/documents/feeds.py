"""RSS and Atom feeds of newly published records (public only)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from zwgk.documents.models import Record

FEED_SIZE = 50


class RecordFeed(Feed):
    title = f"{settings.SITE_NAME} · 政府信息公开 · 最新文件"
    description = "新发布的政策文件和政府信息"

    def link(self) -> str:
        return reverse("documents:xxgk")

    def items(self) -> list[Record]:
        return list(
            Record.objects.public().select_related("agency").order_by("-published_at", "-id")[:FEED_SIZE]
        )

    def item_title(self, item: Record) -> str:
        return f"{item.title}（{item.doc_number}）" if item.doc_number else item.title

    def item_description(self, item: Record) -> str:
        return item.summary

    def item_link(self, item: Record) -> str:
        return reverse("documents:record", args=[item.pk])

    def item_guid(self, item: Record) -> str:
        return item.index_no or str(item.pk)

    item_guid_is_permalink = False

    def item_pubdate(self, item: Record) -> datetime | None:
        return item.published_at

    def item_author_name(self, item: Record) -> str:
        return item.agency.name


class AtomRecordFeed(RecordFeed):
    feed_type = Atom1Feed
    subtitle = RecordFeed.description
