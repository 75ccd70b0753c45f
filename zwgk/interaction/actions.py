"""Every state change of 互动交流: submitting, assigning, transferring, asking for more information, replying
(with the 负责人's sign-off where the kind needs it), publishing the masked reply, rating, and logging a
consultation. Each is atomic, checks its permission, writes an audit event and keeps the clock current.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from zwgk.accounts.permissions import require
from zwgk.agencies.models import Agency
from zwgk.audit.log import record
from zwgk.core.errors import Refused
from zwgk.core.querycode import hash_query_code, new_query_code
from zwgk.core.signals import announce_public_change
from zwgk.core.workflow import Guard, Workflow
from zwgk.interaction import services
from zwgk.interaction.models import (
    TRANSITIONS,
    ConsultationLog,
    Event,
    Message,
    MessageKind,
    Pause,
    Satisfaction,
    Status,
)


def _needs_signoff_guard(target_when_signoff: bool) -> Guard:
    def guard(message: Message, today: date) -> str | None:
        if message.kind.requires_signoff == target_when_signoff:
            return None
        if target_when_signoff:
            return "该类留言无须审签，可直接答复。"
        return "该类留言的答复须经本单位负责人审签后发出。"

    return guard


def _has_reply(message: Message, today: date) -> str | None:
    return None if message.reply_body.strip() else "请先填写答复内容。"


def _combine(*guards: Guard) -> Guard:
    def guard(message: Message, today: date) -> str | None:
        for g in guards:
            problem = g(message, today)
            if problem:
                return problem
        return None

    return guard


FLOW = Workflow(
    TRANSITIONS,
    labels=dict(Status.choices),
    guards={
        (Status.PROCESSING, Status.REPLIED): _combine(_needs_signoff_guard(False), _has_reply),
        (Status.PROCESSING, Status.AWAITING_SIGNOFF): _combine(_needs_signoff_guard(True), _has_reply),
        (Status.AWAITING_SIGNOFF, Status.REPLIED): _has_reply,
    },
)


def _today() -> date:
    return timezone.localdate()


def _locked(message: Message) -> Message:
    return Message.objects.select_for_update(of=("self",)).select_related("kind", "agency").get(pk=message.pk)


def _event(message: Message, action: str, text: str = "", *, by: Any = None, public: bool = False) -> None:
    Event.objects.create(
        message=message,
        action=action,
        text=text,
        actor=by if getattr(by, "pk", None) else None,
        public=public,
    )


def _check_agency(kind: MessageKind, agency: Agency | None) -> Agency:
    allowed = list(kind.handling_agencies.all())
    chosen = agency or kind.default_agency
    if chosen is None:
        raise Refused("请选择办理单位。")
    if allowed and chosen not in allowed and chosen != kind.default_agency:
        raise Refused(f"“{kind.name}”不由{chosen.name}办理，请重新选择办理单位。")
    return chosen


def submit_message(
    kind: MessageKind,
    data: Mapping[str, Any],
    attachment: UploadedFile | None = None,
    *,
    channel: str = "web",
    on: date | None = None,
) -> tuple[Message, str]:
    """A visitor's message. Returns the message and its private query code (shown once).

    `on` back-dates the submission (demo and tests only). A message the same contact sent in the last day with
    nearly the same text is refused with that message's number, so a double click or a script makes one message.
    """
    today = on or _today()
    if not kind.active:
        raise Refused("该留言渠道已停用。")
    title = (data.get("title") or "").strip()
    body = (data.get("body") or "").strip()
    if not title or not body:
        raise Refused("请填写标题和留言内容。")
    anonymous = bool(data.get("anonymous")) and kind.anonymous_allowed
    contact = services.contact_for_dedup(data)
    if not anonymous and not contact:
        raise Refused("请留下联系电话或电子邮箱，以便答复。")
    with transaction.atomic():
        agency = _check_agency(kind, data.get("agency"))
        duplicate = services.recent_near_duplicate(kind.pk, body, contact, today)
        if duplicate is not None:
            raise Refused(
                f"您已于{duplicate.received_on:%Y年%m月%d日}提交过内容相同的留言（编号 {duplicate.number}），"
                "请凭查询码查看办理进度，无须重复提交。"
            )
        number = services.allocate_number(today.year)
        code = new_query_code()
        subkind = (data.get("subkind") or "").strip()
        if subkind and subkind not in kind.subkind_list:
            raise Refused("请从列表中选择细类。")
        message = Message(
            number=number,
            query_code_hash=hash_query_code(number, code),
            kind=kind,
            subkind=subkind,
            agency=agency,
            title=title[:100],
            body=body,
            name="" if anonymous else (data.get("name") or "").strip()[:50],
            phone="" if anonymous else (data.get("phone") or "").strip()[:30],
            email="" if anonymous else (data.get("email") or "").strip()[:254],
            company=(data.get("company") or "").strip()[:100],
            page_url=(data.get("page_url") or "").strip()[:500] if kind.asks_page_url else "",
            project_name=(data.get("project_name") or "").strip()[:200] if kind.enterprise_fields else "",
            approval_item=(data.get("approval_item") or "").strip()[:200] if kind.enterprise_fields else "",
            approval_unit=(data.get("approval_unit") or "").strip()[:100] if kind.enterprise_fields else "",
            channel=channel,
            received_on=today,
            reply_public=kind.public_by_default,
            fingerprint=services.fingerprint(kind.code, title, body, contact),
            application=data.get("application") or services.application_mentioned(f"{title} {body}"),
        )
        if attachment is not None:
            message.attachment.save(attachment.name or "attachment", attachment, save=False)
        message.save()
        services.refresh_clock(message)
        _event(message, "submitted", f"收到留言，由{agency.name}办理。", public=True)
        record(
            "interaction.submitted",
            obj=message,
            actor=None,
            summary=f"收到{kind.name}留言 {message.number}",
            after={"kind": kind.code, "agency": agency.pk, "received_on": today, "due_on": message.due_on},
        )
    return message, code


@transaction.atomic
def accept(message: Message, *, by: Any, handler: Any = None) -> Message:
    """分办: the agency takes the message on and names its handler (default: whoever accepts)."""
    m = _locked(message)
    FLOW.check(m, Status.PROCESSING, by)
    m.status = Status.PROCESSING
    m.handler = handler or by
    m.save(update_fields=["status", "handler", "updated_at"])
    _event(m, "accepted", f"已受理，承办人：{getattr(m.handler, 'display_name', '')}", by=by, public=True)
    record("interaction.accepted", obj=m, actor=by, after={"handler": getattr(m.handler, "pk", None)})
    return m


@transaction.atomic
def transfer(message: Message, to: Agency, *, reason: str, by: Any) -> Message:
    """Send the message to the agency that is responsible; the clock continues (the period is not restarted)."""
    m = _locked(message)
    require(by, "interaction.transfer", m)
    if not m.is_open:
        raise Refused("已办结的留言不能转办。")
    if to.pk == m.agency_id:
        raise Refused("请选择其他单位。")
    if not reason.strip():
        raise Refused("请填写转办理由。")
    before = m.agency_id
    m.agency = to
    m.status = Status.RECEIVED
    m.handler = None
    m.save(update_fields=["agency", "status", "handler", "updated_at"])
    _event(m, "transferred", f"转{to.name}办理：{reason.strip()}", by=by, public=True)
    record(
        "interaction.transferred",
        obj=m,
        agency=to,
        actor=by,
        summary=reason.strip()[:200],
        before={"agency": before},
        after={"agency": to.pk},
    )
    return m


@transaction.atomic
def request_info(message: Message, question: str, *, by: Any, on: date | None = None) -> Message:
    """Ask the writer for more information; the clock pauses from the next day until the answer arrives."""
    m = _locked(message)
    FLOW.check(m, Status.AWAITING_INFO, by)
    if not question.strip():
        raise Refused("请写明需要补充的内容。")
    day = on or _today()
    Pause.objects.create(message=m, started_on=day, question=question.strip())
    m.status = Status.AWAITING_INFO
    m.info_request = question.strip()
    m.save(update_fields=["status", "info_request", "updated_at"])
    services.refresh_clock(m)
    _event(m, "info_requested", f"请留言人补充：{question.strip()}", by=by, public=True)
    record("interaction.info_requested", obj=m, actor=by, after={"started_on": day})
    return m


@transaction.atomic
def supply_info(message: Message, answer: str, *, by: Any = None, on: date | None = None) -> Message:
    """The writer's answer (through the status page, `by=None`) or staff recording it; the clock restarts."""
    m = _locked(message)
    if m.status != Status.AWAITING_INFO:
        raise Refused("该留言当前不需要补充材料。")
    if by is not None:
        require(by, "interaction.handle", m)
    if not answer.strip():
        raise Refused("请填写补充内容。")
    pause = m.pauses.filter(ended_on__isnull=True).first()
    day = on or _today()
    if pause is not None:
        pause.ended_on = max(day, pause.started_on)
        pause.answer = answer.strip()
        pause.save(update_fields=["ended_on", "answer"])
    m.status = Status.PROCESSING
    m.save(update_fields=["status", "updated_at"])
    services.refresh_clock(m)
    _event(m, "info_supplied", "留言人已补充材料，答复期限继续计算。", by=by, public=True)
    record("interaction.info_supplied", obj=m, actor=by, after={"ended_on": day})
    return m


@transaction.atomic
def save_reply(message: Message, body: str, *, public: bool, by: Any) -> Message:
    m = _locked(message)
    require(by, "interaction.handle", m)
    if m.status not in (Status.PROCESSING, Status.AWAITING_SIGNOFF):
        raise Refused(f"当前状态为“{m.status_label}”，不能拟定答复。")
    m.reply_body = body.strip()
    m.reply_public = public
    if m.status == Status.AWAITING_SIGNOFF:
        m.status = Status.PROCESSING  # an edited reply needs a new sign-off
    m.save(update_fields=["reply_body", "reply_public", "status", "updated_at"])
    record("interaction.reply_saved", obj=m, actor=by, after={"public": public, "length": len(m.reply_body)})
    return m


@transaction.atomic
def submit_for_signoff(message: Message, *, by: Any) -> Message:
    m = _locked(message)
    FLOW.check(m, Status.AWAITING_SIGNOFF, by)
    m.status = Status.AWAITING_SIGNOFF
    m.save(update_fields=["status", "updated_at"])
    _event(m, "signoff_requested", "答复已送负责人审签。", by=by)
    record("interaction.signoff_requested", obj=m, actor=by)
    return m


@transaction.atomic
def return_reply(message: Message, note: str, *, by: Any) -> Message:
    m = _locked(message)
    FLOW.check(m, Status.PROCESSING, by)
    m.status = Status.PROCESSING
    m.save(update_fields=["status", "updated_at"])
    _event(m, "signoff_returned", f"负责人退回修改：{note.strip()}", by=by)
    record("interaction.signoff_returned", obj=m, actor=by, summary=note.strip()[:200])
    return m


@transaction.atomic
def send_reply(message: Message, *, by: Any, on: date | None = None) -> Message:
    """Send the reply (after sign-off where the kind needs it) and, if marked public, publish it masked."""
    m = _locked(message)
    FLOW.check(m, Status.REPLIED, by)
    if m.status == Status.AWAITING_SIGNOFF:
        m.signed_by = by
    m.status = Status.REPLIED
    m.replied_on = on or _today()
    m.replied_by = by
    m.clock_state = "concluded"
    fields = ["status", "replied_on", "replied_by", "signed_by", "clock_state", "updated_at"]
    if m.reply_public:
        m.public_title = services.public_text(m.title, m)[:100]
        m.public_body = services.public_text(m.body, m)
        m.public_reply = services.public_text(m.reply_body, m)
        m.published_at = timezone.now()
        fields += ["public_title", "public_body", "public_reply", "published_at"]
    m.save(update_fields=fields)
    _event(m, "replied", "已答复。", by=by, public=True)
    record(
        "interaction.replied",
        obj=m,
        actor=by,
        after={"replied_on": m.replied_on, "due_on": m.due_on, "public": m.reply_public},
    )
    if m.reply_public:
        announce_public_change(Message, m.pk, "message")
    return m


@transaction.atomic
def unpublish(message: Message, *, reason: str, by: Any) -> Message:
    """Take a published reply off the public list (the reply to the writer stands)."""
    m = _locked(message)
    require(by, "interaction.handle", m)
    if m.published_at is None:
        raise Refused("该留言未公开。")
    if not reason.strip():
        raise Refused("请填写撤下理由。")
    m.published_at = None
    m.reply_public = False
    m.save(update_fields=["published_at", "reply_public", "updated_at"])
    record("interaction.unpublished", obj=m, actor=by, summary=reason.strip()[:200])
    announce_public_change(Message, m.pk, "message")
    return m


@transaction.atomic
def mark_invalid(message: Message, reason: str, *, by: Any) -> Message:
    """不予受理: spam, abuse or content that is not a request to this government (with the reason shown)."""
    m = _locked(message)
    FLOW.check(m, Status.INVALID, by)
    if not reason.strip():
        raise Refused("请填写不予受理的理由。")
    m.status = Status.INVALID
    m.invalid_reason = reason.strip()[:300]
    m.clock_state = "concluded"
    m.save(update_fields=["status", "invalid_reason", "clock_state", "updated_at"])
    _event(m, "invalid", f"不予受理：{m.invalid_reason}", by=by, public=True)
    record("interaction.invalid", obj=m, actor=by, summary=m.invalid_reason)
    return m


@transaction.atomic
def rate(message: Message, level: str, comment: str = "") -> Message:
    """The writer rates the reply once (from the status page)."""
    m = _locked(message)
    if m.status != Status.REPLIED:
        raise Refused("答复后才能评价。")
    if m.satisfaction:
        raise Refused("您已评价过该答复。")
    if level not in Satisfaction.values:
        raise Refused("请选择满意、基本满意或不满意。")
    m.satisfaction = level
    m.satisfaction_comment = comment.strip()[:500]
    m.rated_at = timezone.now()
    m.save(update_fields=["satisfaction", "satisfaction_comment", "rated_at", "updated_at"])
    _event(m, "rated", f"留言人评价：{Satisfaction(level).label}", public=True)
    record("interaction.rated", obj=m, actor=None, after={"satisfaction": level})
    return m


CONSULTATION_FIELDS = (
    "channel",
    "topic",
    "question",
    "answered_on_spot",
    "referred_to",
    "record",
    "faq",
    "asked_on",
)


@transaction.atomic
def log_consultation(agency: Agency, data: Mapping[str, Any], *, by: Any) -> ConsultationLog:
    require(by, "interaction.log", agency)
    topic = (data.get("topic") or "").strip()
    if not topic:
        raise Refused("请填写咨询事项。")
    asked_on = data.get("asked_on") or _today()
    if asked_on > _today():
        raise Refused("咨询日期不能晚于今天。")
    if not data.get("answered_on_spot", True) and not (data.get("referred_to") or "").strip():
        raise Refused("未当场答复的，请填写转交的单位或人员。")
    entry = ConsultationLog.objects.create(
        agency=agency,
        channel=data["channel"],
        topic=topic[:100],
        question=(data.get("question") or "").strip(),
        answered_on_spot=bool(data.get("answered_on_spot", True)),
        referred_to=(data.get("referred_to") or "").strip()[:100],
        record=data.get("record"),
        faq=data.get("faq"),
        asked_on=asked_on,
        logged_by=by,
    )
    record(
        "interaction.consultation_logged",
        obj=entry,
        agency=agency,
        actor=by,
        after={"channel": entry.channel},
    )
    return entry


KIND_FIELDS = (
    "name",
    "description",
    "reply_working_days",
    "public_by_default",
    "anonymous_allowed",
    "requires_signoff",
    "asks_page_url",
    "enterprise_fields",
    "subkinds",
    "default_agency",
    "active",
    "order",
)


@transaction.atomic
def save_kind(kind: MessageKind, data: Mapping[str, Any], agencies: Any, *, by: Any) -> MessageKind:
    """The 公开办 configures a channel (name, handling agencies, reply period, publication default)."""
    require(by, "interaction.configure")
    before = {f: str(getattr(kind, f, "")) for f in KIND_FIELDS} if kind.pk else None
    for f in KIND_FIELDS:
        if f in data:
            setattr(kind, f, data[f])
    if not 1 <= int(kind.reply_working_days) <= settings.INTERACTION_MAX_REPLY_DAYS:
        raise Refused(f"答复期限应为 1 至 {settings.INTERACTION_MAX_REPLY_DAYS} 个工作日。")
    kind.save()
    kind.handling_agencies.set(agencies)
    record(
        "interaction.kind_saved",
        obj=kind,
        actor=by,
        before=before,
        after={f: str(getattr(kind, f, "")) for f in KIND_FIELDS},
    )
    return kind
