"""The staff state changes of 政策找人: the 申报条件 of a published policy, its 申报 count and its 明白纸 text.
(Subscribers' own changes are in subscriptions.py: they act through a private link, not a role.)"""

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
from zwgk.policymatch.leaflet_text import LeafletText
from zwgk.policymatch.models import ApplicationTally, Delivery, Leaflet, PolicyEligibility

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


@transaction.atomic
def record_applications(record: Record, data: dict[str, Any], *, by: Any) -> ApplicationTally:
    """Staff record how many 申报 a policy has received so far (a running total as of a date)."""
    require(by, "policymatch.edit", record, "只有本单位的信息员、单位管理员或公开办可以登记申报情况。")
    if not PolicyEligibility.objects.filter(record=record).exists():
        raise Refused("请先为该政策设置申报条件。")
    problems: list[str] = []
    try:
        received = int(str(data.get("received", "")).strip())
        if received < 0:
            raise ValueError
    except ValueError:
        received = 0
        problems.append("收到申报件数应为不小于 0 的整数")
    as_of = _date(data.get("as_of") or timezone.localdate(), "统计截至日期", problems)
    if as_of is not None and as_of > timezone.localdate():
        problems.append("统计截至日期不能晚于今天")
    note = str(data.get("note") or "").strip()
    if len(note) > 200:
        problems.append("说明不超过 200 字")
    if problems or as_of is None:
        raise Refused("申报登记有误，未保存。", problems)
    tally = ApplicationTally.objects.create(
        record=record, received=received, as_of=as_of, note=note, recorded_by=by
    )
    audit(
        "policymatch.applications_recorded",
        obj=record,
        actor=by,
        summary=f"登记申报 {received} 件（截至 {as_of}）：{record.title}",
        after={"received": received, "as_of": _plain(as_of), "note": note},
    )
    return tally


LEAFLET_FIELDS = ["title", "audience", "benefits", "how_to_apply", "deadline", "contacts"]


@transaction.atomic
def save_leaflet(record: Record, data: dict[str, Any], *, by: Any) -> Leaflet:
    """Staff edit the text of the policy's 明白纸 before printing (checked to fit one page)."""
    require(by, "policymatch.edit", record, "只有本单位的信息员、单位管理员或公开办可以编辑政策明白纸。")
    if not Record.objects.public().filter(pk=record.pk).exists():
        raise Refused("只能为已公开发布的政策文件制作明白纸。")
    text = LeafletText(**{name: str(data.get(name) or "").strip() for name in LEAFLET_FIELDS})
    problems = text.problems()
    if problems:
        raise Refused("明白纸内容有误，未保存。", problems)
    item = Leaflet.objects.filter(record=record).first()
    before = None if item is None else {name: getattr(item, name) for name in LEAFLET_FIELDS}
    item = item or Leaflet(record=record)
    for name in LEAFLET_FIELDS:
        setattr(item, name, getattr(text, name))
    item.updated_by = by
    item.save()
    audit(
        "policymatch.leaflet_saved",
        obj=record,
        actor=by,
        summary=f"编辑政策明白纸：{record.title}",
        before=before,
        after={name: getattr(item, name) for name in LEAFLET_FIELDS},
    )
    return item
