"""Demo data of 政策找人 (`zwgk demo load`, order 80): 申报条件 on the 六税两费, 稳岗返还 and 社保缓缴 policies.

The demo catalogue is searched for a public, in-force policy with each of those words in its title; where there is
none (the 2023 稳岗返还 measures have expired by the demo's date), one is drafted, reviewed and signed through the
documents actions like documents/demo.py does. Idempotent: existing conditions are left alone.
"""

from __future__ import annotations

import random
import secrets
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zwgk.core.registry import DemoContext
from zwgk.documents import actions as documents
from zwgk.documents.demo import _rsj_team, theme
from zwgk.documents.models import Record
from zwgk.policymatch.actions import record_applications, save_eligibility
from zwgk.policymatch.conditions import DISTRICT_STREETS
from zwgk.policymatch.models import ApplicationTally, PolicyEligibility, Subscription
from zwgk.policymatch.subscriptions import consent_text, queue_for_policy
from zwgk.screening.checks import uscc_check_char

LIUSHUI = {
    "all": [
        {
            "any": [
                {"field": "size", "op": "in", "value": ["小型", "微型"], "clause": "第一条"},
                {"field": "employees", "op": "<=", "value": 300, "clause": "第一条"},
            ]
        },
        {"field": "tax_credit", "op": "not_in", "value": ["D"], "clause": "第三条"},
    ]
}
WENGANG = {
    "all": [
        {"field": "tax_credit", "op": "in", "value": ["A", "B", "M"], "clause": "第二条第（一）项"},
        {
            "field": "registered_street",
            "op": "in",
            "value": ["张贵庄街", "丰年村街", "万新街", "金桥街", "华明街"],
            "clause": "第二条",
        },
        {
            "any": [
                {"field": "size", "op": "in", "value": ["中型", "小型", "微型"], "clause": "第三条第一款"},
                {"field": "employees", "op": "<", "value": 1000, "clause": "第三条第一款"},
            ]
        },
        {"field": "founded_on", "op": "<=", "value": "2025-12-31", "clause": "第二条第（二）项"},
    ]
}
SHEBAO = {
    "all": [
        {"field": "epidemic_affected", "op": "==", "value": True, "clause": "第一条"},
        {"field": "industry", "op": "in", "value": ["H", "F", "G", "R", "O"], "clause": "第一条"},
        {"not": {"field": "size", "op": "==", "value": "大型", "clause": "第二条"}},
    ]
}


def _specs(today: date) -> list[dict[str, Any]]:
    return [
        {
            "word": "六税两费",
            "key": "liushui",
            "agency": "区政府办",
            "title": "东丽区关于进一步落实小微企业“六税两费”减免政策的通知",
            "theme": "财政、金融、审计\\税务",
            "summary": "对小型微利企业、个体工商户减半征收资源税、城市维护建设税等“六税两费”。",
            "eligibility": {
                "profile_kind": "enterprise",
                "conditions": LIUSHUI,
                "opens_on": None,
                "closes_on": date(today.year + 1, 12, 31),
                "channel": "电子税务局自动享受，无需申报",
                "delivery": "automatic",
            },
        },
        {
            "word": "稳岗返还",
            "key": "wengang",
            "agency": "区人社局",
            "title": f"东丽区{today.year}年失业保险稳岗返还工作实施办法",
            "theme": "劳动、人事、监察\\就业",
            "summary": "对不裁员或少裁员的参保企业返还失业保险费，中小微企业返还比例 60%。",
            "eligibility": {
                "profile_kind": "enterprise",
                "conditions": WENGANG,
                "opens_on": today - timedelta(days=30),
                "closes_on": today + timedelta(days=60),
                "channel": "天津人社网上办事大厅“稳岗返还”专栏",
                "delivery": "automatic",
            },
        },
        {
            "word": "社保缓缴",
            "key": "shebao",
            "agency": "区人社局",
            "title": "东丽区关于特困行业阶段性实施社保缓缴政策的通知",
            "theme": "劳动、人事、监察\\社会保障",
            "summary": "餐饮、零售、旅游、民航、公路水路铁路运输等特困行业企业可申请缓缴养老、失业、工伤保险单位缴费。",
            "eligibility": {
                "profile_kind": "enterprise",
                "conditions": SHEBAO,
                "opens_on": today - timedelta(days=10),
                "closes_on": today + timedelta(days=20),
                "channel": "区人社局社保经办窗口或天津人社网上办事大厅",
                "delivery": "apply",
            },
        },
    ]


def _published(ctx: DemoContext, spec: dict[str, Any], today: date) -> Record:
    key = f"demo:policymatch-{spec['key']}"
    existing = Record.objects.filter(source_key=key).first()
    if existing is not None:
        return existing
    users, agencies = ctx.data["users"], ctx.data["agencies"]
    if spec["agency"] == "区人社局":
        team = _rsj_team(ctx)
    else:
        team = {"xxy": users["zfb_xxy"], "bmsc": users["zfb_bmsc"], "sq": users["zfb_sq"]}
    record = documents.create_record(
        agencies[spec["agency"]],
        {
            "title": spec["title"],
            "written_on": today - timedelta(days=3),
            "theme": theme(spec["theme"]),
            "genre": "notice",
            "kind": "policy",
            "summary": spec["summary"],
            "body": f"{spec['title']}\n\n{spec['summary']}\n\n（演示数据）",
            "openness": "proactive",
            "statutory_category": "art20_11" if spec["agency"] == "区人社局" else "art20_15",
        },
        by=team["xxy"],
        source_key=key,
    )
    documents.submit(record, by=team["xxy"])
    documents.approve_review(record, by=team["bmsc"], note="不涉密，同意。")
    return documents.sign(record, by=team["sq"], note="同意发布。")


def _uscc(i: int) -> str:
    """A valid 统一社会信用代码 (GB 32100 check character) for demo enterprise `i`, registered in 东丽区 (120110)."""
    first17 = f"91120110MA{i:07d}"
    check = uscc_check_char(first17)
    assert check is not None
    return first17 + check


def _subscribers(today: date) -> int:
    """200 demo enterprises and 100 demo persons, already verified (demo data, like an import: no codes mailed)."""
    if Subscription.objects.filter(email__endswith="@demo.invalid").exists():
        return 0
    rng = random.Random(2022)  # noqa: S311  (reproducible demo data, not a secret)
    consent = consent_text()
    rows = []
    divisions = ["13", "18", "39", "47", "51", "52", "54", "61", "62", "65", "72", "80", "88"]
    for i in range(300):
        uscc = ""
        if i < 200:
            kind = "enterprise"
            uscc = _uscc(i)
            values: dict[str, Any] = {
                "industry": rng.choice("CFGHIEMORL"),
                "size": rng.choice(["大型", "中型", "小型", "小型", "微型", "微型"]),
                "employees": rng.randint(3, 1500),
                "tax_credit": rng.choice("AABBMCD"),
                "registered_street": rng.choice(DISTRICT_STREETS),
                "epidemic_affected": rng.random() < 0.4,
            }
            if rng.random() < 0.3:  # some state their 大类: 门类 follows from it
                values.pop("industry")
                values["industry_division"] = rng.choice(divisions)
            if rng.random() < 0.7:
                values["founded_on"] = (today - timedelta(days=rng.randint(200, 9000))).isoformat()
        else:
            kind = "person"
            age = rng.randint(18, 75)
            values = {"age": age, "over_60": age >= 60, "graduate": age < 25 and rng.random() < 0.6}
        rows.append(
            Subscription(
                token=secrets.token_urlsafe(32),
                profile_kind=kind,
                fields=values,
                email=f"demo{i:03d}@demo.invalid",
                email_verified_at=timezone.now(),
                uscc=uscc,
                channels=["email"],
                include_maybe=rng.random() < 0.3,
                consent_version=settings.POLICYMATCH_CONSENT_VERSION,
                consent_text=consent,
                verified_at=timezone.now(),
            )
        )
    Subscription.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def load(ctx: DemoContext) -> None:
    today = timezone.localdate()
    gkb = ctx.data["users"]["gkb"]
    subscribed = _subscribers(today)
    attached = 0
    for spec in _specs(today):
        record = (
            Record.objects.public()
            .in_force()
            .policies()
            .filter(title__contains=spec["word"])
            .order_by("-published_at")
            .first()
        )
        if record is None:
            record = _published(ctx, spec, today)
        if not PolicyEligibility.objects.filter(record=record).exists():
            save_eligibility(record, spec["eligibility"], by=gkb)
            attached += 1
    queued = sum(queue_for_policy(item) for item in PolicyEligibility.objects.matchable(today))
    wengang = PolicyEligibility.objects.filter(record__title__contains="稳岗返还").first()
    if wengang is not None and not ApplicationTally.objects.filter(record=wengang.record).exists():
        record_applications(
            wengang.record, {"received": 37, "as_of": today, "note": "网上办事大厅受理（演示数据）"}, by=gkb
        )
    if ctx.verbose and (attached or subscribed):
        ctx.notes.append(
            f"政策找人：{attached} 件政策已设置申报条件，{subscribed} 个演示订阅，{queued} 条推送待发送；试用 /policies/match/"
        )
