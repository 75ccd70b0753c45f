"""Issue 13: no Content-Security-Policy or Permissions-Policy on any page, and staff pages and exports with
applicants' personal data sent no `Cache-Control: private, no-store`. This walks every URL pattern — including
patterns other apps add later — as an anonymous visitor and as staff, and checks the headers of each answer."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from zwgk.accounts.roles import Role
from zwgk.core.headers import CONTENT_SECURITY_POLICY, ERROR_PAGE_STYLE_HASH
from zwgk.testing import make_user

pytestmark = pytest.mark.django_db
TEMPLATES = sorted(Path(__file__).resolve().parents[2].glob("*/templates/**/*.html"))
SAMPLE = {"int": "1", "str": "x", "slug": "x", "path": "x", "uuid": "00000000-0000-0000-0000-000000000001"}


def _walk(patterns, prefix=""):
    for entry in patterns:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern):
            yield prefix + route


def _concrete(route: str) -> str | None:
    if route.startswith("^") or "(?P" in route:
        return None  # the admin's regex patterns: walked through their plain siblings
    path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE.get(m.group(1) or "str", "x"), route)
    return "/" + path


def urls() -> list[str]:
    found = {_concrete(r) for r in _walk(get_resolver().url_patterns)}
    paths = sorted(p for p in found if p and not p.startswith("/static/"))
    return paths + [p + "?export=xlsx" for p in paths if p.startswith("/workspace/") and p.endswith("/")]


def _check(response, path: str, *, private: bool) -> list[str]:
    problems = []
    csp = response.get("Content-Security-Policy", "")
    if "script-src 'self'" not in csp and "default-src 'none'" not in csp:
        problems.append(f"{path}: CSP {csp!r}")
    if "'unsafe-inline'" in csp.split("script-src", 1)[-1].split(";", 1)[0] and "script-src" in csp:
        problems.append(f"{path}: inline scripts allowed")
    if "camera=()" not in response.get("Permissions-Policy", "") and "default-src 'none'" not in csp:
        problems.append(f"{path}: Permissions-Policy missing")
    if private:
        cache = response.get("Cache-Control", "")
        if "private" not in cache or "no-store" not in cache:
            problems.append(f"{path}: Cache-Control {cache!r}")
    return problems


def test_every_url_answers_with_csp_permissions_policy_and_private_caching(office, agency_a):
    staff = make_user(
        "walker",
        [(office, Role.DISTRICT_ADMIN), (office, Role.AGENCY_ADMIN), (agency_a, Role.APPLICATION_HANDLER)],
    )
    anonymous = Client(raise_request_exception=False)
    logged_in = Client(raise_request_exception=False)
    logged_in.force_login(staff)
    problems: list[str] = []
    walked = urls()
    assert len(walked) > 100  # every app's patterns, not a hand-picked list
    for path in walked:
        if path.startswith("/accounts/logout"):
            continue
        anon = anonymous.get(path)
        private_path = path.startswith(("/workspace/", "/apply/done/", "/apply/status/", "/accounts/"))
        problems += _check(anon, path, private=private_path)
        problems += _check(logged_in.get(path), path + " (staff)", private=True)
    assert not problems, "\n".join(problems[:40])


def test_templates_have_no_inline_scripts_or_handlers():
    """CSP script-src 'self' holds only while JavaScript stays in static files."""
    offenders = []
    for template in TEMPLATES:
        text = template.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"\son[a-z]+\s*=", text):
            offenders.append(str(template))
    assert not offenders


def test_the_error_page_style_hash_matches_its_template():
    text = (Path(__file__).resolve().parents[1] / "templates" / "500.html").read_text()
    style = re.search(r"<style>(.*?)</style>", text, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert f"sha256-{digest}" == ERROR_PAGE_STYLE_HASH and ERROR_PAGE_STYLE_HASH in CONTENT_SECURITY_POLICY
