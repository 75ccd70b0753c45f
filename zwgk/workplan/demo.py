"""Demo data of the 工作要点 ledger (order 50; idempotent: a second run changes nothing).

The 2022 plan is imported from the shared mission file (ZWGK_WORKPLAN_DEMO_PLAN). The featured units
(区发改委, 张贵庄街道, 区政府办) work through the same action functions as the pages, with their 2022 dates
set afterwards; the other units get a deterministic mix of outcomes in bulk. Tasks still being worked on have
their time limits extended into the coming weeks by the 公开办, so that the demo shows work in progress
whenever it is loaded.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from zwgk.accounts.demo import DEMO_PASSWORD
from zwgk.accounts.models import RoleAssignment
from zwgk.accounts.roles import Role
from zwgk.agencies.models import Agency
from zwgk.audit.log import record
from zwgk.core.registry import DemoContext
from zwgk.workplan.actions import ledger, scoring, supervision, team
from zwgk.workplan.actions.plan import import_plan
from zwgk.workplan.importer import prepare_file, prepare_text
from zwgk.workplan.models import (
    Duty,
    FilingKind,
    FilingStatus,
    InspectionRating,
    LiaisonFiling,
    Plan,
    ProgressReport,
    ReviewItem,
    ScoreSheet,
    Task,
    TaskStatus,
    TeamMember,
    TrainingForm,
    TrainingSession,
)

YEAR = 2022
# A short 2021 plan written for the demo (not a real document), so that 回头看 has last year's items.
DEMO_2021 = """东丽区2021年政务公开工作要点（演示节选）
一、加强政策公开解读
（一）做好行政规范性文件集中公开。对现行有效的行政规范性文件进行梳理，在政府信息公开专栏集中公开并动态更新。（区司法局牵头，区政府各部门负责落实）
（二）加强政策解读。重要政策文件与解读材料同步起草、同步审签、同步发布。（区政府办牵头，各街道园区、区发改委、区人社局负责落实）
二、夯实公开工作基础
（三）修订政府信息公开指南。按照条例要求修订本单位政府信息公开指南，并标注修订时间。（各街道园区、区政府各部门负责落实）
"""
# Last year's rows left unfinished in the demo (unit short name, item seq); everything else was done.
UNFINISHED_2021 = {
    ("区发改委", 3),
    ("张贵庄街道", 2),
    ("张贵庄街道", 3),
    ("区住建委", 1),
    ("区住建委", 3),
    ("区财政局", 3),
}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ["建国", "丽华", "志强", "秀英", "海燕", "文博", "晓东", "春梅", "立新", "静怡", "明辉", "雪松"]
FEATURED = ("区发改委", "张贵庄街道", "区政府办")
# The unit the demo's inspection finds without a working ledger: none of its tasks was taken up.
IDLE_UNIT = "区住建委"
JXB_USER = ("jxb", "冯绩效", "区委组织部")


def _dt(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _fate(agency: Agency, seq: int) -> int:
    return int(hashlib.sha256(f"{agency.code}-{seq}".encode()).hexdigest()[:6], 16) % 100


def _person(agency: Agency, salt: int = 0) -> str:
    n = int(hashlib.sha256(f"{agency.code}-{salt}".encode()).hexdigest()[:8], 16)
    return SURNAMES[n % len(SURNAMES)] + GIVEN[(n // 7) % len(GIVEN)]


def load(ctx: DemoContext) -> None:
    users = ctx.data.get("users", {})
    jxb = _assessment_office_user(ctx)
    if Plan.objects.filter(year=YEAR).exists():
        ctx.notes.append(f"工作要点台账：{YEAR} 年演示数据已存在")
        return
    path = settings.WORKPLAN_DEMO_PLAN
    if not path.exists():
        ctx.notes.append(
            f"工作要点台账：未找到 {path}，跳过演示（设置 ZWGK_WORKPLAN_DEMO_PLAN 指向工作要点文件）"
        )
        return
    with transaction.atomic():
        _load(ctx, users, jxb, path)


def _assessment_office_user(ctx: DemoContext) -> Any:
    """单位管理员 of 区委组织部（区绩效办）, who enters the assessment weight (item 十七)."""

    username, full_name, unit = JXB_USER
    agency = Agency.objects.filter(short_name=unit).first()
    if agency is None:
        return None
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(username=username, defaults={"full_name": full_name})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    RoleAssignment.objects.get_or_create(user=user, agency=agency, role=Role.AGENCY_ADMIN.value)
    ctx.logins.append((username, DEMO_PASSWORD, f"{unit}（区绩效办） 单位管理员：录入考核权重"))
    return user


def _load(ctx: DemoContext, users: dict[str, Any], jxb: Any, path: Any) -> None:
    today = timezone.localdate()
    gkb, ducha = users["gkb"], users["ducha"]
    agencies = {a.short_name: a for a in Agency.objects.all()}

    # Last year's (demo) plan first, so that its unfinished rows can be carried over.
    plan_2021 = import_plan(
        prepare_text(DEMO_2021), YEAR - 1, by=gkb, source_name="演示：2021年要点节选"
    ).plan
    _seed_2021(plan_2021, agencies)

    result = import_plan(prepare_file(path), YEAR, by=gkb, source_name=path.name)
    plan = result.plan
    tasks = {
        (t.agency.short_name, t.item.seq): t
        for t in Task.objects.filter(plan=plan).select_related("agency", "item")
    }

    _team_and_training(agencies, users, gkb)
    _featured(plan, tasks, users, gkb, today)
    _background(plan, today)
    ledger.sweep_overdue(today)

    supervision.carry_over(plan_2021, plan, by=ducha)
    review = ReviewItem.objects.filter(
        plan=plan, agency=agencies["张贵庄街道"], label__contains="指南"
    ).first()
    if review is not None:
        supervision.report_review(
            review, "已于2022年3月完成政府信息公开指南修订，并在专栏标注修订时间。", by=users["zgz_xxy"]
        )
    _supervision(plan, agencies, users, gkb, ducha)
    _scores(plan, agencies, gkb, jxb)

    counts = {
        s: Task.objects.filter(plan=plan, parent__isnull=True, status=s).count() for s in TaskStatus.values
    }
    ctx.notes.append(
        f"工作要点台账：{plan}（{plan.items.count()} 项），台账任务 {sum(counts.values())} 项："
        f"已完成 {counts['done']}、进行中 {counts['in_progress']}、逾期 {counts['overdue']}、未开始 {counts['not_started']}"
    )
    ctx.notes.append(
        "工作要点台账：gkb / ducha 打开“督查督办”查看图表、生成通报；fgw_xxy、zgz_xxy 在“工作要点台账”报送进展"
    )


def _seed_2021(plan: Plan, agencies: dict[str, Agency]) -> None:
    rows = Task.objects.filter(plan=plan, parent__isnull=True).select_related("agency", "item")
    done = []
    for task in rows:
        if (task.agency.short_name, task.item.seq) in UNFINISHED_2021:
            continue
        done.append(task.pk)
    Task.objects.filter(pk__in=done).update(
        status=TaskStatus.DONE,
        completed_at=_dt(date(YEAR - 1, 11, 30)),
        progress_percent=100,
        completion_note="已按要求完成（演示数据）",
        responsible_person="（演示）",
    )
    Task.objects.filter(plan=plan).exclude(pk__in=done).update(
        status=TaskStatus.OVERDUE, overdue_since=date(YEAR, 1, 1), responsible_person="（演示）"
    )
    record(
        "workplan.demo_seeded",
        obj=plan,
        summary=f"演示数据：{YEAR - 1}年要点 {len(done)} 项任务已完成，{len(UNFINISHED_2021)} 项未完成",
    )


def _team_and_training(agencies: dict[str, Agency], users: dict[str, Any], gkb: Any) -> None:
    liaisons = {
        "区发改委": ("孙信息", "办公室副主任", users.get("fgw_xxy")),
        "区政府办": ("吴信息", "政务公开科科长", users.get("zfb_xxy")),
        "张贵庄街道": ("沈信息", "党政办主任", users.get("zgz_xxy")),
    }
    for unit, (name, position, user) in liaisons.items():
        admin = {"区发改委": users["fgw_admin"], "区政府办": gkb, "张贵庄街道": users["zgz_xxy"]}[unit]
        member = team.add_member(
            agencies[unit],
            {
                "name": name,
                "position": position,
                "duty": Duty.LIAISON,
                "user": user,
                "since": date(YEAR, 1, 4),
                "phone": "022-84370000",
                "email": f"{user.username}@dongli.example.gov.cn" if user else "",
            },
            by=admin,
        )
        team.add_member(
            agencies[unit],
            {
                "name": _person(agencies[unit], 7),
                "position": "科员",
                "duty": Duty.STAFF,
                "since": date(YEAR, 1, 4),
            },
            by=admin,
        )
        filing = LiaisonFiling.objects.get(member=member)
        if unit != "张贵庄街道":
            team.file_liaison(filing, by=gkb, note="已备案")
        LiaisonFiling.objects.filter(pk=filing.pk).update(submitted_at=_dt(date(YEAR, 1, 10)))
    # 张贵庄街道's first liaison was filed; in September she handed over to a colleague (awaiting 备案).
    first = LiaisonFiling.objects.get(agency=agencies["张贵庄街道"])
    team.file_liaison(first, by=gkb, note="已备案")
    change = team.change_liaison(
        agencies["张贵庄街道"],
        by=users["zgz_xxy"],
        handover="1. 2022年工作台账及进展材料（纸质、电子各一套）；2. 在办依申请公开件2件；3. 政务公开平台账号交接；"
        "4. 政府信息公开指南修订底稿。",
        effective_on=date(YEAR, 9, 1),
        new_member={"name": "杨联络", "position": "党政办科员", "phone": "022-84370101"},
    )
    LiaisonFiling.objects.filter(pk=change.pk).update(submitted_at=_dt(date(YEAR, 9, 1)))
    # Other units: a liaison registered by the 公开办 for most of them.
    for agency in (
        Agency.objects.exclude(short_name__in=FEATURED)
        .exclude(kind="coordination")
        .exclude(kind="government")
    ):
        if _fate(agency, 0) >= 75:
            continue
        member = TeamMember.objects.create(
            agency=agency,
            name=_person(agency),
            position="政务公开联络员",
            duty=Duty.LIAISON,
            since=date(YEAR, 1, 4),
        )
        LiaisonFiling.objects.create(
            agency=agency,
            kind=FilingKind.APPOINT,
            member=member,
            effective_on=date(YEAR, 1, 4),
            status=FilingStatus.FILED,
            submitted_by=gkb,
            submitted_at=_dt(date(YEAR, 1, 10)),
            reviewed_by=gkb,
            reviewed_at=_dt(date(YEAR, 1, 12)),
            review_note="公开办统一登记（演示）",
        )
    session = team.record_training(
        agencies["区政府办"],
        {
            "title": "全区政府信息公开工作业务培训会",
            "held_on": date(YEAR, 5, 20),
            "form": TrainingForm.LECTURE,
            "hours": Decimal("3"),
            "location": "区政府第一会议室",
            "content": "《政府信息公开条例》解读；依申请公开答复规范；2022年工作要点和台账填报要求。",
        },
        by=gkb,
    )
    attendees = []
    for member in TeamMember.objects.filter(active=True).select_related("agency"):
        if member.agency.short_name in FEATURED or _fate(member.agency, 1) < 60:
            attendees.append(team.AttendeeInput(member.agency, member.name, member.position, member))
    team.add_attendees(session, attendees, by=gkb)
    guidance = team.record_training(
        agencies["区政府办"],
        {
            "title": "街道政务公开事项标准目录点对点指导",
            "held_on": date(YEAR, 9, 16),
            "form": TrainingForm.GUIDANCE,
            "hours": Decimal("2"),
            "location": "张贵庄街道",
            "content": "基层政务公开事项标准目录应用，村（居）务公开衔接。",
        },
        by=gkb,
    )
    team.add_attendees(guidance, [team.AttendeeInput(agencies["张贵庄街道"], "杨联络", "党政办科员")], by=gkb)


def _report(task: Task, user: Any, text: str, on: date, *, percent: int | None = None, **kwargs: Any) -> None:
    report = ledger.report_progress(task, by=user, text=text, percent=percent, **kwargs)
    ProgressReport.objects.filter(pk=report.pk).update(created_at=_dt(on))
    Task.objects.filter(pk=task.pk).update(last_reported_at=_dt(on), started_at=_dt(on))


def _complete(task: Task, user: Any, note: str, on: date) -> None:
    ledger.complete_task(task, by=user, note=note)
    Task.objects.filter(pk=task.pk).update(completed_at=_dt(on, 16))


def _set_due(task: Task, due: date) -> None:
    """The units set their 2022 time limits in 2022; the demo writes them directly (the form refuses past dates)."""
    Task.objects.filter(pk=task.pk).update(due_date=due)
    task.refresh_from_db()


def _featured(
    plan: Plan, tasks: dict[tuple[str, int], Task], users: dict[str, Any], gkb: Any, today: date
) -> None:
    fgw_admin, fgw, zgz, zfb = users["fgw_admin"], users["fgw_xxy"], users["zgz_xxy"], users["zfb_xxy"]
    soon = today + timedelta(days=45)
    training_url = f"/workspace/workplan/trainings/{_training_pk()}/"

    # 区发改委 (一): done on time, with milestones, a file and a link as evidence.
    t = tasks[("区发改委", 1)]
    ledger.update_task(
        t,
        {
            "description": "梳理涉企政策清单，在“政策文件”栏目集中发布；对受疫情影响行业帮扶政策开设专题。",
            "responsible_person": "孙信息",
            "responsible_phone": "022-84370003",
        },
        by=fgw_admin,
    )
    _set_due(t, date(YEAR, 10, 31))
    ledger.add_milestone(t, "完成涉企政策梳理", None, by=fgw)
    m2 = ledger.add_milestone(t, "帮扶政策专题上线", None, by=fgw)
    for milestone in t.milestones.all():
        ledger.complete_milestone(milestone, by=fgw)
    t.milestones.filter(pk__lt=m2.pk).update(due_date=date(YEAR, 6, 30), done_on=date(YEAR, 6, 28))
    t.milestones.filter(pk=m2.pk).update(due_date=date(YEAR, 8, 31), done_on=date(YEAR, 8, 25))
    evidence = SimpleUploadedFile(
        "涉企政策清单（2022年8月）.txt",
        "区发改委涉企政策清单（演示）\n1. 助企纾困若干措施\n2. 稳增长政策汇编\n".encode(),
        content_type="text/plain",
    )
    _report(
        t,
        fgw,
        "已梳理涉企政策42件，全部在“政策文件”栏目集中发布；帮扶政策专题于8月25日上线。",
        date(YEAR, 8, 26),
        percent=80,
        files=[evidence],
        links=[ledger.LinkInput("link", "区政府网站“助企纾困”专题", "http://www.tjdl.gov.cn/")],
    )
    _complete(t, fgw, "涉企政策集中公开和专题建设均已完成，专题持续更新。", date(YEAR, 10, 20))

    # 区发改委 (三): in progress; the 公开办 extended the time limit.
    t = tasks[("区发改委", 3)]
    ledger.update_task(
        t,
        {"responsible_person": "钱管理", "description": "重大建设项目批准和实施信息按季度公开。"},
        by=fgw_admin,
    )
    _report(
        t,
        fgw,
        "已公开第一至三季度重大建设项目批准信息18条，实施信息正在汇总。",
        date(YEAR, 10, 12),
        percent=60,
    )
    ledger.extend_task(t, soon, "项目实施信息按年度汇总后公开，跨年度持续推进。", by=gkb)

    # 区发改委 (十八): done, evidence linked to the training record.
    t = tasks[("区发改委", 18)]
    ledger.update_task(t, {"responsible_person": "孙信息"}, by=fgw_admin)
    _set_due(t, date(YEAR, 6, 30))
    _report(
        t,
        fgw,
        "本单位联络员已备案；2名工作人员参加全区业务培训。",
        date(YEAR, 5, 23),
        links=[ledger.LinkInput("training", "全区政府信息公开工作业务培训会", training_url)],
    )
    _complete(t, fgw, "联络员机制建立并备案，工作人员参训。", date(YEAR, 5, 25))

    # 区发改委 (十九): split into sub-tasks.
    t = tasks[("区发改委", 19)]
    ledger.update_task(t, {"responsible_person": "钱管理"}, by=fgw_admin)
    ledger.extend_task(t, soon + timedelta(days=30), "按季度跟进，年底前完成闭环。", by=gkb)
    t.refresh_from_db()
    s1 = ledger.add_subtask(
        t, {"title": "梳理形成本单位工作台账", "responsible_person": "孙信息", "due_date": today}, by=fgw
    )
    _set_due(s1, date(YEAR, 7, 15))
    _complete(s1, fgw, "台账已建立，逐项明确责任人和时限。", date(YEAR, 7, 10))
    ledger.add_subtask(
        t, {"title": "每季度跟进落实情况", "responsible_person": "孙信息", "due_date": soon}, by=fgw
    )
    _report(t, fgw, "已完成第三季度跟进，形成落实情况报告。", date(YEAR, 10, 8), percent=70)

    # 区发改委 (十二): overdue — a time limit set in the autumn and missed.
    t = tasks[("区发改委", 12)]
    ledger.update_task(t, {"responsible_person": "孙信息"}, by=fgw_admin)
    _set_due(t, date(YEAR, 9, 30))

    # 张贵庄街道
    t = tasks[("张贵庄街道", 15)]
    ledger.update_task(
        t,
        {"responsible_person": "沈信息", "description": "完善街道政务公开事项目录，公开涉农补贴发放结果。"},
        by=zgz,
    )
    _set_due(t, date(YEAR, 12, 20))
    _report(
        t, zgz, "事项目录已更新；惠农补贴发放结果已在各村村务公开栏公开。", date(YEAR, 12, 12), percent=100
    )
    _complete(t, zgz, "目录应用和补贴结果公开均已完成。", date(YEAR, 12, 15))
    t = tasks[("张贵庄街道", 5)]
    ledger.update_task(t, {"responsible_person": "沈信息"}, by=zgz)
    _report(t, zgz, "已在社区发放稳就业政策明白纸2000份。", date(YEAR, 7, 1), percent=40)
    _set_due(t, date(YEAR, 8, 31))  # missed: the sweeper marks it 逾期
    t = tasks[("张贵庄街道", 1)]
    ledger.update_task(t, {"responsible_person": "杨联络"}, by=zgz)
    _report(t, zgz, "营商环境政策在街道公众号转载12篇。", date(YEAR, 10, 18), percent=50)
    ledger.extend_task(t, today + timedelta(days=30), "与区营商环境专项行动同步推进。", by=gkb)
    t = tasks[("张贵庄街道", 18)]
    ledger.update_task(t, {"responsible_person": "沈信息"}, by=zgz)
    _set_due(t, date(YEAR, 10, 31))
    _complete(t, zgz, "联络员变更已完成交接并报备案；参加点对点指导。", date(YEAR, 9, 20))

    # 区政府办 (lead of 十四 and 十八)
    t = tasks[("区政府办", 14)]
    ledger.update_task(
        t, {"responsible_person": "吴信息", "description": "网站适老化改造、智能问答建设。"}, by=gkb
    )
    _report(t, zfb, "适老化改造已上线；智能问答完成需求调研。", date(YEAR, 11, 2), percent=65)
    ledger.extend_task(t, today + timedelta(days=60), "智能问答功能建设跨年度推进。", by=gkb)
    t = tasks[("区政府办", 18)]
    ledger.update_task(t, {"responsible_person": "吴信息"}, by=gkb)
    _set_due(t, date(YEAR, 11, 30))
    _report(
        t,
        zfb,
        "组织全区业务培训1次、点对点指导1次。",
        date(YEAR, 9, 20),
        links=[ledger.LinkInput("training", "全区政府信息公开工作业务培训会", training_url)],
    )
    _complete(t, zfb, "培训和联络员备案工作完成。", date(YEAR, 11, 25))


def _training_pk() -> int:

    session = TrainingSession.objects.filter(held_on=date(YEAR, 5, 20)).first()
    return session.pk if session else 0


def _background(plan: Plan, today: date) -> None:
    """Other units: done on time, done late, still in progress (time limit extended) or untouched."""
    done, late, ongoing = [], [], []
    for task in Task.objects.filter(
        plan=plan, parent__isnull=True, status=TaskStatus.NOT_STARTED, responsible_person=""
    ).select_related("agency", "item"):
        if task.agency.short_name == IDLE_UNIT:
            continue
        fate = _fate(task.agency, task.item.seq)
        if fate < 62:
            done.append(task)
        elif fate < 70:
            late.append(task)
        elif fate < 86:
            ongoing.append(task)
    for task in done:
        month = 6 + task.item.seq % 6
        task.responsible_person = _person(task.agency)
        task.due_date = date(YEAR, 12, 15)
        task.status = TaskStatus.DONE
        task.completed_at = _dt(date(YEAR, month, 10 + task.item.seq % 15))
        task.progress_percent = 100
        task.completion_note = "已按要点要求完成（演示数据）"
    for task in late:
        task.responsible_person = _person(task.agency)
        task.due_date = date(YEAR, 9, 30)
        task.status = TaskStatus.DONE
        task.completed_at = _dt(date(YEAR, 11, 18))
        task.progress_percent = 100
        task.completion_note = "超过时限完成（演示数据）"
    for task in ongoing:
        task.responsible_person = _person(task.agency)
        task.due_date = today + timedelta(days=20 + task.item.seq * 3)
        task.status = TaskStatus.IN_PROGRESS
        task.started_at = _dt(date(YEAR, 6, 1))
        task.progress_percent = 30 + task.item.seq * 3
    Task.objects.bulk_update(
        done + late + ongoing,
        [
            "responsible_person",
            "due_date",
            "status",
            "completed_at",
            "progress_percent",
            "completion_note",
            "started_at",
        ],
    )
    record(
        "workplan.demo_seeded",
        obj=plan,
        summary=f"演示数据：其他单位 {len(done)} 项按时完成、{len(late)} 项超时限完成、{len(ongoing)} 项持续推进",
    )


def _supervision(
    plan: Plan, agencies: dict[str, Agency], users: dict[str, Any], gkb: Any, ducha: Any
) -> None:
    zgz = agencies["张贵庄街道"]
    inspection = supervision.record_inspection(
        plan,
        zgz,
        by=ducha,
        inspected_on=date(YEAR, 10, 14),
        summary="查阅工作台账和进展材料；台账建立规范，就业政策宣传推进较慢。",
        rating=InspectionRating.FAIR,
        method="查阅台账、实地检查",
        findings=[
            supervision.FindingInput(
                "稳就业政策宣传未覆盖全部社区", plan.items.get(seq=5), date(YEAR, 11, 15)
            ),
            supervision.FindingInput(
                "村务公开栏个别内容未及时更新", plan.items.get(seq=15), date(YEAR, 11, 30)
            ),
        ],
    )
    second = inspection.findings.order_by("id").last()
    assert second is not None
    supervision.rectify_finding(second, "已督促各村更新村务公开栏并建立月度检查机制。", by=users["zgz_xxy"])
    zjw = agencies["区住建委"]
    supervision.record_inspection(
        plan,
        zjw,
        by=ducha,
        inspected_on=date(YEAR, 11, 8),
        summary="工作台账未建立，多项任务未明确责任人，进展材料缺失。",
        rating=InspectionRating.POOR,
        method="查阅台账",
        findings=[
            supervision.FindingInput("未建立本单位工作台账", plan.items.get(seq=19), date(YEAR, 11, 30))
        ],
    )
    supervision.send_reminders(
        plan,
        [zgz, zjw],
        "请对照工作台账，尽快完成逾期任务并报送进展和佐证材料。",
        by=gkb,
    )


def _scores(plan: Plan, agencies: dict[str, Agency], gkb: Any, jxb: Any) -> None:
    sheet = scoring.ensure_sheet(plan, by=gkb)
    weigher = jxb or gkb
    scoring.set_weight(sheet, "department", "5", by=weigher, note="区绩效考核实施办法（演示）")
    scoring.set_weight(sheet, "street", "3.5", by=weigher, note="街道园区考核方案（演示）")
    scoring.set_weight(sheet, "park", "4", by=weigher, note="街道园区考核方案（演示）")
    scoring.adjust_score(
        sheet, agencies["张贵庄街道"], "2", "基层政务公开标准化工作获市政务公开办通报表扬（演示）", by=gkb
    )
    scoring.compute_scores(sheet, by=gkb)
    assert ScoreSheet.objects.filter(plan=plan).exists()
