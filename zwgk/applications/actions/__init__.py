"""Every state change of an application: permission, change, audit event, follow-up on commit — in one
transaction. Views, commands, the demo and the reminder task call these functions; nothing else writes.

Refusals raise `zwgk.core.errors.Refused` (a business rule, message in Chinese), its `IllegalTransition` (a move
that applications/workflow.py's table does not allow from the current status) or `PermissionDenied`.

One module per aggregate: intake, correction (补正), consultations, fees, extension, reply, templates; shared
helpers in common.
"""

from .common import handlers_of
from .consultations import record_consultation_answer, start_consultation
from .correction import end_no_correction, record_correction, request_correction, withdraw
from .extension import decide_extension, request_extension
from .fees import end_no_payment, issue_fee_notice, record_payment
from .intake import (
    APPLICANT_FIELDS,
    accept,
    assign,
    confirm_online,
    register_by_staff,
    submit_online,
    transfer,
)
from .reply import (
    REPLY_FIELDS,
    archive,
    decide_legal_review,
    reopen_draft,
    replace_reply_file,
    replace_reply_text,
    save_draft,
    save_staff_note,
    send_reply,
    submit_for_legal_review,
)
from .templates import (
    REVIEW_FIELDS,
    can_see_personal,
    fill_missing_due_dates,
    new_code_for,
    reset_template,
    save_review_case,
    save_template,
)

__all__ = [
    "APPLICANT_FIELDS",
    "REPLY_FIELDS",
    "REVIEW_FIELDS",
    "accept",
    "archive",
    "assign",
    "can_see_personal",
    "confirm_online",
    "decide_extension",
    "decide_legal_review",
    "end_no_correction",
    "end_no_payment",
    "fill_missing_due_dates",
    "handlers_of",
    "issue_fee_notice",
    "new_code_for",
    "record_consultation_answer",
    "record_correction",
    "record_payment",
    "register_by_staff",
    "reopen_draft",
    "replace_reply_file",
    "replace_reply_text",
    "request_correction",
    "request_extension",
    "reset_template",
    "save_draft",
    "save_review_case",
    "save_staff_note",
    "save_template",
    "send_reply",
    "start_consultation",
    "submit_for_legal_review",
    "submit_online",
    "transfer",
    "withdraw",
]
