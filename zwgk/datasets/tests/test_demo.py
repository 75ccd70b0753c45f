"""The 数据公开 demo: every dataset imported and published through the actions, masked, a villager finds her village;
loading twice adds nothing."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from zwgk.accounts import demo as accounts_demo
from zwgk.agencies import demo as agencies_demo
from zwgk.core.registry import DemoContext
from zwgk.datasets import demo
from zwgk.datasets.models import Dataset, DatasetRow
from zwgk.datasets.templates import MAJOR_PROJECT_STAGES, PROCUREMENT_STAGES
from zwgk.testing import login

pytestmark = pytest.mark.django_db


def test_demo_datasets_are_published_masked_and_idempotent():
    ctx = DemoContext(verbose=False)
    agencies_demo.load(ctx)
    accounts_demo.load(ctx)
    demo.load(ctx)
    by_template = {
        d.template: d for d in Dataset.objects.public().filter(record__source_key__endswith="-2025-gengdi")
    }
    subsidy = by_template["subsidy"]
    assert subsidy.row_count == 3000
    rows = DatasetRow.objects.filter(dataset=subsidy)
    assert rows.values("group").distinct().count() == 24
    for data in rows.values_list("data", flat=True)[:500]:
        assert re.fullmatch(r"1201\*{10}\d{3}[\dX]", data["id_number"])
        assert "*" in data["name"]
    public = {d.template for d in Dataset.objects.public()}
    assert {"admission", "subsidy", "procurement", "major_project", "epidemic"} <= public
    procurement = Dataset.objects.get(template="procurement")
    project = DatasetRow.objects.filter(dataset=procurement, group="DLCG-2026-018")
    assert {r.data["stage"] for r in project} == set(PROCUREMENT_STAGES)
    major = Dataset.objects.get(template="major_project")
    assert {r.data["stage"] for r in DatasetRow.objects.filter(dataset=major)} == set(MAJOR_PROJECT_STAGES)
    page = Client().get(f"/datasets/{subsidy.pk}/", {"f_village": "赤土村"}).content.decode()
    assert "共 125 条" in page and "华明街道" in page
    ended = Dataset.objects.get(record__source_key="demo:datasets:subsidy-2025-nongji")
    assert ended not in Dataset.objects.public() and ended.record.publicity_ended_at is not None
    assert Client().get(f"/datasets/{ended.pk}/").status_code == 404
    staff = login(ctx.data["users"]["zfb_sq"]).get(f"/workspace/datasets/{ended.pk}/")
    assert staff.status_code == 404  # another agency's staff
    nyw = type(ctx.data["users"]["zfb_sq"]).objects.get(username="nyw_xxy")
    assert "公示期满" in login(nyw).get(f"/workspace/datasets/{ended.pk}/").content.decode()
    count = DatasetRow.objects.count()
    demo.load(DemoContext(verbose=False, data=ctx.data))
    assert DatasetRow.objects.count() == count and Dataset.objects.count() == 6
