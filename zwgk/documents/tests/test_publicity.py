"""公示 and 公开方式: a 5-working-day 公示 leaves every public surface when its last day ends (the clock moved with
time_machine, caches warm, with and without the sweeper); a 特定范围公开 record never reaches the website and its
display is logged with a photo; the modes are checked; ending early, extending and logging are permission-checked."""

from __future__ import annotations

import io
from datetime import date

import pytest
import time_machine
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from zwgk.audit.models import AuditEvent
from zwgk.core.errors import Refused
from zwgk.documents import publicity
from zwgk.documents.models import DisplayLog, Record
from zwgk.documents.tests.helpers import draft, publish
from zwgk.search.models import SearchEntry
from zwgk.testing import login

pytestmark = pytest.mark.django_db

TZ = "+08:00"
PUBLICITY_TITLE = "关于东丽区2026年第二批老旧小区改造项目的公示"


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def surfaces(record: Record) -> dict[str, str]:
    """Every public surface a record can appear on, as text (anonymous visitor, display cookie unset)."""
    client = Client()
    urls = [
        f"/xxgk/records/{record.pk}/",
        "/xxgk/",
        "/xxgk/policies/",
        f"/xxgk/agency/{record.agency.code}/",
        f"/xxgk/statutory/{record.statutory_category}/",
        "/xxgk/feed/rss/",
        "/xxgk/feed/atom/",
        "/sitemap-records.xml",
        "/api/v1/records/",
        f"/api/v1/records/{record.pk}/",
        "/",
        "/search/?q=老旧小区",
    ]
    out = {}
    for url in urls:
        response = client.get(url)
        out[url] = f"{response.status_code} " + response.content.decode("utf-8", errors="ignore")
    return out


def _shows(pages: dict[str, str], title: str, record: Record | None = None) -> list[str]:
    """The surfaces that show the record: its title, or a link to its page (the sitemap lists addresses only)."""
    link = f"/xxgk/records/{record.pk}/" if record is not None else "\0"
    # A page echoes its own address (the display-mode switch returns to it): that is not a link to the record.
    return [
        url for url, text in pages.items() if title in text or (url != link and link in text.split(" ", 1)[1])
    ]


@pytest.fixture
def publicity_record(agency_a, drafter_a, reviewer_a, signer_a, django_capture_on_commit_callbacks, settings):
    settings.DOCUMENTS_PUBLIC_CACHE_SECONDS = 300
    cache.clear()
    # Thursday 4 June 2026: days 1–5 are 4, 5, 8, 9, 10 June (the weekend is not counted).
    with time_machine.travel(f"2026-06-04 09:00:00{TZ}", tick=False):
        record = draft(
            agency_a,
            drafter_a,
            title=PUBLICITY_TITLE,
            doc_number="",
            body="拟实施改造的小区名单如下：……公示期内如有异议，请向区住建委反映。",
            disclosure_modes=["internet", "publicity"],
            publicity_days=5,
        )
        with django_capture_on_commit_callbacks(execute=True):
            publish(record, drafter_a, reviewer_a, signer_a)
    record.refresh_from_db()
    return record


def test_a_five_working_day_publicity_leaves_every_surface_when_it_ends(
    publicity_record, django_capture_on_commit_callbacks, admin_a
):
    record = publicity_record
    assert (record.publicity_starts, record.publicity_ends) == (date(2026, 6, 4), date(2026, 6, 10))
    assert record.on_internet
    with time_machine.travel(f"2026-06-10 23:59:00{TZ}", tick=False):
        live = surfaces(record)  # the last day: shown everywhere, and every page is now in the public cache
        assert set(_shows(live, PUBLICITY_TITLE, record)) >= {
            f"/xxgk/records/{record.pk}/",
            "/xxgk/policies/",
            "/xxgk/feed/rss/",
            "/sitemap-records.xml",
            "/api/v1/records/",
            "/search/?q=老旧小区",
        }
        assert SearchEntry.objects.filter(title=PUBLICITY_TITLE).exists()
    with time_machine.travel(f"2026-06-11 00:00:01{TZ}", tick=False):
        # Midnight, before any sweeper ran: public() already excludes it and no cached page still shows it
        # (the search index still holds its entry, but a result is only listed after reading the page).
        assert not Record.objects.public().filter(pk=record.pk).exists()
        assert not record.is_public
        ended = surfaces(record)
        assert [u for u in _shows(ended, PUBLICITY_TITLE, record) if not u.startswith("/search/")] == []
        assert ended[f"/xxgk/records/{record.pk}/"].startswith("404")
        assert ended[f"/api/v1/records/{record.pk}/"].startswith("404")
        with django_capture_on_commit_callbacks(execute=True):
            assert publicity.end_due_publicity() == 1
        assert publicity.end_due_publicity() == 0  # once
        assert not SearchEntry.objects.filter(title=PUBLICITY_TITLE).exists()
        assert _shows(surfaces(record), PUBLICITY_TITLE, record) == []
        event = AuditEvent.objects.get(action="documents.publicity_ended")
        assert "公示期满（2026-06-10）" in event.summary
        # Kept in the workspace with its history.
        page = login(admin_a).get(f"/workspace/documents/{record.pk}/").content.decode()
        assert PUBLICITY_TITLE in page and "已结束" in page and "2026-06-10" in page


def test_a_limited_record_never_reaches_the_website_and_its_display_is_logged(
    client, agency_a, drafter_a, reviewer_a, signer_a, staff_b, django_capture_on_commit_callbacks
):
    with time_machine.travel(f"2026-06-04 09:00:00{TZ}", tick=False):
        record = draft(
            agency_a,
            drafter_a,
            title="某村2026年度低保对象名单",
            doc_number="",
            body="低保对象名单（12户）见村务公开栏张贴件。",
            disclosure_modes=["limited", "notice_board"],
        )
        with django_capture_on_commit_callbacks(execute=True):
            publish(record, drafter_a, reviewer_a, signer_a)
        record.refresh_from_db()
        assert record.status == "published" and not record.on_internet
        assert not Record.objects.public().filter(pk=record.pk).exists()
        assert _shows(surfaces(record), "低保对象名单") == []
        assert not SearchEntry.objects.filter(title__contains="低保对象").exists()

        staff = login(drafter_a)
        page = staff.get(f"/workspace/documents/{record.pk}/").content.decode()
        assert "特定范围公开" in page and "登记公开情况" in page
        url = f"/workspace/documents/{record.pk}/display/"
        bad = staff.post(
            url, {"mode": "limited", "place": "", "audience": "本村村民", "starts": "2026-06-04"}
        )
        assert "请填写“公开地点”" in bad.content.decode() and not DisplayLog.objects.exists()
        response = staff.post(
            url,
            {
                "mode": "notice_board",
                "place": "某村村务公开栏",
                "audience": "本村村民",
                "starts": "2026-06-04",
                "ends": "2026-06-10",
                "photo": SimpleUploadedFile("公开栏.png", _png(), content_type="image/png"),
            },
        )
        assert response.status_code == 302
        log = DisplayLog.objects.get()
        assert (log.place, log.audience, log.ends) == ("某村村务公开栏", "本村村民", date(2026, 6, 10))
        assert AuditEvent.objects.filter(action="documents.display_logged").count() == 1
        page = staff.get(f"/workspace/documents/{record.pk}/").content.decode()
        assert "某村村务公开栏" in page and "2026-06-04 至 2026-06-10" in page
        photo = staff.get(f"/workspace/documents/display/{log.pk}/photo/")
        assert photo.status_code == 200 and photo["Cache-Control"] == "private, no-store"
        assert b"".join(photo.streaming_content) == _png()
        # Another agency's staff neither see the photo nor log; a fake image is refused.
        assert login(staff_b).get(f"/workspace/documents/display/{log.pk}/photo/").status_code == 403
        with pytest.raises(PermissionDenied):
            publicity.log_display(
                record, {"mode": "limited", "place": "x", "starts": date(2026, 6, 4)}, by=staff_b
            )
        fake = staff.post(
            url,
            {
                "mode": "limited",
                "place": "村委会",
                "starts": "2026-06-04",
                "photo": SimpleUploadedFile("x.png", b"not an image", content_type="image/png"),
            },
        )
        assert fake.status_code == 200 and DisplayLog.objects.count() == 1
        assert client.get(f"/workspace/documents/display/{log.pk}/photo/").status_code == 302  # login first


def test_the_modes_are_checked_where_they_are_typed(agency_a, drafter_a):
    with pytest.raises(Refused, match="特定范围公开的信息不在互联网公开"):
        draft(agency_a, drafter_a, disclosure_modes=["limited", "internet"])
    with pytest.raises(Refused, match="公示须填写公示期"):
        draft(agency_a, drafter_a, disclosure_modes=["publicity"])
    with pytest.raises(Refused, match="规章和行政规范性文件"):
        draft(
            agency_a, drafter_a, disclosure_modes=["publicity"], publicity_days=5, normative_kind="normative"
        )
    with pytest.raises(Refused, match="不是可选的公开方式"):
        draft(agency_a, drafter_a, disclosure_modes=["website"])
    record = draft(agency_a, drafter_a, disclosure_modes=["notice_board", "internet"], publicity_days=5)
    assert record.disclosure_modes == ["internet", "notice_board"] and record.on_internet
    assert record.publicity_days is None  # a period without 公示 is dropped
    page = login(drafter_a).post(
        "/workspace/documents/new/",
        {"title": "公示测试", "disclosure_modes": ["publicity"], "publicity_days": "", "publicity_ends": ""},
    )
    assert "公示须填写公示期" in page.content.decode()


def test_ending_early_and_extending_are_checked_and_audited(
    publicity_record, drafter_a, signer_a, staff_b, django_capture_on_commit_callbacks
):
    record = publicity_record
    with time_machine.travel(f"2026-06-08 10:00:00{TZ}", tick=False):
        with pytest.raises(PermissionDenied):
            publicity.extend_publicity(record, by=drafter_a, reason="延长", working_days=3)
        with pytest.raises(Refused, match="理由"):
            publicity.extend_publicity(record, by=signer_a, reason=" ", working_days=3)
        publicity.extend_publicity(record, by=signer_a, reason="收到较多意见，延长公示", working_days=3)
        record.refresh_from_db()
        assert record.publicity_ends == date(2026, 6, 15)  # 11, 12, 15 June
        with pytest.raises(PermissionDenied):
            publicity.end_publicity(record, by=staff_b, reason="x")
        with django_capture_on_commit_callbacks(execute=True):
            publicity.end_publicity(record, by=signer_a, reason="名单有误，更正后重新公示")
        assert not Record.objects.public().filter(pk=record.pk).exists()
        with pytest.raises(Refused, match="已经结束"):
            publicity.end_publicity(record, by=signer_a, reason="again")
        assert (
            AuditEvent.objects.filter(
                action__in=["documents.publicity_extended", "documents.publicity_ended_early"]
            ).count()
            == 2
        )
