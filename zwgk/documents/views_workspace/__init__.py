"""Workspace pages of the catalogue: drafting, the review/sign-off queues, interpretations, time limits,
periodic reviews, the normative inventory, the 公开指南 and the theme taxonomy.

One module per area (records, interpretations, time_limits, periodic_reviews, inventory); shared helpers in
common. The package keeps the old module path, so URLconfs and other apps import it unchanged.
"""

from .interpretations import (
    interpretation_action,
    interpretation_detail,
    interpretation_edit,
    interpretation_new,
    interpretations,
)
from .inventory import guide_edit, normative_inventory, themes
from .periodic_reviews import periodic_review, periodic_reviews
from .records import (
    attachment_delete,
    attachment_download,
    attachment_upload,
    record_action,
    record_correct,
    record_detail,
    record_edit,
    record_new,
    record_validity,
    records,
    review_queue,
    sign_queue,
)
from .time_limits import request_due_soon, timeliness

__all__ = [
    "attachment_delete",
    "attachment_download",
    "attachment_upload",
    "guide_edit",
    "interpretation_action",
    "interpretation_detail",
    "interpretation_edit",
    "interpretation_new",
    "interpretations",
    "normative_inventory",
    "periodic_review",
    "periodic_reviews",
    "record_action",
    "record_correct",
    "record_detail",
    "record_edit",
    "record_new",
    "record_validity",
    "records",
    "request_due_soon",
    "review_queue",
    "sign_queue",
    "themes",
    "timeliness",
]
