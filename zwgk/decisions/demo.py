"""Demo of 重大行政决策 (idempotent; order 79): the district government's 2026 catalogue, published through its
catalogue record, with three decisions at different stages — one in 公众参与 (linked to the open 征求意见 on the
elevator rules), one at 合法性审查 with its expert and risk documents, one decided and published."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from zwgk.core.registry import DemoContext
from zwgk.decisions import actions, stages
from zwgk.decisions.models import Catalogue
from zwgk.documents.demo import historical
from zwgk.documents.models import Record
from zwgk.participation.models import Consultation


@transaction.atomic
def load(ctx: DemoContext) -> None:
    agencies = ctx.data["agencies"]
    gkb = ctx.data["users"]["gkb"]
    government = agencies["区政府办"]  # the 公开办 keeps the district government's catalogue
    today = timezone.localdate()
    year = today.year
    ctx.notes.append("重大行政决策：公众网站 /decisions/（三个决策事项处于不同阶段）；工作台“重大行政决策”。")
    if Catalogue.objects.filter(agency=government, year=year).exists():
        return
    record = historical(
        f"decisions-catalogue-{year}",
        government,
        f"东丽区人民政府{year}年度重大行政决策事项目录",
        written=date(year, 3, 1),
        published=date(year, 3, 5),
        theme_path="综合政务\\政务公开",
        category="art20_03",
        doc_number=f"东丽政办发〔{year}〕8号",
        body=f"东丽区人民政府{year}年度重大行政决策事项目录\n1. 东丽区既有住宅加装电梯实施办法\n2. 东丽区中小学布局专项规划\n3. 东丽区促进高校毕业生就业若干措施",
    )
    catalogue = actions.save_catalogue(
        None,
        {
            "agency": government,
            "year": year,
            "title": f"东丽区人民政府{year}年度重大行政决策事项目录",
            "record": record,
        },
        by=gkb,
    )
    zjw = agencies.get("区住建委", government)
    jyj = agencies.get("区教育局", government)
    rsj = agencies["区人社局"]
    elevator = actions.save_decision(
        catalogue,
        None,
        {
            "number": 1,
            "title": "制定《东丽区既有住宅加装电梯实施办法》",
            "lead_agency": zjw,
            "legal_basis": "《重大行政决策程序暂行条例》；《天津市既有住宅加装电梯工作指导意见》",
            "planned": f"{year}年12月",
            "consultation": Consultation.objects.filter(title__startswith="东丽区既有住宅加装电梯").first(),
        },
        by=gkb,
    )
    actions.move_stage(
        elevator, stages.PUBLIC_PARTICIPATION, stages.CURRENT, by=gkb, on=today - timedelta(days=10)
    )
    schools = actions.save_decision(
        catalogue,
        None,
        {
            "number": 2,
            "title": "编制《东丽区中小学布局专项规划（2026—2035年）》",
            "lead_agency": jyj,
            "legal_basis": "《中华人民共和国教育法》",
            "planned": f"{year + 1}年6月",
        },
        by=gkb,
    )
    for stage in (stages.PUBLIC_PARTICIPATION, stages.EXPERT_REVIEW, stages.RISK_ASSESSMENT):
        actions.move_stage(schools, stage, stages.CURRENT, by=gkb)
        actions.move_stage(schools, stage, stages.DONE, by=gkb)
    actions.move_stage(schools, stages.LEGALITY_REVIEW, stages.CURRENT, by=gkb)
    for role, stage, title in (
        ("draft", stages.PUBLIC_PARTICIPATION, "东丽区中小学布局专项规划（2026—2035年）（草案）"),
        ("expert_summary", stages.EXPERT_REVIEW, "东丽区中小学布局专项规划专家论证意见摘要"),
        ("risk_conclusion", stages.RISK_ASSESSMENT, "东丽区中小学布局专项规划社会稳定风险评估结论"),
    ):
        doc = historical(
            f"decisions-schools-{role}",
            jyj,
            title,
            written=date(year, 5, 1),
            published=date(year, 5, 8),
            theme_path="综合政务\\政务公开",
            category="art20_03",
        )
        actions.attach_document(schools, stage, role, doc, by=gkb)
    jobs = actions.save_decision(
        catalogue,
        None,
        {
            "number": 3,
            "title": "出台《东丽区促进高校毕业生就业若干措施》",
            "lead_agency": rsj,
            "legal_basis": "《中华人民共和国就业促进法》",
            "planned": f"{year}年9月",
            "consultation": Consultation.objects.filter(
                title__startswith="东丽区促进高校毕业生就业若干措施"
            ).first(),
        },
        by=gkb,
    )
    for stage in stages.ORDER[:-1]:
        if stage == stages.RISK_ASSESSMENT:
            actions.move_stage(
                jobs,
                stage,
                stages.SKIPPED,
                note="属于扶持激励政策，不涉及社会稳定风险（条例第二十二条）",
                by=gkb,
            )
            continue
        actions.move_stage(jobs, stage, stages.CURRENT, by=gkb)
        actions.move_stage(jobs, stage, stages.DONE, by=gkb)
    final = Record.objects.public().filter(title="东丽区促进高校毕业生就业若干措施").first()
    if final is not None:
        actions.attach_document(jobs, stages.PUBLICATION, "result", final, by=gkb)
