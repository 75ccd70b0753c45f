"""Reads of 政务新媒体: each account's update verdict (僵尸号), the findings the site self-check includes, and the
registry in the layout of the national 政务新媒体信息报送 list (.xlsx)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.utils import timezone

from zwgk.newmedia import freshness
from zwgk.newmedia.models import Account, AccountQuerySet, AccountStatus, Filing, FilingStatus

ZOMBIE_RULE = "政务新媒体两周内无更新（僵尸号）"


def verdict(account: Account, today: date | None = None) -> freshness.Verdict | None:
    """The update verdict of an operating account (None for one that is not operating)."""
    if account.status != AccountStatus.OPEN:
        return None
    return freshness.evaluate(
        account.last_post_on, account.opened_on, today or timezone.localdate(), settings.NEWMEDIA_ZOMBIE_DAYS
    )


def with_verdicts(accounts: Any, today: date | None = None) -> list[tuple[Account, freshness.Verdict | None]]:
    day = today or timezone.localdate()
    return [(account, verdict(account, day)) for account in accounts]


def zombie_accounts(today: date | None = None) -> list[tuple[Account, freshness.Verdict]]:
    day = today or timezone.localdate()
    found = []
    for account in Account.objects.monitored().select_related("agency"):
        v = verdict(account, day)
        if v is not None and v.state == freshness.Freshness.ZOMBIE:
            found.append((account, v))
    return found


def zombie_findings(today: date | None = None) -> list[dict[str, Any]]:
    """One entry per operating account for the site self-check (issue 21 item 6): the CHK2019 new-media veto
    "no update within the 2 weeks before the check point" (国办秘函〔2019〕19号, regulations.md §4.4).

    Each entry: rule, ok, detail, agency (the 主办单位's short name), plus account, platform, last_update.
    """
    day = today or timezone.localdate()
    out: list[dict[str, Any]] = []
    for account in Account.objects.monitored().select_related("agency"):
        v = verdict(account, day)
        assert v is not None
        out.append(
            {
                "rule": ZOMBIE_RULE,
                "ok": v.state != freshness.Freshness.ZOMBIE,
                "detail": f"{account.platform_label}「{account.name}」：{v.detail}",
                "agency": account.agency.short_name,
                "account": account.name,
                "platform": account.platform_label,
                "last_update": account.last_post_on,
            }
        )
    return out


# The national 政务新媒体信息报送 list. The template itself (《政务新媒体报送表格模版》, distributed with notices such
# as 椒江区政府办 2020-09-29 “关于做好政务新媒体在线填报工作的通知”, imported in bulk into the 全国政务新媒体信息报送系统)
# is not in any public copy found, so the columns follow what the sources do show (regulations.md §4.4: platform,
# account name, account ID, 主办单位, 运维单位, 审核负责人, status 开设/变更/关停/注销, dates, 备案 number; the
# inspection notices' account types 微信、微博、视频类、移动客户端、其他). Adjust the headings here to a local template.
REPORT_HEADERS = [
    "序号",
    "主办单位",
    "主办单位代码",
    "账号名称",
    "账号类型",
    "平台名称",
    "账号ID",
    "主页地址",
    "运维单位",
    "审核负责人",
    "审核负责人职务",
    "审核负责人联系电话",
    "账号状态",
    "开设日期",
    "关停日期",
    "注销日期",
    "最近备案",
    "备案日期",
    "备案编号",
    "最近更新日期",
    "是否两周内更新",
]

ACCOUNT_TYPES = {
    "wechat": "微信",
    "weibo": "微博",
    "douyin": "视频类",
    "channels": "视频类",
    "kuaishou": "视频类",
    "toutiao": "其他",
    "app": "移动客户端",
    "other": "其他",
}

STATUS_FOR_REPORT = {
    AccountStatus.OPEN: "开设",
    AccountStatus.CLOSED: "关停",
    AccountStatus.CANCELLED: "注销",
}


def report_queryset(qs: AccountQuerySet) -> AccountQuerySet:
    """The accounts the list reports: every account whose opening was approved (operating, closed, cancelled)."""
    return qs.filter(opened_on__isnull=False).select_related("agency")


def report_rows(qs: AccountQuerySet, today: date | None = None) -> list[list[Any]]:
    day = today or timezone.localdate()
    accounts = list(report_queryset(qs))
    latest: dict[int, Filing] = {}
    for approved in Filing.objects.filter(
        account__in=[a.pk for a in accounts], status=FilingStatus.APPROVED
    ).order_by("account_id", "version"):
        latest[approved.account_id] = approved
    rows = []
    for n, account in enumerate(accounts, start=1):
        filing = latest.get(account.pk)
        v = verdict(account, day)
        rows.append(
            [
                n,
                account.agency.name,
                account.agency.code,
                account.name,
                ACCOUNT_TYPES.get(account.platform, "其他"),
                account.platform_label,
                account.handle,
                account.url,
                account.operator,
                account.reviewer_name,
                account.reviewer_title,
                account.reviewer_phone,
                STATUS_FOR_REPORT.get(AccountStatus(account.status), account.status_label),
                account.opened_on,
                account.closed_on,
                account.cancelled_on,
                filing.kind_label if filing else "",
                timezone.localtime(filing.decided_at).date() if filing and filing.decided_at else None,
                account.registration_no,
                account.last_post_on,
                "" if v is None else ("是" if v.state != freshness.Freshness.ZOMBIE else "否"),
            ]
        )
    return rows
