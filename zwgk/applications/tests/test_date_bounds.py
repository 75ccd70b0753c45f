"""Issue 23 item 4 (dates without bounds): receipt and registration dates from 2008-05-01 (the Regulation)
through today, calculators refuse absurd years with a message, review cases cannot be dated in the future."""

from datetime import date

import pytest
import time_machine

from zwgk.applications import actions
from zwgk.applications.models import Application, ReviewCase
from zwgk.applications.tests.factories import applicant
from zwgk.applications.tests.test_commands import run
from zwgk.core.dates import REGULATION_FIRST_IN_FORCE, date_problem
from zwgk.core.errors import Refused
from zwgk.testing import login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-12-20 10:00 +0800", tick=False):
        yield


def test_the_shared_rule():
    today = date(2026, 12, 20)
    assert date_problem(REGULATION_FIRST_IN_FORCE, "收到申请日期", today=today) is None
    assert date_problem(today, "收到申请日期", today=today) is None
    assert "2008年5月1日" in date_problem(date(2008, 4, 30), "收到申请日期", today=today)
    assert "不能晚于今天" in date_problem(date(2026, 12, 21), "收到申请日期", today=today)


@pytest.mark.parametrize("day", ["0001-01-01", "1900-01-01", "2008-04-30", "2026-12-21", "9999-12-31"])
def test_staff_registration_refuses_dates_out_of_bounds(agency_a, handler_a, day):
    data = {**applicant(), "channel": "in_person", "submitted_on": day}
    response = login(handler_a).post("/workspace/applications/register/", data)
    html = response.content.decode()
    assert response.status_code == 200 and ("不能早于2008年5月1日" in html or "不能晚于今天" in html)
    assert not Application.objects.exists()


@pytest.mark.parametrize("day", [date(1, 1, 1), date(1900, 1, 1), date(2026, 12, 21)])
def test_the_action_refuses_them_too(agency_a, handler_a, day):
    with pytest.raises(Refused, match=r"不能早于2008年5月1日|不能晚于今天"):
        actions.register_by_staff(agency_a, applicant(), by=handler_a, channel="in_person", submitted_on=day)
    assert not Application.objects.exists()


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2028-01-01"])
def test_the_staff_deadline_calculator_answers_absurd_years_with_a_message(handler_a, day):
    response = login(handler_a).get(
        "/workspace/applications/deadline/", {"received": day, "working_days": 20}
    )
    html = response.content.decode()
    assert response.status_code == 200 and ("不能晚于2027-12-31" in html or "不能早于2008年5月1日" in html)


def test_the_deadline_command_refuses_absurd_years():
    code, out, err = run("deadline", "--received", "9999-12-31")
    assert code == 2 and "不能晚于" in err and "Traceback" not in err + out
    code, _, err = run("deadline", "--received", "1900-01-01", "--json")
    assert code == 2 and "2008年5月1日" in err


def test_review_cases_dated_in_the_future_are_refused(agency_a, handler_a):
    response = login(handler_a).post(
        "/workspace/applications/reviews/new/",
        {"kind": "review", "organ": "某区人民政府", "filed_on": "9999-12-31", "result": "尚未审结"},
    )
    assert response.status_code == 200 and "不能晚于今天" in response.content.decode()
    data = {"kind": "review", "organ": "某区人民政府", "filed_on": date(2027, 1, 5), "result": "尚未审结"}
    with pytest.raises(Refused, match="不能晚于今天"):
        actions.save_review_case(None, by=handler_a, agency=agency_a, data=data, application=None)
    assert not ReviewCase.objects.exists()
