"""Every state change of the catalogue: permission check, change, audit event, follow-up after commit.

Views, commands, periodic tasks and other apps (screening) call these functions; nothing else mutates
Record, Interpretation, Attachment, PeriodicReview or GuideRevision rows.

One module per aggregate: drafting, review, redaction, interpretations, periodic, sweepers, guides; shared helpers in common.
"""

from .common import (
    CHECKED_FIELDS,
    CORRECTABLE_FIELDS,
    INTERPRETATION_FIELDS,
    PUBLISH_WORKING_DAYS,
    RECORD_FIELDS,
    R,
    add_months,
    allocate_index_no,
    compute_publish_due,
    next_review_date,
    normalise_doc_number,
    record_problems,
    register_index_no,
)
from .drafting import _store_attachment, add_attachment, create_record, remove_attachment, update_draft
from .guides import publish_guide, save_theme
from .interpretations import create_interpretation, interpretation_problems, parse_qa, sign_interpretation
from .periodic import decide_periodic_review, open_due_reviews, pending_conversion
from .redaction import replace_attachment, replace_body, replace_interpretation_text
from .review import (
    ALLOWED_VALIDITY_MOVES,
    approve_review,
    change_validity,
    correct_metadata,
    problems_of,
    reopen,
    return_to_draft,
    sign,
    submit,
    withdraw,
)
from .sweepers import expire_due, fill_missing_dues, flag_overdue, go_live_due

__all__ = [
    "ALLOWED_VALIDITY_MOVES",
    "CHECKED_FIELDS",
    "CORRECTABLE_FIELDS",
    "INTERPRETATION_FIELDS",
    "PUBLISH_WORKING_DAYS",
    "RECORD_FIELDS",
    "R",
    "_store_attachment",
    "add_attachment",
    "add_months",
    "allocate_index_no",
    "approve_review",
    "change_validity",
    "compute_publish_due",
    "correct_metadata",
    "create_interpretation",
    "create_record",
    "decide_periodic_review",
    "expire_due",
    "fill_missing_dues",
    "flag_overdue",
    "go_live_due",
    "interpretation_problems",
    "next_review_date",
    "normalise_doc_number",
    "open_due_reviews",
    "parse_qa",
    "pending_conversion",
    "problems_of",
    "publish_guide",
    "record_problems",
    "register_index_no",
    "remove_attachment",
    "reopen",
    "replace_attachment",
    "replace_body",
    "replace_interpretation_text",
    "return_to_draft",
    "save_theme",
    "sign",
    "sign_interpretation",
    "submit",
    "update_draft",
    "withdraw",
]
