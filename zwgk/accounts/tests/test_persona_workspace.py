"""The permission matrix as persona tests, part two (issue 13, item 10): the workspace pages and POST actions of
every app outside the review chain — 工作要点台账, 年度报告, 问答, 站内搜索, 互动交流, 征求意见, 重大行政决策, 政策找人,
栏目, 基层目录, 数据公开, 政务新媒体, 网站健康检查, 文件 and 解读 pages, 依申请公开 tools, 保密审查, 角色授予.

One person per role in agency A; each page and action is tried on an object of agency A ("own") and of agency B
("other"), or once for a district-wide page. The expected answer is the generated role matrix
(zwgk.accounts.matrix): a GET answers 200 where every listed permission holds and 403/404 elsewhere; a POST that
is allowed answers 200/302 and writes an audit event, one that is not allowed writes none (and answers 403/404,
or the redirect of a view that shows the refusal as a message — `denied`).

`test_every_workspace_url_is_a_persona_cell` lists every URL pattern under /workspace/: each must be tried here or
in test_persona_matrix.py, or stand in EXEMPT with the reason. A new app's pages fail it until they get cells.

The world is built once for the module (inside a transaction rolled back after the last test); each test runs in
its own savepoint, so what one attempt changes (a POST) the next does not see.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone

from zwgk.accounts import matrix
from zwgk.accounts.roles import Role
from zwgk.agencies.models import Agency, AgencyKind
from zwgk.applications.tests.factories import JPEG, PDF, PNG, applicant, proof
from zwgk.audit.models import AuditEvent
from zwgk.documents.tests.helpers import docx_bytes, draft, interpretation, publish
from zwgk.testing import login, make_agency, make_record, make_user, travel_to_test_today

pytestmark = pytest.mark.django_db
ROLES = list(Role)
SMALL_PLAN = """东丽区2030年政务公开工作要点
一、加强政策公开
（一）做好政策解读。同步发布解读材料。（区发改委牵头，区财政局负责落实）
（二）加强队伍建设。加强政府信息公开工作人员培训。（区发改委、区财政局负责落实）
"""
YEAR = 2030


@dataclass
class Side:
    """One agency's objects (the same `shared` on both sides: objects of no agency)."""

    agency: Agency
    shared: Shared
    # 工作要点台账
    task: Any
    milestone: Any
    evidence: Any
    reminder: Any
    inspection: Any
    finding: Any
    review_open: Any  # 回头看 item to report
    review_reported: Any  # 回头看 item to verify
    member: Any
    filing: Any
    training: Any
    # 问答, 互动交流, 年度报告, 征求意见, 重大行政决策
    faq: Any
    message: Any
    report: Any
    consultation: Any
    catalogue: Any
    decision: Any
    # 文件, 解读, 保密审查
    draft: Any  # a draft record with an attachment
    attachment: Any
    policy: Any  # a published policy, also a 公示 shown on a 公示栏
    display: Any
    interpretation: Any  # a draft interpretation of the policy
    screened: Any  # a record in review whose screening found an ID number
    screening: Any
    screening_finding: Any
    unscreened: Any  # a record in review without a screening
    # 依申请公开, 新媒体, 数据公开, 栏目, 角色
    application: Any  # registered, nobody assigned, with an identity proof
    letter: Any  # the 补正通知书 of another application
    drafted: Any  # accepted, its reply drafted
    review_case: Any
    account: Any
    returned_filing: Any
    dataset: Any
    column: Any
    pending_grant: Any


@dataclass
class Shared:
    bulletin: Any
    kind: Any
    synonym: Any
    best_bet: Any
    term: Any
    wording: Any
    catalogue: Any
    template_key: str
    assignment: Any  # a role of the own agency (the roles page acts on the workspace's agency)
    username: str


@dataclass
class World:
    own: Side
    other: Side
    personas: dict[Role, Any]
    cells: dict[str, dict[Role, str]]
    # One client per persona, logged in once: a new Client loads the middleware again (WhiteNoise then lists
    # every static file), which would cost more than most attempts.
    clients: dict[Role, Client] = field(default_factory=dict)
    sessions: dict[Role, str] = field(default_factory=dict)

    def client(self, role: Role) -> Client:
        """The persona's client with nothing but its session (no cookie of an earlier attempt)."""
        client = self.clients.get(role)
        if client is None:
            client = self.clients[role] = login(self.personas[role])
            self.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
        client.cookies.clear()
        client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[role]
        return client


def _faq(agency: Agency, author: Any) -> Any:
    from zwgk.qa.models import Faq

    return Faq.objects.create(
        agency=agency,
        question=f"{agency.short_name}的问题怎么办理",
        answer="按规定办理。",
        created_by=author,
        updated_by=author,
    )


def _message(agency: Agency) -> Any:
    from zwgk.interaction import actions
    from zwgk.interaction.models import MessageKind

    data = {
        "title": "补贴怎么申请",
        "body": f"请问{agency.short_name}的补贴怎么申请。",
        "name": "张秀英",
        "phone": f"1382000{agency.pk:04d}",
        "agency": agency,
    }
    screenshot = SimpleUploadedFile("截图.png", PNG, "image/png")
    message, _ = actions.submit_message(MessageKind.objects.get(code="zixun"), data, attachment=screenshot)
    return message


@dataclass
class Staff:
    """The people of one agency who make its objects (none of them is a persona)."""

    drafter: Any
    admin: Any
    reviewer: Any
    signer: Any
    handler: Any
    candidate: (
        Any  # a 信息员 whom the 单位管理员 proposes as 审签人 (a grant waiting for a second administrator)
    )


def _staff(agency: Agency, tag: str) -> Staff:
    def user(role: Role) -> Any:
        return make_user(f"{role.value}_{tag}", [(agency, role)])

    return Staff(
        user(Role.DRAFTER),
        user(Role.AGENCY_ADMIN),
        user(Role.SECRECY_REVIEWER),
        user(Role.SIGNER),
        user(Role.APPLICATION_HANDLER),
        make_user(f"candidate_{tag}", [(agency, Role.DRAFTER)]),
    )


def _workplan(
    agency: Agency, staff: Staff, plans: tuple[Any, Any], personas: dict[Role, Any], *, rating: str
) -> dict[str, Any]:
    from zwgk.workplan.actions import ledger, supervision, team
    from zwgk.workplan.models import Duty, LiaisonFiling, ReviewItem, Task

    plan, next_plan = plans
    today = timezone.localdate()
    task = Task.objects.get(plan=plan, agency=agency, item__seq=1, parent__isnull=True)
    milestone = ledger.add_milestone(task, "完成解读材料初稿", None, by=staff.drafter)
    evidence = SimpleUploadedFile("佐证.pdf", PDF, "application/pdf")
    ledger.report_progress(task, by=staff.drafter, text="解读材料已起草。", files=[evidence])
    (reminder,) = supervision.send_reminders(plan, [agency], "请尽快报送进展。", by=personas[Role.SUPERVISOR])
    inspection = supervision.record_inspection(
        plan,
        agency,
        by=personas[Role.SUPERVISOR],
        inspected_on=today,
        summary="台账未及时更新。",
        rating=rating,
        method="查阅台账",
        findings=[supervision.FindingInput("解读材料未同步发布", task.item)],
    )
    review_open, review_reported = ReviewItem.objects.filter(plan=next_plan, agency=agency).order_by("pk")
    supervision.report_review(review_reported, "已整改到位。", by=staff.drafter)
    member = team.add_member(agency, {"name": "刘联络", "duty": Duty.LIAISON}, by=staff.admin)
    training = team.record_training(
        agency, {"title": "政务公开业务培训", "held_on": today, "hours": 2}, by=staff.admin
    )
    return {
        "task": task,
        "milestone": milestone,
        "evidence": task.reports.get().files.get(),
        "reminder": reminder,
        "inspection": inspection,
        "finding": inspection.findings.get(),
        "review_open": review_open,
        "review_reported": review_reported,
        "member": member,
        "filing": LiaisonFiling.objects.get(agency=agency, member=member),
        "training": training,
    }


def _documents(agency: Agency, staff: Staff) -> dict[str, Any]:
    from zwgk.documents import actions, publicity
    from zwgk.documents.models import Record, Status
    from zwgk.screening.tests.factories import id18

    today = timezone.localdate()
    record = make_record(
        agency, by=staff.drafter, doc_number="", attachments=[("附件.docx", docx_bytes("附件正文"))]
    )
    policy = publish(
        draft(
            agency,
            staff.drafter,
            title=f"{agency.short_name}小微企业稳岗补贴申报通知",
            doc_number="",
            disclosure_modes=["publicity", "notice_board"],
            publicity_ends=today + timedelta(days=60),
        ),
        staff.drafter,
        staff.reviewer,
        staff.signer,
    )
    shown = publicity.log_display(
        policy,
        {"mode": "notice_board", "place": "区政务服务中心公示栏", "audience": "全体群众", "starts": today},
        by=staff.drafter,
        photo=SimpleUploadedFile("公示栏.jpg", JPEG, "image/jpeg"),
    )
    screened = actions.submit(
        draft(
            agency, staff.drafter, title="补贴发放名单", doc_number="", body=f"申请人张小明，身份证{id18()}。"
        ),
        by=staff.drafter,
    )
    screening = screened.screenings.get(kind="body")
    unscreened = draft(agency, staff.drafter, title="会议纪要", doc_number="")
    # Entered 待保密审查 before the secrecy app screened every record (as the secrecy tests make one).
    Record.objects.filter(pk=unscreened.pk).update(status=Status.IN_REVIEW, submitted_by=staff.drafter)
    return {
        "draft": record,
        "attachment": record.attachments.get(),
        "policy": policy,
        "display": shown,
        "interpretation": interpretation(policy, staff.drafter),
        "screened": screened,
        "screening": screening,
        "screening_finding": screening.findings.filter(category="id_card").first(),
        "unscreened": unscreened,
    }


def _applications(agency: Agency, staff: Staff) -> dict[str, Any]:
    from zwgk.applications import actions
    from zwgk.applications.tests.factories import staff_application

    day = date(2025, 3, 3)
    registered, _ = actions.register_by_staff(
        agency, applicant(), by=staff.handler, channel="in_person", submitted_on=day, proof=proof()
    )
    other, _ = actions.register_by_staff(
        agency, applicant(applicant_name="李小红"), by=staff.handler, channel="in_person", submitted_on=day
    )
    actions.request_correction(
        other, by=staff.handler, items="请写明所需信息的文号。", correction_due=date(2025, 3, 20), sent_on=day
    )
    case = actions.save_review_case(
        None,
        by=staff.handler,
        agency=agency,
        data={
            "kind": "review",
            "organ": "天津市东丽区人民政府",
            "filed_on": date(2025, 4, 1),
            "result": "尚未审结",
        },
        application=None,
    )
    drafted = staff_application(agency, staff.handler, day=day, accept=True, applicant_name="赵小兰")
    actions.save_draft(drafted, by=staff.handler, data={"outcome": "granted", "provision": "见附件"})
    return {
        "application": registered,
        "letter": other.letters.get(),
        "review_case": case,
        "drafted": drafted,
    }


def _others(agency: Agency, staff: Staff, personas: dict[Role, Any]) -> dict[str, Any]:
    from zwgk.accounts import actions as accounts
    from zwgk.columns import actions as columns
    from zwgk.datasets.tests.helpers import SUBSIDY_ROWS, import_csv, subsidy_csv
    from zwgk.decisions import actions as decisions
    from zwgk.newmedia import actions as newmedia
    from zwgk.participation import actions as participation

    today = timezone.localdate()
    gkb = personas[Role.DISTRICT_ADMIN]
    consultation = participation.save_consultation(
        None,
        {
            "agency": agency,
            "title": "加装电梯办法（征求意见稿）",
            "draft_text": "第一条 目的。\n第二条 补贴每户不超过二十万元。",
            "opens_on": today,
            "closes_on": today + timedelta(days=40),
        },
        by=staff.admin,
    )
    catalogue = decisions.save_catalogue(
        None, {"agency": agency, "year": 2026, "title": "2026年度重大行政决策事项目录"}, by=staff.admin
    )
    decision = decisions.save_decision(
        catalogue, None, {"number": 1, "title": "制定加装电梯办法", "lead_agency": agency}, by=staff.admin
    )

    def account(name: str, platform: str) -> Any:
        particulars = {
            "platform": platform,
            "name": f"{agency.short_name}{name}",
            "handle": f"dongli_{agency.pk}",
            "url": f"https://example.org/{platform}/dongli_{agency.pk}",
            "operator": f"{agency.short_name}办公室",
            "reviewer_name": "王审核",
            "reviewer_title": "副主任",
            "reviewer_phone": "022-84370003",
            "effective_on": date(2026, 1, 5),
        }
        return newmedia.apply_open(agency, particulars, by=staff.admin)

    opened = newmedia.approve(account("发布", "wechat"), by=gkb, note="同意")
    returned = newmedia.return_filing(account("发布", "weibo"), by=gkb, note="请补充审核人联系电话")
    dataset = import_csv(agency, staff.drafter, "subsidy", subsidy_csv(SUBSIDY_ROWS), title="补贴发放结果")
    column = columns.create_column({"slug": f"site-{agency.pk}", "name": "政策文件"}, agency=agency, by=gkb)
    # A 单位管理员 naming a 审签人 waits for a second administrator (accounts.actions.grant_reasons).
    pending = accounts.grant_role(staff.candidate, agency, Role.SIGNER, by=staff.admin)
    return {
        "consultation": consultation,
        "catalogue": catalogue,
        "decision": decision,
        "account": opened.account,
        "returned_filing": returned,
        "dataset": dataset,
        "column": column,
        "pending_grant": pending,
    }


def _shared(personas: dict[Role, Any], plan: Any, own: Agency) -> Shared:
    from pathlib import Path

    from zwgk.accounts.models import RoleAssignment
    from zwgk.applications import letters
    from zwgk.catalogues import actions as catalogues
    from zwgk.interaction.models import MessageKind
    from zwgk.search import actions as search
    from zwgk.secrecy import actions as secrecy
    from zwgk.secrecy.models import LexiconTerm, WordingRule
    from zwgk.workplan.actions import supervision

    gkb = personas[Role.DISTRICT_ADMIN]
    shenong = Path(catalogues.__file__).resolve().parent / "data" / "shenong_butie.xlsx"
    # The default lexicon copied into the staff lexicon: the screening stays what it was.
    secrecy.import_default_lexicon(by=None)
    candidate = make_user("candidate_reset", [(own, Role.DRAFTER)])
    return Shared(
        bulletin=supervision.issue_bulletin(plan, by=gkb),
        kind=MessageKind.objects.get(code="zixun"),
        synonym=search.save_synonym(None, {"terms": "低保，最低生活保障"}, by=gkb),
        best_bet=search.save_best_bet(None, {"queries": "社保", "title": "社保服务", "url": "/qa/"}, by=gkb),
        term=LexiconTerm.objects.order_by("pk").first(),
        wording=WordingRule.objects.order_by("pk").first(),  # the shipped 规范表述 (a data migration)
        catalogue=catalogues.import_catalogue("涉农补贴", shenong.read_bytes(), by=gkb),
        template_key=letters.template_keys()[0][0],
        assignment=RoleAssignment.objects.get(user=candidate),
        username=candidate.username,
    )


def _build() -> World:
    from zwgk.reports import actions as reports
    from zwgk.workplan.actions import supervision
    from zwgk.workplan.actions.plan import import_plan
    from zwgk.workplan.importer import prepare_text
    from zwgk.workplan.models import ScoreSheet

    district = make_agency("区人民政府", kind=AgencyKind.GOVERNMENT, code="120110001")
    own = make_agency("区发改委", parent=district, code="120110003")
    other = make_agency("区财政局", parent=district, code="120110004")
    make_agency("区政府办", parent=district, code="120110002")
    plan = import_plan(prepare_text(SMALL_PLAN), YEAR, by=None, source_name="small.txt").plan
    ScoreSheet.objects.create(plan=plan)
    # 回头看: next year's list carries this year's unfinished tasks (two per agency).
    next_text = SMALL_PLAN.replace(str(YEAR), str(YEAR + 1))
    next_plan = import_plan(prepare_text(next_text), YEAR + 1, by=None, source_name="next.txt").plan
    supervision.carry_over(plan, next_plan, by=None)
    personas = {role: make_user(f"persona_{role.value}", [(own, role)]) for role in ROLES}
    staff = {agency.pk: _staff(agency, tag) for agency, tag in ((own, "own"), (other, "other"))}
    # The 2025 reports are drafted first: the applications and review cases registered below then make their
    # figures stale, so that 重新生成 has something to do.
    drafts = {pk: reports.start_report(Agency.objects.get(pk=pk), 2025, by=None)[0] for pk in staff}
    parts: dict[int, dict[str, Any]] = {}
    for agency in (own, other):
        s = staff[agency.pk]
        parts[agency.pk] = {
            "agency": agency,
            "faq": _faq(agency, s.drafter),
            "message": _message(agency),
            "report": drafts[agency.pk],
            # The other agency's inspection rates it 差: the 通报 (Shared.bulletin) then has a unit to name.
            **_workplan(agency, s, (plan, next_plan), personas, rating="fair" if agency == own else "poor"),
            **_documents(agency, s),
            **_applications(agency, s),
            **_others(agency, s, personas),
        }
    shared = _shared(personas, plan, own)
    own_side, other_side = (Side(shared=shared, **parts[a.pk]) for a in (own, other))
    return World(own_side, other_side, personas, matrix.table())


@pytest.fixture(scope="module")
def world(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    from django.db import transaction
    from django.test import override_settings

    media = tmp_path_factory.mktemp("persona-media")
    anchor = tmp_path_factory.mktemp("persona-anchor") / "audit-anchor.json"
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=str(media), AUDIT_ANCHOR_FILE=anchor),
        transaction.atomic(),
    ):
        # With ZWGK_TEST_TODAY, an hour before the tests' 10:00 on that day: the objects' dates are then the
        # tests' day, what is published is public by then, and the sessions (made here, outside every attempt's
        # savepoint) have not expired.
        with (
            travel_to_test_today() as day,
            time_machine.travel(f"{day} 09:00 +0800") if day else contextlib.nullcontext(),
        ):
            built = _build()
            for role in ROLES:
                built.client(role)
        yield built
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def isolated_audit_anchor() -> None:
    """Replaces zwgk.testing's (a directory per test) for this module's 2,000-odd attempts: nothing here commits,
    so nothing is anchored, and the world fixture points the anchor at one file of its own."""


def expected(w: World, perms: tuple[str, ...], role: Role, side: str | None) -> bool:
    """side None: a page without an object (any agency of the persona will do); else own/other agency."""
    granted = {
        None: (matrix.OWN_ONLY, matrix.ALL),
        "own": (matrix.OWN_ONLY, matrix.ALL),
        "other": (matrix.ALL,),
    }
    return all(w.cells[perm][role] in granted[side] for perm in perms)


Url = Callable[[Side], str]
Body = dict[str, Any] | Callable[[Side], dict[str, Any]]
REFUSED_AS_MESSAGE = (302, 403, 404)


@dataclass(frozen=True)
class Cell:
    perms: tuple[str, ...]
    # Gets the Side. A district-wide page gets the other agency's: where such a page shows an object, the
    # object's agency must not matter.
    url: Url
    per_agency: bool = False
    # The POST body (a callable makes it afresh for each attempt, e.g. an upload); None: a GET.
    data: Body | None = None
    ok: tuple[int, ...] = (200,)  # the answers of an allowed GET (the "current year" pages redirect)
    # The answers of a POST that is not allowed. A few views catch the action's PermissionDenied and show it as a
    # message on the redirect (documents' `_attempt`): REFUSED_AS_MESSAGE, the audit log still proves nothing ran.
    denied: tuple[int, ...] = (403, 404)
    # Roles a numbered note of the matrix adds on objects the matrix's probe does not show (e.g. note 4: the
    # 信息员 and the drafts of their unit): allowed besides the roles whose cells hold.
    also: tuple[Role, ...] = ()


def _w(path: str) -> str:
    return f"/workspace/{path}"


def _upload(name: str = "附件.docx") -> Callable[[Side], dict[str, Any]]:
    def body(s: Side) -> dict[str, Any]:
        return {"title": "", "file": SimpleUploadedFile(name, docx_bytes("补充材料正文"))}

    return body


# name -> Cell. Pages without an object are tried once; pages of an object once per side.
CELLS: dict[str, Cell] = {
    # 工作要点台账
    "workplan_ledger": Cell(("workplan.use_ledger",), lambda s: _w("workplan/"), ok=(302,)),
    "workplan_plan": Cell(("workplan.view_plan",), lambda s: _w(f"workplan/{YEAR}/")),
    "workplan_item": Cell(("workplan.view_plan",), lambda s: _w(f"workplan/{YEAR}/items/1/")),
    "workplan_item_indicators": Cell(
        ("workplan.manage_indicators",),
        lambda s: _w(f"workplan/{YEAR}/items/1/indicators/"),
        data={"shown": "workplan.trainings"},
    ),
    "workplan_import": Cell(("workplan.import_plan",), lambda s: _w("workplan/import/")),
    "workplan_unit_ledger": Cell(
        ("workplan.view_task",), lambda s: _w(f"workplan/{YEAR}/units/{s.agency.pk}/"), per_agency=True
    ),
    "workplan_task": Cell(
        ("workplan.view_task",), lambda s: _w(f"workplan/tasks/{s.task.pk}/"), per_agency=True
    ),
    "workplan_report_progress": Cell(
        ("workplan.view_task", "workplan.edit_task"),
        lambda s: _w(f"workplan/tasks/{s.task.pk}/"),
        per_agency=True,
        data={"action": "report", "report-text": "本周完成政策解读材料初稿。", "report-percent": "50"},
    ),
    "workplan_extend_task": Cell(
        ("workplan.view_task", "workplan.extend_task"),
        lambda s: _w(f"workplan/tasks/{s.task.pk}/"),
        per_agency=True,
        data={
            "action": "extend",
            "extend-due_date": f"{YEAR}-12-30",
            "extend-reason": "配合全区统一部署调整时限",
        },
    ),
    "workplan_milestone_done": Cell(
        ("workplan.view_task", "workplan.edit_task"),
        lambda s: _w(f"workplan/milestones/{s.milestone.pk}/done/"),
        per_agency=True,
        data={},
    ),
    "workplan_evidence": Cell(
        ("workplan.view_task",), lambda s: _w(f"workplan/evidence/{s.evidence.pk}/"), per_agency=True
    ),
    "workplan_supervision": Cell(("workplan.supervise",), lambda s: _w(f"workplan/{YEAR}/supervision/")),
    "workplan_supervision_current": Cell(
        ("workplan.supervise",), lambda s: _w("workplan/supervision/"), ok=(302,)
    ),
    "workplan_send_reminder": Cell(
        ("workplan.supervise",),
        lambda s: _w(f"workplan/{YEAR}/reminders/"),
        data=lambda s: {"agencies": [s.agency.pk], "message": "请于本周五前报送第三季度进展。"},
    ),
    "workplan_reminder_ack": Cell(
        ("workplan.view_task", "workplan.acknowledge_reminder"),
        lambda s: _w(f"workplan/reminders/{s.reminder.pk}/ack/"),
        per_agency=True,
        data={},
    ),
    "workplan_inspections": Cell(("workplan.view_plan",), lambda s: _w(f"workplan/{YEAR}/inspections/")),
    "workplan_inspection_new": Cell(
        ("workplan.supervise",), lambda s: _w(f"workplan/{YEAR}/inspections/new/")
    ),
    "workplan_inspection": Cell(
        ("workplan.view_task",), lambda s: _w(f"workplan/inspections/{s.inspection.pk}/"), per_agency=True
    ),
    "workplan_finding_rectify": Cell(
        ("workplan.view_task", "workplan.rectify_finding"),
        lambda s: _w(f"workplan/findings/{s.finding.pk}/rectify/"),
        per_agency=True,
        data={"note": "已补发解读材料。"},
    ),
    "workplan_bulletins": Cell(("workplan.view_plan",), lambda s: _w(f"workplan/{YEAR}/bulletins/")),
    # A 通报 is circulated to every unit (workplan.access.get_bulletin: workplan.view_plan, no agency).
    "workplan_bulletin_download": Cell(
        ("workplan.view_plan",), lambda s: _w(f"workplan/bulletins/{s.shared.bulletin.pk}/download/")
    ),
    "workplan_bulletin_void": Cell(
        ("workplan.view_plan", "workplan.issue_bulletin"),
        lambda s: _w(f"workplan/bulletins/{s.shared.bulletin.pk}/void/"),
        data={"reason": "统计口径有误"},
    ),
    "workplan_review": Cell(("workplan.view_plan",), lambda s: _w(f"workplan/{YEAR}/review/")),
    "workplan_review_report": Cell(
        ("workplan.view_task", "workplan.report_review"),
        lambda s: _w(f"workplan/review/{s.review_open.pk}/report/"),
        per_agency=True,
        data={"note": "已整改到位。"},
    ),
    "workplan_review_verify": Cell(
        ("workplan.view_task", "workplan.supervise"),
        lambda s: _w(f"workplan/review/{s.review_reported.pk}/verify/"),
        per_agency=True,
        data={"decision": "accept", "note": "核查属实"},
    ),
    "workplan_scores_current": Cell(("workplan.use_ledger",), lambda s: _w("workplan/scores/"), ok=(302,)),
    "workplan_scores": Cell(("workplan.view_unit_score",), lambda s: _w(f"workplan/{YEAR}/scores/")),
    "workplan_score_compute": Cell(
        ("workplan.manage_scores",), lambda s: _w(f"workplan/{YEAR}/scores/compute/"), data={}
    ),
    "workplan_score_adjust": Cell(
        ("workplan.manage_scores",),
        lambda s: _w(f"workplan/{YEAR}/scores/adjust/"),
        data=lambda s: {"agency": s.agency.pk, "points": "2", "reason": "政务公开工作获市级通报表扬"},
    ),
    # The assessment office's 单位管理员 may enter it too (workplan.rules.is_assessment_office_admin): neither
    # agency here is that office.
    "workplan_score_weight": Cell(
        ("workplan.enter_weight",),
        lambda s: _w(f"workplan/{YEAR}/scores/weight/"),
        data={"kind": AgencyKind.DEPARTMENT, "percent": "5", "note": "东丽绩效办〔2030〕1号"},
    ),
    "workplan_score_lines": Cell(("workplan.manage_scores",), lambda s: _w(f"workplan/{YEAR}/scores/lines/")),
    "workplan_team": Cell(("workplan.view_team",), lambda s: _w("workplan/team/")),
    "workplan_liaison_change": Cell(
        ("workplan.view_team", "workplan.manage_team"),
        lambda s: _w(f"workplan/team/liaison/?agency={s.agency.pk}"),
        per_agency=True,
    ),
    "workplan_member": Cell(
        ("workplan.view_team",), lambda s: _w(f"workplan/team/members/{s.member.pk}/"), per_agency=True
    ),
    "workplan_filings": Cell(("workplan.view_team",), lambda s: _w("workplan/filings/")),
    "workplan_filing": Cell(
        ("workplan.view_team",), lambda s: _w(f"workplan/filings/{s.filing.pk}/"), per_agency=True
    ),
    "workplan_trainings": Cell(("workplan.view_trainings",), lambda s: _w("workplan/trainings/")),
    # Training records are open to all staff, whichever unit held them (workplan.access.get_training).
    "workplan_training": Cell(
        ("workplan.view_trainings",), lambda s: _w(f"workplan/trainings/{s.training.pk}/")
    ),
    # 年度报告
    "reports_board": Cell(("reports.view",), lambda s: _w("reports/")),
    "reports_overview": Cell(("reports.overview",), lambda s: _w("reports/overview/")),
    "reports_generate_all": Cell(
        ("reports.generate_all",), lambda s: _w("reports/generate/"), data={"year": "2025"}
    ),
    "reports_start": Cell(
        ("reports.draft",),
        lambda s: _w("reports/start/"),
        per_agency=True,
        data=lambda s: {"agency": s.agency.pk, "year": "2024"},
    ),
    "reports_detail": Cell(("reports.view",), lambda s: _w(f"reports/{s.report.pk}/"), per_agency=True),
    "reports_file": Cell(
        ("reports.view",), lambda s: _w(f"reports/{s.report.pk}/report.docx"), per_agency=True
    ),
    "reports_table2": Cell(
        ("reports.draft",), lambda s: _w(f"reports/{s.report.pk}/table2/"), per_agency=True
    ),
    # Table 4 comes from the applications app here: the form redirects to the report, saying so.
    "reports_manual_table": Cell(
        ("reports.draft",), lambda s: _w(f"reports/{s.report.pk}/manual/table4/"), per_agency=True, ok=(302,)
    ),
    "reports_texts": Cell(("reports.draft",), lambda s: _w(f"reports/{s.report.pk}/texts/"), per_agency=True),
    "reports_section_history": Cell(
        ("reports.view",), lambda s: _w(f"reports/{s.report.pk}/texts/overview/"), per_agency=True
    ),
    "reports_regenerate": Cell(
        ("reports.draft",), lambda s: _w(f"reports/{s.report.pk}/do/regenerate/"), per_agency=True, data={}
    ),
    # 问答
    "qa_faq_list": Cell(("qa.view_faqs",), lambda s: _w("qa/faqs/")),
    "qa_faq_new": Cell(("qa.edit_faq",), lambda s: _w("qa/faqs/new/")),
    "qa_faq_edit": Cell(("qa.edit_faq",), lambda s: _w(f"qa/faqs/{s.faq.pk}/"), per_agency=True),
    "qa_faq_publish": Cell(
        ("qa.edit_faq", "qa.publish_faq"),
        lambda s: _w(f"qa/faqs/{s.faq.pk}/status/"),
        per_agency=True,
        data={"to": "published"},
    ),
    "qa_stats": Cell(("qa.view_stats",), lambda s: _w("qa/stats/")),
    # 站内搜索 (search.manage is district-wide: 全区 or —)
    "search_synonyms": Cell(("search.manage",), lambda s: _w("search/synonyms/")),
    "search_synonym_new": Cell(("search.manage",), lambda s: _w("search/synonyms/new/")),
    "search_synonym_edit": Cell(("search.manage",), lambda s: _w(f"search/synonyms/{s.shared.synonym.pk}/")),
    "search_synonym_delete": Cell(
        ("search.manage",), lambda s: _w(f"search/synonyms/{s.shared.synonym.pk}/delete/"), data={}
    ),
    "search_best_bets": Cell(("search.manage",), lambda s: _w("search/best-bets/")),
    "search_best_bet_new": Cell(("search.manage",), lambda s: _w("search/best-bets/new/")),
    "search_best_bet_edit": Cell(
        ("search.manage",), lambda s: _w(f"search/best-bets/{s.shared.best_bet.pk}/")
    ),
    "search_best_bet_delete": Cell(
        ("search.manage",), lambda s: _w(f"search/best-bets/{s.shared.best_bet.pk}/delete/"), data={}
    ),
    "search_queries": Cell(("search.view_stats",), lambda s: _w("search/queries/")),
    "search_dismiss_query": Cell(
        ("search.manage",), lambda s: _w("search/queries/dismiss/"), data={"query": "补贴", "reason": "无关"}
    ),
    "search_index": Cell(("search.view_stats",), lambda s: _w("search/index/")),
    # 互动交流
    "interaction_inbox": Cell(("interaction.view",), lambda s: _w("interaction/")),
    "interaction_detail": Cell(
        ("interaction.view",), lambda s: _w(f"interaction/{s.message.pk}/"), per_agency=True
    ),
    "interaction_attachment": Cell(
        ("interaction.view",), lambda s: _w(f"interaction/{s.message.pk}/attachment/"), per_agency=True
    ),
    "interaction_log": Cell(("interaction.view_log",), lambda s: _w("interaction/log/")),
    "interaction_figures": Cell(("interaction.figures",), lambda s: _w("interaction/figures/")),
    "interaction_kinds": Cell(("interaction.configure",), lambda s: _w("interaction/kinds/")),
    "interaction_kind_new": Cell(("interaction.configure",), lambda s: _w("interaction/kinds/new/")),
    "interaction_kind_edit": Cell(
        ("interaction.configure",), lambda s: _w(f"interaction/kinds/{s.shared.kind.pk}/")
    ),
    # 征求意见
    "participation_list": Cell(("participation.view",), lambda s: _w("participation/")),
    "participation_new": Cell(("participation.edit",), lambda s: _w("participation/new/")),
    "participation_detail": Cell(
        ("participation.view",), lambda s: _w(f"participation/{s.consultation.pk}/"), per_agency=True
    ),
    "participation_edit": Cell(
        ("participation.view", "participation.edit"),
        lambda s: _w(f"participation/{s.consultation.pk}/edit/"),
        per_agency=True,
    ),
    # 重大行政决策
    "decisions_index": Cell(("decisions.view",), lambda s: _w("decisions/")),
    "decisions_decision": Cell(
        ("decisions.view",), lambda s: _w(f"decisions/{s.decision.pk}/"), per_agency=True
    ),
    "decisions_catalogue_new": Cell(("decisions.edit_catalogue",), lambda s: _w("decisions/catalogues/new/")),
    "decisions_catalogue": Cell(
        ("decisions.edit_catalogue",),
        lambda s: _w(f"decisions/catalogues/{s.catalogue.pk}/"),
        per_agency=True,
    ),
    "decisions_item_new": Cell(
        ("decisions.edit_catalogue",),
        lambda s: _w(f"decisions/catalogues/{s.catalogue.pk}/items/new/"),
        per_agency=True,
    ),
    "decisions_item": Cell(
        ("decisions.edit_catalogue",),
        lambda s: _w(f"decisions/catalogues/{s.catalogue.pk}/items/{s.decision.pk}/"),
        per_agency=True,
    ),
    # 政策找人 (a public record of the user's agencies: policymatch.views._record_for_editor)
    "policymatch_list": Cell(("policymatch.edit",), lambda s: _w("policymatch/")),
    "policymatch_record": Cell(
        ("policymatch.edit",), lambda s: _w(f"policymatch/records/{s.policy.pk}/"), per_agency=True
    ),
    "policymatch_leaflet": Cell(
        ("policymatch.edit",), lambda s: _w(f"policymatch/records/{s.policy.pk}/leaflet/"), per_agency=True
    ),
    "policymatch_leaflet_file": Cell(
        ("policymatch.edit",), lambda s: _w(f"policymatch/records/{s.policy.pk}/leaflet.png"), per_agency=True
    ),
    # 栏目与专题
    "columns_index": Cell(("columns.view",), lambda s: _w("columns/")),
    "columns_column": Cell(("columns.view",), lambda s: _w(f"columns/{s.column.pk}/"), per_agency=True),
    # A sub-column: columns.structure of the site or columns.edit of the parent — the 公开办, who holds the
    # first, holds the second as well.
    "columns_new_child": Cell(
        ("columns.view", "columns.edit"), lambda s: _w(f"columns/new/?parent={s.column.pk}"), per_agency=True
    ),
    # There is no 公共企事业单位 here, so no columns.view_ledger branch: the page answers whoever may name their
    # 主管部门 (columns/tests/test_permissions.py covers the institutions' own ledger).
    "columns_supervised": Cell(("agencies.set_supervisor",), lambda s: _w("columns/supervised/")),
    # 基层目录
    "catalogues_list": Cell(("catalogues.view",), lambda s: _w("catalogues/")),
    "catalogues_catalogue": Cell(("catalogues.view",), lambda s: _w(f"catalogues/{s.shared.catalogue.pk}/")),
    "catalogues_mine": Cell(("catalogues.view", "catalogues.adopt"), lambda s: _w("catalogues/mine/")),
    "catalogues_template": Cell(("catalogues.view",), lambda s: _w("catalogues/template.xlsx")),
    "catalogues_import": Cell(("catalogues.manage",), lambda s: _w("catalogues/import/")),
    "catalogues_coverage": Cell(("catalogues.coverage",), lambda s: _w("catalogues/coverage/")),
    # 数据公开 (a draft dataset: seen by its own agency's staff and the district-wide roles only)
    "datasets_list": Cell(("datasets.view",), lambda s: _w("datasets/")),
    "datasets_import": Cell(("datasets.import",), lambda s: _w("datasets/import/")),
    "datasets_detail": Cell(("datasets.view",), lambda s: _w(f"datasets/{s.dataset.pk}/"), per_agency=True),
    "datasets_download": Cell(
        ("datasets.view",), lambda s: _w(f"datasets/{s.dataset.pk}/download.csv"), per_agency=True
    ),
    "datasets_source": Cell(
        ("datasets.view", "datasets.view_source"),
        lambda s: _w(f"datasets/{s.dataset.pk}/source/"),
        per_agency=True,
    ),
    # 政务新媒体
    "newmedia_registry": Cell(("newmedia.view",), lambda s: _w("newmedia/")),
    "newmedia_apply": Cell(("newmedia.apply",), lambda s: _w("newmedia/new/")),
    "newmedia_account": Cell(("newmedia.view",), lambda s: _w(f"newmedia/{s.account.pk}/"), per_agency=True),
    "newmedia_file_change": Cell(
        ("newmedia.view", "newmedia.apply"),
        lambda s: _w(f"newmedia/{s.account.pk}/file/change/"),
        per_agency=True,
    ),
    "newmedia_filings": Cell(("newmedia.view",), lambda s: _w("newmedia/filings/")),
    "newmedia_filing": Cell(
        ("newmedia.view",), lambda s: _w(f"newmedia/filings/{s.returned_filing.pk}/"), per_agency=True
    ),
    "newmedia_filing_edit": Cell(
        ("newmedia.view", "newmedia.apply"),
        lambda s: _w(f"newmedia/filings/{s.returned_filing.pk}/edit/"),
        per_agency=True,
    ),
    "newmedia_reposts": Cell(("newmedia.view",), lambda s: _w("newmedia/reposts/")),
    # 网站健康检查
    "sitehealth_overview": Cell(("sitehealth.view",), lambda s: _w("sitehealth/")),
    "sitehealth_tasks": Cell(("sitehealth.view",), lambda s: _w("sitehealth/tasks/")),
    "sitehealth_availability": Cell(("sitehealth.view",), lambda s: _w("sitehealth/availability/")),
    "sitehealth_monthly_report": Cell(("sitehealth.view",), lambda s: _w("sitehealth/report.docx")),
    "sitehealth_website_report": Cell(("sitehealth.report",), lambda s: _w("sitehealth/website-report/")),
    "sitehealth_website_report_year": Cell(
        ("sitehealth.report",), lambda s: _w("sitehealth/website-report/2025/")
    ),
    # 规范表述, 敏感词库
    "secrecy_wording": Cell(("secrecy.view_lexicon",), lambda s: _w("secrecy/wording/")),
    "secrecy_wording_edit": Cell(
        ("secrecy.manage_lexicon",), lambda s: _w(f"secrecy/wording/{s.shared.wording.pk}/")
    ),
    "secrecy_lexicon": Cell(("secrecy.view_lexicon",), lambda s: _w("secrecy/lexicon/")),
    "secrecy_lexicon_edit": Cell(
        ("secrecy.manage_lexicon",), lambda s: _w(f"secrecy/lexicon/{s.shared.term.pk}/")
    ),
    "secrecy_lexicon_delete": Cell(
        ("secrecy.manage_lexicon",), lambda s: _w(f"secrecy/lexicon/{s.shared.term.pk}/delete"), data={}
    ),
    # 保密审查 of a record in review (its findings quote the ID number: secrecy.view_findings)
    "secrecy_resolve": Cell(
        ("secrecy.view_findings", "secrecy.resolve_finding"),
        lambda s: _w(f"secrecy/findings/{s.screening_finding.pk}/resolve"),
        per_agency=True,
        data={"action": "false_positive", "reason": "号码为示例数据"},
    ),
    "secrecy_mask_all": Cell(
        ("secrecy.view_findings", "secrecy.resolve_finding"),
        lambda s: _w(f"secrecy/screenings/{s.screening.pk}/mask-all"),
        per_agency=True,
        data={"reason": "隐去身份证号"},
    ),
    "secrecy_rescreen": Cell(
        ("secrecy.view_findings", "secrecy.rescreen"),
        lambda s: _w(f"secrecy/screenings/{s.screening.pk}/rescreen"),
        per_agency=True,
        data={},
    ),
    "secrecy_start_screening": Cell(
        ("secrecy.view_findings", "secrecy.start_screening"),
        lambda s: _w(f"secrecy/records/documents.record/{s.unscreened.pk}/screen"),
        per_agency=True,
        data={},
    ),
    # The core lists and entry forms
    "documents_records": Cell(("documents.view",), lambda s: _w("documents/")),
    "documents_new": Cell(("documents.draft",), lambda s: _w("documents/new/")),
    "applications_ledger": Cell(("applications.view",), lambda s: _w("applications/")),
    "applications_register": Cell(("applications.register",), lambda s: _w("applications/register/")),
    "audit_events": Cell(("audit.view_events",), lambda s: _w("audit/")),
    "calendar_schedules": Cell(("workdays.view_schedules",), lambda s: _w("calendar/")),
    "documents_review_queue": Cell(("documents.review",), lambda s: _w("documents/review/")),
    "documents_sign_queue": Cell(("documents.sign",), lambda s: _w("documents/sign/")),
    "documents_periodic_reviews": Cell(("documents.view",), lambda s: _w("documents/periodic-reviews/")),
    "documents_timeliness": Cell(("documents.view",), lambda s: _w("documents/timeliness/")),
    "documents_normative": Cell(("documents.view",), lambda s: _w("documents/normative/")),
    "documents_themes": Cell(("documents.manage_themes",), lambda s: _w("documents/themes/")),
    "documents_issuers": Cell(("documents.manage_issuers",), lambda s: _w("documents/issuers/")),
    "documents_interpretations": Cell(("documents.view",), lambda s: _w("documents/interpretations/")),
    "documents_guide": Cell(("documents.edit_guide",), lambda s: _w("documents/guide/")),
    "applications_candidates": Cell(("applications.view",), lambda s: _w("applications/candidates/")),
    "applications_deadline": Cell(("applications.view",), lambda s: _w("applications/deadline/")),
    "applications_reviews": Cell(("applications.view",), lambda s: _w("applications/reviews/")),
    "applications_templates": Cell(("applications.edit_templates",), lambda s: _w("applications/templates/")),
    "applications_ledger_template": Cell(
        ("applications.view",), lambda s: _w("applications/ledger-template.xlsx")
    ),
    "agency_contact": Cell(("agencies.edit_contact",), lambda s: _w("agency/contact/")),
    # 文件: a draft (its content is open to its own agency's 信息员 while it is a draft: matrix note 4), a
    # published policy in 公示 shown on a 公示栏, a draft interpretation of it.
    "documents_edit": Cell(
        ("documents.view", "documents.draft"), lambda s: _w(f"documents/{s.draft.pk}/edit/"), per_agency=True
    ),
    "documents_attachment_upload": Cell(
        ("documents.view", "documents.draft"),
        lambda s: _w(f"documents/{s.draft.pk}/attachments/"),
        per_agency=True,
        data=_upload(),
        denied=REFUSED_AS_MESSAGE,
    ),
    # The view first asks documents.view_content, which a draft's attachment grants the unit's 信息员 too (matrix
    # note 4); removing it then needs documents.draft.
    "documents_attachment_delete": Cell(
        ("documents.view", "documents.draft"),
        lambda s: _w(f"documents/attachments/{s.attachment.pk}/delete/"),
        per_agency=True,
        data={},
        denied=REFUSED_AS_MESSAGE,
    ),
    "documents_validity": Cell(
        ("documents.view", "documents.change_validity"),
        lambda s: _w(f"documents/{s.policy.pk}/validity/"),
        per_agency=True,
    ),
    "documents_correct": Cell(
        ("documents.view", "documents.correct"),
        lambda s: _w(f"documents/{s.policy.pk}/correct/"),
        per_agency=True,
    ),
    "documents_publicity_end": Cell(
        ("documents.view", "documents.withdraw"),
        lambda s: _w(f"documents/{s.policy.pk}/publicity/"),
        per_agency=True,
        data={"action": "end", "reason": "公示内容有误，提前结束"},
    ),
    "documents_display": Cell(
        ("documents.view", "documents.log_display"),
        lambda s: _w(f"documents/{s.policy.pk}/display/"),
        per_agency=True,
    ),
    "documents_display_photo": Cell(
        ("documents.view",), lambda s: _w(f"documents/display/{s.display.pk}/photo/"), per_agency=True
    ),
    # The form; saving it needs documents.draft (the POST re-renders the form with the refusal).
    "documents_interpret": Cell(
        ("documents.view",), lambda s: _w(f"documents/{s.policy.pk}/interpret/"), per_agency=True
    ),
    "documents_interpretation": Cell(
        ("documents.view",),
        lambda s: _w(f"documents/interpretations/{s.interpretation.pk}/"),
        per_agency=True,
    ),
    "documents_interpretation_edit": Cell(
        ("documents.view", "documents.draft"),
        lambda s: _w(f"documents/interpretations/{s.interpretation.pk}/edit/"),
        per_agency=True,
    ),
    "documents_interpretation_upload": Cell(
        ("documents.view", "documents.draft"),
        lambda s: _w(f"documents/interpretations/{s.interpretation.pk}/attachments/"),
        per_agency=True,
        data=_upload("图解.docx"),
        denied=REFUSED_AS_MESSAGE,
    ),
    "documents_interpretation_submit": Cell(
        ("documents.view", "documents.draft"),
        lambda s: _w(f"documents/interpretations/{s.interpretation.pk}/do/submit/"),
        per_agency=True,
        data={},
    ),
    # 依申请公开 (registered, nobody assigned yet, as the matrix's probe)
    "applications_proof": Cell(
        ("applications.view", "applications.view_personal"),
        lambda s: _w(f"applications/{s.application.pk}/files/proof/"),
        per_agency=True,
    ),
    # Everyone who may open the application gets the letter; the applicant's name masked without
    # applications.view_personal.
    "applications_letter": Cell(
        ("applications.view",),
        lambda s: _w(f"applications/{s.letter.application_id}/letters/{s.letter.pk}.docx"),
        per_agency=True,
    ),
    # The reply draft likewise: the applicant's name in full for the assigned 承办人 and the 工作机构负责人 only.
    "applications_draft": Cell(
        ("applications.view",),
        lambda s: _w(f"applications/{s.drafted.pk}/draft.docx"),
        per_agency=True,
    ),
    # The screenings list: the roles that may see findings on some object — the unit's review chain and
    # administrator (secrecy.view_findings, 本单位) and the 信息员 for the drafts of their unit (matrix notes 4, 5).
    "secrecy_screenings": Cell(("secrecy.view_findings",), lambda s: _w("secrecy/"), also=(Role.DRAFTER,)),
    "applications_note": Cell(
        ("applications.view", "applications.handle"),
        lambda s: _w(f"applications/{s.application.pk}/step/note/"),
        per_agency=True,
        data={"note": "申请人来电询问进度。"},
    ),
    "applications_review_new": Cell(
        ("applications.manage_reviews",), lambda s: _w("applications/reviews/new/")
    ),
    "applications_review_case": Cell(
        ("applications.manage_reviews",),
        lambda s: _w(f"applications/reviews/{s.review_case.pk}/"),
        per_agency=True,
    ),
    "applications_template_edit": Cell(
        ("applications.edit_templates",), lambda s: _w(f"applications/templates/{s.shared.template_key}/")
    ),
    # 角色授予 (the roles page works on the workspace's agency: the persona's own)
    "roles": Cell(("accounts.view_roles",), lambda s: _w("roles/")),
    "roles_revoke": Cell(
        ("accounts.view_roles", "accounts.manage_roles"),
        lambda s: _w(f"roles/{s.shared.assignment.pk}/revoke/"),
        data={},
    ),
    "roles_reset_password": Cell(
        ("accounts.reset_password",),
        lambda s: _w("roles/reset-password/"),
        data=lambda s: {"username": s.shared.username},
    ),
    "roles_decide_grant": Cell(
        ("accounts.view_roles", "accounts.manage_roles"),
        lambda s: _w(f"roles/pending/{s.pending_grant.pk}/"),
        per_agency=True,
        data={"decision": "confirm"},
    ),
    # The workspace home and menus
    "home": Cell(("accounts.use_workspace",), lambda s: _w("")),
}


def _attempts() -> list[tuple[str, str | None]]:
    return [
        (name, side)
        for name, c in sorted(CELLS.items())
        for side in (("own", "other") if c.per_agency else (None,))
    ]


def _attempt(world: World, c: Cell, role: Role, side: str | None) -> str:
    """One role's try of one cell: "" if it answered as the matrix says, else what went wrong."""
    target = getattr(world, side or "other")
    url = c.url(target)
    client = world.client(role)
    allowed = expected(world, c.perms, role, side) or role in c.also
    if c.data is None:
        status = client.get(url).status_code
        good = status in c.ok if allowed else status in (403, 404)
        return (
            ""
            if good
            else f"{role.label}: GET {url} → {status}, {'allowed' if allowed else 'refused'} expected"
        )
    before = AuditEvent.objects.count()
    status = client.post(url, c.data(target) if callable(c.data) else c.data).status_code
    audited = AuditEvent.objects.count() > before
    if allowed and (status not in (200, 302) or not audited):
        return f"{role.label}: POST {url} → {status}, audited={audited}; allowed and audited expected"
    if not allowed and (status not in c.denied or audited):
        return f"{role.label}: POST {url} → {status}, audited={audited}; refused, nothing audited expected"
    return ""


@pytest.mark.parametrize(
    ("cell", "side"), _attempts(), ids=[f"{n}-{s or 'district'}" for n, s in _attempts()]
)
def test_cell(world, cell, side):
    """Every role tries the cell, each in its own savepoint (what one role's POST changed is gone for the next);
    one test per cell and side rather than per role, with every wrong answer in the message."""
    from django.db import transaction

    wrong = []
    for role in ROLES:
        with transaction.atomic():
            wrong.append(_attempt(world, CELLS[cell], role, side))
            transaction.set_rollback(True)
    assert not [w for w in wrong if w], "\n".join(w for w in wrong if w)


# The documents, secrecy and applications patterns tried in test_persona_matrix.py.
# (resolved from its PAGES and the URLs its ACTIONS post to).
ELSEWHERE_ACTION_URLS = ("/workspace/documents/1/do/approve/", "/workspace/documents/1/do/sign/")
# Workspace URL patterns not tried as persona cells, each with its reason. A new pattern must get a Cell (or, with
# a precise reason, a line here). "MISMATCH:" marks a view that answers more roles than its matrix cell says:
# kept out of CELLS until the view or the matrix is settled, so that the test does not make the answer the rule.
EXEMPT: dict[str, str] = {
    "workspace/agency/switch/": (
        "no permission to try: it switches the workspace among the user's own agencies (select_agency refuses an "
        "agency without a role there) and writes no audit event"
    ),
}


def workspace_routes(resolver: URLResolver | None = None, prefix: str = "") -> list[str]:
    resolver = resolver or get_resolver()
    found: list[str] = []
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            found += workspace_routes(p, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            found.append(prefix + str(p.pattern))
    return sorted(r for r in found if r.startswith("workspace/"))


class _Stub:
    """Stands for any object when only the shape of a URL matters: every attribute is a stub, with pk 1."""

    pk = 1

    def __getattr__(self, name: str) -> _Stub:
        return _Stub()

    def __str__(self) -> str:
        return "1"


def _route(url: str) -> str:
    return str(resolve(url.split("?")[0]).route)


def test_every_workspace_url_is_a_persona_cell(world):
    from zwgk.accounts.tests.test_persona_matrix import PAGES

    stub: Any = _Stub()
    elsewhere = [url(stub) for _perms, url in PAGES.values()] + list(ELSEWHERE_ACTION_URLS)
    tried = {_route(c.url(stub)) for c in CELLS.values()} | {_route(u) for u in elsewhere}
    routes = set(workspace_routes())
    assert not set(EXEMPT) - routes, "stale entries: these URL patterns no longer exist"
    missing = sorted(r for r in routes if r not in tried and r not in EXEMPT)
    assert not missing, "workspace URLs with no persona cell (add a Cell or an EXEMPT reason):\n" + "\n".join(
        missing
    )
    assert not set(EXEMPT) & tried, "an exempt URL is tried: remove it from EXEMPT"
