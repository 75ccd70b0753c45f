"""政策明白纸: drafted from the conditions, edited by staff, one A4 page PDF with embedded fonts, PNG, QR code."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from zwgk.core.tests.test_documents_output import fonts_of
from zwgk.policymatch.conditions import parse, registry
from zwgk.policymatch.leaflet_text import LeafletText, audience, deadline
from zwgk.policymatch.models import Leaflet
from zwgk.policymatch.tests.helpers import published_policy, with_conditions
from zwgk.testing import login

pytestmark = pytest.mark.django_db

LIUSHUI = {
    "all": [
        {
            "any": [
                {"field": "size", "op": "in", "value": ["小型", "微型"], "clause": "第一条"},
                {"field": "employees", "op": "<=", "value": 300, "clause": "第一条"},
            ]
        },
        {"not": {"field": "tax_credit", "op": "in", "value": ["D"], "clause": "第三条"}},
    ]
}


@pytest.fixture
def policy(agency_a, drafter_a, reviewer_a, signer_a):
    record = published_policy(agency_a, drafter_a, reviewer_a, signer_a, "关于落实“六税两费”减免政策的通知")
    with_conditions(
        record, drafter_a, LIUSHUI, closes_on="2025-12-31", channel="电子税务局", delivery="automatic"
    )
    return record


def test_who_it_is_for_reads_the_conditions_with_their_clauses():
    text = audience(parse(LIUSHUI, "enterprise", registry()))
    assert text.splitlines() == [
        "同时符合以下条件的企业：",
        "1. 企业规模属于小型、微型，或从业人数不超过300（第一条）",
        "2. 纳税信用等级不属于D（第三条）",
    ]
    from datetime import date

    assert deadline(None, date(2025, 12, 31)) == "即日起至2025年12月31日"
    assert deadline(None, None) == "常年受理"


def test_too_long_or_empty_text_is_refused_so_it_fits_one_page():
    text = LeafletText("标题", "", "内容" * 400, "申请", "长期", "电话")
    assert text.problems() == ["适用对象不能为空", "政策内容不超过 700 字（现 800 字），否则一页印不下"]


def test_staff_edit_the_draft_then_download_a_one_page_pdf_with_embedded_fonts_and_a_png(
    policy, drafter_a, tmp_path
):
    client = login(drafter_a)
    url = reverse("policymatch:workspace_leaflet", args=[policy.pk])
    page = client.get(url).content.decode()
    assert "1. 企业规模属于小型、微型，或从业人数不超过300（第一条）" in page
    assert "免申即享" in page and "即日起至2025年12月31日" in page
    values = {
        "action": "save",
        "title": "“六税两费”减免明白纸",
        "audience": "小型微利企业和个体工商户",
        "benefits": "减半征收资源税、城市维护建设税、房产税、城镇土地使用税、印花税、耕地占用税和教育费附加、地方教育附加。",
        "how_to_apply": "免申即享，电子税务局自动减免。",
        "deadline": "2025年12月31日",
        "contacts": "区税务局 022-12345678",
    }
    bad = client.post(url, {**values, "contacts": ""})
    assert bad.status_code == 400 and "咨询电话不能为空" in bad.content.decode()
    assert "减半征收资源税" in bad.content.decode()  # what was typed is kept
    assert client.post(url, values).status_code == 302
    assert Leaflet.objects.get(record=policy).contacts == "区税务局 022-12345678"

    pdf = client.get(reverse("policymatch:workspace_leaflet_file", args=[policy.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.content))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    text = reader.pages[0].extract_text()
    assert (
        "“六税两费”减免明白纸" in text
        and "022-12345678" in text
        and reverse("documents:record", args=[policy.pk]) in text
    )
    assert all(emb == "yes" for _, emb in fonts_of(pdf.content, tmp_path))

    png = client.get(reverse("policymatch:workspace_leaflet_file", args=[policy.pk, "png"]))
    assert png.status_code == 200 and png["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(png.content))
    assert image.width == 1080 and image.height > 1000
    # The QR code in the PNG's lower part: dark modules on white, after the text.
    assert image.convert("L").crop((64, image.height - 400, 400, image.height - 64)).getextrema() == (0, 255)


def test_only_editors_of_the_agency(policy, staff_b, signer_a):
    url = reverse("policymatch:workspace_leaflet_file", args=[policy.pk, "pdf"])
    assert login(staff_b).get(url).status_code == 404
    assert login(signer_a).get(url).status_code == 403
    assert (
        login(signer_a)
        .post(reverse("policymatch:workspace_leaflet", args=[policy.pk]), {"action": "save"})
        .status_code
        == 403
    )
