"""Template filters of the public pages, loaded as builtins (settings.TEMPLATES): tap-to-call phone links."""

from __future__ import annotations

import re

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()

# A phone number as agencies write it: digits with optional area code in brackets, dashes, spaces, extension.
_PHONE = re.compile(
    r"1[3-9]\d{9}(?!\d)|(?:\+?86[- ]?)?(?:\(?0\d{2,3}\)?[- ]?)?\d{7,8}(?:[-转]\d{1,5})?|12345"
)


def _dial(number: str) -> str:
    digits = re.sub(r"[^\d+]", "", number.split("转")[0])
    return digits


@register.filter
def tel_link(value: object) -> SafeString:
    """Each phone number in the text becomes a `tel:` link; the rest of the text stays as written (escaped)."""
    text = "" if value is None else str(value)
    parts: list[tuple[str, ...]] = []
    last = 0
    for match in _PHONE.finditer(text):
        parts.append(("{}", text[last : match.start()]))
        parts.append(('<a href="tel:{}">{}</a>', _dial(match.group()), match.group()))
        last = match.end()
    parts.append(("{}", text[last:]))
    return format_html_join("", "{}", ((format_html(fmt, *args),) for fmt, *args in parts))


@register.filter
def event_label(code: object) -> str:
    """The Chinese name of an audit event code (zwgk/audit/labels.py)."""
    from zwgk.audit.labels import event_label as label

    return label(str(code))


@register.filter
def source_label(source: object) -> str:
    """The Chinese name of a search index source such as documents.record (政府信息)."""
    from zwgk.audit.labels import source_label as label

    return label(str(source))
