"""发布日期 integrity: a published record's 发布日期 is never earlier than the record was created in the platform,
nor earlier than its 成文日期. CHK2019 (国办秘函〔2019〕19号, regulations.md §4.1 item 1) lists 弄虚作假 such as
**伪造发稿日期** among the single-veto items, so publication refuses such a date (`publication_date_problem`, called
by `sign` and `sign_interpretation`) and the self-check lists any that exist (`publication_date_violations`).

Records imported from a previous system (`source_key` set) carry their real historical 发布日期, earlier than their
creation here by nature: for them only the 成文日期 rule applies.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db.models import F
from django.utils import timezone

from zwgk.documents.models import Interpretation, Record, Status

RULE = "发布日期不早于创建日期和成文日期（伪造发稿日期）"
# The platform's own clock may differ by a moment between creating a row and stamping it.
SKEW_SECONDS = 60


def publication_date_problem(obj: Record | Interpretation, when: datetime) -> str | None:
    """Why `obj` may not be published with 发布日期 `when`, or None."""
    created = obj.created_at
    # A creation time later than the clock now is a clock anomaly (a restored backup, a test travelling in time),
    # not a back-dated publication: `sign` publishes at `now` or later, so only an earlier creation can be forged.
    plausible = created is not None and created <= timezone.now()
    if plausible and obj.source_key is None and (created - when).total_seconds() > SKEW_SECONDS:
        return (
            f"发布日期（{timezone.localtime(when):%Y-%m-%d %H:%M}）不能早于该信息在平台创建的时间"
            f"（{timezone.localtime(created):%Y-%m-%d %H:%M}）：倒填发布日期属于国家政府网站检查单项否决的“伪造发稿日期”。"
        )
    written: date | None = getattr(obj, "written_on", None)
    if written is not None and timezone.localtime(when).date() < written:
        return f"发布日期（{timezone.localtime(when):%Y-%m-%d}）不能早于成文日期（{written:%Y-%m-%d}）。"
    return None


def _entry(obj: Record | Interpretation, detail: str) -> dict[str, Any]:
    kind = "record" if isinstance(obj, Record) else "interpretation"
    return {
        "rule": RULE,
        "ok": False,
        "detail": f"《{obj.title}》：{detail}",
        "agency": obj.agency.short_name,
        "kind": kind,
        "id": obj.pk,
        "published_at": obj.published_at,
    }


def publication_date_violations() -> list[dict[str, Any]]:
    """Every published (or withdrawn) record and interpretation whose 发布日期 breaks the rule, for the site self-check
    (issue 21 item 6): `[{"rule", "ok": False, "detail", "agency", "kind", "id", "published_at"}]` ([] when none)."""
    out: list[dict[str, Any]] = []
    shown = [Status.PUBLISHED, Status.WITHDRAWN]
    for model in (Record, Interpretation):
        rows = (
            model.objects.filter(status__in=shown, published_at__isnull=False, source_key__isnull=True)
            .filter(published_at__lt=F("created_at"))
            .select_related("agency")
        )
        for obj in rows:
            problem = publication_date_problem(obj, obj.published_at)  # type: ignore[arg-type]
            if problem:
                out.append(_entry(obj, problem))
    seen = {(e["kind"], e["id"]) for e in out}
    for record in (
        Record.objects.filter(status__in=shown, published_at__isnull=False, written_on__isnull=False)
        .select_related("agency")
        .only("pk", "title", "agency__short_name", "published_at", "written_on", "created_at", "source_key")
    ):
        if ("record", record.pk) in seen or record.published_at is None:
            continue
        if timezone.localtime(record.published_at).date() < record.written_on:
            out.append(
                _entry(
                    record,
                    f"发布日期（{timezone.localtime(record.published_at):%Y-%m-%d}）早于成文日期（{record.written_on:%Y-%m-%d}）。",
                )
            )
    return out
