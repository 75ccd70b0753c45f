"""No non-public dataset reaches a public surface: datasets in every non-public state carry LEAK markers in their
title, description and rows; no public response contains one, and deleting them changes no public response."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from zwgk.datasets.models import Dataset
from zwgk.datasets.tests.helpers import import_csv, publish_dataset, subsidy_csv
from zwgk.documents import actions as documents
from zwgk.documents.models import Record

pytestmark = pytest.mark.django_db


def rows(marker: str) -> bytes:
    return subsidy_csv(
        [["华明街道", f"{marker}村", f"{marker}补贴", "张建国", "", "1", "100", "100.00", "2025-11-20"]]
    )


def make(agency, drafter, marker, **kw):
    return import_csv(
        agency, drafter, "subsidy", rows(marker), title=f"{marker} 数据集", description=f"{marker} 说明", **kw
    )


@pytest.fixture
def world(agency_a, drafter_a, reviewer_a, signer_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        public = publish_dataset(make(agency_a, drafter_a, "PUBLIC1"), drafter_a, reviewer_a, signer_a)
        make(agency_a, drafter_a, "LEAK1")  # draft
        documents.submit(make(agency_a, drafter_a, "LEAK2").record, by=drafter_a)  # 待保密审查
        waiting = make(agency_a, drafter_a, "LEAK3").record
        documents.submit(waiting, by=drafter_a)
        documents.approve_review(waiting, by=reviewer_a, note="不涉密。")  # 待审签
        publish_dataset(
            make(agency_a, drafter_a, "LEAK4"),
            drafter_a,
            reviewer_a,
            signer_a,
            publish_at=timezone.now() + timedelta(days=3),  # scheduled
        )
        withdrawn = publish_dataset(make(agency_a, drafter_a, "LEAK5"), drafter_a, reviewer_a, signer_a)
        documents.withdraw(withdrawn.record, by=signer_a, reason="有误。")
    return public


def urls(public_pk: int) -> list[str]:
    pks = sorted(set(Dataset.objects.values_list("pk", flat=True)) | {public_pk})
    found = [
        "/",
        "/datasets/",
        "/datasets/?t=subsidy",
        "/api/v1/datasets/",
        "/api/v1/datasets/?page_size=100",
    ]
    found += ["/sitemap.xml", "/search/?q=数据集", "/api/search/?q=补贴", "/xxgk/"]
    for pk in pks:
        found += [
            f"/datasets/{pk}/",
            f"/datasets/{pk}/?q=补贴",
            f"/datasets/{pk}/download.csv",
            f"/datasets/{pk}/download.xlsx",
            f"/api/v1/datasets/{pk}/rows/",
            f"/xxgk/records/{pk}/",
        ]
    return found


def snapshot(paths: list[str]) -> dict[str, tuple[int, bytes]]:
    client = Client()
    out = {}
    for path in paths:
        response = client.get(path)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        out[path] = (response.status_code, content)
    return out


def test_no_non_public_dataset_reaches_a_public_surface(world):
    paths = urls(world.pk)
    before = snapshot(paths)
    assert before[f"/datasets/{world.pk}/"][0] == 200
    assert b"PUBLIC1" in before[f"/datasets/{world.pk}/"][1]
    assert (
        b"PUBLIC1" in before["/search/?q=数据集"][1]
    )  # the index is written, and only the public one is in it
    assert b"PUBLIC1" in before["/api/v1/datasets/"][1]
    leaks = [p for p, (_, content) in before.items() if b"LEAK" in content]
    assert leaks == []
    assert Dataset.objects.count() == 6
    non_public = Record.objects.exclude(pk__in=Record.objects.public())
    assert non_public.count() == 5
    for record in non_public:
        record.delete()
    after = snapshot(paths)
    changed = [p for p in paths if before[p] != after[p] and "/xlsx" not in p and not p.endswith(".xlsx")]
    assert changed == []
