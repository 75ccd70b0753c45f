"""The 公示 of a subsidy list: public during its period, gone from every public surface after its last day, still in
the workspace (kept for villagers to consult at the 村委会); templates without a 公示 refuse a period."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.test import Client

from zwgk.core.errors import Refused
from zwgk.datasets import actions
from zwgk.datasets.templates import BY_CODE
from zwgk.datasets.tests.helpers import csv_bytes, import_csv, publish_dataset
from zwgk.documents import publicity
from zwgk.documents.models import Record
from zwgk.testing import login

pytestmark = pytest.mark.django_db


@time_machine.travel("2026-06-01 10:00:00+08:00", tick=False)
def test_a_subsidy_list_leaves_the_site_after_its_publicity_and_stays_in_the_workspace(
    agency_a, drafter_a, reviewer_a, signer_a, subsidy_file
):
    dataset = import_csv(agency_a, drafter_a, "subsidy", subsidy_file, publicity_ends=date(2026, 6, 5))
    record = dataset.record
    assert record.disclosure_modes == ["publicity", "notice_board"] and record.on_internet
    publish_dataset(dataset, drafter_a, reviewer_a, signer_a)
    client = Client()
    urls = [
        f"/datasets/{dataset.pk}/",
        f"/datasets/{dataset.pk}/download.csv",
        f"/api/v1/datasets/{dataset.pk}/rows/",
    ]
    assert [client.get(u).status_code for u in urls] == [200, 200, 200]
    with time_machine.travel("2026-06-05 23:00:00+08:00", tick=False):
        assert client.get(urls[0]).status_code == 200  # the last day is included
    with time_machine.travel("2026-06-06 00:01:00+08:00", tick=False):
        assert [client.get(u).status_code for u in urls] == [404, 404, 404]
        assert client.get("/api/v1/datasets/").json()["count"] == 0
        assert publicity.end_due_publicity() == 1
        staff = login(drafter_a).get(f"/workspace/datasets/{dataset.pk}/").content.decode()
        assert "公示期满，已从政府网站撤下" in staff and "欧**英" in staff
        assert login(drafter_a).get(f"/workspace/datasets/{dataset.pk}/download.csv").status_code == 200
    assert Record.objects.get(pk=record.pk).publicity_ended_at is not None


@time_machine.travel("2026-06-01 10:00:00+08:00", tick=False)
def test_the_default_publicity_is_counted_in_working_days(
    agency_a, drafter_a, reviewer_a, signer_a, subsidy_file, settings
):
    settings.DATASETS_PUBLICITY_DAYS = 5
    dataset = publish_dataset(
        import_csv(agency_a, drafter_a, "subsidy", subsidy_file), drafter_a, reviewer_a, signer_a
    )
    record = Record.objects.get(pk=dataset.pk)
    assert record.publicity_days == 5 and record.publicity_starts == date(2026, 6, 1)
    assert record.publicity_ends == date(2026, 6, 5)


def test_a_template_without_publicity_refuses_a_period(agency_a, drafter_a):
    data = csv_bytes(
        ["学校", "批次", "最低分", "计划数", "录取数"], [["一中", "统招", "650.5", "100", "100"]]
    )
    with pytest.raises(Refused, match="不设公示期"):
        actions.import_dataset(
            agency_a, BY_CODE["admission"], data, "a.csv", by=drafter_a, title="录取", publicity_days=5
        )
    dataset = import_csv(agency_a, drafter_a, "admission", data)
    assert dataset.record.disclosure_modes == ["internet"]
