"""Demo of 政务新媒体 (idempotent; order 77, after documents): accounts in every status — operating, a change under
review (变更), closed (关停), cancelled (注销), an opening awaiting approval that is a unit's second account on the
platform (with its reason), an opening returned for correction, and a withdrawn application — with their 备案
versions; recent updates on every operating account but one, which is the one 僵尸号 warning; and two reposts
of published policies.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from zwgk.accounts.demo import DEMO_PASSWORD
from zwgk.accounts.models import RoleAssignment
from zwgk.accounts.roles import ROLE_LABELS, Role
from zwgk.agencies.models import Agency
from zwgk.core.registry import DemoContext
from zwgk.documents.models import Interpretation, Record
from zwgk.newmedia import actions
from zwgk.newmedia.models import Account, FilingKind, Platform

USERS = [
    ("zfb_xmt", "马新媒", "区政府办", [Role.AGENCY_ADMIN]),
    ("rsj_admin", "韩管理", "区人社局", [Role.AGENCY_ADMIN]),
    ("jyj_admin", "吕管理", "区教育局", [Role.AGENCY_ADMIN]),
]

APPLICANTS = {
    "区政府办": "zfb_xmt",
    "区人社局": "rsj_admin",
    "区教育局": "jyj_admin",
    "区发改委": "fgw_admin",
}
APPLICANTS["张贵庄街道"] = "zgz_xxy"

# (unit, platform, name, handle, final state, days since the last update or None)
ACCOUNTS: list[tuple[str, str, str, str, str, int | None]] = [
    ("区政府办", Platform.WECHAT, "东丽政务", "donglizhengwu", "open", 1),
    ("区政府办", Platform.WEIBO, "东丽政务", "dlzw2019", "open", 2),
    ("区政府办", Platform.DOUYIN, "东丽政务", "dlzw_douyin", "changing", 3),
    ("区发改委", Platform.WECHAT, "东丽发改", "dongli_fgw", "open", 20),  # the 僵尸号
    ("区发改委", Platform.WECHAT, "东丽价格服务", "dl_jiage", "second", None),
    ("区人社局", Platform.WECHAT, "东丽人社", "dongli_rsj", "open", 4),
    ("区人社局", Platform.TOUTIAO, "东丽人社", "dlrs_toutiao", "closed", None),
    ("张贵庄街道", Platform.WECHAT, "张贵庄街道", "zgz_jiedao", "open", 5),
    ("张贵庄街道", Platform.WEIBO, "张贵庄街道", "zgzjd", "cancelled", None),
    ("区教育局", Platform.DOUYIN, "东丽教育", "dljy_douyin", "returned", None),
    ("区教育局", Platform.KUAISHOU, "东丽教育", "dljy_ks", "withdrawn", None),
]

POST_TITLES = ["政务公开工作动态", "办事指南：社保卡申领", "政策解读：稳就业十条措施", "本周便民服务信息"]


def _users(ctx: DemoContext, agencies: dict[str, Agency]) -> dict[str, Any]:
    user_model = get_user_model()
    for username, full_name, unit, roles in USERS:
        user, created = user_model.objects.get_or_create(username=username, defaults={"full_name": full_name})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        for role in roles:
            RoleAssignment.objects.get_or_create(user=user, agency=agencies[unit], role=role.value)
        ctx.logins.append(
            (username, DEMO_PASSWORD, f"{unit} {'、'.join(ROLE_LABELS[r] for r in roles)}（政务新媒体）")
        )
    names = {*APPLICANTS.values(), "gkb"}
    return {u.username: u for u in user_model.objects.filter(username__in=names)}


def _particulars(unit: str, name: str, handle: str, platform: str) -> dict[str, Any]:
    return {
        "platform": platform,
        "name": name,
        "handle": handle,
        "url": f"https://example.org/{platform}/{handle}",
        "operator": "天津某某文化传媒有限公司" if unit == "区政府办" else f"{unit}办公室",
        "reviewer_name": {"区政府办": "李审核", "区发改委": "王审核", "区人社局": "刘审核"}.get(
            unit, "张审核"
        ),
        "reviewer_title": "副主任",
        "reviewer_phone": "022-84370000",
    }


def _open(
    unit: str,
    platform: str,
    name: str,
    handle: str,
    users: dict[str, Any],
    agency: Agency,
    today: date,
    **extra: Any,
) -> Account:
    data = {
        **_particulars(unit, name, handle, platform),
        "effective_on": today - timedelta(days=400),
        **extra,
    }
    filing = actions.apply_open(agency, data, by=users[APPLICANTS[unit]])
    return filing.account


def _approve_last(account: Account, users: dict[str, Any], note: str = "") -> None:
    pending = account.pending_filing()
    assert pending is not None
    actions.approve(pending, by=users["gkb"], note=note)


def _posts(account: Account, users: dict[str, Any], unit: str, last_days: int, today: date) -> None:
    for n, days in enumerate((last_days, last_days + 7, last_days + 15)):
        actions.record_post(
            account,
            {
                "posted_on": today - timedelta(days=days),
                "title": POST_TITLES[n % len(POST_TITLES)],
                "url": f"https://example.org/{account.platform}/{account.handle}/p{days}",
            },
            by=users[APPLICANTS[unit]],
        )


def load(ctx: DemoContext) -> None:
    today = timezone.localdate()
    agencies = {a.short_name: a for a in Agency.objects.filter(short_name__in=[u for u, *_ in ACCOUNTS])}
    if len(agencies) < len({u for u, *_ in ACCOUNTS}):
        return
    with transaction.atomic():
        users = _users(ctx, agencies)
        if not {"gkb", *APPLICANTS.values()} <= set(users):
            return
        for unit, platform, name, handle, state, last in ACCOUNTS:
            agency = agencies[unit]
            if Account.objects.filter(agency=agency, platform=platform, name=name).exists():
                continue
            applicant = users[APPLICANTS[unit]]
            if state == "second":
                _open(
                    unit,
                    platform,
                    name,
                    handle,
                    users,
                    agency,
                    today,
                    second_reason="价格监测与收费公示信息量大、面向经营者，与“东丽发改”受众不同，拟单独开设服务号。",
                    reason="发布价格监测、收费公示和价格政策解读。",
                )
                continue
            account = _open(unit, platform, name, handle, users, agency, today)
            if state == "returned":
                actions.return_filing(
                    account.pending_filing(),  # type: ignore[arg-type]
                    by=users["gkb"],
                    note="请补充审核负责人职务和联系电话，并说明与区教育局已有账号的分工。",
                )
                continue
            if state == "withdrawn":
                actions.withdraw(account.pending_filing(), by=applicant)  # type: ignore[arg-type]
                continue
            _approve_last(account, users, note="同意开设。")
            account.refresh_from_db()
            if last is not None:
                _posts(account, users, unit, last, today)
            if state == "changing":
                actions.apply_filing(
                    account,
                    FilingKind.CHANGE,
                    {
                        "operator": "天津某某网络科技有限公司",
                        "reason": "运维服务合同到期，重新采购运维单位。",
                    },
                    by=applicant,
                )
            elif state == "closed":
                actions.apply_filing(
                    account,
                    FilingKind.CLOSE,
                    {"reason": "用户关注度低，内容与微信公众号重复，整合至“东丽人社”微信公众号。"},
                    by=applicant,
                )
                _approve_last(account, users)
            elif state == "cancelled":
                actions.apply_filing(
                    account,
                    FilingKind.CANCEL,
                    {"reason": "无力维护，按“应关尽关”要求注销。"},
                    by=applicant,
                )
                _approve_last(account, users)
        _reposts(users, today)
    ctx.notes.append("政务新媒体：/workspace/newmedia/（“东丽发改”为僵尸号警示），公开矩阵 /newmedia/")


def _reposts(users: dict[str, Any], today: date) -> None:
    main = Account.objects.filter(name="东丽政务", platform=Platform.WECHAT).first()
    rsj = Account.objects.filter(name="东丽人社", platform=Platform.WECHAT).first()
    if main is None or rsj is None or main.reposts.exists():
        return
    documents: list[Record | Interpretation] = [
        *Record.objects.public().order_by("-published_at")[:1],
        *Interpretation.objects.public().order_by("-published_at")[:1],
    ]
    for n, document in enumerate(documents):
        published = timezone.localtime(document.published_at).date() if document.published_at else today
        account = main if n == 0 else rsj
        actions.record_repost(
            document,
            account,
            f"https://example.org/{account.platform}/{account.handle}/repost-{document.pk}",
            min(today, published + timedelta(days=1)),
            by=users["gkb"] if n == 0 else users["rsj_admin"],
        )
