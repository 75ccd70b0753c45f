"""Test personas and factories shared by every app's tests.

Personas: `gkb` (公开办管理员, district-wide), `drafter_a` / `reviewer_a` / `signer_a` / `admin_a`
(信息员, 保密审查员, 审签人, 单位管理员 of agency A), `staff_b` (信息员 of agency B), `supervisor`
(督查员), and the anonymous citizen (the plain `client` fixture).
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import pytest
from django.test import Client

from zwgk.accounts.models import RoleAssignment, User
from zwgk.accounts.roles import Role
from zwgk.agencies.models import Agency, AgencyKind

PASSWORD = "Test#password-2026"


def run_python(
    code: str, *args: str, data_dir: Any, env: Mapping[str, str] | None = None, timeout: int = 120
) -> subprocess.CompletedProcess[str]:
    """Run `code` in a fresh interpreter with a clean zwgk configuration (no ZWGK_* from this process, debug on,
    `data_dir` as the data directory, plus `env`): for what only a new process shows — what start-up imports,
    what a process prints before it exits."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ZWGK_")}
    clean.update({"ZWGK_DATA_DIR": str(data_dir), "ZWGK_DEBUG": "1", **(env or {})})
    return subprocess.run(
        [sys.executable, "-c", code, *args], env=clean, capture_output=True, text=True, timeout=timeout
    )


@contextmanager
def travel_to_test_today(environ: Mapping[str, str] | None = None) -> Iterator[str | None]:
    """Travel to `ZWGK_TEST_TODAY` (YYYY-MM-DD, 10:00 Beijing time, ticking) when it is set; else stay.

    The root conftest wraps every test in it, so CI can run the date-sensitive suites "in December" (.ci/run).
    """
    import os
    from datetime import date

    import time_machine

    value = (os.environ if environ is None else environ).get("ZWGK_TEST_TODAY", "").strip()
    if not value:
        yield None
        return
    date.fromisoformat(value)  # a typo fails loudly instead of silently running on the real date
    with time_machine.travel(f"{value} 10:00 +0800", tick=True):
        yield value


_serial = itertools.count(1)


def make_agency(
    short_name: str | None = None,
    *,
    kind: str = AgencyKind.DEPARTMENT,
    parent: Agency | None = None,
    **fields: Any,
) -> Agency:
    n = next(_serial)
    short = short_name or f"测试单位{n}"
    defaults: dict[str, Any] = {
        "code": f"T{n:06d}",
        "name": f"天津市东丽区{short.removeprefix('区')}",
        "short_name": short,
        "kind": kind,
        "parent": parent,
        "sort_order": n,
        "phone": f"022-8400{n:04d}",
    }
    defaults.update(fields)
    return Agency.objects.create(**defaults)


def make_user(username: str | None = None, roles: Iterable[tuple[Agency, Role]] = (), **fields: Any) -> User:
    name = username or f"user{next(_serial)}"
    user = User(username=name, full_name=fields.pop("full_name", name), **fields)
    user.set_password(PASSWORD)
    user.save()
    for agency, role in roles:
        RoleAssignment.objects.create(user=user, agency=agency, role=role.value)
    return user


def login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def district(db: Any) -> Agency:
    return make_agency("区人民政府", kind=AgencyKind.GOVERNMENT, code="120110001")


@pytest.fixture
def agency_a(district: Agency) -> Agency:
    return make_agency("区发改委", parent=district, code="120110003")


@pytest.fixture
def agency_b(district: Agency) -> Agency:
    return make_agency("区财政局", parent=district, code="120110004")


@pytest.fixture
def office(district: Agency) -> Agency:
    """The district government office, home of the 公开办."""
    return make_agency("区政府办", parent=district, code="120110002")


@pytest.fixture
def gkb(office: Agency) -> User:
    return make_user("gkb", [(office, Role.DISTRICT_ADMIN)], full_name="王公开")


@pytest.fixture
def supervisor(office: Agency) -> User:
    return make_user("ducha", [(office, Role.SUPERVISOR)], full_name="赵督查")


@pytest.fixture
def admin_a(agency_a: Agency) -> User:
    return make_user("admin_a", [(agency_a, Role.AGENCY_ADMIN)], full_name="钱管理")


@pytest.fixture
def drafter_a(agency_a: Agency) -> User:
    return make_user("drafter_a", [(agency_a, Role.DRAFTER)], full_name="孙信息")


@pytest.fixture
def reviewer_a(agency_a: Agency) -> User:
    return make_user("reviewer_a", [(agency_a, Role.SECRECY_REVIEWER)], full_name="李保密")


@pytest.fixture
def signer_a(agency_a: Agency) -> User:
    return make_user("signer_a", [(agency_a, Role.SIGNER)], full_name="周审签")


@pytest.fixture
def staff_b(agency_b: Agency) -> User:
    return make_user("staff_b", [(agency_b, Role.DRAFTER), (agency_b, Role.AGENCY_ADMIN)], full_name="吴其他")


# --- applications (依申请公开) personas: append-only ---------------------------------------------------


@pytest.fixture
def handler_a(agency_a: Agency) -> User:
    """依申请承办人 of agency A."""
    return make_user(
        "handler_a", [(agency_a, Role.APPLICATION_HANDLER)], full_name="陈承办", email="cb@example.org"
    )


@pytest.fixture
def head_a(agency_a: Agency) -> User:
    """工作机构负责人 of agency A (approves extensions, Art 33)."""
    return make_user("head_a", [(agency_a, Role.OFFICE_HEAD)], full_name="褚负责", email="fz@example.org")


@pytest.fixture
def lawyer_a(agency_a: Agency) -> User:
    """法律顾问 serving agency A."""
    return make_user("lawyer_a", [(agency_a, Role.LEGAL_ADVISER)], full_name="卫律师", email="lv@example.org")


@pytest.fixture
def handler_b(agency_b: Agency) -> User:
    """依申请承办人 of agency B."""
    return make_user("handler_b", [(agency_b, Role.APPLICATION_HANDLER)], full_name="蒋承办")


# --- zwgk.documents: real records through the action functions -----------------------------------------------


def default_theme() -> Any:
    """The 综合政务\\政务公开 theme (seeded by a data migration; created if a transactional test flushed it)."""
    from zwgk.documents.models import Theme

    parent, _ = Theme.objects.get_or_create(name="综合政务", parent=None)
    return Theme.objects.get_or_create(name="政务公开", parent=parent)[0]


def record_data(**overrides: Any) -> dict[str, Any]:
    """A complete draft's fields (it can be submitted to review as it is)."""
    from datetime import date

    data: dict[str, Any] = {
        "title": "关于做好2025年政务公开工作的通知",
        "doc_number": "东丽政办发〔2025〕3号",
        "written_on": date(2025, 3, 3),
        "theme": default_theme(),
        "genre": "notice",
        "kind": "policy",
        "summary": "部署2025年政务公开工作。",
        "body": "各街道办事处，区政府各委、办、局：\n现就做好2025年政务公开工作通知如下。",
        "openness": "proactive",
        "statutory_category": "art20_15",
    }
    data.update(overrides)
    return data


def drafter_of(agency: Agency) -> User:
    """The 信息员 of `agency` (created once)."""
    user = User.objects.filter(username=f"drafter-{agency.code}").first()
    return user or make_user(f"drafter-{agency.code}", [(agency, Role.DRAFTER)], full_name="测试信息员")


def make_record(
    agency: Agency,
    *,
    by: User | None = None,
    attachments: Iterable[tuple[str, bytes]] = (),
    **fields: Any,
) -> Any:
    """A draft documents.Record of `agency` with its attachments, made by its 信息员 through the actions."""
    from zwgk.documents import actions

    drafter = by or drafter_of(agency)
    record = actions.create_record(agency, record_data(**fields), by=drafter)
    for filename, data in attachments:
        actions.add_attachment(record, data, filename, by=drafter)
    return record


# --- zwgk.search / zwgk.qa -------------------------------------------------------------------------------------


def index_entries(items: list[tuple[object, Any]], source: str = "tests.docs", kind: str = "政策文件") -> int:
    """Put IndexEntry items straight into the search index (as a documents source would)."""
    from zwgk.search.indexer import write_entries

    return write_entries(source, kind, items)


def make_faq(agency: Agency, question: str = "灵活就业人员怎么交社保？", **fields: Any) -> Any:
    """A published FAQ (status and published_at can be overridden)."""
    from django.utils import timezone

    from zwgk.qa.models import Faq, FaqStatus

    defaults: dict[str, Any] = {
        "agency": agency,
        "topic": "social_security",
        "question": question,
        "answer": "可以以个人身份参加职工基本养老保险和职工基本医疗保险。",
        "status": FaqStatus.PUBLISHED,
        "published_at": timezone.now(),
    }
    defaults.update(fields)
    return Faq.objects.create(**defaults)


@contextmanager
def registered(
    store: dict[Any, Any] | list[Any],
    entries: Mapping[Any, Any] | Iterable[Any] = (),
    *,
    only: bool = False,
) -> Iterator[None]:
    """Override entries of any extension-point registry for the length of a `with` block, then restore it.

    `store` is the registry's own dict or list (e.g. `zwgk.reports.sources.REGISTERED`,
    `zwgk.core.registry.HOME_PANELS`). For a dict, `entries` maps keys to values (None removes the key); for a
    list, `entries` are appended. `only=True` empties the registry first (only these entries are registered).
    Registrations made inside the block through the registry's own `register_*` function are undone too.

        with registered(sources.REGISTERED, {"applications": fake}, only=True):
            ...
    """
    saved: dict[Any, Any] | list[Any] = dict(store) if isinstance(store, dict) else list(store)
    if only:
        store.clear()
    if isinstance(store, dict):
        for key, value in dict(entries).items():
            if value is None:
                store.pop(key, None)
            else:
                store[key] = value
    else:
        store.extend(entries)
    try:
        yield
    finally:
        store.clear()
        if isinstance(store, dict):
            store.update(saved)
        else:
            store.extend(saved)


@pytest.fixture(autouse=True)
def isolated_audit_anchor(settings: Any, tmp_path_factory: Any) -> None:
    """Each test writes the audit chain anchor (zwgk.audit.anchor) to its own file, never to var/."""
    settings.AUDIT_ANCHOR_FILE = tmp_path_factory.mktemp("anchor") / "audit-anchor.json"


def copy_test_database(target: Any) -> None:
    """Copy the (SQLite) test database to the file `target`, for a subprocess that needs a real file database:
    the test database is an in-memory shared cache, whose locking is not SQLite's one-writer lock."""
    import sqlite3

    from django.db import connection

    copy = sqlite3.connect(target)
    try:
        connection.ensure_connection()
        connection.connection.backup(copy)
    finally:
        copy.close()
