"""The permission matrix as persona tests, part two (issue 13, item 10): the workspace pages and POST actions of
工作要点台账, 年度报告, 问答, 站内搜索, 互动交流, 征求意见, 重大行政决策 and 政策找人.

One person per role in agency A; each page and action is tried on an object of agency A ("own") and of agency B
("other"), or once for a district-wide page. The expected answer is the generated role matrix
(zwgk.accounts.matrix): a GET answers 200 where every listed permission holds and 403/404 elsewhere; a POST that
is not allowed answers 403/404 and writes no audit event.

`test_every_workspace_url_is_a_persona_cell` lists every URL pattern under /workspace/: each must be tried here or
in test_persona_matrix.py, or stand in EXEMPT with the reason. A new app's pages fail it until they get cells.

The world is built once for the module (inside a transaction rolled back after the last test); each test runs in
its own savepoint.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from zwgk.accounts import matrix
from zwgk.accounts.roles import Role
from zwgk.agencies.models import Agency, AgencyKind
from zwgk.audit.models import AuditEvent
from zwgk.testing import login, make_agency, make_user

pytestmark = pytest.mark.django_db
ROLES = list(Role)
SMALL_PLAN = """东丽区2030年政务公开工作要点
一、加强政策公开
（一）做好政策解读。同步发布解读材料。（区发改委牵头，区财政局负责落实）
"""
YEAR = 2030


@dataclass
class Side:
    agency: Agency
    task: Any
    faq: Any
    message: Any


@dataclass
class World:
    own: Side
    other: Side
    personas: dict[Role, Any]
    cells: dict[str, dict[Role, str]]


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
    message, _ = actions.submit_message(MessageKind.objects.get(code="zixun"), data)
    return message


def _build() -> World:
    from zwgk.workplan.actions.plan import import_plan
    from zwgk.workplan.importer import prepare_text
    from zwgk.workplan.models import ScoreSheet, Task

    district = make_agency("区人民政府", kind=AgencyKind.GOVERNMENT, code="120110001")
    own = make_agency("区发改委", parent=district, code="120110003")
    other = make_agency("区财政局", parent=district, code="120110004")
    make_agency("区政府办", parent=district, code="120110002")
    plan = import_plan(prepare_text(SMALL_PLAN), YEAR, by=None, source_name="small.txt").plan
    ScoreSheet.objects.create(plan=plan)
    personas = {role: make_user(f"persona_{role.value}", [(own, role)]) for role in ROLES}
    sides = []
    for agency in (own, other):
        author = make_user(f"faq_author_{agency.pk}", [(agency, Role.DRAFTER)])
        task = Task.objects.get(plan=plan, agency=agency, parent__isnull=True)
        sides.append(Side(agency, task, _faq(agency, author), _message(agency)))
    return World(sides[0], sides[1], personas, matrix.table())


@pytest.fixture(scope="module")
def world(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    from django.db import transaction
    from django.test import override_settings

    media = tmp_path_factory.mktemp("persona-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(media)), transaction.atomic():
        yield _build()
        transaction.set_rollback(True)


def expected(w: World, perms: tuple[str, ...], role: Role, side: str | None) -> bool:
    """side None: a page without an object (any agency of the persona will do); else own/other agency."""
    granted = {
        None: (matrix.OWN_ONLY, matrix.ALL),
        "own": (matrix.OWN_ONLY, matrix.ALL),
        "other": (matrix.ALL,),
    }
    return all(w.cells[perm][role] in granted[side] for perm in perms)


Url = Callable[[Any], str]


@dataclass(frozen=True)
class Cell:
    perms: tuple[str, ...]
    url: Url  # gets the Side (or None for a district-wide page)
    per_agency: bool = False
    data: dict[str, Any] | None = None  # POST body; None: GET
    ok: tuple[int, ...] = (200,)  # the answers of an allowed GET (the "current year" pages redirect)


def _w(path: str) -> str:
    return f"/workspace/{path}"


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
    "workplan_supervision": Cell(("workplan.supervise",), lambda s: _w(f"workplan/{YEAR}/supervision/")),
    "workplan_supervision_current": Cell(
        ("workplan.supervise",), lambda s: _w("workplan/supervision/"), ok=(302,)
    ),
    "workplan_inspections": Cell(("workplan.view_plan",), lambda s: _w(f"workplan/{YEAR}/inspections/")),
    "workplan_inspection_new": Cell(
        ("workplan.supervise",), lambda s: _w(f"workplan/{YEAR}/inspections/new/")
    ),
    "workplan_bulletins": Cell(("workplan.view_plan",), lambda s: _w(f"workplan/{YEAR}/bulletins/")),
    "workplan_review": Cell(("workplan.view_plan",), lambda s: _w(f"workplan/{YEAR}/review/")),
    "workplan_scores_current": Cell(("workplan.use_ledger",), lambda s: _w("workplan/scores/"), ok=(302,)),
    "workplan_scores": Cell(("workplan.view_unit_score",), lambda s: _w(f"workplan/{YEAR}/scores/")),
    "workplan_score_compute": Cell(
        ("workplan.manage_scores",), lambda s: _w(f"workplan/{YEAR}/scores/compute/"), data={}
    ),
    "workplan_score_lines": Cell(("workplan.manage_scores",), lambda s: _w(f"workplan/{YEAR}/scores/lines/")),
    "workplan_team": Cell(("workplan.view_team",), lambda s: _w("workplan/team/")),
    "workplan_filings": Cell(("workplan.view_team",), lambda s: _w("workplan/filings/")),
    "workplan_trainings": Cell(("workplan.view_trainings",), lambda s: _w("workplan/trainings/")),
    # 年度报告
    "reports_board": Cell(("reports.view",), lambda s: _w("reports/")),
    "reports_overview": Cell(("reports.overview",), lambda s: _w("reports/overview/")),
    "reports_generate_all": Cell(
        ("reports.generate_all",), lambda s: _w("reports/generate/"), data={"year": "2025"}
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
    # 站内搜索
    "search_synonyms": Cell(("search.manage",), lambda s: _w("search/synonyms/")),
    "search_synonym_new": Cell(("search.manage",), lambda s: _w("search/synonyms/new/")),
    "search_best_bets": Cell(("search.manage",), lambda s: _w("search/best-bets/")),
    "search_best_bet_new": Cell(("search.manage",), lambda s: _w("search/best-bets/new/")),
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
    "interaction_log": Cell(("interaction.view_log",), lambda s: _w("interaction/log/")),
    "interaction_figures": Cell(("interaction.figures",), lambda s: _w("interaction/figures/")),
    "interaction_kinds": Cell(("interaction.configure",), lambda s: _w("interaction/kinds/")),
    "interaction_kind_new": Cell(("interaction.configure",), lambda s: _w("interaction/kinds/new/")),
    # 征求意见, 重大行政决策, 政策找人
    "participation_list": Cell(("participation.view",), lambda s: _w("participation/")),
    "participation_new": Cell(("participation.edit",), lambda s: _w("participation/new/")),
    "decisions_index": Cell(("decisions.view",), lambda s: _w("decisions/")),
    "policymatch_list": Cell(("policymatch.edit",), lambda s: _w("policymatch/")),
    # 栏目与专题, 基层目录, 数据公开, 政务新媒体, 网站健康检查, 规范表述 (the apps merged on 2026-12-07)
    "columns_index": Cell(("columns.view",), lambda s: _w("columns/")),
    "catalogues_list": Cell(("catalogues.view",), lambda s: _w("catalogues/")),
    "catalogues_template": Cell(("catalogues.view",), lambda s: _w("catalogues/template.xlsx")),
    "catalogues_import": Cell(("catalogues.manage",), lambda s: _w("catalogues/import/")),
    "catalogues_coverage": Cell(("catalogues.coverage",), lambda s: _w("catalogues/coverage/")),
    "datasets_list": Cell(("datasets.view",), lambda s: _w("datasets/")),
    "datasets_import": Cell(("datasets.import",), lambda s: _w("datasets/import/")),
    "newmedia_registry": Cell(("newmedia.view",), lambda s: _w("newmedia/")),
    "newmedia_filings": Cell(("newmedia.view",), lambda s: _w("newmedia/filings/")),
    "sitehealth_overview": Cell(("sitehealth.view",), lambda s: _w("sitehealth/")),
    "sitehealth_tasks": Cell(("sitehealth.view",), lambda s: _w("sitehealth/tasks/")),
    "sitehealth_availability": Cell(("sitehealth.view",), lambda s: _w("sitehealth/availability/")),
    "secrecy_wording": Cell(("secrecy.view_lexicon",), lambda s: _w("secrecy/wording/")),
    # The core lists and entry forms
    "documents_records": Cell(("documents.view",), lambda s: _w("documents/")),
    "documents_new": Cell(("documents.draft",), lambda s: _w("documents/new/")),
    "applications_ledger": Cell(("applications.view",), lambda s: _w("applications/")),
    "applications_register": Cell(("applications.register",), lambda s: _w("applications/register/")),
    "secrecy_lexicon": Cell(("secrecy.view_lexicon",), lambda s: _w("secrecy/lexicon/")),
    "audit_events": Cell(("audit.view_events",), lambda s: _w("audit/")),
    "calendar_schedules": Cell(("workdays.view_schedules",), lambda s: _w("calendar/")),
    "documents_review_queue": Cell(("documents.review",), lambda s: _w("documents/review/")),
    "documents_sign_queue": Cell(("documents.sign",), lambda s: _w("documents/sign/")),
    "documents_periodic_reviews": Cell(("documents.view",), lambda s: _w("documents/periodic-reviews/")),
    "documents_timeliness": Cell(("documents.view",), lambda s: _w("documents/timeliness/")),
    "documents_normative": Cell(("documents.view",), lambda s: _w("documents/normative/")),
    "documents_themes": Cell(("documents.manage_themes",), lambda s: _w("documents/themes/")),
    "documents_issuers": Cell(("documents.manage_issuers",), lambda s: _w("documents/issuers/")),
    "applications_candidates": Cell(("applications.view",), lambda s: _w("applications/candidates/")),
    "applications_deadline": Cell(("applications.view",), lambda s: _w("applications/deadline/")),
    "applications_reviews": Cell(("applications.view",), lambda s: _w("applications/reviews/")),
    "applications_templates": Cell(("applications.edit_templates",), lambda s: _w("applications/templates/")),
    "agency_contact": Cell(("agencies.edit_contact",), lambda s: _w("agency/contact/")),
    "applications_ledger_template": Cell(
        ("applications.view",), lambda s: _w("applications/ledger-template.xlsx")
    ),
    "documents_interpretations": Cell(("documents.view",), lambda s: _w("documents/interpretations/")),
    "documents_guide": Cell(("documents.edit_guide",), lambda s: _w("documents/guide/")),
    "newmedia_reposts": Cell(("newmedia.view",), lambda s: _w("newmedia/reposts/")),
    "sitehealth_monthly_report": Cell(("sitehealth.view",), lambda s: _w("sitehealth/report.docx")),
    "sitehealth_website_report": Cell(("sitehealth.report",), lambda s: _w("sitehealth/website-report/")),
}


def _attempts() -> list[tuple[str, str | None]]:
    return [
        (name, side)
        for name, c in sorted(CELLS.items())
        for side in (("own", "other") if c.per_agency else (None,))
    ]


@pytest.mark.parametrize(
    ("cell", "side"), _attempts(), ids=[f"{n}-{s or 'district'}" for n, s in _attempts()]
)
@pytest.mark.parametrize("role", ROLES, ids=[r.value for r in ROLES])
def test_cell(world, role, cell, side):
    c = CELLS[cell]
    target = None if side is None else getattr(world, side)
    url = c.url(target)
    client = login(world.personas[role])
    allowed = expected(world, c.perms, role, side)
    if c.data is None:
        status = client.get(url).status_code
        assert status in c.ok if allowed else status in (403, 404), status
        return
    before = AuditEvent.objects.count()
    status = client.post(url, c.data).status_code
    if allowed:
        assert status in (200, 302), status
        assert AuditEvent.objects.count() > before, "an allowed action wrote no audit event"
    else:
        assert status in (403, 404), status
        assert AuditEvent.objects.count() == before


# The documents, secrecy and applications patterns tried in test_persona_matrix.py.
# (resolved from its PAGES and the URLs its ACTIONS post to).
ELSEWHERE_ACTION_URLS = ("/workspace/documents/1/do/approve/", "/workspace/documents/1/do/sign/")
# Workspace URL patterns not tried as persona cells, grouped, each group with its reason. Shrink this list; a
# new pattern must get a Cell (or, with a reason, a line here).
EXEMPT: dict[str, str] = {
    # Apps merged on 2026-12-07 (columns, catalogues, datasets, sitehealth, newmedia, the 公示 pages): not yet a
    # persona cell — each app's own tests/test_permissions*.py checks its own/other-agency answers
    "workspace/catalogues/<int:pk>/": "catalogues",
    "workspace/catalogues/mine/": "catalogues",
    "workspace/columns/<int:pk>/": "columns",
    "workspace/columns/new/": "columns",
    "workspace/columns/supervised/": "columns",
    "workspace/datasets/<int:pk>/": "datasets",
    "workspace/datasets/<int:pk>/download.<str:fmt>": "datasets",
    "workspace/datasets/<int:pk>/source/": "datasets",
    "workspace/decisions/catalogues/<int:catalogue_pk>/items/<int:pk>/": "decisions",
    "workspace/decisions/catalogues/<int:catalogue_pk>/items/new/": "decisions",
    "workspace/decisions/catalogues/<int:pk>/": "decisions",
    "workspace/decisions/catalogues/new/": "decisions",
    "workspace/documents/<int:pk>/display/": "documents",
    "workspace/documents/<int:pk>/publicity/": "documents",
    "workspace/documents/display/<int:pk>/photo/": "documents",
    "workspace/newmedia/<int:pk>/": "newmedia",
    "workspace/newmedia/<int:pk>/file/<slug:kind>/": "newmedia",
    "workspace/newmedia/filings/<int:pk>/": "newmedia",
    "workspace/newmedia/filings/<int:pk>/edit/": "newmedia",
    "workspace/newmedia/new/": "newmedia",
    "workspace/policymatch/records/<int:pk>/leaflet.<str:fmt>": "policymatch",
    "workspace/policymatch/records/<int:pk>/leaflet/": "policymatch",
    "workspace/secrecy/wording/<int:pk>/": "secrecy",
    "workspace/sitehealth/website-report/<int:year>/": "sitehealth",
    # 年度报告 object pages and their POSTs (one agency's draft): not yet a persona cell — reports/tests/test_workflow.py checks own/other agency
    "workspace/reports/<int:pk>/": "reports",
    "workspace/reports/<int:pk>/do/<str:action>/": "reports",
    "workspace/reports/<int:pk>/manual/<str:which>/": "reports",
    "workspace/reports/<int:pk>/report.<str:fmt>": "reports",
    "workspace/reports/<int:pk>/table2/": "reports",
    "workspace/reports/<int:pk>/texts/": "reports",
    "workspace/reports/<int:pk>/texts/<str:section>/": "reports",
    "workspace/reports/start/": "reports",
    # 工作要点台账 object pages (inspection, finding, bulletin, review item, member, filing, training, milestone, evidence): not yet a persona cell — workplan/tests/test_supervision.py and test_team.py check them
    "workspace/workplan/<int:year>/reminders/": "workplan",
    "workspace/workplan/<int:year>/scores/adjust/": "workplan",
    "workspace/workplan/<int:year>/scores/weight/": "workplan",
    "workspace/workplan/bulletins/<int:pk>/download/": "workplan",
    "workspace/workplan/bulletins/<int:pk>/void/": "workplan",
    "workspace/workplan/evidence/<int:pk>/": "workplan",
    "workspace/workplan/filings/<int:pk>/": "workplan",
    "workspace/workplan/findings/<int:pk>/rectify/": "workplan",
    "workspace/workplan/inspections/<int:pk>/": "workplan",
    "workspace/workplan/milestones/<int:pk>/done/": "workplan",
    "workspace/workplan/reminders/<int:pk>/ack/": "workplan",
    "workspace/workplan/review/<int:pk>/report/": "workplan",
    "workspace/workplan/review/<int:pk>/verify/": "workplan",
    "workspace/workplan/team/liaison/": "workplan",
    "workspace/workplan/team/members/<int:pk>/": "workplan",
    "workspace/workplan/trainings/<int:pk>/": "workplan",
    # 互动交流 object pages: not yet a persona cell — interaction/tests/test_messages.py checks them
    "workspace/interaction/<int:pk>/attachment/": "interaction",
    "workspace/interaction/kinds/<int:pk>/": "interaction",
    # 征求意见 object pages: not yet a persona cell — participation/tests/test_consultations.py checks them
    "workspace/participation/<int:pk>/": "participation",
    "workspace/participation/<int:pk>/edit/": "participation",
    # 重大行政决策 object page: not yet a persona cell — decisions/tests/test_stages.py checks it
    "workspace/decisions/<int:pk>/": "decisions",
    # 政策找人 record page (owned by another helper's branch): not yet a persona cell — policymatch/tests/test_workspace.py
    "workspace/policymatch/records/<int:pk>/": "policymatch",
    # 站内搜索 object edit/delete pages: search.manage has no agency (全区 or —), same cell as the list pages tried here
    "workspace/search/best-bets/<int:pk>/": "search",
    "workspace/search/best-bets/<int:pk>/delete/": "search",
    "workspace/search/synonyms/<int:pk>/": "search",
    "workspace/search/synonyms/<int:pk>/delete/": "search",
    # 文件 pages outside the review chain: not yet a persona cell — documents/tests check them
    "workspace/documents/<int:pk>/attachments/": "documents",
    "workspace/documents/<int:pk>/correct/": "documents",
    "workspace/documents/<int:pk>/edit/": "documents",
    "workspace/documents/<int:pk>/validity/": "documents",
    "workspace/documents/<int:policy_pk>/interpret/": "documents",
    "workspace/documents/attachments/<int:pk>/delete/": "documents",
    "workspace/documents/interpretations/<int:pk>/": "documents",
    "workspace/documents/interpretations/<int:pk>/attachments/": "documents",
    "workspace/documents/interpretations/<int:pk>/do/<slug:action>/": "documents",
    "workspace/documents/interpretations/<int:pk>/edit/": "documents",
    # 依申请公开 pages beyond the detail page: not yet a persona cell — applications/tests check them
    "workspace/applications/<int:pk>/draft.<str:fmt>": "applications",
    "workspace/applications/<int:pk>/files/<str:which>/": "applications",
    "workspace/applications/<int:pk>/letters/<int:letter_id>.<str:fmt>": "applications",
    "workspace/applications/<int:pk>/step/<str:name>/": "applications",
    "workspace/applications/reviews/<int:pk>/": "applications",
    "workspace/applications/reviews/new/": "applications",
    "workspace/applications/templates/<str:key>/": "applications",
    # 保密审查 pages beyond the findings page: not yet a persona cell — secrecy/tests check them
    # The screenings list answers every role that may see some screening (the drafter: those of their own drafts)
    # and lists `Screening.objects.visible_to(user)` only; the per-object need-to-know is the matrix's findings cell.
    "workspace/secrecy/": "secrecy",
    "workspace/secrecy/findings/<int:pk>/resolve": "secrecy",
    "workspace/secrecy/lexicon/<int:pk>/": "secrecy",
    "workspace/secrecy/lexicon/<int:pk>/delete": "secrecy",
    "workspace/secrecy/records/<str:label>/<str:object_id>/screen": "secrecy",
    "workspace/secrecy/screenings/<int:pk>/mask-all": "secrecy",
    "workspace/secrecy/screenings/<int:pk>/rescreen": "secrecy",
    # 角色授予 pages: not yet a persona cell — accounts/tests/test_separation_of_duties.py checks the grants
    "workspace/roles/": "roles",
    "workspace/roles/<int:pk>/revoke/": "roles",
    "workspace/roles/reset-password/": "roles",
    "workspace/roles/pending/<int:pk>/": "roles",
    # 审计日志: not yet a persona cell (audit.view_events)
    # 单位联系方式: not yet a persona cell (agencies.edit_contact)
    "workspace/agency/switch/": "agency",
    # 工作日历: not yet a persona cell — workdays/tests/test_schedules.py
    # The workspace home and menus: every role with accounts.use_workspace reaches them
    "workspace/": "home",
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


def test_every_workspace_url_is_a_persona_cell(world):
    stub = SimpleNamespace(
        agency=SimpleNamespace(pk=1),
        task=SimpleNamespace(pk=1),
        faq=SimpleNamespace(pk=1),
        message=SimpleNamespace(pk=1),
    )
    from zwgk.accounts.tests.test_persona_matrix import PAGES

    side = SimpleNamespace(
        **{k: SimpleNamespace(pk=1) for k in ("record", "attachment", "periodic", "application")}
    )
    elsewhere = [url(side) for _perms, url in PAGES.values()] + list(ELSEWHERE_ACTION_URLS)
    tried = {resolve(c.url(stub)).route for c in CELLS.values()} | {
        resolve(u.split("?")[0]).route for u in elsewhere
    }
    routes = set(workspace_routes())
    assert not set(EXEMPT) - routes, "stale entries: these URL patterns no longer exist"
    missing = sorted(r for r in routes if r not in tried and r not in EXEMPT)
    assert not missing, "workspace URLs with no persona cell (add a Cell or an EXEMPT reason):\n" + "\n".join(
        missing
    )
    assert not set(EXEMPT) & tried, "an exempt URL is tried: remove it from EXEMPT"
