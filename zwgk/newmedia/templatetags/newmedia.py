"""`{% reposts_of record %}`: where a policy or interpretation was reposted by government accounts, for the
documents workspace pages (work plan item 十), without the documents app importing this one."""

from __future__ import annotations

from typing import Any

from django import template

from zwgk.documents.models import Interpretation, Record
from zwgk.newmedia.models import Repost

register = template.Library()


@register.inclusion_tag("newmedia/_reposts.html")
def reposts_of(document: Record | Interpretation) -> dict[str, Any]:
    field = "record" if isinstance(document, Record) else "interpretation"
    rows = Repost.objects.filter(**{field: document}).select_related("account__agency")[:20]
    return {"reposts": rows, "field": field, "document": document}
