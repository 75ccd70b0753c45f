"""Fixtures of the catalogue tests: xlsx files built on the fly, the shipped 涉农补贴 file, two streets."""

from __future__ import annotations

from pathlib import Path

import pytest

from zwgk.accounts.roles import Role
from zwgk.agencies.models import AgencyKind
from zwgk.catalogues.parse import HEADERS
from zwgk.core.exports import workbook_bytes
from zwgk.testing import make_agency, make_user

SHIPPED = Path(__file__).resolve().parents[1] / "data" / "shenong_butie.xlsx"
LIMIT = "信息形成或者变更之日起20个工作日内"


def row(seq, level2, *, level1="农业生产发展资金", levels="县级、乡级", **over):
    values = {
        "seq": str(seq),
        "level1": level1,
        "level2": level2,
        "content": "政策依据；申请指南；补贴结果；监督渠道",
        "basis": "《农业生产发展资金管理办法》",
        "time_limit": LIMIT,
        "subject": "县级农业农村部门",
        "channels": "政府网站",
        "audience": "全社会",
        "mode": "主动",
        "levels": levels,
    }
    values.update(over)
    return [values[key] for key, _ in HEADERS]


def xlsx(rows):
    return workbook_bytes([label for _, label in HEADERS], rows)


@pytest.fixture
def streets(district):
    return (
        make_agency("金桥街道", kind=AgencyKind.STREET, parent=district),
        make_agency("军粮城街道", kind=AgencyKind.STREET, parent=district),
    )


@pytest.fixture
def street_admin(streets):
    return make_user("jq_admin", [(streets[0], Role.AGENCY_ADMIN)])
