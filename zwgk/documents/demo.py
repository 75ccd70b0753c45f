"""Demo catalogue of the 东丽区 demo district (idempotent: every item is keyed by a `demo:` source key).

- the 2022 work plan itself with its 通知 (text from ../shared/mission when present, else the copy shipped in
  data/workplan_2022.txt — a published government document), with a 图解 interpretation;
- a normative-document inventory over 2022–2025 (issued, amended, repealed and replaced, expired);
- other information by Art 20 category, the 政府信息公开制度, guides with revision history;
- non-public records with their legal grounds, one already converted by a periodic review, one due for review;
- records in every workflow state for the demo users (区发改委: fgw_xxy / fgw_bmsc / fgw_sq), including a
  record in 待保密审查 whose .docx attachment carries planted personal data for the screening app, and a
  需解读 policy waiting for sign-off together with its approved interpretation (同步发布).
Titles, numbers and names below are demo values, not real documents (except the work plan).
"""

from __future__ import annotations

import io
import json
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from zwgk.accounts.demo import DEMO_PASSWORD
from zwgk.accounts.models import RoleAssignment
from zwgk.core.registry import DemoContext
from zwgk.documents import actions, importer
from zwgk.documents.files import prepare
from zwgk.documents.guide import default_guide
from zwgk.documents.models import GuideRevision, Interpretation, PeriodicReview, Record, Status, Theme
from zwgk.secrecy.service import request_screening

DATA = Path(__file__).parent / "data"
MISSION = Path(__file__).resolve().parents[3] / "shared" / "mission" / "东丽区2022年政务公开工作要点.txt"


def workplan_text() -> str:
    source = MISSION if MISSION.is_file() else DATA / "workplan_2022.txt"
    text = source.read_text(encoding="utf-8").replace("[bookmark: _GoBack]", "")
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def ensure_default_themes() -> None:
    """The default taxonomy is seeded by a migration; seed it again if the table was emptied (e.g. a flush)."""

    if Theme.objects.exists():
        return
    themes = json.loads((DATA / "themes.json").read_text(encoding="utf-8"))["themes"]
    for index, (name, children) in enumerate(themes, start=1):
        parent = Theme.objects.create(name=name, sort_order=index * 10)
        for sub_index, child in enumerate(children, start=1):
            Theme.objects.create(name=child, parent=parent, sort_order=sub_index * 10)


def theme(path: str) -> Theme:
    top, sub = path.split("\\")
    return Theme.objects.get(parent__name=top, name=sub)


def _id_number(region: str, birth: str, seq: str) -> str:
    """A syntactically valid 18-digit 居民身份证号码 (GB 11643 check digit) for planted test data."""
    body = region + birth + seq
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
    return body + check


def planted_docx() -> bytes:
    """Attachment of the record waiting in 待保密审查: a list with personal data the reviewer must resolve."""
    import docx  # python-docx only when the demo runs (CLI start-up)

    document = docx.Document()
    document.core_properties.author = "孙信息"
    document.add_paragraph("附件：2025年度中小企业发展专项资金拟支持项目联系人名单")
    table = document.add_table(rows=1, cols=4)
    for cell, text in zip(table.rows[0].cells, ["企业名称", "联系人", "身份证号码", "手机号码"], strict=True):
        cell.text = text
    people = [
        ("天津东丽示例科技有限公司", "王建国", _id_number("120110", "19850312", "123"), "13920001234"),
        ("天津华明示例制造有限公司", "李秀英", _id_number("120110", "19790821", "246"), "15822003456"),
        ("天津金桥示例物流有限公司", "张伟", _id_number("120104", "19920105", "371"), "18622005678"),
    ]
    for row in people:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    document.add_paragraph("联系电话：022-84370003（区发改委中小企业科，公开电话）")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def graphic_png() -> bytes:

    image = Image.new("RGB", (640, 360), "#fdf6e3")
    draw = ImageDraw.Draw(image)
    draw.rectangle([20, 20, 620, 80], fill="#a8171a")
    for i, width in enumerate([520, 440, 480, 380, 300]):
        top = 110 + i * 45
        draw.rectangle([40, top, 40 + width, top + 28], fill="#1f5fa8")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _exists(key: str) -> bool:
    return Record.objects.filter(source_key=key).exists()


def historical(
    key: str,
    agency: Any,
    title: str,
    *,
    written: date,
    published: date | None,
    theme_path: str,
    category: str = "",
    doc_number: str = "",
    summary: str = "",
    body: str = "",
    kind: str = "policy",
    genre: str = "notice",
    openness: str = "proactive",
    ground: str = "",
    reason: str = "",
    normative: str = "",
    reg_no: str = "",
    expires: date | None = None,
    files: list[tuple[str, bytes]] | None = None,
) -> Record:
    """A record already published (or filed) before the demo starts, written through the import path."""
    key = f"demo:{key}"
    existing = Record.objects.filter(source_key=key).first()
    if existing is not None:
        return existing
    checked = importer.Checked(
        values={
            "title": title,
            "doc_number": actions.normalise_doc_number(doc_number),
            "written_on": written,
            "theme": theme(theme_path),
            "genre": genre,
            "kind": kind,
            "summary": summary or title,
            "body": body or f"{title}\n\n（演示数据）",
            "openness": openness,
            "legal_ground": ground,
            "openness_reason": reason,
            "statutory_category": category,
            "needs_interpretation": False,
            "normative_kind": normative,
            "normative_reg_no": reg_no,
            "effective_on": written + timedelta(days=30) if normative else None,
            "expires_on": expires,
            "validity": "current",
            "validity_changed_on": None,
        },
        agency=agency,
        co_agencies=[],
        files=[prepare(data, name) for name, data in files or []],
        published_on=published,
        index_no="",
    )
    return importer.write_record(checked, key)


def _published_interpretation(key: str, policy: Record, users: dict[str, Any], **data: Any) -> Interpretation:
    """An interpretation of an already public policy, through the workflow (published on sign-off)."""
    existing = Interpretation.objects.filter(source_key=f"demo:{key}").first()
    if existing is not None:
        return existing
    drafter, reviewer, signer = users["xxy"], users["bmsc"], users["sq"]
    files = data.pop("files", [])
    item = actions.create_interpretation(policy, data, by=drafter, source_key=f"demo:{key}")
    for name, blob in files:
        actions.add_attachment(item, blob, name, by=drafter, title=name.rsplit(".", 1)[0])
    actions.submit(item, by=drafter)
    request_screening(item)
    actions.approve_review(item, by=reviewer, note="解读内容与政策文件一致，不涉及国家秘密和个人信息。")
    return actions.sign_interpretation(item, by=signer, note="同意发布。")


@transaction.atomic
def load(ctx: DemoContext) -> None:
    agencies = ctx.data["agencies"]
    users = ctx.data["users"]
    zfb = {"xxy": users["zfb_xxy"], "bmsc": users["zfb_bmsc"], "sq": users["zfb_sq"]}
    fgw = {"xxy": users["fgw_xxy"], "bmsc": users["fgw_bmsc"], "sq": users["fgw_sq"]}
    tz = timezone.get_current_timezone()
    ensure_default_themes()
    before = Record.objects.count()

    # The work plan itself, with its 通知, and a 图解.
    plan = historical(
        "workplan-2022",
        agencies["区政府办"],
        "东丽区人民政府办公室关于印发东丽区2022年政务公开工作要点的通知",
        written=date(2022, 6, 30),
        published=date(2022, 7, 4),
        theme_path="综合政务\\政务公开",
        category="art20_15",
        summary="经区人民政府同意，印发《东丽区2022年政务公开工作要点》，部署以公开助力经济平稳健康发展、"
        "保持社会和谐稳定、提高政策公开服务质效、夯实基层基础和狠抓责任落实等五个方面十九项工作。",
        body=workplan_text(),
    )
    if not Interpretation.objects.filter(source_key="demo:workplan-2022-graphic").exists():
        _published_interpretation(
            "workplan-2022-graphic",
            plan,
            zfb,
            title="图解：东丽区2022年政务公开工作要点",
            form="graphic",
            body="一图读懂2022年全区政务公开工作的五个方面、十九项任务。",
            files=[("图解.png", graphic_png())],
        )
        _published_interpretation(
            "workplan-2022-qa",
            plan,
            zfb,
            title="《东丽区2022年政务公开工作要点》问答",
            form="qa",
            qa=actions.parse_qa(
                "问：依申请公开或不予公开的文件会一直不公开吗？\n"
                "答：不会。工作要点第八项要求定期对原公开属性为依申请公开或不予公开的公文进行审查，"
                "因情势变化符合公开条件的转为主动公开，并在“政策文件”栏目集中发布。\n"
                "问：政策解读什么时候发布？\n"
                "答：政策解读与政策文件同步起草、同步审签、同步发布（工作要点第十项）。"
            ),
        )

    # 行政规范性文件 inventory 2022–2025.
    minsheng_2022 = historical(
        "norm-dibao-2022",
        agencies["区民政局"],
        "东丽区城乡居民最低生活保障实施办法",
        written=date(2022, 3, 15),
        published=date(2022, 3, 22),
        theme_path="民政、扶贫、救灾\\社会救助",
        category="art21_social_assistance",
        doc_number="东丽民规〔2022〕1号",
        normative="normative",
        reg_no="DLQG-2022-001",
        genre="measures",
        summary="规定本区城乡居民最低生活保障的申请条件、审核审批程序和保障标准。",
    )
    historical(
        "norm-jiuye-2022",
        agencies["区人社局"],
        "东丽区就业困难人员认定管理办法",
        written=date(2022, 8, 10),
        published=date(2022, 8, 16),
        theme_path="劳动、人事、监察\\就业",
        category="art20_11",
        doc_number="东丽人社规〔2022〕2号",
        normative="normative",
        reg_no="DLQG-2022-007",
        genre="measures",
        expires=date(2027, 8, 31),
    )
    gaizao = historical(
        "norm-gaizao-2023",
        agencies["区住建委"],
        "东丽区老旧小区改造项目管理办法",
        written=date(2023, 4, 6),
        published=date(2023, 4, 12),
        theme_path="城乡建设、环境保护\\城乡建设（含住房）",
        category="art21_municipal",
        doc_number="东丽建规〔2023〕1号",
        normative="normative",
        reg_no="DLQG-2023-003",
        genre="measures",
    )
    wengang = historical(
        "norm-wengang-2023",
        agencies["区人社局"],
        "东丽区2023年稳岗返还实施办法",
        written=date(2023, 5, 20),
        published=date(2023, 5, 26),
        theme_path="劳动、人事、监察\\就业",
        category="art20_11",
        doc_number="东丽人社规〔2023〕1号",
        normative="normative",
        reg_no="DLQG-2023-005",
        genre="measures",
        expires=date(2025, 6, 30),
    )
    minsheng_2024 = historical(
        "norm-dibao-2024",
        agencies["区民政局"],
        "东丽区城乡居民最低生活保障实施办法（2024年修订）",
        written=date(2024, 9, 2),
        published=date(2024, 9, 6),
        theme_path="民政、扶贫、救灾\\社会救助",
        category="art21_social_assistance",
        doc_number="东丽民规〔2024〕2号",
        normative="normative",
        reg_no="DLQG-2024-004",
        genre="measures",
    )
    gaizao_change = historical(
        "norm-gaizao-amend-2024",
        agencies["区住建委"],
        "关于修改《东丽区老旧小区改造项目管理办法》的决定",
        written=date(2024, 11, 5),
        published=date(2024, 11, 11),
        theme_path="城乡建设、环境保护\\城乡建设（含住房）",
        category="art21_municipal",
        doc_number="东丽建规〔2024〕1号",
        normative="normative",
        reg_no="DLQG-2024-009",
        genre="decision",
    )
    graduates = historical(
        "norm-graduates-2025",
        agencies["区人社局"],
        "东丽区促进高校毕业生就业若干措施",
        written=date(2025, 3, 18),
        published=date(2025, 3, 21),
        theme_path="劳动、人事、监察\\就业",
        category="art20_11",
        doc_number="东丽人社规〔2025〕1号",
        normative="normative",
        reg_no="DLQG-2025-002",
        genre="measures",
        summary="从吸纳就业补贴、见习岗位、创业扶持和公共就业服务四个方面支持高校毕业生在东丽就业创业。",
    )
    if minsheng_2022.validity == "current":
        actions.change_validity(
            minsheng_2022,
            by=None,
            validity="repealed",
            changed_on=date(2024, 9, 6),
            related=minsheng_2024,
            note="由2024年修订版替代",
            system=True,
        )
        actions.change_validity(
            gaizao,
            by=None,
            validity="amended",
            changed_on=date(2024, 11, 11),
            related=gaizao_change,
            system=True,
        )
    if wengang.validity == "current":
        actions.expire_due(timezone.localdate())
    if not Interpretation.objects.filter(source_key="demo:graduates-qa").exists():
        _published_interpretation(
            "graduates-qa",
            graduates,
            _rsj_team(ctx),
            title="《东丽区促进高校毕业生就业若干措施》政策问答",
            form="qa",
            qa=actions.parse_qa(
                "问：企业吸纳高校毕业生可以享受什么补贴？\n答：按规定给予一次性吸纳就业补贴，每人1000元。\n"
                "问：到哪里申请？\n答：向区人社局就业服务窗口或通过网上办事大厅申请。"
            ),
        )

    # Other statutory information and the disclosure rules (制度).
    historical(
        "budget-2025",
        agencies["区财政局"],
        "东丽区2025年区级财政预算公开",
        written=date(2025, 2, 10),
        published=date(2025, 2, 14),
        theme_path="财政、金融、审计\\财政",
        category="art20_07",
        kind="information",
        genre="report",
    )
    historical(
        "stats-2024",
        agencies["区统计局"],
        "2024年东丽区国民经济和社会发展统计公报",
        written=date(2025, 3, 20),
        published=date(2025, 3, 31),
        theme_path="国民经济管理、国有资产监管\\统计",
        category="art20_04",
        kind="information",
        genre="communique",
    )
    historical(
        "procurement-2025",
        agencies["区财政局"],
        "东丽区2025年政府集中采购目录及标准",
        written=date(2025, 1, 6),
        published=date(2025, 2, 20),  # 30 working days later: flagged as late (Art 26)
        theme_path="财政、金融、审计\\财政",
        category="art20_09",
        kind="information",
    )
    for key, title, written in [
        ("rule-secrecy", "东丽区政府信息公开保密审查制度", date(2022, 9, 1)),
        ("rule-application", "东丽区依申请公开政府信息工作规程", date(2022, 9, 1)),
        ("rule-coordination", "东丽区政府信息发布协调制度", date(2023, 2, 15)),
    ]:
        historical(
            key,
            agencies["区政府办"],
            title,
            written=written,
            published=written + timedelta(days=5),
            theme_path="综合政务\\政务公开",
            category="art20_15",
            kind="disclosure_rule",
            genre="measures",
        )

    # Non-public records with their legal grounds; one converted by a periodic review, one due for review.
    historical(
        "nonpublic-minutes",
        agencies["区政府办"],
        "区政府第5次常务会议纪要",
        written=date(2024, 4, 18),
        published=None,
        theme_path="综合政务\\政务督查",
        openness="withheld",
        ground="process_info",
        reason="会议讨论记录，属于《条例》第十六条第二款规定的过程性信息。",
        genre="minutes",
    )
    historical(
        "nonpublic-appraisal",
        agencies["区人社局"],
        "区人社局2024年度干部考核结果",
        written=date(2025, 1, 15),
        published=None,
        theme_path="劳动、人事、监察\\人事工作",
        openness="withheld",
        ground="internal_affairs",
        reason="人事管理信息，属于内部事务信息。",
        kind="information",
    )
    historical(
        "nonpublic-enterprise",
        agencies["区发改委"],
        "关于天津东丽示例科技有限公司固定资产投资项目备案的复函",
        written=date(2024, 6, 3),
        published=None,
        theme_path="国民经济管理、国有资产监管\\发展规划",
        doc_number="东丽发改函〔2024〕37号",
        openness="on_request",
        ground="outside_proactive_scope",
        reason="仅涉及特定企业的备案事项，不需要社会公众广泛知晓，依申请公开。",
        genre="letter",
    )
    due_for_review = historical(
        "nonpublic-project-plan",
        agencies["区发改委"],
        "东丽区2024年重点项目储备计划（讨论稿）",
        written=date(2024, 3, 1),
        published=None,
        theme_path="国民经济管理、国有资产监管\\发展规划",
        openness="withheld",
        ground="process_info",
        reason="讨论稿，属于过程性信息；计划批准后应重新审查。",
        genre="plan",
    )
    converted = historical(
        "nonpublic-converted",
        agencies["区发改委"],
        "东丽区2023年以工代赈项目实施方案",
        written=date(2023, 3, 10),
        published=None,
        theme_path="农业、林业、水利\\扶贫",
        doc_number="东丽发改〔2023〕12号",
        openness="on_request",
        ground="outside_proactive_scope",
        reason="实施方案涉及项目选址论证，当时仅向相关单位印发。",
        genre="plan",
    )
    today = timezone.localdate()
    for record in (due_for_review, converted):
        if record.status == Status.FILED and record.next_review_on and record.next_review_on > today:
            Record.objects.filter(pk=record.pk).update(next_review_on=today)
    actions.open_due_reviews(today)
    periodic = PeriodicReview.objects.filter(record=converted, decided_at__isnull=True).first()
    if periodic is not None:
        request_screening(converted)
        actions.decide_periodic_review(
            periodic,
            by=fgw["bmsc"],
            outcome="convert",
            reason="项目已实施完毕，方案内容不再涉及论证过程，情势变化后可以公开。",
            statutory_category="art20_11",
        )
        # A conversion is a publication: the 审签人 (not the proposer) signs it off (issue 13).
        actions.sign(Record.objects.get(pk=converted.pk), by=fgw["sq"], note="同意转为主动公开。")

    # Records in every workflow state for the 区发改委 demo users.
    agency = agencies["区发改委"]
    if not _exists("demo:fgw-draft"):
        drafted = actions.create_record(
            agency,
            {
                "title": "东丽区支持数字经济发展若干措施",
                "doc_number": "东丽发改规[2025]3号",
                "written_on": today,
                "theme": theme("工业、交通\\信息产业（含电信）"),
                "genre": "measures",
                "kind": "policy",
                "summary": "从数字基础设施、产业集聚、场景应用和人才支撑四方面支持数字经济发展。",
                "body": "第一条 为加快发展数字经济，制定本措施。\n第二条 对新建5G基站给予建设补贴。",
                "openness": "proactive",
                "statutory_category": "art20_03",
                "needs_interpretation": True,
                "normative_kind": "normative",
            },
            by=fgw["xxy"],
            source_key="demo:fgw-draft",
        )
        actions.create_interpretation(
            drafted,
            {
                "title": "《东丽区支持数字经济发展若干措施》政策解读",
                "form": "text",
                "body": "一、制定背景\n二、主要内容\n三、适用对象",
            },
            by=fgw["xxy"],
            source_key="demo:fgw-draft-interp",
        )
    if not _exists("demo:fgw-review"):
        in_review = actions.create_record(
            agency,
            {
                "title": "关于2025年度中小企业发展专项资金拟支持项目的公示",
                "written_on": today - timedelta(days=3),
                "theme": theme("工业、交通\\工业"),
                "genre": "announcement",
                "kind": "information",
                "summary": "公示2025年度中小企业发展专项资金拟支持的项目，公示期5个工作日。",
                "body": "根据《东丽区中小企业发展专项资金管理办法》，现将拟支持项目予以公示（见附件）。"
                "联系人：王建国，手机 13920001234。",
                "openness": "proactive",
                "statutory_category": "art20_05",
            },
            by=fgw["xxy"],
            source_key="demo:fgw-review",
        )
        actions.add_attachment(
            in_review, planted_docx(), "拟支持项目名单.docx", by=fgw["xxy"], title="拟支持项目名单"
        )
        actions.submit(in_review, by=fgw["xxy"])
        request_screening(in_review)
    if not _exists("demo:fgw-wording"):
        # 规范表述 (issue 21 item 5): two outdated expressions block the 保密审查 until corrected or kept with a reason.
        wording = actions.create_record(
            agency,
            {
                "title": "关于开展2025年度重点用能单位节能监察的通知",
                "written_on": today - timedelta(days=2),
                "theme": theme("工业、交通\\工业"),
                "genre": "notice",
                "kind": "information",
                "summary": "部署2025年度重点用能单位节能监察工作。",
                "body": "区发改委会同区环保局对全区重点用能单位开展节能监察。截止目前，已完成名单核定。",
                "openness": "proactive",
                "statutory_category": "art20_05",
            },
            by=fgw["xxy"],
            source_key="demo:fgw-wording",
        )
        actions.submit(wording, by=fgw["xxy"])
        request_screening(wording)
    if not _exists("demo:fgw-sign"):
        waiting = actions.create_record(
            agency,
            {
                "title": "东丽区促进消费若干措施",
                "doc_number": "东丽发改规〔2025〕2号",
                "written_on": today - timedelta(days=5),
                "theme": theme("商贸、海关、旅游\\国内贸易（含供销）"),
                "genre": "measures",
                "kind": "policy",
                "summary": "从发放消费券、支持夜间经济和餐饮住宿业纾困三方面促进消费恢复。",
                "body": "一、发放惠民消费券。\n二、支持夜间经济发展。\n三、帮扶餐饮、住宿、零售业市场主体。",
                "openness": "proactive",
                "statutory_category": "art20_11",
                "needs_interpretation": True,
                "normative_kind": "normative",
                "normative_reg_no": "DLQG-2025-011",
            },
            by=fgw["xxy"],
            source_key="demo:fgw-sign",
        )
        item = actions.create_interpretation(
            waiting,
            {
                "title": "《东丽区促进消费若干措施》政策解读",
                "form": "text",
                "body": "一、出台背景：受疫情影响较重的餐饮、住宿、零售等行业需要帮扶（工作要点第一项）。\n"
                "二、主要内容：消费券、夜间经济、市场主体纾困。\n三、申请方式：通过区商务局公布的渠道申请。",
            },
            by=fgw["xxy"],
            source_key="demo:fgw-sign-interp",
        )
        actions.submit(item, by=fgw["xxy"])
        request_screening(item)
        actions.approve_review(item, by=fgw["bmsc"], note="解读不涉及国家秘密和个人信息。")
        actions.sign_interpretation(item, by=fgw["sq"], note="同意，与政策文件同步发布。")
        to_sign = Record.objects.get(pk=waiting.pk)
        actions.submit(to_sign, by=fgw["xxy"])
        request_screening(to_sign)
        actions.approve_review(
            to_sign, by=fgw["bmsc"], note="已审查正文，不涉及国家秘密、工作秘密和个人隐私。"
        )
    if not _exists("demo:fgw-late"):
        late = actions.create_record(
            agency,
            {
                "title": "东丽区2025年第三季度重大建设项目进展情况",
                "written_on": today - timedelta(days=45),
                "theme": theme("国民经济管理、国有资产监管\\发展规划"),
                "genre": "report",
                "kind": "information",
                "summary": "第三季度全区重大建设项目开工、投资完成情况。",
                "body": "第三季度，全区重大建设项目完成投资……",
                "openness": "proactive",
                "statutory_category": "art20_10",
            },
            by=fgw["xxy"],
            source_key="demo:fgw-late",
        )
        actions.flag_overdue(today)
        del late
    if not _exists("demo:zfb-scheduled"):
        scheduled = actions.create_record(
            agencies["区政府办"],
            {
                "title": "关于2026年元旦期间政务服务安排的通告",
                "written_on": today,
                "theme": theme("综合政务\\其他"),
                "genre": "public_notice",
                "kind": "information",
                "summary": "元旦期间政务服务大厅开放时间和网上办事安排。",
                "body": "元旦期间，区政务服务中心网上办事大厅正常受理。",
                "openness": "proactive",
                "statutory_category": "art20_05",
            },
            by=zfb["xxy"],
            source_key="demo:zfb-scheduled",
        )
        actions.submit(scheduled, by=zfb["xxy"])
        request_screening(scheduled)
        actions.approve_review(scheduled, by=zfb["bmsc"], note="不涉密，同意。")
        when = datetime.combine(today + timedelta(days=3), time(9, 0), tzinfo=tz)
        actions.sign(scheduled, by=zfb["sq"], note="同意，定时发布。", publish_at=when)
    if not _exists("demo:zfb-withdrawn"):
        wrong = actions.create_record(
            agencies["区政府办"],
            {
                "title": "关于调整区政务服务中心办公时间的通知（已撤回）",
                "written_on": today - timedelta(days=10),
                "theme": theme("综合政务\\其他"),
                "genre": "notice",
                "kind": "information",
                "summary": "调整办公时间。",
                "body": "自下周一起……",
                "openness": "proactive",
                "statutory_category": "art20_02",
            },
            by=zfb["xxy"],
            source_key="demo:zfb-withdrawn",
        )
        actions.submit(wrong, by=zfb["xxy"])
        request_screening(wrong)
        actions.approve_review(wrong, by=zfb["bmsc"], note="不涉密。")
        actions.sign(wrong, by=zfb["sq"], note="同意。")
        actions.withdraw(wrong, by=zfb["sq"], reason="办公时间调整方案尚未经区政府批准，误发，撤回。")

    # 公开指南 with revision history (work plan item 十六: mark 修订时间).
    office = agencies["区政府办"]
    if not GuideRevision.objects.filter(agency=office).exists():
        actions.publish_guide(
            office,
            body=default_guide(office),
            revised_on=date(2022, 3, 1),
            note="按2019年《条例》编制",
            by=users["gkb"],
        )
        actions.publish_guide(
            office,
            body=default_guide(office) + "\n\n四、其他\n本指南根据机构改革后的职责和联系方式修订。",
            revised_on=date(2025, 2, 10),
            note="根据机构改革修订受理机构和联系方式",
            by=users["gkb"],
        )
    for short in ("区发改委", "区人社局", "张贵庄街道", "区民政局"):
        if not GuideRevision.objects.filter(agency=agencies[short]).exists():
            actions.publish_guide(
                agencies[short],
                body=default_guide(agencies[short]),
                revised_on=date(2024, 12, 20),
                note="年度修订",
                by=users["gkb"],
            )

    added = Record.objects.count() - before
    if added:
        ctx.notes.append(
            f"政府信息 {Record.objects.count()} 条（新增 {added}）：工作要点通知、规范性文件台账、"
            "待保密审查（附件含个人信息）、待审签（需解读，同步发布）、定期审查、定时发布、已撤回等"
        )
    ctx.notes.append(
        "演示流程：fgw_xxy 起草并提交《东丽区支持数字经济发展若干措施》及其解读 → fgw_bmsc 保密审查 → fgw_sq 审签，"
        "然后在 /xxgk/ 查看；fgw_bmsc 在“定期审查”中可将一份不予公开的文件转为主动公开"
    )


def _rsj_team(ctx: DemoContext) -> dict[str, Any]:
    """区人社局 has one demo drafter; its reviewer and signer are added here for the demo interpretation."""

    users = ctx.data["users"]
    agency = ctx.data["agencies"]["区人社局"]
    user_model = type(users["rsj_xxy"])
    team = {"xxy": users["rsj_xxy"]}
    for key, username, full_name, role in [
        ("bmsc", "rsj_bmsc", "韩保密", "secrecy_reviewer"),
        ("sq", "rsj_sq", "杨审签", "signer"),
    ]:
        user, created = user_model.objects.get_or_create(username=username, defaults={"full_name": full_name})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
            ctx.logins.append(
                (username, DEMO_PASSWORD, f"区人社局 {'保密审查员' if key == 'bmsc' else '审签人'}")
            )
        RoleAssignment.objects.get_or_create(user=user, agency=agency, role=role)
        team[key] = user
    return team
