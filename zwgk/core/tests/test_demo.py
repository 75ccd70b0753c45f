"""`zwgk demo load` (what `make demo` runs) is idempotent, `--upto` loads a prefix of the parts, and the demo
directory holds every unit named in the work plan."""

import re
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from zwgk.agencies.models import Agency
from zwgk.testdata import load_demo, mission_text

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if m._meta.app_label != "sessions"
    }


@pytest.mark.slow
def test_demo_load_twice_changes_nothing_and_prints_logins():
    """The one test that loads the whole demo (every app's demo test loads only the parts it needs)."""
    first = load_demo()
    after_first = _counts()
    assert "] search …" in first and after_first["workplan.Plan"] >= 2  # every part ran, the plan too
    second = load_demo()
    assert _counts() == after_first
    assert "gkb" in second and "Dongli#2022demo" in second


def test_upto_loads_the_parts_up_to_the_named_one():
    printed = load_demo(upto="accounts")
    assert "[1/2] agencies" in printed and "[2/2] accounts" in printed
    assert Agency.objects.exists() and get_user_model().objects.filter(username="gkb").exists()
    assert not apps.get_model("documents", "Record").objects.exists()
    # The registered (display) name is accepted too.
    assert "[3/3] 政府信息与政策解读" in load_demo(upto="政府信息与政策解读")


def test_upto_an_unknown_part_is_refused_with_the_known_names():
    with pytest.raises(CommandError) as err:
        call_command("demo", "load", "--upto", "nonsense", stdout=StringIO())
    assert "没有名为 'nonsense' 的演示数据部分" in str(err.value) and "workplan" in str(err.value)
    assert not Agency.objects.exists()


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


def test_demo_directory_holds_every_unit_named_in_the_work_plan():
    call_command("demo", "load", "--upto", "agencies", stdout=StringIO())
    names = unit_names_in_plan(mission_text())
    known = {name for agency in Agency.objects.all() for name in agency.names()}
    assert len(names) > 25
    assert sorted(names - known) == []
