"""`zwgk demo load` (what `make demo` runs) is idempotent and holds every unit named in the work plan."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from zwgk.agencies.models import Agency

pytestmark = pytest.mark.django_db

MISSION = (
    Path(__file__).resolve().parents[3].parent / "shared" / "mission" / "东丽区2022年政务公开工作要点.txt"
)


def _counts() -> dict[str, int]:
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if m._meta.app_label != "sessions"
    }


def test_demo_load_twice_changes_nothing_and_prints_logins():
    first = StringIO()
    call_command("demo", "load", stdout=first)
    after_first = _counts()
    second = StringIO()
    call_command("demo", "load", stdout=second)
    assert _counts() == after_first
    assert "gkb" in second.getvalue() and "Dongli#2022demo" in second.getvalue()


def unit_names_in_plan(text: str) -> set[str]:
    """Names in the trailing "（…负责落实）" of each numbered item, without collective names."""
    names: set[str] = set()
    for line in text.splitlines():
        line = line.strip()
        if not line.endswith("落实）"):
            continue
        tail = line[line.rindex("。") + 1 :].removeprefix("（").removesuffix("）")
        tail = re.sub(r"（[^（）]*）", "", tail)  # aliases such as 区委宣传部（区政府新闻办）
        for part in re.split(r"[、，,]", tail):
            part = re.sub(r"(等各相关部门|等部门|等)?(牵头|负责落实|协助落实)$", "", part.strip())
            part = re.sub(r"(等各相关部门|等部门|等)$", "", part)
            if (
                part
                and not part.startswith(("各", "区政府其他", "区政府各"))
                and not part.endswith("其他成员单位")
            ):
                names.add(part)
    return names


@pytest.mark.skipif(not MISSION.exists(), reason="../shared/mission is beside the clone in CI")
def test_demo_directory_holds_every_unit_named_in_the_work_plan():
    call_command("demo", "load", stdout=StringIO())
    names = unit_names_in_plan(MISSION.read_text(encoding="utf-8"))
    known = {name for agency in Agency.objects.all() for name in agency.names()}
    assert len(names) > 25
    assert sorted(names - known) == []
