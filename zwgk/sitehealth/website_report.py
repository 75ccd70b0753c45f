"""《政府网站工作年度报表》 (国办函〔2018〕12号): the layout, the cells the platform computes and the cells staff
complete, and the .xlsx / .docx output.

The notice names the eight parts (信息发布、专栏专题、解读回应、办事服务、互动交流、安全防护、移动新媒体、创新发展);
the rows below follow the attached table as published by district and county sites each January (regulations.md
has no copy of the attachment; the row list is taken from published 报表 and should be checked against the
official attachment before first use). Cells marked auto are counted from the platform for the calendar year;
the rest are entered on the form (the platform cannot know 办事服务 figures, security tests or new-media
followers). Page views (网站总访问量) and unique visitors (独立用户访问总量) come from the platform's own counter
(pageviews.py): it started counting when this version was installed, so earlier months are not included.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils import timezone


@dataclass(frozen=True)
class Cell:
    key: str
    section: str
    label: str
    unit: str = ""
    auto: bool = False
    kind: str = "int"  # int | text | yesno | choice
    choices: tuple[str, ...] = ()


YES_NO = ("是", "否")
CELLS: tuple[Cell, ...] = (
    Cell("site_name", "基本信息", "网站名称", kind="text"),
    Cell("home_url", "基本信息", "首页网址", auto=True, kind="text"),
    Cell("sponsor", "基本信息", "主办单位", kind="text"),
    Cell(
        "site_type", "基本信息", "网站类型", kind="choice", choices=("政府门户网站", "部门网站", "专项网站")
    ),
    Cell("site_code", "基本信息", "政府网站标识码", kind="text"),
    Cell("icp", "基本信息", "ICP备案号", kind="text"),
    Cell("police_filing", "基本信息", "公安机关备案号", kind="text"),
    Cell("visitors", "基本信息", "独立用户访问总量", "个", auto=True),
    Cell("views", "基本信息", "网站总访问量", "次", auto=True),
    Cell("info_total", "信息发布", "总数", "条", auto=True),
    Cell("info_overview", "信息发布", "概况类信息更新量", "条", auto=True),
    Cell("info_news", "信息发布", "政务动态信息更新量", "条"),
    Cell("info_catalogue", "信息发布", "信息公开目录信息更新量", "条", auto=True),
    Cell("columns_kept", "专栏专题", "维护数量", "个"),
    Cell("columns_new", "专栏专题", "新开设数量", "个"),
    Cell("interp_total", "解读回应", "解读信息发布总数", "条", auto=True),
    Cell("interp_material", "解读回应", "其中：解读材料数量", "条", auto=True),
    Cell("interp_product", "解读回应", "其中：解读产品数量", "个", auto=True),
    Cell("interp_media", "解读回应", "其中：媒体评论文章数量", "篇"),
    Cell("responses", "解读回应", "回应公众关注热点或重大舆情数量", "次"),
    Cell("service_catalogue", "办事服务", "是否发布服务事项目录", kind="yesno", choices=YES_NO),
    Cell("service_users", "办事服务", "注册用户数", "个"),
    Cell("service_items", "办事服务", "政务服务事项数量", "项"),
    Cell("service_online", "办事服务", "可全程在线办理政务服务事项数量", "项"),
    Cell("cases_total", "办事服务", "办件量总数", "件"),
    Cell("cases_person", "办事服务", "其中：自然人办件量", "件"),
    Cell("cases_legal", "办事服务", "其中：法人办件量", "件"),
    Cell("unified_platform", "互动交流", "是否使用统一平台", kind="yesno", choices=YES_NO),
    Cell("msg_received", "互动交流", "留言办理：收到留言数量", "条", auto=True),
    Cell("msg_done", "互动交流", "留言办理：办结留言数量", "条", auto=True),
    Cell("msg_days", "互动交流", "留言办理：平均办理时间", "天", auto=True),
    Cell("msg_public", "互动交流", "留言办理：公开答复数量", "条", auto=True),
    Cell("survey_rounds", "互动交流", "征集调查：征集调查期数", "期", auto=True),
    Cell("survey_comments", "互动交流", "征集调查：收到意见数量", "条", auto=True),
    Cell("survey_results", "互动交流", "征集调查：公布调查结果期数", "期", auto=True),
    Cell("interview_rounds", "互动交流", "在线访谈：访谈期数", "期"),
    Cell("interview_questions", "互动交流", "在线访谈：网民留言数量", "条"),
    Cell("interview_answers", "互动交流", "在线访谈：答复网民提问数量", "条"),
    Cell("smart_qa", "互动交流", "是否提供智能问答功能", auto=True, kind="yesno", choices=YES_NO),
    Cell("sec_tests", "安全防护", "安全检测评估次数", "次"),
    Cell("sec_found", "安全防护", "发现问题数量", "个"),
    Cell("sec_fixed", "安全防护", "问题整改数量", "个"),
    Cell("sec_warning", "安全防护", "是否建立安全监测预警机制", kind="yesno", choices=YES_NO),
    Cell("sec_drill", "安全防护", "是否开展应急演练", kind="yesno", choices=YES_NO),
    Cell("sec_owner", "安全防护", "是否明确网站安全责任人", kind="yesno", choices=YES_NO),
    Cell("media_has", "移动新媒体", "是否有移动新媒体", kind="yesno", choices=YES_NO),
    Cell("weibo_name", "移动新媒体", "微博：名称", kind="text"),
    Cell("weibo_posts", "移动新媒体", "微博：信息发布量", "条"),
    Cell("weibo_fans", "移动新媒体", "微博：关注量", "个"),
    Cell("wechat_name", "移动新媒体", "微信：名称", kind="text"),
    Cell("wechat_posts", "移动新媒体", "微信：信息发布量", "条"),
    Cell("wechat_fans", "移动新媒体", "微信：订阅数", "个"),
    Cell("media_other", "移动新媒体", "其他", kind="text"),
    Cell(
        "innovation",
        "创新发展",
        "搜索即服务、多语言版本、无障碍浏览、千人千网、其他（填写已具备的）",
        kind="text",
    ),
    Cell("head", "填报", "单位负责人", kind="text"),
    Cell("checker", "填报", "审核人", kind="text"),
    Cell("filler", "填报", "填报人", kind="text"),
    Cell("phone", "填报", "联系电话", kind="text"),
    Cell("filled_on", "填报", "填报日期", kind="text"),
)
STAFF_CELLS = tuple(c for c in CELLS if not c.auto)


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return datetime(year, 1, 1, tzinfo=tz), datetime(year + 1, 1, 1, tzinfo=tz)


def computed(year: int) -> dict[str, Any]:
    """The cells the platform counts for the calendar year."""
    from django.conf import settings

    from zwgk.documents.models import GuideRevision, Interpretation, InterpretationForm, Record
    from zwgk.interaction import deadlines
    from zwgk.interaction.models import Message, Status
    from zwgk.interaction.services import pauses_of
    from zwgk.participation.models import Comment, Consultation
    from zwgk.sitehealth import pageviews
    from zwgk.workdays.service import get_calendar

    start, end = _year_bounds(year)
    records = Record.objects.public().filter(published_at__gte=start, published_at__lt=end)
    overview = (
        records.filter(statutory_category="art20_02").count()
        + GuideRevision.objects.filter(revised_on__year=year).count()
    )
    interps = Interpretation.objects.public().filter(published_at__gte=start, published_at__lt=end)
    material = interps.filter(form=InterpretationForm.TEXT).count()
    total_interp = interps.count()
    messages = Message.objects.filter(received_on__year=year)
    done = Message.objects.filter(
        status__in=[Status.REPLIED, Status.INVALID], updated_at__gte=start, updated_at__lt=end
    )
    calendar = get_calendar()
    used = [
        deadlines.working_days_used(calendar, m.received_on, m.replied_on, pauses_of(m))
        for m in Message.objects.filter(replied_on__year=year, status=Status.REPLIED).prefetch_related(
            "pauses"
        )
        if m.replied_on
    ]
    consultations = Consultation.objects.public().filter(opens_on__year=year)
    views, visitors = pageviews.totals(date(year, 1, 1), date(year, 12, 31))
    catalogue = records.count()
    return {
        "home_url": settings.SITE_URL,
        "visitors": visitors,
        "views": views,
        "info_total": catalogue + total_interp,
        "info_overview": overview,
        "info_catalogue": catalogue,
        "interp_total": total_interp,
        "interp_material": material,
        "interp_product": total_interp - material,
        "msg_received": messages.count(),
        "msg_done": done.count(),
        "msg_days": round(sum(used) / len(used), 1) if used else 0,
        "msg_public": Message.objects.public().filter(published_at__gte=start, published_at__lt=end).count(),
        "survey_rounds": consultations.count(),
        "survey_comments": Comment.objects.filter(consultation__in=consultations).count(),
        "survey_results": consultations.filter(feedback_published_at__isnull=False).count(),
        "smart_qa": "是",
    }


def rows(year: int, staff: dict[str, Any]) -> list[tuple[Cell, Any]]:
    auto = computed(year)
    out = []
    for cell in CELLS:
        value = auto.get(cell.key) if cell.auto else staff.get(cell.key, "")
        if cell.key == "info_total":
            news = staff.get("info_news")
            value = int(value or 0) + (int(str(news)) if str(news or "").isdigit() else 0)
        out.append((cell, value))
    return out


def missing(staff: dict[str, Any]) -> list[str]:
    return [c.label for c in STAFF_CELLS if str(staff.get(c.key, "")).strip() == ""]


def xlsx_bytes(year: int, staff: dict[str, Any]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None  # a new workbook has one sheet
    ws.title = f"{year}年度"
    ws.append([f"政府网站工作年度报表（{year}年度）"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells("A1:D1")
    ws.append(["栏目", "项目", "单位", "数值"])
    for c in ws[2]:
        c.font = Font(bold=True)
    for cell, value in rows(year, staff):
        ws.append([cell.section, cell.label, cell.unit, value])
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 48
    ws.column_dimensions["C"].width = 8
    ws.column_dimensions["D"].width = 36
    for row in ws.iter_rows(min_row=3):
        row[1].alignment = Alignment(wrap_text=True)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def docx_bytes(year: int, staff: dict[str, Any]) -> bytes:
    from zwgk.core.docxpage import official_document

    document = official_document()
    document.add_heading(f"政府网站工作年度报表（{year}年度）", level=1)
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for i, text in enumerate(("栏目", "项目", "单位", "数值")):
        table.rows[0].cells[i].text = text
    for cell, value in rows(year, staff):
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text, cells[3].text = (
            cell.section,
            cell.label,
            cell.unit,
            str(value),
        )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
