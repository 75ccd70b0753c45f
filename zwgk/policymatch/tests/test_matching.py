"""Matching through the public surfaces: the `zwgk match` command and the /policies/match/ page."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from zwgk.documents import actions
from zwgk.documents.tests.helpers import draft
from zwgk.policymatch.tests.helpers import GRADUATES, published_policy, with_conditions

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(agency_a, drafter_a, reviewer_a, signer_a):
    people = (agency_a, drafter_a, reviewer_a, signer_a)
    open_now = published_policy(*people, "小微企业稳岗补贴申报通知")
    with_conditions(
        open_now, drafter_a, opens_on="2025-06-01", closes_on="2025-06-30", channel="网上办事大厅"
    )
    closed = published_policy(*people, "已截止的企业补贴")
    with_conditions(closed, drafter_a, closes_on="2025-06-09")
    not_yet = published_policy(*people, "尚未开始申报的企业补贴")
    with_conditions(not_yet, drafter_a, opens_on="2025-06-11")
    withdrawn = published_policy(*people, "已撤回的企业补贴")
    with_conditions(withdrawn, drafter_a)
    actions.withdraw(withdrawn, by=signer_a, reason="误发")
    persons = published_policy(*people, "高校毕业生就业补贴")
    with_conditions(persons, drafter_a, conditions=GRADUATES, profile_kind="person", delivery="automatic")
    draft(agency_a, drafter_a, title="草稿中的企业补贴")
    return {"open": open_now, "persons": persons}


def _run(tmp_path, profile, *extra):
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(profile, ensure_ascii=False), encoding="utf-8")
    return call_command("match", "--profile", str(path), *extra)


def test_command_prints_only_open_public_policies_with_reasons(world, tmp_path, capsys):
    _run(tmp_path, {"kind": "enterprise", "fields": {"size": "小型", "tax_credit": "A"}}, "--json")
    payload = json.loads(capsys.readouterr().out)
    assert payload == {
        "results": [
            {
                "record": world["open"].pk,
                "title": "小微企业稳岗补贴申报通知",
                "level": "eligible",
                "met": [
                    {"condition": "企业规模属于小型、微型", "clause": "第二条第一款"},
                    {"condition": "纳税信用等级不等于D", "clause": "第三条"},
                ],
                "failed": [],
                "unknown": [],
            }
        ]
    }
    _run(tmp_path, {"kind": "enterprise", "fields": {"size": "大型"}})
    text = capsys.readouterr().out
    assert (
        "[不符合] 小微企业稳岗补贴申报通知" in text
        and "不满足：企业规模属于小型、微型（第二条第一款）" in text
    )


def test_command_maybe_and_person_profiles(world, tmp_path, capsys):
    _run(tmp_path, {"kind": "enterprise", "fields": {"size": "微型"}}, "--json")
    (result,) = json.loads(capsys.readouterr().out)["results"]
    assert result["level"] == "maybe"
    assert result["unknown"] == [{"condition": "纳税信用等级不等于D", "clause": "第三条"}]
    _run(tmp_path, {"kind": "person", "fields": {"graduate": True, "age": 23}}, "--json")
    (result,) = json.loads(capsys.readouterr().out)["results"]
    assert (result["record"], result["level"]) == (world["persons"].pk, "eligible")


@pytest.mark.parametrize(
    ("profile", "named"),
    [
        ({"kind": "enterprise", "fields": {"colour": "red"}}, "colour"),
        ({"kind": "enterprise", "fields": {"employees": "很多"}}, "employees（从业人数）"),
        ({"kind": "enterprise", "fields": {"age": 30}}, "age"),  # a person field in an enterprise profile
        ({"kind": "robot", "fields": {}}, "kind"),
    ],
)
def test_command_refuses_a_bad_profile_with_exit_2_naming_the_field(world, tmp_path, capsys, profile, named):
    with pytest.raises(SystemExit) as exit_info:
        _run(tmp_path, profile)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert f"错误：{named}" in err and f"error: {named}" in err


def test_public_page_matches_without_login_and_keeps_what_was_typed(world):
    client = Client()
    url = reverse("policymatch:match")
    page = client.get(url)
    assert page.status_code == 200 and "企业规模" in page.content.decode()
    answer = client.post(url, {"kind": "enterprise", "f_size": "中型", "f_employees": "120"})
    html = answer.content.decode()
    assert answer.status_code == 200
    assert "小微企业稳岗补贴申报通知" in html and "<strong>不符合</strong>" in html
    assert "企业规模属于小型、微型（第二条第一款）" in html
    assert 'value="120"' in html
    for hidden in ("已截止", "尚未开始", "已撤回", "草稿中", "高校毕业生就业补贴"):
        assert hidden not in html


def test_public_page_shows_a_wrong_entry_next_to_its_field(world):
    answer = Client().post(reverse("policymatch:match"), {"kind": "enterprise", "f_employees": "许多"})
    html = answer.content.decode()
    assert answer.status_code == 200
    assert 'aria-invalid="true"' in html and "应为整数" in html
    assert "比对结果" not in html


def test_person_page(world):
    html = (
        Client().post(reverse("policymatch:match"), {"kind": "person", "f_graduate": "true"}).content.decode()
    )
    assert "高校毕业生就业补贴" in html and "<strong>符合</strong>" in html
