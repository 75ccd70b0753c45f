"""What the secrecy review screens: the subjects of an owner (a record, an interpretation or a 依申请公开 reply).

A `Subject` is an owner's text (kind "body": a record's 正文, an interpretation's `review_text`, a reply's
`review_text`) or one of its files (kind "attachment": a documents.Attachment, or the reply's file 提供的信息).
Every owner type is named here once, so the rest of the app asks a Subject and never the owner's model.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from zwgk.applications.models import Reply
from zwgk.core.extraction import limits as extraction_limits
from zwgk.documents.models import Attachment, Interpretation, Record
from zwgk.extract import Limits
from zwgk.secrecy.models import REPLY_SCREENED_STATUSES, Owner, Screening, SubjectKind


def limits() -> Limits:
    """The installation's extraction bounds (ZWGK_MAX_UPLOAD_MB and the ZWGK_EXTRACT_* settings)."""
    return extraction_limits()


def owner_text(owner: Owner) -> str:
    """The text of `owner` that is disclosed and that masking rewrites."""
    if isinstance(owner, Record):
        return owner.body
    return owner.review_text


@dataclass(frozen=True)
class Subject:
    owner: Owner
    attachment: Attachment | None = None
    reply_file: bool = False  # the reply's own file (Reply.attachment)

    @property
    def kind(self) -> str:
        return SubjectKind.ATTACHMENT if self.attachment is not None or self.reply_file else SubjectKind.BODY

    @property
    def agency(self) -> Any:
        return self.owner.agency

    @property
    def label(self) -> str:
        if self.attachment is not None:
            return self.attachment.filename
        if self.reply_file and isinstance(self.owner, Reply):
            return self.owner.attachment_name or "附件"
        return "正文"

    @property
    def display_label(self) -> str:
        """How refusals name it: 正文, or 附件《name》."""
        return "正文" if self.kind == SubjectKind.BODY else f"附件《{self.label}》"

    def text(self) -> str | None:
        """The subject's text when it is known without reading the file (None: extract the file)."""
        if self.attachment is not None:
            return self.attachment.extracted_text
        if self.reply_file:
            return None
        return owner_text(self.owner)

    def field_file(self) -> Any:
        if self.attachment is not None:
            return self.attachment.file
        if self.reply_file and isinstance(self.owner, Reply):
            return self.owner.attachment
        return None

    def read_file(self) -> tuple[bytes, str] | None:
        """(bytes, filename) of a file subject, at most the upload limit plus one byte; None for a text."""
        field = self.field_file()
        if field is None:
            return None
        with field.open("rb") as handle:
            data = handle.read(limits().max_bytes + 1)
        return data, self.label

    def size(self) -> int:
        field = self.field_file()
        if field is None:
            return len(self.text() or "") * 3
        try:
            return int(field.size)
        except (OSError, ValueError):
            return 0

    def lookup(self) -> dict[str, Any]:
        """The Screening columns that name this subject (one of the nullable foreign keys)."""
        if self.attachment is not None:
            return {"attachment": self.attachment}
        if isinstance(self.owner, Reply):
            return {"reply": self.owner, "kind": self.kind}
        if isinstance(self.owner, Interpretation):
            return {"interpretation": self.owner}
        return {"record": self.owner}

    def matches(self, screening: Screening) -> bool:
        if self.attachment is not None:
            return screening.attachment_id == self.attachment.pk
        if isinstance(self.owner, Reply):
            return screening.reply_id == self.owner.pk and screening.kind == self.kind
        if isinstance(self.owner, Interpretation):
            return screening.interpretation_id == self.owner.pk
        return screening.record_id == self.owner.pk

    def own_values(self) -> frozenset[str]:
        """Values a finding may contain without being a problem: in a reply, the applicant's own name, ID
        number, phone and e-mail (the reply is addressed to them; Art 36 requires naming them)."""
        if not isinstance(self.owner, Reply):
            return frozenset()
        app = self.owner.application
        values = (app.applicant_name, app.id_number, app.phone, app.email, app.contact_person)
        return frozenset(normalise(v) for v in values if v and len(v.strip()) >= 2)


def normalise(value: str) -> str:
    return "".join(value.split()).upper()


def subjects_of(owner: Owner) -> list[Subject]:
    """The owner's text and each of its current files."""
    if isinstance(owner, Reply):
        return [Subject(owner)] + ([Subject(owner, reply_file=True)] if owner.attachment else [])
    return [Subject(owner), *(Subject(owner, attachment=a) for a in owner.attachments.all())]


def subject_of(screening: Screening) -> Subject | None:
    """The subject a screening is about; None when it is gone (the reply's file was removed)."""
    if screening.attachment_id:
        attachment = screening.attachment
        return Subject(attachment.owner, attachment=attachment)  # type: ignore[union-attr]
    if screening.reply_id:
        reply = screening.reply
        if screening.kind == SubjectKind.ATTACHMENT:
            return Subject(reply, reply_file=True) if reply and reply.attachment else None
        return Subject(reply)  # type: ignore[arg-type]
    return Subject(screening.record or screening.interpretation)  # type: ignore[arg-type]


def in_review(owner: Owner) -> bool:
    """Whether `owner` awaits the secrecy review now (each owner model's own definition)."""
    if isinstance(owner, Reply):
        return owner.application.status in REPLY_SCREENED_STATUSES
    return type(owner).objects.in_secrecy_review().filter(pk=owner.pk).exists()


# The owners the review pages address by "<app_label>.<model>/<pk>" (secrecy:record).
OWNER_MODELS: dict[str, type[Record] | type[Interpretation] | type[Reply]] = {
    "documents.record": Record,
    "documents.interpretation": Interpretation,
    "applications.reply": Reply,
}


def owner_label(owner: Owner) -> str:
    return owner._meta.label_lower


def owner_url(owner: Owner) -> str:
    """The owner's own page, where the review is decided (approve / sign / send)."""
    if isinstance(owner, Reply):
        return reverse("applications:detail", args=[owner.application_id]) + "#secrecy"
    if isinstance(owner, Interpretation):
        return reverse("documents:ws_interpretation", args=[owner.pk])
    return reverse("documents:ws_record", args=[owner.pk])
