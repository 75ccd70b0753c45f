"""Subscriptions and governed pushes (精准推送不打扰): every state change of Subscription and Notification.

Citizens act without an account: a one-time code sent to the e-mail address or the mobile number proves it is
theirs, and the private token link in every message manages (changes, or deletes) the subscription. Audit events
name the subscription number only, never a contact, a credit code or the profile. Codes and pushes leave only
from the background worker (tasks.py); no request sends anything.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from zwgk.audit.log import record as audit
from zwgk.core.errors import Refused
from zwgk.documents.models import Record, Theme
from zwgk.policymatch import channels as channel_adapters
from zwgk.policymatch import fields
from zwgk.policymatch.conditions import ELIGIBLE, LEVEL_LABELS, MAYBE, ConditionError, evaluate, parse_profile
from zwgk.policymatch.matching import parsed
from zwgk.policymatch.models import (
    Channel,
    DeliveryEvent,
    DeliveryEventKind,
    Notification,
    NotificationStatus,
    PolicyEligibility,
    Subscription,
    Trigger,
    VerificationCode,
)
from zwgk.policymatch.push import DEFER, SKIP, Rules, decide, week_start
from zwgk.screening.checks import valid_mobile, valid_uscc

CONSENT_TEXT = (
    "本人同意{site}保存上述画像和联系方式（企业还包括统一社会信用代码），仅用于判断哪些政策适用并向本人推送；"
    "不用于其他目的，不向第三方提供。可随时通过订阅页（私人链接）修改、退订或彻底删除，删除后不可恢复。"
)
MAX_ATTEMPTS = 5
CODE_LIFETIME = timedelta(minutes=15)
RESEND_AFTER = timedelta(minutes=1)
EXTERNAL = (Channel.EMAIL.value, Channel.SMS.value)


def _hash(code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), code.encode(), hashlib.sha256).hexdigest()


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def manage_url(sub: Subscription) -> str:
    return _absolute(reverse("policymatch:subscription", args=[sub.token]))


def unsubscribe_url(sub: Subscription) -> str:
    return _absolute(reverse("policymatch:unsubscribe", args=[sub.token]))


def tracked_url(note: Notification, channel: str) -> str:
    return _absolute(reverse("policymatch:opened", args=[note.token, channel]))


def rules() -> Rules:
    return Rules(settings.POLICYMATCH_PUSH_CAP_PER_WEEK, *settings.POLICYMATCH_QUIET_HOURS)


def consent_text() -> str:
    return CONSENT_TEXT.format(site=settings.SITE_NAME)


def topic_choices() -> list[tuple[int, str]]:
    """The top-level 主题分类 a subscriber can choose (none chosen = every topic)."""
    return list(Theme.objects.filter(parent__isnull=True, is_active=True).values_list("pk", "name"))


# --- registering and changing ---------------------------------------------------------------------------------


def _clean(
    kind: str,
    raw_fields: dict[str, Any],
    *,
    email: str,
    phone: str,
    uscc: str,
    chosen: Iterable[str] | None,
    topics: Iterable[Any] | None,
) -> dict[str, Any]:
    """Everything a subscriber typed, checked; every problem named in Chinese (Refused)."""
    problems: list[str] = []
    try:
        kind, values = parse_profile({"kind": kind, "fields": raw_fields}, fields.current(), derive=False)
    except ConditionError as exc:
        problems.extend(exc.chinese())
        values = {}
    email, phone = (email or "").strip(), (phone or "").strip().replace(" ", "").replace("-", "")
    uscc = (uscc or "").strip().upper()
    if kind == "enterprise":
        if not uscc:
            problems.append("请填写统一社会信用代码（18 位）")
        elif not valid_uscc(uscc):
            problems.append("统一社会信用代码不正确：请核对 18 位代码（GB 32100 校验位不符）")
    else:
        uscc = ""
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problems.append("电子邮箱格式不正确")
    if phone:
        if not channel_adapters.sms_enabled():
            problems.append("本平台暂未开通短信，请填写电子邮箱")
        elif not valid_mobile(phone):
            problems.append("手机号码应为 11 位大陆手机号")
    if not email and not phone:
        problems.append("请填写电子邮箱或手机号码（用于接收验证码和推送）")
    wanted = [c for c in EXTERNAL if chosen is None or c in chosen]
    picked = [c for c in wanted if (c == Channel.EMAIL and email) or (c == Channel.SMS and phone)]
    known = {pk for pk, _ in topic_choices()}
    try:
        topic_ids = sorted({int(t) for t in topics or []})
    except (TypeError, ValueError):
        topic_ids, problems = [], [*problems, "关注主题选择有误"]
    if set(topic_ids) - known:
        problems.append("关注主题选择有误")
    if problems:
        raise Refused("订阅信息有误，未保存。", problems)
    return {
        "kind": kind,
        "fields": {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in values.items()},
        "email": email,
        "phone": phone,
        "uscc": uscc,
        "channels": picked,
        "topics": topic_ids,
    }


@transaction.atomic
def subscribe(
    kind: str,
    raw_fields: dict[str, Any],
    *,
    email: str = "",
    phone: str = "",
    uscc: str = "",
    channels: Iterable[str] | None = None,
    topics: Iterable[Any] | None = None,
    include_maybe: bool = False,
    consent: bool,
) -> Subscription:
    """Register a profile; a one-time code goes to each address given. `channels` None = every address given."""
    if not consent:
        raise Refused("请阅读并同意订阅说明。")
    data = _clean(kind, raw_fields, email=email, phone=phone, uscc=uscc, chosen=channels, topics=topics)
    sub = Subscription.objects.create(
        token=secrets.token_urlsafe(32),
        profile_kind=data["kind"],
        fields=data["fields"],
        uscc=data["uscc"],
        email=data["email"],
        phone=data["phone"],
        channels=data["channels"],
        topics=data["topics"],
        include_maybe=include_maybe,
        consent_version=settings.POLICYMATCH_CONSENT_VERSION,
        consent_text=consent_text(),
    )
    if sub.email:
        send_code(sub, Channel.EMAIL)
    if sub.phone:
        send_code(sub, Channel.SMS)
    audit("policymatch.subscribed", obj=sub, summary=f"新订阅 #{sub.pk}（待验证）")
    return sub


@transaction.atomic
def update_subscription(
    sub: Subscription,
    raw_fields: dict[str, Any],
    *,
    email: str = "",
    phone: str = "",
    uscc: str = "",
    channels: Iterable[str] | None = None,
    topics: Iterable[Any] | None = None,
    include_maybe: bool = False,
) -> str:
    """Change everything but the kind (a different kind is a new subscription). A new address is used only once
    its code is entered; until then the old one (if any) goes on receiving."""
    sub = Subscription.objects.select_for_update().get(pk=sub.pk)
    data = _clean(
        sub.profile_kind, raw_fields, email=email, phone=phone, uscc=uscc, chosen=channels, topics=topics
    )
    sub.fields, sub.uscc, sub.topics, sub.include_maybe = (
        data["fields"],
        data["uscc"],
        data["topics"],
        include_maybe,
    )
    sub.channels = data["channels"]
    pending = []
    for channel, attr in ((Channel.EMAIL, "email"), (Channel.SMS, "phone")):
        new, old = data[attr], getattr(sub, attr)
        if new == old:
            continue
        if not new:  # removed: forget it at once
            setattr(sub, attr, "")
            setattr(sub, f"{attr}_verified_at", None)
            VerificationCode.objects.filter(subscription=sub, channel=channel).delete()
        elif not old:
            setattr(sub, attr, new)
            setattr(sub, f"{attr}_verified_at", None)
            pending.append((channel, new))
        else:
            pending.append((channel, new))  # replaced after verification
    sub.save()
    for channel, target in pending:
        send_code(sub, channel, target=target, throttle=False)
    audit("policymatch.subscription_changed", obj=sub, summary=f"订阅 #{sub.pk} 已修改")
    if pending:
        return "已保存。新的联系方式收到验证码并填写后生效。"
    return "已保存。"


@transaction.atomic
def send_code(sub: Subscription, channel: str, *, target: str | None = None, throttle: bool = True) -> str:
    """A new one-time code for `target` (default: the subscription's address of that channel), sent by the worker."""
    address = target if target is not None else (sub.email if channel == Channel.EMAIL else sub.phone)
    if not address:
        raise Refused("没有可发送验证码的联系方式。")
    previous = VerificationCode.objects.filter(subscription=sub, channel=channel).first()
    if throttle and previous is not None and previous.created_at > timezone.now() - RESEND_AFTER:
        raise Refused("验证码刚刚发出，请 1 分钟后再重新获取。")
    if previous is not None and target is None:
        address = previous.target  # resending keeps the address that is waiting for its code
    code = f"{secrets.randbelow(10**6):06d}"
    VerificationCode.objects.filter(subscription=sub, channel=channel).delete()
    VerificationCode.objects.create(
        subscription=sub,
        channel=channel,
        target=address,
        code_hash=_hash(code),
        expires_at=timezone.now() + CODE_LIFETIME,
    )
    from zwgk.policymatch import tasks  # (tasks imports this module: the worker calls back into it)

    transaction.on_commit(lambda: tasks.send_code_message(channel, address, code))
    return "新的验证码已发送。"


def code_message(channel: str, address: str, code: str) -> None:
    """Hand one code to its channel (run by the worker)."""
    text = f"您的政策订阅验证码是 {code}，15 分钟内有效。如非本人操作，请忽略。"
    channel_adapters.get(channel).send(channel_adapters.Outgoing(address, "政策订阅验证码", text))


def verify(sub: Subscription, code: str, channel: str | None = None) -> Subscription:
    """Check the one-time code (of `channel`, default: whichever is waiting, e-mail first). A wrong code is
    counted (committed even though the attempt is refused). The first verified address activates the subscription."""
    with transaction.atomic():
        codes = VerificationCode.objects.select_for_update().filter(subscription=sub)
        if channel:
            codes = codes.filter(channel=channel)
        item = codes.order_by("channel").first()
        if item is None or item.expires_at < timezone.now():
            refusal = "验证码已过期，请重新获取。"
        elif item.attempts >= MAX_ATTEMPTS:
            refusal = "验证码错误次数过多，请重新获取。"
        elif not hmac.compare_digest(item.code_hash, _hash(code.strip())):
            item.attempts += 1
            item.save(update_fields=["attempts"])
            refusal = "验证码不正确。"
        else:
            sub = Subscription.objects.select_for_update().get(pk=sub.pk)
            now = timezone.now()
            if item.channel == Channel.EMAIL:
                sub.email, sub.email_verified_at = item.target, now
            else:
                sub.phone, sub.phone_verified_at = item.target, now
            if item.channel not in sub.channels:
                sub.channels = [c for c in EXTERNAL if c in [*sub.channels, item.channel]]
            sub.verified_at = sub.verified_at or now
            item.delete()
            sub.save()
            audit("policymatch.subscription_verified", obj=sub, summary=f"订阅 #{sub.pk} 联系方式已验证")
            return sub
    raise Refused(refusal)


@transaction.atomic
def unsubscribe(sub: Subscription) -> Subscription:
    if sub.unsubscribed_at is None:
        sub.unsubscribed_at = timezone.now()
        sub.save(update_fields=["unsubscribed_at"])
        for note in sub.notifications.filter(status=NotificationStatus.QUEUED):
            note.status, note.reason = NotificationStatus.SKIPPED, "已退订"
            note.save(update_fields=["status", "reason"])
            DeliveryEvent.objects.create(notification=note, kind=DeliveryEventKind.SKIPPED, reason="已退订")
        audit("policymatch.unsubscribed", obj=sub, summary=f"订阅 #{sub.pk} 已退订")
    return sub


@transaction.atomic
def resume(sub: Subscription) -> Subscription:
    """Subscribe again after unsubscribing (the same profile; pushes skipped meanwhile are not sent)."""
    if sub.unsubscribed_at is not None:
        sub.unsubscribed_at = None
        sub.save(update_fields=["unsubscribed_at"])
        audit("policymatch.subscription_resumed", obj=sub, summary=f"订阅 #{sub.pk} 已恢复")
    return sub


@transaction.atomic
def delete_subscription(sub: Subscription) -> None:
    """Really deletes: the profile, the contacts, the credit code, the codes, the notifications and their logs."""
    pk = sub.pk
    sub.delete()
    audit("policymatch.subscription_deleted", summary=f"订阅 #{pk} 及其记录已删除")


# --- queueing ----------------------------------------------------------------------------------------------------


def _topic_of(item: PolicyEligibility) -> int | None:
    theme = item.record.theme
    if theme is None:
        return None
    return theme.parent_id or theme.pk


@transaction.atomic
def queue_for_policy(
    item: PolicyEligibility, now: datetime | None = None, trigger: str = Trigger.PUBLISHED
) -> int:
    """Queue a notification for every active subscription this policy is 符合 for (可能符合 if chosen) and whose
    topics include it. A subscription already notified of this policy gets nothing new (never twice)."""
    conditions = parsed(item)
    if conditions is None:
        return 0
    moment = now or timezone.now()
    registry = fields.current()
    topic = _topic_of(item)
    created = 0
    notified = set(Notification.objects.filter(record=item.record).values_list("subscription_id", flat=True))
    subs = Subscription.objects.active().filter(profile_kind=item.profile_kind).exclude(pk__in=notified)
    for sub in subs:
        if sub.topics and topic not in sub.topics:
            continue
        try:
            _, values = parse_profile({"kind": sub.profile_kind, "fields": sub.fields}, registry)
        except ConditionError:
            continue
        level = evaluate(conditions, values).level
        if level == ELIGIBLE or (level == MAYBE and sub.include_maybe):
            note, made = Notification.objects.get_or_create(
                subscription=sub,
                record=item.record,
                defaults={"level": level, "send_after": moment, "trigger": trigger},
            )
            if made:
                DeliveryEvent.objects.create(
                    notification=note, kind=DeliveryEventKind.QUEUED, reason=Trigger(trigger).label, at=moment
                )
            created += made
    return created


# --- delivering (the worker only) ----------------------------------------------------------------------------


def deliver_due(now: datetime | None = None) -> int:
    """Send the queued notifications that may go now (cap, quiet hours); the rest are deferred. Returns sent."""
    moment = timezone.localtime(now or timezone.now())
    policy_rules = rules()
    sent = 0
    due = Notification.objects.filter(status=NotificationStatus.QUEUED, send_after__lte=moment)
    for pk in list(due.values_list("pk", flat=True).order_by("send_after", "pk")):
        with transaction.atomic():
            note = (
                Notification.objects.select_for_update(of=("self",))
                .select_related("subscription", "record", "record__eligibility")
                .filter(pk=pk, status=NotificationStatus.QUEUED)
                .first()
            )
            if note is None:
                continue
            start = datetime.combine(week_start(moment.date()), datetime.min.time(), tzinfo=moment.tzinfo)
            week = Notification.objects.filter(
                subscription=note.subscription, status=NotificationStatus.SENT, sent_at__gte=start
            ).count()
            already = (
                Notification.objects.filter(
                    subscription=note.subscription, record=note.record, status=NotificationStatus.SENT
                )
                .exclude(pk=note.pk)
                .exists()
            )
            decision = decide(moment, already_sent=already, sent_this_week=week, rules=policy_rules)
            if not Record.objects.public().filter(pk=note.record_id).exists():
                # Withdrawn (or no longer public) since it was queued: nothing non-public is ever pushed.
                note.status, note.reason = NotificationStatus.SKIPPED, "政策已不再公开"
                _event(note, "", DeliveryEventKind.SKIPPED, note.reason, moment)
            elif decision.action == SKIP:
                note.status, note.reason = NotificationStatus.SKIPPED, decision.reason
                _event(note, "", DeliveryEventKind.SKIPPED, decision.reason, moment)
            elif decision.action == DEFER and decision.at is not None:
                note.send_after, note.reason = decision.at, decision.reason
                _event(note, "", DeliveryEventKind.DEFERRED, decision.reason, moment)
            else:
                sent += _send(note, moment)
            note.save()
    return sent


def _event(note: Notification, channel: str, kind: str, reason: str, at: datetime) -> None:
    DeliveryEvent.objects.create(notification=note, channel=channel, kind=kind, reason=reason[:200], at=at)


def _send(note: Notification, moment: datetime) -> int:
    """Every channel of the subscription; the notification is sent when the inbox and at least one chosen outside
    channel took it (or no outside channel was chosen), failed when every chosen outside channel failed."""
    sub = note.subscription
    outside = [c for c in EXTERNAL if sub.contact(c)]
    failures = []
    for code in [Channel.INBOX.value, *outside]:
        channel = channel_adapters.get(code)
        try:
            channel.send(message(note, code))
        except channel_adapters.ChannelError as exc:
            failures.append(f"{channel.label}：{exc}")
            _event(note, code, DeliveryEventKind.FAILED, str(exc), moment)
        else:
            _event(note, code, DeliveryEventKind.SENT, "", moment)
    if outside and len(failures) >= len(outside):
        note.status, note.reason = NotificationStatus.FAILED, "；".join(failures)[:200]
        return 0
    note.status, note.sent_at, note.reason = NotificationStatus.SENT, moment, "；".join(failures)[:200]
    return 1


def message(note: Notification, channel: str) -> channel_adapters.Outgoing:
    sub, record = note.subscription, note.record
    label = LEVEL_LABELS.get(note.level, "可能符合")
    item = getattr(record, "eligibility", None)
    deadline = f"申报截止：{item.closes_on:%Y年%-m月%-d日}。" if item is not None and item.closes_on else ""
    link = tracked_url(note, channel)
    if channel == Channel.SMS:
        text = (
            f"【{settings.SITE_NAME}】您{label}《{record.title}》的申报条件。{deadline}详情：{link} "
            f"退订：{unsubscribe_url(sub)}"
        )
        return channel_adapters.Outgoing(sub.phone, "", text, unsubscribe_url(sub))
    text = (
        f"根据您订阅时填写的情况，以下政策您{label}申报条件：\n\n{record.title}\n{deadline}\n查看政策：{link}\n\n"
        f"查看原因或修改订阅：{manage_url(sub)}\n一键退订：{unsubscribe_url(sub)}\n"
    )
    return channel_adapters.Outgoing(
        sub.email if channel == Channel.EMAIL else "", f"政策推送：{record.title}", text, unsubscribe_url(sub)
    )


def mark_opened(note: Notification, channel: str) -> Notification:
    """The subscriber followed the link of a push (the only way a channel tells it was opened)."""
    with transaction.atomic():
        note = Notification.objects.select_for_update().get(pk=note.pk)
        first = not note.events.filter(kind=DeliveryEventKind.OPENED, channel=channel).exists()
        if first:
            now = timezone.now()
            note.opened_at = note.opened_at or now
            note.save(update_fields=["opened_at"])
            _event(note, channel, DeliveryEventKind.OPENED, "", now)
    return note


def log(sub: Subscription) -> Any:
    """Every push of the subscription with its delivery events, for the status page (public policies only)."""
    return (
        sub.notifications.filter(record__in=Record.objects.public())
        .select_related("record")
        .prefetch_related("events")
        .order_by("-created_at")
    )


def inbox(sub: Subscription) -> Any:
    """The in-site inbox of the status page: what was delivered (queued ones appear once sent)."""
    return (
        sub.notifications.filter(Q(status=NotificationStatus.SENT) | Q(status=NotificationStatus.FAILED))
        .filter(record__in=Record.objects.public())
        .select_related("record")
        .order_by("-sent_at", "-pk")
    )
