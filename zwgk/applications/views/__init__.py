"""Pages of 依申请公开: the public guide, form and status page; the staff ledger, registration and handling.

One module per area: public, access (helpers), ledger, registration, detail (steps), tools, review_cases;
shared helpers in common.
"""

from .detail import StepHandler, detail, draft_preview, file_download, letter_file, step
from .ledger import ledger
from .public import (
    apply,
    apply_done,
    apply_form,
    apply_receipt,
    seal_code,
    status,
    status_attachment,
    status_correct,
    status_letter,
    status_lookup,
    status_withdraw,
    unseal_code,
)
from .registration import register
from .review_cases import ledger_template, review_case_edit, review_cases
from .tools import candidates, deadline, template_edit, templates

__all__ = [
    "StepHandler",
    "apply",
    "apply_done",
    "apply_form",
    "apply_receipt",
    "candidates",
    "deadline",
    "detail",
    "draft_preview",
    "file_download",
    "ledger",
    "ledger_template",
    "letter_file",
    "register",
    "review_case_edit",
    "review_cases",
    "seal_code",
    "status",
    "status_attachment",
    "status_correct",
    "status_letter",
    "status_lookup",
    "status_withdraw",
    "step",
    "template_edit",
    "templates",
    "unseal_code",
]
