"""Forms that forgive: an error summary linking to each field, field-specific messages, references that resolve on
every page, the identity proof kept across a failed submit, the status link that asks for the code."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from zwgk.applications.models import Application
from zwgk.applications.tests.factories import form_post, proof
from zwgk.testing import login

pytestmark = pytest.mark.django_db

ID = re.compile(r'\sid="([^"]+)"')
REFS = re.compile(r'\saria-(?:describedby|labelledby)="([^"]+)"')


def broken_references(html: str) -> list[str]:
    ids = set(ID.findall(html))
    return [ref for refs in REFS.findall(html) for ref in refs.split() if ref not in ids]


def _plain_paths(resolvers: list, prefix: str = "") -> list[str]:
    """Every URL pattern without path parameters, as a path."""
    paths = []
    for entry in resolvers:
        route = prefix + str(entry.pattern)
        if "<" in route or "(?P" in route or "django-admin" in route:
            continue
        if isinstance(entry, URLResolver):
            paths += _plain_paths(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            paths.append("/" + route.lstrip("^").rstrip("$"))
    return sorted(set(paths))


@pytest.fixture(autouse=True)
def _no_rate_limit():
    from django.core.cache import cache

    cache.clear()


def test_every_page_without_parameters_has_only_references_that_resolve(client, gkb, agency_a):
    staff = login(gkb)
    checked = 0
    for path in _plain_paths(get_resolver().url_patterns):
        for visitor in (client, staff):
            response = visitor.get(path)
            if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
                continue
            checked += 1
            assert broken_references(response.content.decode()) == [], path
    assert checked > 40


def test_failed_submit_shows_a_summary_with_field_messages_and_keeps_the_identity_proof(client, agency_a):
    data = form_post(agency_a.pk, phone="", description="")
    page = client.post("/apply/new/", data).content.decode()
    summary = re.search(
        r'<div class="error-summary" data-error-summary tabindex="-1" role="alert".*?</div>', page, re.S
    )
    assert summary, "error summary at the top"
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary.group())
    assert ("id_phone", "请填写“联系电话”") in links
    assert any(target == "id_description" for target, _ in links)
    assert "这个字段是必填项" not in page
    assert 'aria-describedby="id_phone_error"' in page and 'id="id_phone_error"' in page
    assert broken_references(page) == []
    # the identity proof chosen the first time is kept: shown by name, carried by a signed token
    assert "已选择：id.pdf" in page
    token = re.search(r'name="identity_proof_staged" value="([^"]+)"', page).group(1)
    retry = form_post(agency_a.pk, identity_proof_staged=token)
    del retry["identity_proof"]
    response = client.post("/apply/new/", retry)
    assert response.status_code == 302, response.content.decode()[:2000]
    app = Application.objects.get()
    assert app.identity_proof.read().startswith(b"%PDF")


def test_a_forged_staging_token_is_ignored(client, agency_a):
    retry = form_post(agency_a.pk, identity_proof_staged="forged:token")
    del retry["identity_proof"]
    page = client.post("/apply/new/", retry).content.decode()
    assert "请选择要上传的“身份证明”文件" in page and "已选择" not in page
    assert not Application.objects.exists()


def test_apply_form_fields_have_types_autocomplete_and_accept(client, agency_a):
    page = client.get("/apply/new/").content.decode()
    assert re.search(r'<input type="tel" name="phone"[^>]*autocomplete="tel"', page)
    assert re.search(r'<input type="email" name="email"[^>]*autocomplete="email"', page)
    assert re.search(r'name="identity_proof"[^>]*accept="[^"]*\.pdf', page)
    assert 'data-show-for="商业企业' in page and 'data-switch="applicant_type"' in page


def test_receipt_is_an_inline_pdf_for_the_visitor_who_submitted(client, agency_a):
    assert client.post("/apply/new/", form_post(agency_a.pk)).status_code == 302
    done = client.get("/apply/done/").content.decode()
    assert "/apply/done/receipt.pdf" in done and "Ctrl+P" not in done
    receipt = client.get("/apply/done/receipt.pdf")
    assert receipt.status_code == 200 and receipt.content.startswith(b"%PDF")
    assert receipt["Content-Disposition"].startswith("inline")
    assert Client().get("/apply/done/receipt.pdf").status_code == 302  # another browser: no receipt


def test_staged_upload_is_swept_after_its_time(settings, tmp_path):
    import os

    from zwgk.core import formuploads

    settings.DATA_DIR = tmp_path
    token = formuploads.stage(proof())
    assert formuploads.load(token) is not None
    for entry in (tmp_path / "upload-staging").iterdir():
        os.utime(entry, (0, 0))
    assert formuploads.sweep() == 1
    assert formuploads.load(token) is None
