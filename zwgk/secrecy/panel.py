"""The reviewer's panel (保密审查结果) shown on the owner's page: a record's or interpretation's review page, the
application page for a reply, and secrecy:record.

It prints each approval blocker once (the owner's page does not print them again) and counts warnings honestly:
"no problem found" is said only when no finding at all is left open.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.http import HttpRequest

from zwgk.accounts.permissions import can
from zwgk.secrecy.models import Owner, Resolution, Screening, SubjectKind
from zwgk.secrecy.service import approval_blockers, in_review, unscreened_subjects
from zwgk.secrecy.subjects import owner_label

PANEL_TEMPLATE = "secrecy/_review_panel.html"


def panel_context(request: HttpRequest, owner: Owner, *, blocked_note: str = "") -> dict[str, Any]:
    """Context of `secrecy/_review_panel.html` under the key `secrecy` (None for users who may not see it)."""
    if not can(request.user, "secrecy.view_findings", owner):
        return {"secrecy": None}
    subjects = []
    screenings = Screening.objects.for_owner(owner).prefetch_related("findings__resolved_by")
    open_warnings = 0
    for screening in sorted(screenings, key=lambda s: (s.kind != SubjectKind.BODY, s.label)):
        findings = [f for f in screening.findings.all() if f.is_current]
        blocks = [f for f in findings if f.severity == "block"]
        warns = [f for f in findings if f.severity != "block"]
        open_blocks = [f for f in blocks if f.resolution == Resolution.OPEN]
        open_warns = [f for f in warns if f.resolution == Resolution.OPEN]
        open_warnings += len(open_warns)
        subjects.append(
            {
                "screening": screening,
                "blocks": blocks,
                "warns": warns,
                "open_blocks": len(open_blocks),
                "open_warns": len(open_warns),
                "maskable_open": sum(1 for f in open_blocks if f.maskable),
                "counts": Counter(f.category_label for f in open_blocks).most_common(),
                "warn_counts": Counter(f.category_label for f in open_warns).most_common(),
                "history": [f for f in screening.findings.all() if not f.is_current],
            }
        )
    may_start = can(request.user, "secrecy.start_screening", owner)
    return {
        "secrecy": {
            "record": owner,
            "record_label": owner_label(owner),
            # Subjects that can be screened now ("开始自动筛查"): none unless the owner is in review.
            "unscreened": len(unscreened_subjects(owner)) if may_start and in_review(owner) else 0,
            "subjects": subjects,
            "screened": bool(subjects),
            "open_warnings": open_warnings,
            "blockers": approval_blockers(owner),
            "blocked_note": blocked_note or "以下问题处理完毕前不能通过保密审查：",
            "can_resolve": can(request.user, "secrecy.resolve_finding", owner),
            "can_rescreen": can(request.user, "secrecy.rescreen", owner),
            "next": request.get_full_path(),
        }
    }
