"""Demo district: load the agency directory of 东丽区 (idempotent)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import transaction

from zwgk.agencies.models import Agency
from zwgk.core.registry import DemoContext

FIXTURE = Path(__file__).parent / "data" / "dongli_agencies.json"


def read_fixture() -> dict[str, Any]:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def _demo_contact(index: int, agency: dict[str, Any]) -> dict[str, str]:
    # Demo values only: a real installation enters each unit's published contact block.
    return {
        "disclosure_office": f"{agency['short_name']}政府信息公开工作机构",
        "office_address": f"天津市东丽区跃进路{index + 1}号",
        "office_hours": "周一至周五（法定节假日除外）上午9:00—12:00，下午13:30—17:00",
        "phone": f"022-8437{index:04d}",
        "fax": f"022-8438{index:04d}",
        "email": f"gk{agency['code']}@dongli.example.gov.cn",
        "website": "http://www.tjdl.gov.cn/",
        "postal_code": "300300",
    }


@transaction.atomic
def load_agencies() -> dict[str, Agency]:
    data = read_fixture()
    by_short: dict[str, Agency] = {}
    for index, item in enumerate(data["agencies"]):
        defaults = {
            "name": item["name"],
            "short_name": item["short_name"],
            "aliases": item["aliases"],
            "kind": item["kind"],
            "sort_order": item["sort_order"],
            "handles_applications": item["handles_applications"],
        }
        agency, created = Agency.objects.get_or_create(code=item["code"], defaults=defaults)
        if created:
            for field, value in _demo_contact(index, item).items():
                setattr(agency, field, value)
            agency.save()
        by_short[item["short_name"]] = agency
    for item in data["agencies"]:
        agency = by_short[item["short_name"]]
        parent = by_short[item["parent"]] if item["parent"] else None
        if agency.parent_id != (parent.pk if parent else None):
            agency.parent = parent
            agency.save(update_fields=["parent"])
    for body, members in data.get("coordination_members", {}).items():
        by_short[body].members.set([by_short[m] for m in members])
    return by_short


def load(ctx: DemoContext) -> None:
    agencies = load_agencies()
    ctx.data["agencies"] = agencies
    ctx.notes.append(f"机关单位 {len(agencies)} 个")
