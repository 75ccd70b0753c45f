"""The publication workflow as one table of allowed moves — pure Python, no Django.

Records:        草稿 → 待保密审查 → 待审签 → 已发布 (主动公开) / 已定稿（不公开）→ 已撤回; returns go back to 草稿;
                a withdrawn record can be reopened as a draft; a filed (non-public) record that a periodic review
                (定期审查) proposes to convert goes back into the review path (保密审查 → 审签) like any
                publication; a returned conversion is filed again.
Interpretations: the same, with 已审定待同步发布 between sign-off and publication while their policy waits.
Each move names the permission it needs. `Record.FLOW` and `Interpretation.FLOW` wrap these tables in
`zwgk.core.workflow.Workflow`: the action functions call `.check(obj, target, by)`, the views show buttons from
`.available_moves(obj, user)`.
"""

from __future__ import annotations

DRAFT, IN_REVIEW, AWAITING_SIGNOFF, APPROVED, PUBLISHED, FILED, WITHDRAWN = (
    "draft",
    "in_review",
    "awaiting_signoff",
    "approved",
    "published",
    "filed",
    "withdrawn",
)
LABELS = {
    DRAFT: "草稿",
    IN_REVIEW: "待保密审查",
    AWAITING_SIGNOFF: "待审签",
    APPROVED: "已审定待同步发布",
    PUBLISHED: "已发布",
    FILED: "已定稿（不公开）",
    WITHDRAWN: "已撤回",
}

RECORD_TRANSITIONS: dict[tuple[str, str], str] = {
    (DRAFT, IN_REVIEW): "documents.draft",
    (IN_REVIEW, AWAITING_SIGNOFF): "documents.review",
    (IN_REVIEW, DRAFT): "documents.review",
    (AWAITING_SIGNOFF, PUBLISHED): "documents.sign",
    (AWAITING_SIGNOFF, FILED): "documents.sign",
    (AWAITING_SIGNOFF, DRAFT): "documents.sign",
    (PUBLISHED, WITHDRAWN): "documents.withdraw",
    # A conversion proposed by a 单位管理员 goes to the 保密审查; one proposed by the 保密审查员 is that review.
    (FILED, IN_REVIEW): "documents.periodic_review",
    (FILED, AWAITING_SIGNOFF): "documents.periodic_review",
    (IN_REVIEW, FILED): "documents.review",
    (WITHDRAWN, DRAFT): "documents.draft",
}

INTERPRETATION_TRANSITIONS: dict[tuple[str, str], str] = {
    (DRAFT, IN_REVIEW): "documents.draft",
    (IN_REVIEW, AWAITING_SIGNOFF): "documents.review",
    (IN_REVIEW, DRAFT): "documents.review",
    (AWAITING_SIGNOFF, APPROVED): "documents.sign",
    (AWAITING_SIGNOFF, PUBLISHED): "documents.sign",
    (AWAITING_SIGNOFF, DRAFT): "documents.sign",
    (APPROVED, PUBLISHED): "documents.sign",
    (PUBLISHED, WITHDRAWN): "documents.withdraw",
    (WITHDRAWN, DRAFT): "documents.draft",
}
