"""公示 and 公开方式 of a record (work plan item 十二: 精准确定公开方式).

Every record says how it is disclosed (`Record.disclosure_modes`, several allowed): 互联网公开, 特定范围公开, 公示,
公开查阅点, 公示栏, 其他. Only 互联网公开 and 公示 put it on the website (`Record.on_internet`, kept in sync here, is
what `RecordQuerySet.public()` filters on). A 公示 has a period — given in working days (counted on the working-day
calendar, the first day of publication being day 1) or as an end date — fixed when the record is signed and goes
live; after its last day `public()` no longer returns it, so it leaves every public surface at midnight by itself.
The sweeper `end_due_publicity` (every minute) then marks it ended, writes the audit event and announces the change,
which clears the public-page caches and removes it from the search index. 特定范围公开 never reaches the website: the
workspace records where, to whom and when it was shown, with a photo as evidence (`DisplayLog`).

Every state change here is an action: permission, change, audit event, announcement after commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from zwgk.accounts.permissions import require
from zwgk.audit.log import record as audit
from zwgk.calendar import ScheduleMissing
from zwgk.core.errors import Refused
from zwgk.core.signals import announce_public_change
from zwgk.documents.models import (
    INTERNET_MODES,
    DisclosureMode,
    DisplayLog,
    Interpretation,
    Openness,
    Record,
    Status,
)
from zwgk.search.indexer import remove_object
from zwgk.workdays.service import get_calendar

# A 公示 period longer than this many working days (about a year) is a typing error.
MAX_PUBLICITY_WORKING_DAYS = 250
# Modes a display log can be kept for: every way of showing a record other than the website (互联网公开, 公示).
OFFLINE_MODES = frozenset(DisclosureMode.values) - {DisclosureMode.INTERNET, DisclosureMode.PUBLICITY}

Problem = tuple[str, str]


def _today() -> date:
    return timezone.localdate()


def modes_problems(data: Mapping[str, Any]) -> list[Problem]:
    """Problems of the 公开方式 fields of a drafting form or action (field, Chinese message)."""
    if "disclosure_modes" not in data:
        return []
    raw = data.get("disclosure_modes") or []
    modes = [str(m) for m in raw] if isinstance(raw, list | tuple) else [str(raw)]
    problems: list[Problem] = []
    unknown = [m for m in modes if m not in DisclosureMode.values]
    if unknown:
        return [("disclosure_modes", f"“{unknown[0]}”不是可选的公开方式。")]
    if not modes:
        return [("disclosure_modes", "请至少选择一种公开方式。")]
    if DisclosureMode.LIMITED in modes and set(modes) & INTERNET_MODES:
        problems.append(
            ("disclosure_modes", "特定范围公开的信息不在互联网公开，不能同时选择“互联网公开”或“公示”。")
        )
    normative = data.get("normative_kind") or ""
    if normative and (DisclosureMode.INTERNET not in modes or DisclosureMode.PUBLICITY in modes):
        problems.append(
            (
                "disclosure_modes",
                "规章和行政规范性文件应当在政府网站长期公开，须选择“互联网公开”，不能限期公示。",
            )
        )
    if DisclosureMode.PUBLICITY in modes:
        days, ends = data.get("publicity_days"), data.get("publicity_ends")
        if days in (None, "") and ends in (None, ""):
            problems.append(("publicity_days", "公示须填写公示期：工作日数或公示截止日期。"))
        elif days not in (None, "") and ends not in (None, ""):
            problems.append(("publicity_ends", "公示期请只填一种：工作日数或截止日期。"))
        elif days not in (None, ""):
            try:
                n = int(days)
            except (TypeError, ValueError):
                n = 0
            if not 1 <= n <= MAX_PUBLICITY_WORKING_DAYS:
                problems.append(
                    ("publicity_days", f"公示期应为 1 至 {MAX_PUBLICITY_WORKING_DAYS} 个工作日。")
                )
        elif isinstance(ends, date) and ends < _today():
            problems.append(("publicity_ends", "公示截止日期不能早于今天。"))
    return problems


def normalise(record: Record) -> None:
    """Check the 公开方式 of a record being drafted, keep `on_internet` in sync, drop a period without 公示."""
    problems = modes_problems(
        {
            "disclosure_modes": record.disclosure_modes,
            "normative_kind": record.normative_kind,
            "publicity_days": record.publicity_days,
            "publicity_ends": record.publicity_ends,
        }
    )
    if problems:
        raise (
            Refused(problems[0][1])
            if len(problems) == 1
            else Refused("公开方式填写有误：", [text for _, text in problems])
        )
    record.disclosure_modes = [m for m in DisclosureMode.values if m in record.disclosure_modes]
    record.on_internet = bool(set(record.disclosure_modes) & INTERNET_MODES)
    if DisclosureMode.PUBLICITY not in record.disclosure_modes:
        record.publicity_days = None
        record.publicity_ends = None
        record.publicity_starts = None


def period_end(starts: date, working_days: int) -> date:
    """The last day of a 公示 of `working_days` working days whose first day of publication is `starts`: the
    first working day on or after `starts` is day 1 (公示期 N 个工作日, both ends included)."""
    calendar = get_calendar()
    try:
        first = calendar.next_working_day(starts, include_today=True)
        return calendar.add_working_days(first, working_days - 1)[0]
    except ScheduleMissing as exc:
        raise Refused(
            f"无法按工作日计算公示期：{exc}。请先录入节假日安排（工作台“节假日安排”），或填写公示截止日期。"
        ) from None


def fix_period(record: Record, go_live: datetime) -> None:
    """At sign-off: the 公示 starts on the day the record goes live and its end is fixed (called by `sign`)."""
    if DisclosureMode.PUBLICITY not in (record.disclosure_modes or []):
        return
    starts = timezone.localtime(go_live).date()
    record.publicity_starts = starts
    record.publicity_ended_at = None
    if record.publicity_days:
        record.publicity_ends = period_end(starts, record.publicity_days)
    if record.publicity_ends is None or record.publicity_ends < starts:
        raise Refused("公示截止日期早于发布日期，请退回修改公示期。")


def publicity_state(record: Record, today: date | None = None) -> str:
    """公示中 / 未开始 / 已结束 / '' (not a 公示) — what the workspace shows."""
    if DisclosureMode.PUBLICITY not in (record.disclosure_modes or []) or record.status != Status.PUBLISHED:
        return ""
    day = today or _today()
    if record.publicity_ends is not None and record.publicity_ends < day:
        return "已结束"
    if record.publicity_starts is None or record.publicity_starts > day:
        return "未开始"
    return "公示中"


def _announce(record: Record) -> None:
    announce_public_change(Record, record.pk, "record")
    # An interpretation is public only while its policy is.
    for pk in record.interpretations.filter(status=Status.PUBLISHED).values_list("pk", flat=True):
        announce_public_change(Interpretation, pk, "interpretation")


def _locked(record: Record) -> Record:
    return Record.objects.select_for_update().get(pk=record.pk)


def _published_publicity(record: Record) -> None:
    if record.status != Status.PUBLISHED or DisclosureMode.PUBLICITY not in (record.disclosure_modes or []):
        raise Refused("只有已发布的公示可以调整公示期。")


@transaction.atomic
def end_publicity(record: Record, *, by: Any, reason: str) -> Record:
    """End a 公示 early (e.g. an error found in it): it leaves the website at once; kept in the workspace."""
    record = _locked(record)
    require(by, "documents.withdraw", record)
    _published_publicity(record)
    if not reason.strip():
        raise Refused("请填写提前结束公示的理由。")
    today = _today()
    if record.publicity_ends is not None and record.publicity_ends < today:
        raise Refused("公示已经结束。")
    before = record.publicity_ends
    record.publicity_ends = today - timedelta(days=1)
    record.publicity_ended_at = timezone.now()
    record.save(update_fields=["publicity_ends", "publicity_ended_at", "updated_at"])
    audit(
        "documents.publicity_ended_early",
        obj=record,
        actor=by,
        summary=f"提前结束公示：{record.title}（{reason.strip()[:200]}）",
        before={"publicity_ends": before.isoformat() if before else None},
        after={"publicity_ends": record.publicity_ends.isoformat()},
    )
    _announce(record)
    return record


@transaction.atomic
def extend_publicity(
    record: Record, *, by: Any, reason: str, ends: date | None = None, working_days: int | None = None
) -> Record:
    """Extend a running 公示 to a later end date or by more working days (延长公示期), with a reason."""
    record = _locked(record)
    require(by, "documents.withdraw", record)
    _published_publicity(record)
    if not reason.strip():
        raise Refused("请填写延长公示期的理由。")
    today = _today()
    current = record.publicity_ends
    if current is None or current < today:
        raise Refused("公示已经结束，不能延长；如需再次公示，请重新起草发布。")
    if (ends is None) == (working_days is None):
        raise Refused("请填写新的公示截止日期，或延长的工作日数（只填一种）。")
    if working_days is not None:
        if not 1 <= working_days <= MAX_PUBLICITY_WORKING_DAYS:
            raise Refused(f"延长的工作日数应为 1 至 {MAX_PUBLICITY_WORKING_DAYS}。")
        new_end = period_end(current + timedelta(days=1), working_days)
    else:
        assert ends is not None
        new_end = ends
    if new_end <= current:
        raise Refused(f"新的公示截止日期须晚于原截止日期（{current:%Y-%m-%d}）。")
    record.publicity_ends = new_end
    record.save(update_fields=["publicity_ends", "updated_at"])
    audit(
        "documents.publicity_extended",
        obj=record,
        actor=by,
        summary=f"延长公示期至 {new_end:%Y-%m-%d}：{record.title}（{reason.strip()[:200]}）",
        before={"publicity_ends": current.isoformat()},
        after={"publicity_ends": new_end.isoformat()},
    )
    _announce(record)
    return record


def end_due_publicity(today: date | None = None) -> int:
    """The sweeper: mark each 公示 whose last day has passed as ended (once), audit it and announce the change
    (caches, search index). `public()` already excludes it from midnight on; this makes the rest follow."""
    day = today or _today()
    count = 0
    due = Record.objects.filter(
        status=Status.PUBLISHED, publicity_ends__lt=day, publicity_ended_at__isnull=True
    ).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            if (
                Record.objects.filter(pk=pk, publicity_ended_at__isnull=True).update(
                    publicity_ended_at=timezone.now()
                )
                != 1
            ):
                continue
            record = Record.objects.get(pk=pk)
            audit(
                "documents.publicity_ended",
                obj=record,
                actor=None,
                summary=f"公示期满（{record.publicity_ends:%Y-%m-%d}），已从政府网站撤下：{record.title}",
            )
            _announce(record)
            count += 1
    return count


# --- 特定范围公开: where and to whom it was shown ------------------------------------------------------------------


@transaction.atomic
def log_display(
    record: Record, data: Mapping[str, Any], *, by: Any, photo: UploadedFile | None = None
) -> DisplayLog:
    """Record where, to whom and when a record was shown outside the website (村务公开栏, 公开查阅点 …)."""
    record = _locked(record)
    require(by, "documents.log_display", record)
    if record.status != Status.PUBLISHED or record.openness != Openness.PROACTIVE:
        raise Refused("审签发布后才能登记公开情况。")
    mode = str(data.get("mode") or "")
    modes = set(record.disclosure_modes or [])
    if mode not in OFFLINE_MODES or mode not in modes:
        raise Refused("请选择本信息的一种线下公开方式（如特定范围公开、公示栏、公开查阅点）。")
    place = str(data.get("place") or "").strip()
    audience = str(data.get("audience") or "").strip()
    starts, ends = data.get("starts"), data.get("ends")
    if not place:
        raise Refused("请填写公开地点，如“某村村务公开栏”。")
    if not isinstance(starts, date):
        raise Refused("请填写公开开始日期。")
    if isinstance(ends, date) and ends < starts:
        raise Refused("公开结束日期不能早于开始日期。")
    if starts > _today():
        raise Refused("公开开始日期不能晚于今天（登记的是已经张贴、展示的情况）。")
    log = DisplayLog(
        record=record,
        mode=mode,
        place=place[:200],
        audience=audience[:200],
        starts=starts,
        ends=ends if isinstance(ends, date) else None,
        note=str(data.get("note") or "").strip()[:1000],
        recorded_by=by,
    )
    if photo is not None:
        log.photo_name = (photo.name or "photo")[-120:]
        log.photo.save(photo.name or "photo.jpg", photo, save=False)
    log.save()
    audit(
        "documents.display_logged",
        obj=record,
        actor=by,
        summary=f"登记公开情况：{record.title}，{log.get_mode_display()}，{log.place}",
        after={
            "log": log.pk,
            "mode": mode,
            "place": log.place,
            "audience": log.audience,
            "starts": starts.isoformat(),
            "ends": log.ends.isoformat() if log.ends else None,
            "photo": bool(log.photo),
        },
    )
    return log


def mode_labels(modes: Iterable[str]) -> list[str]:
    labels = dict(DisclosureMode.choices)
    return [labels[m] for m in modes if m in labels]


def unindex_ending(now: datetime | None = None) -> int:
    """From 23:59 on the last day of a 公示, take it (and its interpretations) out of the search index, so that a
    search result never lists it after midnight even if the sweeper runs a minute late. The page itself stays
    public until midnight; what the index holds is only a finding aid. Returns the entries removed."""
    moment = timezone.localtime(now or timezone.now())
    if (moment.hour, moment.minute) < (23, 59):
        return 0
    ending = Record.objects.filter(status=Status.PUBLISHED, on_internet=True, publicity_ends=moment.date())
    removed = 0
    for pk in ending.values_list("pk", flat=True):
        removed += remove_object(Record._meta.label_lower, pk)
        for interpretation in Interpretation.objects.filter(policy_id=pk).values_list("pk", flat=True):
            removed += remove_object(Interpretation._meta.label_lower, interpretation)
    return removed


def display_logged(agency_id: int | None, year: int) -> tuple[int, int]:
    """(logged, offline): records published in `year` with an offline 公开方式 (特定范围公开, 公示栏, 公开查阅点, 其他)
    and how many of them have their display logged (work plan item 十二's live indicator). The modes are read in
    Python: SQLite cannot query inside the JSON list."""
    qs = Record.objects.own().filter(status=Status.PUBLISHED, published_at__year=year)
    if agency_id is not None:
        qs = qs.filter(agency_id=agency_id)
    offline = [
        pk for pk, modes in qs.values_list("pk", "disclosure_modes") if set(modes or []) & OFFLINE_MODES
    ]
    logged = DisplayLog.objects.filter(record_id__in=offline).values("record_id").distinct().count()
    return logged, len(offline)
