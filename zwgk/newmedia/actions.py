"""Every state change of 政务新媒体: applying for an account's opening, change, closure or cancellation (a numbered
filing), the 公开办's approval or return, withdrawing and resubmitting; recording an update or reading the
account's feed; recording where a policy or interpretation was reposted. Each is atomic, checks its permission and
writes an audit event; refusals are `Refused` in Chinese.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from zwgk.accounts.permissions import can, require
from zwgk.agencies.models import Agency
from zwgk.audit.log import record
from zwgk.core.errors import Refused
from zwgk.core.signals import announce_public_change
from zwgk.core.workflow import Workflow
from zwgk.documents.models import Interpretation, Record
from zwgk.newmedia import fetch as fetching
from zwgk.newmedia.feedparse import FeedError, FeedItem, parse_feed
from zwgk.newmedia.models import (
    FILING_KINDS_FROM,
    FILING_TRANSITIONS,
    PARTICULARS,
    STATUS_AFTER,
    Account,
    AccountStatus,
    Filing,
    FilingKind,
    FilingStatus,
    Platform,
    Post,
    PostSource,
    Repost,
)

MAX_LENGTHS = {
    "name": 60,
    "handle": 80,
    "url": 500,
    "feed_url": 500,
    "operator": 100,
    "reviewer_name": 30,
    "reviewer_title": 50,
    "reviewer_phone": 30,
}


def _today() -> date:
    return timezone.localdate()


def slot_problem(filing: Filing, today: date | None = None) -> str | None:
    """One unit, in principle one account per platform (国办发〔2018〕123号): a filing that would make a second
    operating account of the unit on the platform needs a stated reason."""
    if STATUS_AFTER[filing.kind] != AccountStatus.OPEN or filing.kind == FilingKind.CHANGE:
        return None
    others = Account.objects.same_slot(filing.agency_id, filing.account.platform).exclude(
        pk=filing.account_id
    )
    if not others.exists() or filing.second_reason.strip():
        return None
    names = "、".join(f"「{a.name}」" for a in others[:3])
    return (
        f"本单位在{filing.account.platform_label}已有账号{names}。一个单位原则上在同一平台只开设一个政务新媒体账号，"
        "确需开设的须写明理由。"
    )


FILING_FLOW = Workflow(
    FILING_TRANSITIONS,
    labels=dict(FilingStatus.choices),
    guards={(FilingStatus.SUBMITTED, FilingStatus.APPROVED): slot_problem},
    illegal_message="备案当前为“{current}”，不能改为“{target}”。",
)


def _clean(data: Mapping[str, Any], base: Mapping[str, Any]) -> dict[str, str]:
    """The particulars of a filing: `base` (the account's current ones) overridden by `data`, trimmed."""
    values: dict[str, str] = {}
    for name in PARTICULARS:
        raw = data.get(name, base.get(name, ""))
        values[name] = str(raw or "").strip()[: MAX_LENGTHS[name]]
    if not values["name"]:
        raise Refused("请填写账号名称。")
    if not values["reviewer_name"]:
        raise Refused("请填写审核负责人（先审后发，落实内容审核责任）。")
    for field in ("url", "feed_url"):
        if values[field] and not values[field].startswith(("http://", "https://")):
            raise Refused("主页地址和订阅源地址须以 http:// 或 https:// 开头。")
    return values


def _current(account: Account) -> dict[str, str]:
    return {name: getattr(account, name) for name in PARTICULARS}


def _next_version(account: Account) -> int:
    return (account.filings.aggregate(v=Max("version"))["v"] or 0) + 1


def _audit_filing(action: str, filing: Filing, by: Any, summary: str, **extra: Any) -> None:
    record(
        action,
        obj=filing,
        agency=filing.agency_id,
        actor=by,
        summary=summary,
        after={
            "account": filing.account_id,
            "version": filing.version,
            "kind": filing.kind,
            "status": filing.status,
            **extra,
        },
    )


@transaction.atomic
def apply_open(agency: Agency, data: Mapping[str, Any], *, by: Any) -> Filing:
    """The unit applies to open a new account: the account is registered as 待开设 with its first filing."""
    require(by, "newmedia.apply", agency)
    platform = str(data.get("platform") or "")
    if platform not in Platform.values:
        raise Refused("请选择平台。")
    platform_other = str(data.get("platform_other") or "").strip()[:30]
    if platform == Platform.OTHER and not platform_other:
        raise Refused("平台选择“其他”时请填写平台名称。")
    values = _clean(data, {})
    second_reason = str(data.get("second_reason") or "").strip()
    others = Account.objects.same_slot(agency.pk, platform)
    if others.exists() and not second_reason:
        names = "、".join(f"「{a.name}」" for a in others[:3])
        raise Refused(
            f"本单位在{Platform(platform).label}已有账号{names}。一个单位原则上在同一平台只开设一个政务新媒体账号"
            "（国办发〔2018〕123号），确需开设第二个账号的，请写明理由，由区政务公开办公室审核。"
        )
    account = Account.objects.create(
        agency=agency,
        platform=platform,
        platform_other=platform_other if platform == Platform.OTHER else "",
        status=AccountStatus.PROPOSED,
        second_reason=second_reason,
        **values,
    )
    filing = Filing.objects.create(
        account=account,
        agency=agency,
        version=1,
        kind=FilingKind.OPEN,
        second_reason=second_reason,
        reason=str(data.get("reason") or "").strip(),
        effective_on=data.get("effective_on"),
        submitted_by=by,
        submitted_at=timezone.now(),
        **values,
    )
    _audit_filing(
        "newmedia.filing_submitted",
        filing,
        by,
        f"申请开设{account.platform_label}账号「{account.name}」",
        particulars=values,
        second_reason=second_reason,
    )
    return filing


@transaction.atomic
def apply_filing(account: Account, kind: str, data: Mapping[str, Any], *, by: Any) -> Filing:
    """A change, closure, cancellation or reopening of an existing account, filed as its next version."""
    account = Account.objects.select_for_update().get(pk=account.pk)
    require(by, "newmedia.apply", account)
    if kind not in FILING_KINDS_FROM or (
        kind == FilingKind.OPEN and account.status == AccountStatus.PROPOSED
    ):
        raise Refused("请选择备案类别。")
    if account.status not in FILING_KINDS_FROM[kind]:
        raise Refused(f"账号当前为“{account.status_label}”，不能申请{FilingKind(kind).label}。")
    if account.filings.pending().exists():
        raise Refused("该账号有尚未办结的备案，请等待审核结果，或先撤回该备案。")
    reason = str(data.get("reason") or "").strip()
    if not reason:
        raise Refused(f"请写明{FilingKind(kind).label}的原因。")
    values = _clean(data, _current(account)) if kind == FilingKind.CHANGE else _current(account)
    if kind == FilingKind.CHANGE and values == _current(account):
        raise Refused("变更备案须至少修改一项登记信息。")
    second_reason = str(data.get("second_reason") or "").strip() if kind == FilingKind.OPEN else ""
    filing = Filing.objects.create(
        account=account,
        agency_id=account.agency_id,
        version=_next_version(account),
        kind=kind,
        second_reason=second_reason or account.second_reason,
        reason=reason,
        effective_on=data.get("effective_on"),
        submitted_by=by,
        submitted_at=timezone.now(),
        **values,
    )
    problem = slot_problem(filing)
    if problem:
        raise Refused(problem)
    changed = {k: v for k, v in values.items() if getattr(account, k) != v}
    _audit_filing(
        "newmedia.filing_submitted",
        filing,
        by,
        f"申请{filing.kind_label}{account}：{reason[:80]}",
        changed=changed,
    )
    return filing


def _locked(filing: Filing) -> Filing:
    return Filing.objects.select_for_update(of=("self",)).select_related("account").get(pk=filing.pk)


@transaction.atomic
def approve(filing: Filing, *, by: Any, note: str = "") -> Filing:
    """The 公开办 records the filing (备案): the account takes its particulars and status."""
    f = _locked(filing)
    if f.submitted_by_id == getattr(by, "pk", None):
        raise Refused("备案须由申请人以外的区政务公开办公室工作人员审核。")
    FILING_FLOW.apply(f, FilingStatus.APPROVED, by)
    today = _today()
    now = timezone.now()
    f.decided_by = by
    f.decided_at = now
    f.decision_note = note.strip()
    f.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    account = Account.objects.select_for_update().get(pk=f.account_id)
    before = {"status": account.status, **_current(account)}
    effective = f.effective_on if f.effective_on and f.effective_on <= today else today
    for name in PARTICULARS:
        setattr(account, name, getattr(f, name))
    account.second_reason = f.second_reason
    account.status = STATUS_AFTER[f.kind]
    account.version = f.version
    if f.kind == FilingKind.OPEN:
        account.opened_on = effective
        account.closed_on = None
        account.registration_no = account.registration_no or f"XMT{effective:%Y}{account.pk:05d}"
    elif f.kind == FilingKind.CLOSE:
        account.closed_on = effective
    elif f.kind == FilingKind.CANCEL:
        account.cancelled_on = effective
    account.save()
    after = {"status": account.status, **_current(account)}
    record(
        "newmedia.filing_approved",
        obj=f,
        agency=f.agency_id,
        actor=by,
        summary=f"{account}{f.kind_label}备案通过（第 {f.version} 版）"
        + (f"：{note.strip()}" if note.strip() else ""),
        before={k: v for k, v in before.items() if after[k] != v},
        after={k: v for k, v in after.items() if before[k] != v},
    )
    announce_public_change(Account, account.pk, "newmedia_account")
    return f


@transaction.atomic
def return_filing(filing: Filing, *, by: Any, note: str) -> Filing:
    """The 公开办 returns the filing with what is to be corrected; the unit corrects and resubmits, or withdraws."""
    f = _locked(filing)
    note = (note or "").strip()
    FILING_FLOW.check(f, FilingStatus.RETURNED, by)
    if not note:
        raise Refused("退回时请写明需要修改或补充的内容。")
    f.status = FilingStatus.RETURNED
    f.decided_by = by
    f.decided_at = timezone.now()
    f.decision_note = note
    f.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    _audit_filing(
        "newmedia.filing_returned", f, by, f"{f.account}{f.kind_label}备案退回：{note[:80]}", note=note
    )
    return f


@transaction.atomic
def resubmit(filing: Filing, data: Mapping[str, Any], *, by: Any) -> Filing:
    """The unit corrects a returned filing and submits it again (same version: the decision is still open)."""
    f = _locked(filing)
    FILING_FLOW.check(f, FilingStatus.SUBMITTED, by)
    base = {name: getattr(f, name) for name in PARTICULARS}
    values = _clean(data, base) if f.kind in (FilingKind.OPEN, FilingKind.CHANGE) else base
    before = {**base, "reason": f.reason, "second_reason": f.second_reason}
    for name, value in values.items():
        setattr(f, name, value)
    if "reason" in data:
        f.reason = str(data.get("reason") or "").strip()
    if "second_reason" in data:
        f.second_reason = str(data.get("second_reason") or "").strip()
    if f.kind != FilingKind.OPEN and not f.reason:
        raise Refused(f"请写明{f.kind_label}的原因。")
    problem = slot_problem(f)
    if problem:
        raise Refused(problem)
    f.status = FilingStatus.SUBMITTED
    f.submitted_by = by
    f.submitted_at = timezone.now()
    f.save()
    if f.kind == FilingKind.OPEN and f.account.status == AccountStatus.PROPOSED:
        # The proposed account shows what is being applied for.
        account = f.account
        for name, value in values.items():
            setattr(account, name, value)
        account.second_reason = f.second_reason
        account.save()
    after = {**values, "reason": f.reason, "second_reason": f.second_reason}
    record(
        "newmedia.filing_resubmitted",
        obj=f,
        agency=f.agency_id,
        actor=by,
        summary=f"修改后重新提交{f.account}{f.kind_label}备案",
        before={k: v for k, v in before.items() if after[k] != v},
        after={k: v for k, v in after.items() if before[k] != v},
    )
    return f


@transaction.atomic
def withdraw(filing: Filing, *, by: Any) -> Filing:
    """The unit withdraws a filing not yet recorded; a withdrawn opening leaves the account 未开设."""
    f = _locked(filing)
    FILING_FLOW.apply(f, FilingStatus.WITHDRAWN, by)
    f.save(update_fields=["status"])
    account = Account.objects.select_for_update().get(pk=f.account_id)
    if f.kind == FilingKind.OPEN and account.status == AccountStatus.PROPOSED:
        account.status = AccountStatus.ABANDONED
        account.save(update_fields=["status", "updated_at"])
    _audit_filing("newmedia.filing_withdrawn", f, by, f"撤回{account}{f.kind_label}备案")
    return f


# --- updates -------------------------------------------------------------------------------------------


def _refresh_last_post(account: Account) -> None:
    latest = account.posts.aggregate(d=Max("posted_on"))["d"]
    if latest != account.last_post_on:
        account.last_post_on = latest
        account.save(update_fields=["last_post_on", "updated_at"])


@transaction.atomic
def record_post(account: Account, data: Mapping[str, Any], *, by: Any) -> Post:
    """The unit records one update of an account that has no readable feed."""
    account = Account.objects.select_for_update().get(pk=account.pk)
    require(by, "newmedia.record_post", account)
    if account.status != AccountStatus.OPEN:
        raise Refused("只有运行中的账号需要登记更新情况。")
    title = str(data.get("title") or "").strip()[:200]
    posted_on = data.get("posted_on")
    url = str(data.get("url") or "").strip()[:500]
    if not title or not isinstance(posted_on, date):
        raise Refused("请填写更新日期和标题。")
    if posted_on > _today():
        raise Refused("更新日期不能晚于今天。")
    if account.opened_on and posted_on < account.opened_on:
        raise Refused(f"更新日期不能早于账号开设日期（{account.opened_on:%Y-%m-%d}）。")
    if url and not url.startswith(("http://", "https://")):
        raise Refused("链接须以 http:// 或 https:// 开头。")
    key = f"manual:{url}" if url else ""
    if key and account.posts.filter(key=key).exists():
        raise Refused("这条更新已经登记过。")
    post = Post.objects.create(
        account=account,
        posted_on=posted_on,
        title=title,
        url=url,
        source=PostSource.MANUAL,
        key=key,
        recorded_by=by,
    )
    _refresh_last_post(account)
    record(
        "newmedia.post_recorded",
        obj=account,
        actor=by,
        summary=f"登记{account}更新：{posted_on:%Y-%m-%d}《{title[:60]}》",
        after={"post": post.pk, "posted_on": posted_on, "url": url},
    )
    return post


def feed_limits() -> fetching.Limits:
    return fetching.Limits(
        timeout=float(settings.NEWMEDIA_FEED_TIMEOUT),
        max_bytes=settings.NEWMEDIA_FEED_MAX_KB * 1024,
        allow_private=settings.NEWMEDIA_FEED_ALLOW_PRIVATE,
    )


def read_feed(account: Account, *, by: Any = None) -> int:
    """Read the account's feed and store new items as updates. Returns the number of new items; a failure is
    stored on the account (shown to staff) and returns 0. `by=None` is the periodic task.

    The fetch runs outside any transaction (it may take up to the timeout; on SQLite a transaction holds the one
    write lock); the result is stored in a short one.
    """
    if by is not None:
        require(by, "newmedia.record_post", account)
    if account.status != AccountStatus.OPEN or not account.feed_url:
        raise Refused("该账号没有可读取的订阅源。")
    items: list[FeedItem] = []
    error = ""
    try:
        items = parse_feed(fetching.fetch(account.feed_url, feed_limits()))
    except fetching.FetchError as exc:
        error = exc.zh
    except FeedError as exc:
        error = exc.zh
    return _store_feed(account.pk, items, error, by)


@transaction.atomic
def _store_feed(account_id: int, items: list[FeedItem], error: str, by: Any) -> int:
    account = Account.objects.select_for_update().get(pk=account_id)
    tz = timezone.get_current_timezone()
    today = _today()
    known = set(account.posts.exclude(key="").values_list("key", flat=True))
    added = 0
    for item in items:
        key = f"feed:{item.key}"
        if item.published is None or key in known:
            continue
        local: datetime = item.published.astimezone(tz)
        if local.date() > today:
            continue  # a clock error in the feed must not hide a 僵尸号
        Post.objects.create(
            account=account,
            posted_on=local.date(),
            posted_at=item.published,
            title=item.title or "（无标题）",
            url=item.link if item.link.startswith(("http://", "https://")) else "",
            source=PostSource.FEED,
            key=key,
        )
        known.add(key)
        added += 1
    if not error and items and not any(i.published for i in items):
        error = "订阅源中的条目没有发布时间，无法判断更新情况"
    elif not error and not items:
        error = "订阅源中没有条目"
    previous_error = account.feed_error
    account.feed_checked_at = timezone.now()
    account.feed_error = error[:300]
    account.save(update_fields=["feed_checked_at", "feed_error", "updated_at"])
    _refresh_last_post(account)
    # Only what changed is audited: new items, or the feed starting or ceasing to fail.
    if added or error != previous_error:
        record(
            "newmedia.feed_read",
            obj=account,
            actor=by,
            summary=f"读取{account}订阅源："
            + (f"新增 {added} 条更新" if added else "")
            + (f"{'；' if added else ''}{error}" if error else ("" if added else "恢复正常")),
            after={"added": added, "error": error, "last_post_on": account.last_post_on},
        )
    return added


# --- reposts (work plan item 十) ----------------------------------------------------------------------------


@transaction.atomic
def record_repost(
    document: Record | Interpretation, account: Account, url: str, reposted_on: date, *, by: Any
) -> Repost:
    """Record that `account` reposted a published policy or interpretation at `url` on `reposted_on`."""
    if not (can(by, "newmedia.record_repost", account) or can(by, "newmedia.record_repost", document)):
        require(by, "newmedia.record_repost", account)
    model = Record if isinstance(document, Record) else Interpretation
    public = model.objects.public().filter(pk=document.pk).first()
    if public is None:
        raise Refused("只能登记已公开发布的政策文件或政策解读的转载情况。")
    if account.opened_on is None or account.status not in (AccountStatus.OPEN, AccountStatus.CLOSED):
        raise Refused("请选择已备案开设的政务新媒体账号。")
    url = (url or "").strip()[:500]
    if not url.startswith(("http://", "https://")):
        raise Refused("请填写转载页面的地址（以 http:// 或 https:// 开头）。")
    if reposted_on > _today():
        raise Refused("转载日期不能晚于今天。")
    published = timezone.localtime(public.published_at).date() if public.published_at else None
    if published and reposted_on < published:
        raise Refused(f"转载日期不能早于原文发布日期（{published:%Y-%m-%d}）。")
    if Repost.objects.filter(account=account, url=url).exists():
        raise Refused("这条转载已经登记过。")
    repost = Repost.objects.create(
        record=public if isinstance(public, Record) else None,
        interpretation=public if isinstance(public, Interpretation) else None,
        document_agency_id=public.agency_id,
        account=account,
        url=url,
        reposted_on=reposted_on,
        recorded_by=by,
    )
    record(
        "newmedia.repost_recorded",
        obj=repost,
        agency=account.agency_id,
        actor=by,
        summary=f"登记转载：{account}于 {reposted_on:%Y-%m-%d} 转载《{public.title[:60]}》",
        after={"document": f"{model.__name__.lower()}:{public.pk}", "url": url, "reposted_on": reposted_on},
    )
    return repost


@transaction.atomic
def remove_repost(repost: Repost, *, by: Any) -> None:
    """Delete a repost entered by mistake (audited with what it said)."""
    require(by, "newmedia.record_repost", repost.account)
    record(
        "newmedia.repost_removed",
        obj=repost,
        agency=repost.account.agency_id,
        actor=by,
        summary=f"删除转载登记：{repost.account} {repost.reposted_on:%Y-%m-%d}",
        before={"url": repost.url, "reposted_on": repost.reposted_on},
    )
    repost.delete()
