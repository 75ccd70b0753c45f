"""The monthly 自查报告 (.docx, A4 GB/T 9704 page) for the 公开办: the verdict, every 单项否决 item with its evidence
and owner, the deductions, broken links, stale and empty columns, availability of the month."""

from __future__ import annotations

import io
from datetime import date, timedelta

from zwgk.core.docxpage import official_document
from zwgk.sitehealth import checks, services
from zwgk.sitehealth.selfcheck import Evaluation


def build(evaluation: Evaluation, year: int, month: int) -> bytes:
    document = official_document()
    document.add_heading(f"{year}年{month}月政府网站自查报告", level=1)
    document.add_paragraph(
        f"检查时间：{evaluation.checked_at:%Y年%m月%d日 %H:%M}。依据《政府网站与政务新媒体检查指标》"
        f"（国办秘函〔2019〕19号）自查，结论：{evaluation.verdict}，扣分项估算得分 {evaluation.score} 分"
        "（估算，供整改参考，不代替上级检查结果）。"
    )
    document.add_heading("一、单项否决指标", level=2)
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for i, text in enumerate(("指标", "结果", "情况")):
        table.rows[0].cells[i].text = text
    for v in evaluation.vetoes:
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = v.rule, "通过" if v.ok else "否决", v.detail
    for v in evaluation.vetoes:
        rows = evaluation.evidence.get(v.rule) or []
        if not v.ok and rows:
            document.add_paragraph(f"{v.rule}：", style="List Bullet")
            for e in rows[:50]:
                document.add_paragraph(f"{e.text}　责任单位：{e.owner or '—'}　{e.url}")
    document.add_heading("二、扣分指标", level=2)
    if not evaluation.deductions:
        document.add_paragraph("未发现扣分项。")
    for d in evaluation.deductions:
        document.add_paragraph(f"{d.rule}：扣 {d.points:g} 分。{d.detail}", style="List Bullet")
        for e in (evaluation.evidence.get(d.rule) or [])[:50]:
            document.add_paragraph(f"{e.text}　所在页面：{e.url}　责任单位：{e.owner or '—'}")
    document.add_heading("三、栏目更新情况", level=2)
    bad = [c for c in evaluation.columns if c.status != "ok"]
    names = services.agency_names({c.agency_id for c in bad if c.agency_id})
    if not bad:
        document.add_paragraph("各栏目均按期更新。")
    for c in bad:
        last = f"最近更新 {c.last_update:%Y-%m-%d}" if c.last_update else "无内容"
        state = "未按期更新" if c.status == "stale" else "空白栏目"
        document.add_paragraph(
            f"{c.column}：{state}（{last}）　责任单位：{names.get(c.agency_id or 0, '区政府办（公开办）')}",
            style="List Bullet",
        )
    document.add_heading("四、网站可用性", level=2)
    first = date(year, month, 1)
    last_day = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    days = services.availability_by_day(first, min(last_day, evaluation.today))
    visits = sum(d.visits for d in days)
    failures = sum(d.failures for d in days)
    share = checks.failure_share(failures, visits)
    document.add_paragraph(
        f"本月监测访问 {visits} 次，失败 {failures} 次"
        + (f"（{share:.1%}）" if share is not None else "")
        + f"；国家检查以一周内失败达到 {checks.UNAVAILABLE_SHARE:.0%} 为单项否决。"
    )
    document.add_heading("五、整改要求", level=2)
    document.add_paragraph(
        "各责任单位对上述问题逐项整改，整改后系统在下一次检查时自动复核并关闭链接整改任务；"
        "栏目不更新、空白栏目由责任单位补充内容或报公开办调整栏目。"
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
