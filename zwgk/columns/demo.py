"""Demo of the column tree (idempotent; order 80, after documents).

- the portal: 政府信息公开 (a link to the national column, unchanged), 通知公告, 政务动态 (stale: its last item is
  40 days old) and four 专题 — 疫情防控, 助企纾困, 稳就业 (current) and 2026年义务教育招生 (ended 2026-09-30, with
  the work plan item 七 sub-columns: 方案, 范围, 程序和条件, 学校情况, 结果, 咨询方式);
- four 公共企事业单位 with their 主管部门 and sub-sites: a school, a hospital, the water company (publishing 水质公告,
  停水通知 and 收费标准 under its own sub-site) and the heating company (收费标准 empty, 供热信息 stale);
- sub-sites of 区农业农村委, 金桥街道 and 军粮城街道 for the 涉农补贴 catalogue (zwgk/catalogues/demo.py).
Records are demo values written through the documents import path; dates count back from the day of loading.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from zwgk.accounts.demo import ensure_users
from zwgk.accounts.roles import Role
from zwgk.agencies import actions as agency_actions
from zwgk.agencies.models import Agency, AgencyKind
from zwgk.columns import actions
from zwgk.columns.models import Column, ColumnItem
from zwgk.core.registry import DemoContext
from zwgk.documents.demo import historical
from zwgk.documents.models import Record

# Demo public institutions (names are demo values), with the department that oversees each (work plan item 六).
INSTITUTIONS = [
    ("120110301", "东丽区实验小学", "区实验小学", "区教育局"),
    ("120110302", "东丽区中医医院", "区中医医院", "区卫健委"),
    ("120110303", "东丽区供水有限公司", "区供水公司", "区水务局"),
    ("120110304", "东丽区供热有限公司", "区供热公司", "区城管委"),
]
USERS = [
    ("gs_xxy", "林供水", "区供水公司", [Role.DRAFTER, Role.AGENCY_ADMIN]),
    ("swj_gk", "马水务", "区水务局", [Role.AGENCY_ADMIN]),
    ("jq_gk", "高金桥", "金桥街道", [Role.DRAFTER, Role.AGENCY_ADMIN]),
    ("jlc_gk", "田军粮", "军粮城街道", [Role.DRAFTER, Role.AGENCY_ADMIN]),
    ("nyw_gk", "苗农业", "区农业农村委", [Role.DRAFTER, Role.AGENCY_ADMIN]),
]


def _institutions(agencies: dict[str, Agency], gkb: Any) -> dict[str, Agency]:
    government = agencies["区人民政府"]
    made = {}
    for index, (code, name, short, supervisor) in enumerate(INSTITUTIONS):
        agency, _ = Agency.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "short_name": short,
                "kind": AgencyKind.PUBLIC_INSTITUTION,
                "parent": government,
                "sort_order": 300 + index,
                "handles_applications": True,
                "disclosure_office": f"{short}办公室",
                "office_address": f"天津市东丽区跃进路{200 + index}号",
                "office_hours": "周一至周五 上午9:00—12:00，下午13:30—17:00",
                "phone": f"022-8439{index:04d}",
            },
        )
        if agency.supervisor_id is None:
            agency_actions.set_supervisor(agency, agencies[supervisor], by=gkb)
        agencies[short] = agency
        made[short] = agency
    return made


def ensure_column(
    site: Agency | None, slug: str, by: Any, *, parent: Column | None = None, **data: Any
) -> Column:
    existing = Column.objects.of_site(site.pk if site else None).filter(slug=slug).first()
    if existing is not None:
        return existing
    agencies = data.pop("source_agencies", None)
    return actions.create_column(
        {"slug": slug, **data}, agency=site, parent=parent, source_agencies=agencies, by=by
    )


def pick(column: Column, record: Record, by: Any) -> None:
    if not ColumnItem.objects.filter(column=column, record=record).exists():
        actions.add_item(column, record, by=by)


def _records(agencies: dict[str, Agency], today: date) -> dict[str, Record]:
    def ago(days: int) -> date:
        return today - timedelta(days=days)

    specs: list[tuple[str, str, str, date, str, str]] = [
        # key, agency, title, published, theme, kind
        (
            "col-yq-notice",
            "区卫健委",
            "关于做好冬春季呼吸道传染病防控工作的通告",
            ago(5),
            "卫生、体育\\卫生",
            "information",
        ),
        (
            "col-yq-vaccine",
            "区卫健委",
            "东丽区疫苗接种点及服务时间公告",
            ago(40),
            "卫生、体育\\卫生",
            "information",
        ),
        (
            "col-yq-measures",
            "区防控指挥部",
            "东丽区进一步优化疫情防控措施的通知",
            date(2022, 12, 10),
            "卫生、体育\\卫生",
            "policy",
        ),
        (
            "col-sq-measures",
            "区发改委",
            "东丽区助企纾困促进中小企业平稳发展若干措施",
            date(2022, 6, 15),
            "国民经济管理、国有资产监管\\经济运行",
            "policy",
        ),
        (
            "col-sq-guide",
            "区工信局",
            "东丽区2026年中小企业纾困资金申报指南",
            ago(20),
            "工业、交通\\工业",
            "information",
        ),
        (
            "col-jy-loan",
            "区人社局",
            "东丽区2026年创业担保贷款申报通知",
            ago(10),
            "劳动、人事、监察\\就业",
            "information",
        ),
        (
            "col-zs-plan",
            "区教育局",
            "东丽区2026年义务教育学校招生入学工作方案",
            date(2026, 5, 10),
            "科技、教育\\教育",
            "policy",
        ),
        (
            "col-zs-area",
            "区教育局",
            "东丽区2026年小学招生划片范围",
            date(2026, 5, 20),
            "科技、教育\\教育",
            "information",
        ),
        (
            "col-zs-schools",
            "区教育局",
            "东丽区2026年义务教育阶段学校基本情况一览表",
            date(2026, 5, 20),
            "科技、教育\\教育",
            "information",
        ),
        (
            "col-zs-result",
            "区教育局",
            "东丽区2026年小学一年级新生录取结果公告",
            date(2026, 8, 15),
            "科技、教育\\教育",
            "information",
        ),
        (
            "col-gs-quality",
            "区供水公司",
            "2026年11月出厂水水质公告",
            ago(6),
            "城乡建设、环境保护\\城乡建设（含住房）",
            "information",
        ),
        (
            "col-gs-stop",
            "区供水公司",
            "关于华明街道部分区域计划停水的通知",
            ago(2),
            "城乡建设、环境保护\\城乡建设（含住房）",
            "information",
        ),
        (
            "col-gs-price",
            "区供水公司",
            "东丽区居民生活用水水价公示",
            ago(100),
            "国民经济管理、国有资产监管\\物价",
            "information",
        ),
        (
            "col-gr-start",
            "区供热公司",
            "2026—2027年供暖季开始供热的公告",
            ago(22),
            "城乡建设、环境保护\\城乡建设（含住房）",
            "information",
        ),
        (
            "col-xx-enrol",
            "区实验小学",
            "东丽区实验小学2026年一年级招生简章",
            ago(200),
            "科技、教育\\教育",
            "information",
        ),
        (
            "col-yy-price",
            "区中医医院",
            "东丽区中医医院常用医疗服务项目价格公示",
            ago(15),
            "卫生、体育\\医药管理",
            "information",
        ),
        (
            "col-ny-result",
            "区农业农村委",
            "东丽区2026年耕地地力保护补贴发放结果公示",
            ago(30),
            "农业、林业、水利\\农业、畜牧业、渔业",
            "information",
        ),
        (
            "col-ny-guide",
            "区农业农村委",
            "东丽区2026年农机购置补贴申请指南",
            ago(60),
            "农业、林业、水利\\农业、畜牧业、渔业",
            "information",
        ),
        (
            "col-jq-result",
            "金桥街道",
            "金桥街道2026年耕地地力保护补贴发放情况公示",
            ago(25),
            "农业、林业、水利\\农业、畜牧业、渔业",
            "information",
        ),
    ]
    out = {}
    for key, unit, title, published, theme_path, kind in specs:
        out[key] = historical(
            key,
            agencies[unit],
            title,
            written=published - timedelta(days=3),
            published=published,
            theme_path=theme_path,
            kind=kind,
            genre="notice" if kind == "policy" else "announcement",
            summary=title,
            body=f"{title}\n\n（演示数据）",
        )
    return out


EDU = ("区教育局",)
# The four 专题: (slug, name, update rule, order, banner, intro, end date, sub-columns). A sub-column is
# (slug, name, extra fields, issuing agencies of its rule, demo record keys hand-picked into it).
SPECIALS: list[
    tuple[
        str,
        str,
        str,
        int,
        str,
        str,
        date | None,
        list[tuple[str, str, dict[str, Any], tuple[str, ...], tuple[str, ...]]],
    ]
] = [
    (
        "yqfk",
        "疫情防控",
        "dynamic",
        50,
        "科学精准防控 守护群众健康",
        "发布本区疫情防控进展、防控措施、疫苗接种和就医服务等权威信息（工作要点第四项）。",
        None,
        [
            (
                "yqfk-dt",
                "防控动态",
                {"update_rule": "dynamic", "keywords": "防控 传染病"},
                ("区卫健委", "区防控指挥部"),
                (),
            ),
            ("yqfk-zc", "防控政策", {}, (), ("col-yq-measures",)),
            ("yqfk-ym", "疫苗接种", {"keywords": "疫苗"}, (), ()),
        ],
    ),
    (
        "zqsk",
        "助企纾困",
        "notice",
        51,
        "惠企政策直达快享",
        "汇集本区面向受疫情影响较大行业和中小企业的帮扶政策及申报指南（工作要点第一项）。",
        None,
        [
            ("zqsk-zc", "纾困政策", {"keywords": "纾困 中小企业"}, (), ()),
            ("zqsk-zn", "申报指南", {}, (), ("col-sq-guide",)),
        ],
    ),
    (
        "wjy",
        "稳就业",
        "notice",
        52,
        "稳岗位 促就业 保民生",
        "集中发布就业创业扶持政策、稳岗返还和高校毕业生就业措施（工作要点第五项）。",
        None,
        [
            ("wjy-zc", "就业政策", {"keywords": "就业 稳岗"}, ("区人社局",), ()),
            ("wjy-cy", "创业扶持", {"keywords": "创业"}, (), ()),
        ],
    ),
    (
        "zs2026",
        "2026年义务教育招生",
        "dynamic",
        53,
        "阳光招生 公平入学",
        "公开本区2026年义务教育招生方案、范围、程序、条件、学校情况、结果和咨询方式（工作要点第七项）。",
        date(2026, 9, 30),
        [
            ("zs2026-fa", "招生方案", {"keywords": "招生入学工作方案"}, EDU, ()),
            ("zs2026-fw", "招生范围", {"keywords": "划片"}, EDU, ()),
            # The 方案 also answers 程序和条件: one record, two columns.
            ("zs2026-cx", "招生程序和条件", {}, (), ("col-zs-plan",)),
            ("zs2026-xx", "学校情况", {"keywords": "学校基本情况"}, EDU, ()),
            ("zs2026-jg", "招生结果", {"keywords": "录取结果"}, EDU, ()),
            (
                "zs2026-zx",
                "咨询方式",
                {
                    "kind": "page",
                    "update_rule": "static",
                    "intro": "区教育局招生咨询电话：022-84370022（工作日 9:00—17:00）\n各学校咨询电话见“学校情况”。",
                },
                (),
                (),
            ),
        ],
    ),
]


def _portal(gkb: Any, r: dict[str, Record], agencies: dict[str, Agency]) -> None:
    ensure_column(
        None,
        "xxgk",
        gkb,
        name="政府信息公开",
        kind="link",
        link="/xxgk/",
        update_rule="static",
        sort_order=10,
    )
    ensure_column(
        None, "tzgg", gkb, name="通知公告", update_rule="notice", record_kinds=["information"], sort_order=20
    )
    news = ensure_column(None, "zwdt", gkb, name="政务动态", update_rule="dynamic", sort_order=30)
    pick(news, r["col-yq-vaccine"], gkb)
    for slug, name, rule, order, banner, intro, ends_on, children in SPECIALS:
        special = ensure_column(
            None,
            slug,
            gkb,
            name=name,
            kind="special",
            update_rule=rule,
            sort_order=order,
            banner_text=banner,
            intro=intro,
            ends_on=ends_on,
        )
        for index, (child_slug, child_name, extra, units, picks) in enumerate(children, start=1):
            fields = {"update_rule": "notice", **extra}
            child = ensure_column(
                None,
                child_slug,
                gkb,
                parent=special,
                name=child_name,
                sort_order=index * 10,
                source_agencies=[agencies[u] for u in units],
                **fields,
            )
            for key in picks:
                pick(child, r[key], gkb)


def _sub_sites(gkb: Any, users: dict[str, Any], agencies: dict[str, Agency]) -> None:
    gs = agencies["区供水公司"]
    ensure_column(
        gs,
        "gk",
        gkb,
        name="公司概况",
        kind="page",
        update_rule="static",
        sort_order=10,
        intro="东丽区供水有限公司负责本区城区及部分街道的供水服务。\n服务热线：022-84390002（24小时）",
    )
    ensure_column(gs, "szgg", gkb, name="水质公告", update_rule="dynamic", keywords="水质", sort_order=20)
    ensure_column(gs, "tstz", gkb, name="停水通知", update_rule="dynamic", keywords="停水", sort_order=30)
    ensure_column(gs, "sfbz", gkb, name="收费标准", update_rule="notice", keywords="水价", sort_order=40)

    gr = agencies["区供热公司"]
    ensure_column(
        gr, "grxx", gkb, name="供热信息", update_rule="dynamic", keywords="供热 供暖", sort_order=10
    )
    ensure_column(gr, "sfbz", gkb, name="收费标准", update_rule="notice", sort_order=20)  # empty: flagged

    xx = agencies["区实验小学"]
    ensure_column(
        xx,
        "xxgk",
        gkb,
        name="学校概况",
        kind="page",
        update_rule="static",
        sort_order=10,
        intro="东丽区实验小学为区教育局主管的公办小学。\n招生咨询电话：022-84390000",
    )
    ensure_column(xx, "zsxx", gkb, name="招生信息", update_rule="notice", keywords="招生", sort_order=20)

    yy = agencies["区中医医院"]
    ensure_column(
        yy,
        "jj",
        gkb,
        name="医院简介",
        kind="page",
        update_rule="static",
        sort_order=10,
        intro="东丽区中医医院为区卫健委主管的公立中医医院。",
    )
    ensure_column(yy, "sfbz", gkb, name="收费标准", update_rule="notice", keywords="价格", sort_order=20)

    ensure_column(
        agencies["区农业农村委"],
        "snbt",
        gkb,
        name="涉农补贴",
        update_rule="notice",
        keywords="补贴",
        sort_order=10,
    )
    ensure_column(
        agencies["金桥街道"],
        "hnbt",
        gkb,
        name="惠农补贴",
        update_rule="notice",
        keywords="补贴",
        sort_order=10,
    )
    ensure_column(
        agencies["军粮城街道"],
        "snbt",
        gkb,
        name="涉农补贴",
        update_rule="notice",
        keywords="补贴",
        sort_order=10,
    )


def load(ctx: DemoContext) -> None:
    agencies: dict[str, Agency] = ctx.data["agencies"]
    gkb = ctx.data["users"]["gkb"]
    today = timezone.localdate()
    _institutions(agencies, gkb)
    users = ensure_users(ctx, agencies, USERS)
    records = _records(agencies, today)
    _portal(gkb, records, agencies)
    _sub_sites(gkb, users, agencies)
    ctx.notes.append(f"栏目 {Column.objects.count()} 个（含专题 {Column.objects.specials().count()} 个）")
