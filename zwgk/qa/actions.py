"""State changes of 政策问答: saving an FAQ (with its cited documents) and moving it between statuses.

Publishing, withdrawing and editing a published FAQ announce `public_content_changed`, so the search index
and the answer service follow at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from zwgk.accounts.permissions import require
from zwgk.audit.log import record, snapshot
from zwgk.core.signals import announce_public_change
from zwgk.qa.models import FAQ_FLOW, Faq, FaqSource, FaqStatus
from zwgk.qa.service import entry_key_for_url

FAQ_FIELDS = ["agency", "topic", "question", "variants", "answer", "review_due", "status"]
SOURCE_FIELDS = ("title", "doc_number", "article", "url")


def save_faq(faq: Faq | None, data: dict[str, Any], sources: Sequence[dict[str, str]], *, by: Any) -> Faq:
    """Create or edit an FAQ and replace its cited documents. Editing a published FAQ needs publish rights."""
    with transaction.atomic():
        creating = faq is None
        target = Faq(created_by=by) if faq is None else Faq.objects.select_for_update().get(pk=faq.pk)
        if not creating:
            require(by, "qa.edit_faq", target)
            if target.status == FaqStatus.PUBLISHED:
                require(by, "qa.publish_faq", target, "已发布的问答只能由本单位管理员、审签人或公开办修改。")
        before = None if creating else {**snapshot(target, FAQ_FIELDS), "sources": _sources_of(target)}
        for field in FAQ_FIELDS:
            if field in data and field != "status":
                setattr(target, field, data[field])
        require(by, "qa.edit_faq", target, "您不能为该单位编辑政策问答。")
        target.updated_by = by
        target.full_clean()
        target.save()
        target.sources.all().delete()
        rows = [s for s in sources if (s.get("title") or "").strip()]
        FaqSource.objects.bulk_create(
            [
                FaqSource(
                    faq=target,
                    ordinal=index,
                    entry_key=entry_key_for_url((row.get("url") or "").strip()),
                    **{f: (row.get(f) or "").strip() for f in SOURCE_FIELDS},
                )
                for index, row in enumerate(rows, start=1)
            ]
        )
        after = {**snapshot(target, FAQ_FIELDS), "sources": _sources_of(target)}
        record(
            "qa.faq_created" if creating else "qa.faq_updated",
            obj=target,
            actor=by,
            before=before,
            after=after,
        )
        if target.status == FaqStatus.PUBLISHED:
            announce_public_change(Faq, target.pk, "faq")
    return target


def _sources_of(faq: Faq) -> list[list[str]]:
    return [[s.title, s.doc_number, s.article, s.url] for s in faq.sources.all()]


def change_status(faq: Faq, to: str, *, by: Any) -> Faq:
    """Publish, withdraw or return an FAQ to draft, following FAQ_FLOW."""
    with transaction.atomic():
        target = Faq.objects.select_for_update().get(pk=faq.pk)
        before = FAQ_FLOW.apply(target, to, by)
        if to == FaqStatus.PUBLISHED:
            target.published_at = timezone.now()
        target.updated_by = by
        target.save(update_fields=["status", "published_at", "updated_by", "updated_at"])
        record(
            f"qa.faq_{to}", obj=target, actor=by, before={"status": before}, after={"status": target.status}
        )
        announce_public_change(Faq, target.pk, "faq")
    return target
