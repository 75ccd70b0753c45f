"""Subscriptions and governed pushes (精准推送不打扰): every state change of Subscription and Notification.

Citizens act without an account: a one-time code sent to the e-mail address proves it is theirs, and the private
token link in every message manages (or deletes) the subscription. Audit events name no personal data.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from zwgk.audit.log import record as audit
from zwgk.core.errors import Refused
from zwgk.policymatch import fields
from zwgk.policymatch.conditions import ELIGIBLE, MAYBE, ConditionError, evaluate, parse_profile
from zwgk.policymatch.matching import parsed
from zwgk.policymatch.models import (
    Notification,
    NotificationStatus,
    PolicyEligibility,
    Subscription,
    VerificationCode,
)
from zwgk.policymatch.push import DEFER, SKIP, Rules, decide, week_start

CONSENT_TEXT = "本人同意{site}保存上述画像和联系方式，仅用于向本人推送符合条件的政策；可随时通过邮件中的链接修改、退订或删除。"
MAX_ATTEMPTS = 5
CODE_LIFETIME = timedelta(minutes=15)
RESEND_AFTER = timedelta(minutes=1)


def _hash(code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), code.encode(), hashlib.sha256).hexdigest()


def manage_url(sub: Subscription) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("policymatch:subscription", args=[sub.token])


def unsubscribe_url(sub: Subscription) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("policymatch:unsubscribe", args=[sub.token])


def rules() -> Rules:
    return Rules(settings.POLICYMATCH_PUSH_CAP_PER_WEEK, *settings.POLICYMATCH_QUIET_HOURS)


@transaction.atomic
def subscribe(
    kind: str, raw_fields: dict[str, Any], *, email: str, include_maybe: bool, consent: bool
) -> Subscription:
    if not consent:
        raise Refused("请阅读并同意订阅说明。")
    try:
        kind, values = parse_profile({"kind": kind, "fields": raw_fields}, fields.current())
    except ConditionError as exc:
        raise Refused("画像填写有误。", exc.chinese()) from None
    if not email or "@" not in email:
        raise Refused("请填写有效的电子邮箱。")
    stored = {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in values.items()}
    sub = Subscription.objects.create(
        token=secrets.token_urlsafe(32),
        profile_kind=kind,
        fields=stored,
        email=email.strip(),
        include_maybe=include_maybe,
        consent_version=settings.POLICYMATCH_CONSENT_VERSION,
        consent_text=CONSENT_TEXT.format(site=settings.SITE_NAME),
    )
    send_code(sub)
    audit("policymatch.subscribed", obj=sub, summary=f"新订阅 #{sub.pk}（待验证）")
    return sub


@transaction.atomic
def send_code(sub: Subscription) -> str:
    previous = VerificationCode.objects.filter(subscription=sub).first()
    if previous is not None and previous.expires_at - CODE_LIFETIME > timezone.now() - RESEND_AFTER:
        raise Refused("验证码刚刚发出，请 1 分钟后再重新获取。")
    code = f"{secrets.randbelow(10**6):06d}"
    VerificationCode.objects.filter(subscription=sub).delete()
    VerificationCode.objects.create(
        subscription=sub, code_hash=_hash(code), expires_at=timezone.now() + CODE_LIFETIME
    )
    email = sub.email
    transaction.on_commit(
        lambda: send_mail(
            "政策订阅验证码",
            f"您的验证码是 {code}，15 分钟内有效。如非本人操作，请忽略本邮件。",
            None,
            [email],
        )
    )
    return "新的验证码已发送。"


def verify(sub: Subscription, code: str) -> Subscription:
    """Check the one-time code. A wrong code is counted (committed even though the attempt is refused)."""
    with transaction.atomic():
        item = VerificationCode.objects.select_for_update().filter(subscription=sub).first()
        if item is None or item.expires_at < timezone.now():
            refusal = "验证码已过期，请重新获取。"
        elif item.attempts >= MAX_ATTEMPTS:
            refusal = "验证码错误次数过多，请重新获取。"
        elif not hmac.compare_digest(item.code_hash, _hash(code.strip())):
            item.attempts += 1
            item.save(update_fields=["attempts"])
            refusal = "验证码不正确。"
        else:
            item.delete()
            sub.verified_at = timezone.now()
            sub.save(update_fields=["verified_at"])
            audit("policymatch.subscription_verified", obj=sub, summary=f"订阅 #{sub.pk} 已验证")
            return sub
    raise Refused(refusal)


@transaction.atomic
def unsubscribe(sub: Subscription) -> Subscription:
    if sub.unsubscribed_at is None:
        sub.unsubscribed_at = timezone.now()
        sub.save(update_fields=["unsubscribed_at"])
        sub.notifications.filter(status=NotificationStatus.QUEUED).update(
            status=NotificationStatus.SKIPPED, reason="已退订"
        )
        audit("policymatch.unsubscribed", obj=sub, summary=f"订阅 #{sub.pk} 已退订")
    return sub


@transaction.atomic
def delete_subscription(sub: Subscription) -> None:
    """Really deletes: the profile, the contact, the codes and the delivery log go with it."""
    pk = sub.pk
    sub.delete()
    audit("policymatch.subscription_deleted", summary=f"订阅 #{pk} 及其记录已删除")


@transaction.atomic
def queue_for_policy(item: PolicyEligibility, now: datetime | None = None) -> int:
    """Queue a notification for every active subscription this policy is 符合 for (可能符合 if chosen)."""
    conditions = parsed(item)
    if conditions is None:
        return 0
    moment = now or timezone.now()
    registry = fields.current()
    created = 0
    for sub in Subscription.objects.active().filter(profile_kind=item.profile_kind):
        try:
            _, values = parse_profile({"kind": sub.profile_kind, "fields": sub.fields}, registry)
        except ConditionError:
            continue
        level = evaluate(conditions, values).level
        if level == ELIGIBLE or (level == MAYBE and sub.include_maybe):
            _, made = Notification.objects.get_or_create(
                subscription=sub, record=item.record, defaults={"level": level, "send_after": moment}
            )
            created += made
    return created


def deliver_due(now: datetime | None = None) -> int:
    """Send the queued notifications that may go now (cap, quiet hours); the rest are deferred. Returns sent."""
    moment = timezone.localtime(now or timezone.now())
    policy_rules = rules()
    sent = 0
    due = Notification.objects.filter(status=NotificationStatus.QUEUED, send_after__lte=moment)
    for pk in list(due.values_list("pk", flat=True).order_by("send_after", "pk")):
        with transaction.atomic():
            note = (
                Notification.objects.select_for_update()
                .select_related("subscription", "record")
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
            if decision.action == SKIP:
                note.status, note.reason = NotificationStatus.SKIPPED, decision.reason
            elif decision.action == DEFER and decision.at is not None:
                note.send_after, note.reason = decision.at, decision.reason
            else:
                try:
                    _send(note)
                except Exception as exc:  # noqa: BLE001  (a channel failure is logged on the notification, not raised)
                    note.status, note.reason = NotificationStatus.FAILED, str(exc)[:200]
                else:
                    note.status, note.sent_at, note.reason = NotificationStatus.SENT, moment, ""
                    sent += 1
            note.save()
    return sent


def _send(note: Notification) -> None:
    sub, record = note.subscription, note.record
    link = settings.SITE_URL.rstrip("/") + reverse("documents:record", args=[record.pk])
    label = "符合" if note.level == ELIGIBLE else "可能符合"
    body = (
        f"根据您订阅时填写的情况，以下政策您{label}申报条件：\n\n{record.title}\n{link}\n\n"
        f"查看原因或修改订阅：{manage_url(sub)}\n一键退订：{unsubscribe_url(sub)}\n"
    )
    send_mail(
        f"政策推送：{record.title}",
        body,
        None,
        [sub.email],
        fail_silently=False,
    )
