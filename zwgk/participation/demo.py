"""Demo of 征求意见 (idempotent; order 78): one draft open for comment with comments on its articles, and one
closed consultation whose feedback report is published and which links to the final policy (and so to its
interpretation)."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from zwgk.core.registry import DemoContext
from zwgk.documents.models import Record
from zwgk.participation import actions
from zwgk.participation.models import Consultation, Decision

ELEVATOR = """第一条 为推进既有住宅加装电梯工作，方便群众生活，结合本区实际，制定本办法。
第二条 本办法适用于本区行政区域内已建成投入使用、未设电梯的四层以上住宅。
第三条 加装电梯应当经本单元房屋专有部分面积占比三分之二以上且人数占比三分之二以上的业主同意。
第四条 加装电梯所需资金由业主按照楼层、面积等因素协商分摊，区财政按照每部电梯不超过二十万元给予补贴。
第五条 街道办事处负责组织协调，区住建委负责技术指导和质量安全监督。
第六条 本办法自印发之日起施行，有效期五年。"""

EMPLOYMENT = """第一条 鼓励企业吸纳高校毕业生就业，对招用毕业年度高校毕业生并签订一年以上劳动合同的企业，给予一次性吸纳就业补贴。
第二条 支持高校毕业生自主创业，按规定给予一次性创业补贴和创业担保贷款贴息。
第三条 扩大就业见习规模，见习期间给予见习单位见习补贴。
第四条 本措施自印发之日起施行。"""


@transaction.atomic
def load(ctx: DemoContext) -> None:
    agencies = ctx.data["agencies"]
    users = ctx.data["users"]
    today = timezone.localdate()
    if not Consultation.objects.filter(title__startswith="东丽区既有住宅加装电梯实施办法").exists():
        c = actions.save_consultation(
            None,
            {
                "agency": agencies["区住建委"] if "区住建委" in agencies else agencies["区政府办"],
                "title": "东丽区既有住宅加装电梯实施办法（征求意见稿）",
                "summary": "为回应群众关切，区住建委起草了本办法，现公开征求社会公众意见。",
                "draft_text": ELEVATOR,
                "opens_on": today - timedelta(days=10),
                "closes_on": today + timedelta(days=20),
                "channels": "电子邮箱：zjw@example.gov.cn\n信函：东丽区住建委（信封注明“加装电梯意见”）",
            },
            by=users["gkb"],
        )
        actions.publish(c, by=users["gkb"], on=today - timedelta(days=10))
        for unit, text in (
            (
                3,
                "三分之二的比例太高了，一楼住户往往不同意，建议降低到三分之二以上且一楼业主不反对即可。我电话13820005678。",
            ),
            (4, "补贴标准能否按楼层数提高？九层楼二十万不够。"),
            (4, "希望明确补贴申请的办理时限。"),
            (None, "支持加装电梯，家里老人上下楼太难了。"),
        ):
            comment = actions.submit_comment(
                c, {"text": text, "unit": unit, "name": "刘桂兰", "phone": "13820005678"}
            )
            if unit != 4 or "时限" not in text:
                actions.moderate(comment, approve=True, by=users["gkb"])
    if not Consultation.objects.filter(title__startswith="东丽区促进高校毕业生就业若干措施").exists():
        final = Record.objects.public().filter(title="东丽区促进高校毕业生就业若干措施").first()
        c = actions.save_consultation(
            None,
            {
                "agency": agencies["区人社局"],
                "title": "东丽区促进高校毕业生就业若干措施（征求意见稿）",
                "summary": "为做好高校毕业生就业工作，区人社局起草了若干措施。",
                "draft_text": EMPLOYMENT,
                "opens_on": today - timedelta(days=80),
                "closes_on": today - timedelta(days=50),
                "final_record": final,
            },
            by=users["gkb"],
        )
        actions.publish(c, by=users["gkb"], on=today - timedelta(days=80))
        received = []
        for unit, text in (
            (1, "一次性吸纳就业补贴的标准是多少？希望写明。"),
            (1, "建议把签订劳动合同的期限从一年放宽到六个月。"),
            (3, "见习补贴应当直接发给见习的学生。"),
        ):
            comment = actions.submit_comment(c, {"text": text, "unit": unit}, on=today - timedelta(days=60))
            actions.moderate(comment, approve=True, by=users["gkb"])
            received.append(comment)
        actions.save_theme(
            c,
            None,
            title="明确吸纳就业补贴标准",
            decision=Decision.ADOPTED,
            reason="",
            comment_ids=[received[0].pk],
            by=users["gkb"],
        )
        actions.save_theme(
            c,
            None,
            title="放宽劳动合同期限",
            decision=Decision.NOT_ADOPTED,
            reason="一年以上劳动合同是市级政策规定的补贴条件，区级措施不能放宽。",
            comment_ids=[received[1].pk],
            by=users["gkb"],
        )
        actions.save_theme(
            c,
            None,
            title="见习补贴发放对象",
            decision=Decision.PARTLY,
            reason="见习补贴发给见习单位，其中用于见习人员生活补助的部分由单位足额发放，正式文件已写明。",
            comment_ids=[received[2].pk],
            by=users["gkb"],
        )
        actions.publish_feedback(
            c, "共收到意见 3 条，采纳 1 条、部分采纳 1 条、未采纳 1 条，理由见下表。", by=users["gkb"]
        )
    ctx.notes.append(
        "征求意见：公众网站 /participation/（一件正在征求意见，一件已公布采纳情况并链接正式文件）；工作台“征求意见”。"
    )
