"""The reviewer's panel (保密审查结果) shown on the record's review page by the documents app."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db import models
from django.http import HttpRequest

from zwgk.accounts.permissions import can
from zwgk.secrecy.models import Resolution, Screening, SubjectKind
from zwgk.secrecy.service import approval_blockers, in_review, unscreened_subjects

PANEL_TEMPLATE = "secrecy/_review_panel.html"


def panel_context(request: HttpRequest, record: models.Model) -> dict[str, Any]:
    """Context of `secrecy/_review_panel.html` under the key `secrecy` (empty for users who may not see it)."""
    if not can(request.user, "secrecy.view_findings", record):
        return {"secrecy": None}
    subjects = []
    screenings = (
        Screening.objects.for_record(record)
        .prefetch_related("findings__resolved_by")
        .order_by("kind", "label")
    )
    for screening in sorted(screenings, key=lambda s: (s.kind != SubjectKind.BODY, s.label)):
        findings = [f for f in screening.findings.all() if f.is_current]
        blocks = [f for f in findings if f.severity == "block"]
        warns = [f for f in findings if f.severity != "block"]
        open_blocks = [f for f in blocks if f.resolution == Resolution.OPEN]
        subjects.append(
            {
                "screening": screening,
                "blocks": blocks,
                "warns": warns,
                "open_blocks": len(open_blocks),
                "maskable_open": sum(1 for f in open_blocks if f.maskable),
                "counts": Counter(f.category_label for f in open_blocks).most_common(),
                "history": [f for f in screening.findings.all() if not f.is_current],
            }
        )
    may_start = can(request.user, "secrecy.start_screening", record)
    return {
        "secrecy": {
            "record": record,
            "record_label": record._meta.label_lower,
            # Subjects the reviewer can have screened now ("开始自动筛查"): none unless the record is in review.
            "unscreened": len(unscreened_subjects(record)) if may_start and in_review(record) else 0,
            "subjects": subjects,
            "blockers": approval_blockers(record),
            "can_resolve": can(request.user, "secrecy.resolve_finding", record),
            "can_rescreen": can(request.user, "secrecy.rescreen", record),
            "next": request.get_full_path(),
        }
    }
