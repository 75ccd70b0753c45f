"""The one state change of 政策找人: staff save the 申报条件 of a published policy."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from zwgk.accounts.permissions import require
from zwgk.audit.log import record as audit
from zwgk.core.errors import Refused
from zwgk.documents.models import Record
from zwgk.policymatch import fields
from zwgk.policymatch.conditions import KINDS, ConditionError, load_json, parse
from zwgk.policymatch.models import Delivery, PolicyEligibility

EDITABLE = ["profile_kind", "conditions", "opens_on", "closes_on", "channel", "delivery"]


def _date(value: Any, label: str, problems: list[str]) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        problems.append(f"{label}应为日期，格式 YYYY-MM-DD")
        return None


@transaction.atomic
def save_eligibility(record: Record, data: dict[str, Any], *, by: Any) -> PolicyEligibility:
    """Create or replace the 申报条件 of `record`. `data["conditions"]` is the JSON form (text or parsed)."""
    require(by, "policymatch.edit", record, "只有本单位的信息员、单位管理员或公开办可以设置申报条件。")
    record = Record.objects.select_for_update().get(pk=record.pk)
    if not Record.objects.public().filter(pk=record.pk).exists():
        raise Refused("只能为已公开发布的政策文件设置申报条件。")
    kind = data.get("profile_kind")
    if kind not in KINDS:
        raise Refused("请选择适用对象：企业或个人。")
    try:
        conditions = load_json(data.get("conditions"))
        parse(conditions, kind, fields.current())
    except ConditionError as exc:
        raise Refused("申报条件有误，未保存。", exc.chinese()) from None
    problems: list[str] = []
    opens_on = _date(data.get("opens_on"), "申报开始日期", problems)
    closes_on = _date(data.get("closes_on"), "申报截止日期", problems)
    if opens_on and closes_on and closes_on < opens_on:
        problems.append("申报截止日期不能早于开始日期")
    delivery = data.get("delivery") or Delivery.APPLY
    if delivery not in Delivery.values:
        problems.append("兑现方式应为“申请”或“免申即享”")
    channel = str(data.get("channel") or "").strip()
    if len(channel) > 300:
        problems.append("申报渠道不超过 300 字")
    if problems:
        raise Refused("申报条件有误，未保存。", problems)
    item = PolicyEligibility.objects.filter(record=record).first()
    before = None if item is None else {name: _plain(getattr(item, name)) for name in EDITABLE}
    if item is None:
        item = PolicyEligibility(record=record)
    item.profile_kind = kind
    item.conditions = conditions
    item.opens_on, item.closes_on = opens_on, closes_on
    item.channel, item.delivery = channel, delivery
    item.updated_by = by
    item.save()
    audit(
        "policymatch.eligibility_saved",
        obj=record,
        actor=by,
        summary=f"设置申报条件：{record.title}",
        before=before,
        after={name: _plain(getattr(item, name)) for name in EDITABLE},
    )
    if PolicyEligibility.objects.matchable(timezone.localdate()).filter(pk=item.pk).exists():
        # Open for application now: queue pushes to the 符合 subscribers (background, after commit; deduplicated).
        from zwgk.policymatch import tasks

        pk = item.pk
        transaction.on_commit(lambda: tasks.queue_policy(pk))
    return item


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value
