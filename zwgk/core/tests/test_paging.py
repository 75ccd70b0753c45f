"""Keyset pages (zwgk.core.paging): following 下一页 / 上一页 gives the same rows as offset pages, without OFFSET."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zwgk.core.paging import paginate
from zwgk.documents.models import Record
from zwgk.documents.tests.helpers import draft, publish

pytestmark = pytest.mark.django_db

NEXT = re.compile(r'href="\?([^"]*)" rel="next"')
PREV = re.compile(r'href="\?([^"]*)" rel="prev"')


@pytest.fixture
def records(agency_a, drafter_a, reviewer_a, signer_a):
    made = []
    for n in range(47):
        record = publish(
            draft(agency_a, drafter_a, title=f"分页测试文件{n:02d}"), drafter_a, reviewer_a, signer_a
        )
        made.append(record)
    # Ties on the ordering field: the id decides, on both sides of a page boundary.
    when = timezone.now() - timedelta(days=3)
    Record.objects.filter(pk__in=[r.pk for r in made[15:25]]).update(published_at=when)
    return made


def _offset_pages(per_page=20):
    qs = Record.objects.public().order_by("-published_at", "-id")
    ids = list(qs.values_list("pk", flat=True))
    return [ids[i : i + per_page] for i in range(0, len(ids), per_page)]


def _ids(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'href="/xxgk/records/(\d+)/"', html)]


def test_following_next_and_previous_gives_the_offset_pages_without_offset(records, agency_a):
    expected = _offset_pages()
    assert len(expected) == 3
    client = Client()
    base = f"/xxgk/agency/{agency_a.code}/?"
    html = client.get(base).content.decode()
    seen = [_ids(html)]
    url = base + NEXT.search(html).group(1).replace("&amp;", "&")
    while True:
        with CaptureQueriesContext(connection) as queries:
            html = client.get(url).content.decode()
        listed = [q["sql"] for q in queries if "documents_record" in q["sql"] and "LIMIT" in q["sql"]]
        assert listed and all("OFFSET" not in sql for sql in listed), listed
        assert "after=" in url
        seen.append(_ids(html))
        found = NEXT.search(html)
        if not found:
            break
        url = base + found.group(1).replace("&amp;", "&")
    assert seen == expected
    # And back: 上一页 from the last page carries `before` and lands on the middle page.
    back = base + PREV.search(html).group(1).replace("&amp;", "&")
    assert "before=" in back
    assert _ids(Client().get(back).content.decode()) == expected[1]


@pytest.mark.parametrize(
    "cursor", ["garbage", "2025-13-45T99:00:00~3", "~", "x~y", "9" * 200, "2025-01-01T00:00:00+08:00~abc"]
)
def test_a_cursor_that_does_not_parse_is_ignored(records, agency_a, cursor):
    response = Client().get(f"/xxgk/agency/{agency_a.code}/", {"page": "2", "after": cursor})
    assert response.status_code == 200
    assert _ids(response.content.decode()) == _offset_pages()[1]


def test_a_hand_written_cursor_without_a_time_zone_is_read_in_the_site_zone(records, agency_a):
    first = Record.objects.public().order_by("-published_at", "-id")[19]
    local = timezone.localtime(first.published_at).replace(tzinfo=None).isoformat()
    response = Client().get(f"/xxgk/agency/{agency_a.code}/", {"page": "2", "after": f"{local}~{first.pk}"})
    assert _ids(response.content.decode()) == _offset_pages()[1]


def test_a_page_number_alone_is_read_by_offset_and_an_unknown_ordering_is_not_keyset(records, rf):
    request = rf.get("/", {"page": "2", "after": "1"})
    page = paginate(request, Record.objects.public().order_by("title"), 20, keyset="published_at")
    assert [r.pk for r in page.object_list] == list(
        Record.objects.public().order_by("title").values_list("pk", flat=True)[20:40]
    )
    assert not hasattr(page, "next_cursor")


def test_audit_trail_pages_by_id(records, rf):
    from zwgk.audit.models import AuditEvent

    events = AuditEvent.objects.all()
    first = paginate(rf.get("/"), events, 50, keyset="id")
    assert first.next_cursor == str(list(first.object_list)[-1].pk)
    second = paginate(rf.get("/", {"page": "2", "after": first.next_cursor}), events, 50, keyset="id")
    assert [e.pk for e in second.object_list] == list(events.values_list("pk", flat=True)[50:100])
