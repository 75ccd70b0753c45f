"""Fixtures of the ledger tests: the Dongli directory, the 2022 plan file, a small imported plan."""

import pytest

from zwgk.accounts.roles import Role
from zwgk.agencies.models import AgencyKind
from zwgk.testdata import mission_text
from zwgk.testing import make_agency, make_user
from zwgk.workplan.actions.plan import import_plan
from zwgk.workplan.importer import prepare_text
from zwgk.workplan.models import Plan, Task

SMALL_PLAN = """东丽区2030年政务公开工作要点
一、加强政策公开
（一）做好政策解读。同步发布解读材料。（区发改委牵头，区财政局负责落实）
（二）加强队伍建设。加强政府信息公开工作人员培训，建立联络员机制。（区政府办牵头，区发改委、区财政局负责落实）
二、形成工作闭环
（三）一抓到底。各单位梳理形成本单位工作台账，逐一明确责任主体和时限要求，开展回头看。（区发改委、区财政局、张贵庄街道负责落实）
"""


@pytest.fixture
def mission_path(tmp_path):
    """The 2022 plan file as the mission holds it, rebuilt from the copy shipped with the documents app."""
    path = tmp_path / "东丽区2022年政务公开工作要点.txt"
    path.write_text(mission_text(), encoding="utf-8")
    return path


@pytest.fixture
def dongli(db):
    """The demo directory of 东丽区 (every unit the 2022 plan names)."""
    from zwgk.agencies.demo import load_agencies

    return load_agencies()


@pytest.fixture
def street(district):
    return make_agency("张贵庄街道", kind=AgencyKind.STREET, parent=district, code="120110101")


@pytest.fixture
def street_clerk(street):
    return make_user(
        "street_clerk", [(street, Role.DRAFTER), (street, Role.AGENCY_ADMIN)], full_name="沈信息"
    )


@pytest.fixture
def plan(agency_a, agency_b, office, street):
    """A three-item plan for 2030 imported for 区发改委 (agency_a), 区财政局 (agency_b), 区政府办, 张贵庄街道."""
    result = import_plan(prepare_text(SMALL_PLAN), 2030, by=None, source_name="small.txt")
    assert result.created
    return result.plan


def task_of(plan: Plan, agency, seq: int) -> Task:
    return Task.objects.get(plan=plan, agency=agency, item__seq=seq, parent__isnull=True)


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    """Uploaded evidence and issued 通报 go to a temporary directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
