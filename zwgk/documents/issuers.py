"""Issuers outside the district's agency directory (全国人大常委会, 国务院, 天津市人民政府 …): the staff-maintained
list, its one action, and the demo's laws filed under their real issuers.

A record with an issuer is a law or upper-level policy the district files in its policy library; it is public
and searchable like any record, but it is not the district's own disclosure (`Record.objects.own()`).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from zwgk.accounts.permissions import require
from zwgk.audit.log import record as audit
from zwgk.core.errors import Refused
from zwgk.documents.models import Issuer, IssuerLevel


@transaction.atomic
def save_issuer(
    issuer: Issuer | None,
    *,
    name: str,
    short_name: str = "",
    aliases: str = "",
    level: str = IssuerLevel.NATIONAL,
    sort_order: int = 100,
    is_active: bool = True,
    by: Any,
) -> Issuer:
    require(by, "documents.manage_issuers")
    name = name.strip()
    if not name:
        raise Refused("请填写机关名称。")
    if level not in IssuerLevel.values:
        raise Refused("请选择层级。")
    duplicate = Issuer.objects.filter(name=name)
    if issuer is not None:
        duplicate = duplicate.exclude(pk=issuer.pk)
    if duplicate.exists():
        raise Refused(f"区外发文机关“{name}”已存在。")
    from zwgk.agencies.models import Agency

    if any(name in a.names() for a in Agency.objects.all()):
        raise Refused(f"“{name}”是本区单位名录中的单位，不能作为区外发文机关。")
    before = {"name": issuer.name, "is_active": issuer.is_active} if issuer else None
    issuer = issuer or Issuer()
    issuer.name = name
    issuer.short_name = short_name.strip()
    issuer.aliases = aliases.strip()
    issuer.level = level
    issuer.sort_order = sort_order
    issuer.is_active = is_active
    issuer.save()
    audit(
        "documents.issuer_saved",
        obj=issuer,
        actor=by,
        summary=f"区外发文机关：{issuer.name}",
        before=before,
        after={"name": issuer.name, "level": issuer.level, "is_active": issuer.is_active},
    )
    return issuer


# The demo's laws: file stem in ../shared/data/prc-statutes → (文号 as promulgated, issuer, date).
DEMO_LAWS: dict[str, tuple[str, str, date]] = {
    "政府信息公开条例(2019-04-03)": ("国务院令第711号", "国务院", date(2019, 4, 3)),
    "最高人民法院关于审理政府信息公开行政案件若干问题的规定(2011-07-29)": (
        "法释〔2011〕17号",
        "最高人民法院",
        date(2011, 7, 29),
    ),
    "保守国家秘密法(2024-02-27)": ("主席令第二十号", "全国人民代表大会常务委员会", date(2024, 2, 27)),
    "保守国家秘密法实施条例(2024-07-10)": ("国务院令第786号", "国务院", date(2024, 7, 10)),
    "个人信息保护法(2021-08-20)": ("主席令第九十一号", "全国人民代表大会常务委员会", date(2021, 8, 20)),
    "档案法(2020-06-20)": ("主席令第四十七号", "全国人民代表大会常务委员会", date(2020, 6, 20)),
}


def statutes_dir() -> Path:
    return Path(settings.BASE_DIR).parent / "shared" / "data" / "prc-statutes"


def statute_text(path: Path) -> tuple[str, str]:
    """(title, body) of a statute file: the title is its first heading; the body is the promulgation note
    and the text after the INFO block."""
    raw = path.read_text(encoding="utf-8")
    head, _, body = raw.partition("<!-- INFO END -->")
    title = next((line.lstrip("# ").strip() for line in head.splitlines() if line.startswith("#")), path.stem)
    # The promulgation note (2014年1月17日中华人民共和国国务院令第646号公布 …) is part of the published text.
    note = "\n".join(line.strip() for line in head.splitlines() if line.strip() and not line.startswith("#"))
    return title, "\n\n".join(part for part in (note, body.strip()) if part)


def law_rows(directory: Path | None = None) -> list[tuple[int, dict[str, str]]]:
    """Manifest rows (`zwgk import-documents` format) for the statutes in ../shared, under their real issuers."""
    directory = directory or statutes_dir()
    rows: list[tuple[int, dict[str, str]]] = []
    for line, (stem, (number, issuer, day)) in enumerate(DEMO_LAWS.items(), start=2):
        path = directory / f"{stem}.md"
        if not path.is_file():
            continue
        title, body = statute_text(path)
        rows.append(
            (
                line,
                {
                    "来源编号": f"statute-{stem.split('(')[0]}",
                    "标题": title,
                    "发文机关": issuer,
                    "发文字号": number,
                    "成文日期": day.isoformat(),
                    "发布日期": day.isoformat(),
                    "主题分类": "综合政务\\政务公开",
                    "体裁": "",
                    "栏目": "政策文件",
                    "正文": body,
                    "公开属性": "主动公开",
                },
            )
        )
    return rows


def load_demo_laws(ctx: Any) -> None:
    """Demo: the six statutes of ../shared in the policy library, each under its real issuer (idempotent)."""
    from zwgk.documents.importer import import_rows

    rows = law_rows()
    if not rows:
        ctx.notes.append("../shared/data/prc-statutes 不存在，未导入法律法规 / statutes not found, skipped")
        return
    report = import_rows(rows, statutes_dir(), source_prefix="demo-law")
    refused = [f"{r.title}：{'；'.join(r.reasons)}" for r in report.rows if r.status == "refused"]
    if report.count("imported"):
        ctx.notes.append(f"法律法规：以真实发文机关导入 {report.count('imported')} 件（区外发文机关）")
    ctx.notes.extend(f"法律法规未导入：{line}" for line in refused)
