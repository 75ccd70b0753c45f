"""Issue 13, item 8: a record created through an action with an unknown statutory-category code made its public
page answer 500 and broke its indexing. Actions now check values exactly like the forms (documents.validators)."""

from datetime import date

import pytest

from zwgk.core.errors import Refused
from zwgk.documents import actions, validators
from zwgk.documents.forms import RecordForm
from zwgk.documents.models import Record
from zwgk.documents.tests.helpers import draft, publish, record_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("statutory_category", "art99_unknown"),
        ("openness", "secret"),
        ("legal_ground", "because"),
        ("genre", "poem"),
        ("kind", "blog"),
        ("written_on", "2025-13-45"),
    ],
)
def test_bad_values_from_any_caller_are_refused_not_saved(agency_a, drafter_a, field, value):
    with pytest.raises(Refused):
        draft(agency_a, drafter_a, **{field: value})
    assert not Record.objects.exists()


def test_the_public_page_of_a_record_never_sees_an_unknown_category(
    client, agency_a, drafter_a, reviewer_a, signer_a
):
    record = draft(agency_a, drafter_a)
    publish(record, drafter_a, reviewer_a, signer_a)
    with pytest.raises(Refused, match="类别"):
        actions.correct_metadata(
            record, {"statutory_category": "art99"}, by=make_admin(agency_a), reason="更正"
        )
    assert client.get(f"/xxgk/records/{record.pk}/").status_code == 200


def make_admin(agency):
    from zwgk.accounts.roles import Role
    from zwgk.testing import make_user

    return make_user("corrector", [(agency, Role.AGENCY_ADMIN)])


def test_form_and_action_give_the_same_message(agency_a, drafter_a):
    data = record_data(openness="withheld", legal_ground="outside_proactive_scope", openness_reason="x")
    with pytest.raises(Refused) as refused:
        draft(agency_a, drafter_a, **data)
    form = RecordForm(data={**data, "theme": data["theme"].pk, "written_on": "2025-03-03"}, agency=agency_a)
    assert not form.is_valid()
    assert refused.value.message in form.errors["legal_ground"]
    problems = validators.record_problems(
        {"written_on": date(2025, 3, 3), "formed_on": date(2025, 3, 1)}, today=date(2025, 3, 5)
    )
    assert problems == [("formed_on", "信息形成或变更日期不能早于成文日期。")]
