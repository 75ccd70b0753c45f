"""The demo of issue 17 (make demo): the 2026 catalogue published with three decisions at different stages, one
draft open for comment with article comments, one closed consultation with its feedback report and the final policy
(with its interpretation) linked both ways; a 公示 of 5 working days live, and a 特定范围公开 record with its display
log that never appears publicly. Loaded once for the module."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from zwgk.decisions.models import Catalogue, Decision
from zwgk.documents.models import DisplayLog, Record
from zwgk.participation.models import Consultation
from zwgk.testdata import load_demo

pytestmark = pytest.mark.django_db

PARTS = "agencies,accounts,政府信息与政策解读,保密审查敏感词库,公开方式与公示,participation,decisions"


def test_the_demo_shows_every_part_of_issue_17():
    printed = load_demo(only=PARTS)
    assert "重大行政决策" in printed and "公开方式与公示" in printed
    client = Client()
    year = timezone.localdate().year
    catalogue = Catalogue.objects.public().get()
    assert catalogue.year == year
    labels = {d.current_stage_label for d in Decision.objects.public()}
    assert len(labels) == 3 and "公众参与" in labels and "合法性审查" in labels

    open_c = next(c for c in Consultation.objects.public() if c.is_open())
    assert open_c.comments.filter(unit_number__isnull=False).exists()
    page = client.get(f"/participation/{open_c.pk}/").content.decode()
    assert "对第三条提意见" in page and "13820005678" not in page

    closed = Consultation.objects.public().get(feedback_published_at__isnull=False)
    final = closed.final_record
    assert final is not None and final.is_public and final.interpretations.filter(status="published").exists()
    assert f"/xxgk/records/{final.pk}/" in client.get(f"/participation/{closed.pk}/").content.decode()
    assert f"/participation/{closed.pk}/" in client.get(f"/xxgk/records/{final.pk}/").content.decode()

    publicity = Record.objects.get(source_key="demo:publicity-renovation")
    assert publicity.is_public and publicity.publicity_ends is not None
    assert "公示期" in client.get(f"/xxgk/records/{publicity.pk}/").content.decode()
    limited = Record.objects.get(source_key="demo:limited-public-jobs")
    assert limited.status == "published" and not Record.objects.public().filter(pk=limited.pk).exists()
    assert DisplayLog.objects.filter(record=limited).exists()
    assert client.get(f"/xxgk/records/{limited.pk}/").status_code == 404

    assert load_demo(only=PARTS)  # idempotent: nothing is added twice
    assert (
        DisplayLog.objects.count() == 1
        and Decision.objects.count() == 3
        and Consultation.objects.count() == 2
    )
