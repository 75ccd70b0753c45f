"""Demo data for 依申请公开 (idempotent): the walk-through of the issue, one application at each stage, and
realistic history for 2024–2025 at 区政府办, 区人社局 and 区发改委 (feeding the 2025 annual report).

Everything is dated on or before 2026-11-27 and nothing depends on the 2027 holiday schedule. Names, companies
and phone numbers are invented.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from zwgk.accounts.models import RoleAssignment
from zwgk.accounts.roles import Role
from zwgk.agencies.models import Agency
from zwgk.applications import actions, ledger, services
from zwgk.applications.clock import RECEIPT_RULES
from zwgk.applications.models import (
    Application,
    CorrectionRequest,
    FeeNotice,
    ReviewCase,
    Source,
    Transfer,
    hash_query_code,
)
from zwgk.calendar import ScheduleMissing
from zwgk.core.registry import DemoContext

DEMO_CODE = "DEMO-2026"
MARK = "DEMO-"


def _pdf(title: str, lines: list[str]) -> bytes:
    from zwgk.core.pdf import PdfDocument  # reportlab only when the demo runs (CLI start-up)

    doc = PdfDocument(title)
    doc.heading_title(title)
    for line in lines:
        doc.paragraph(line)
    return doc.render()


def _proof() -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "身份证.pdf",
        _pdf("居民身份证（演示）", ["姓名：演示申请人", "本文件仅用于演示。"]),
        "application/pdf",
    )


def _citizen(name: str, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "applicant_type": "自然人",
        "applicant_name": name,
        "id_type": "resident_id",
        "id_number": "",
        "phone": "13820000000",
        "email": "",
        "address": "天津市东丽区跃进路 1 号（演示）",
        "postal_code": "300300",
        "preferred_form": "electronic",
        "delivery": "online",
        "description": "",
        "document_ref": "",
    }
    data.update(extra)
    return data


def _exists(ref: str) -> Application | None:
    return Application.objects.filter(external_ref=ref).first()


def _mark(app: Application, ref: str, code: str | None = None) -> Application:
    fields: dict[str, Any] = {"external_ref": ref}
    if code:
        fields["query_code_hash"] = hash_query_code(app.number, code)
    Application.objects.filter(pk=app.pk).update(**fields)
    app.refresh_from_db()
    return app


def _users(ctx: DemoContext) -> dict[str, Any]:
    """The demo staff this app needs (accounts' demo loader created them); e-mail for the console reminders."""
    user_model = get_user_model()
    users = {
        u.username: u
        for u in user_model.objects.filter(
            username__in=["zfb_cbr", "zfb_fzr", "falv", "rsj_xxy", "rsj_fzr", "fgw_cbr", "gkb"]
        )
    }
    for user in users.values():
        if not user.email:
            user.email = f"{user.username}@dongli.example.gov.cn"
            user.save(update_fields=["email"])
    agencies: dict[str, Agency] = ctx.data.get("agencies") or {a.short_name: a for a in Agency.objects.all()}
    # The district's contracted legal adviser also reviews replies of 区人社局 and 区发改委.
    for unit in ("区人社局", "区发改委"):
        if "falv" in users:
            RoleAssignment.objects.get_or_create(
                user=users["falv"], agency=agencies[unit], role=Role.LEGAL_ADVISER.value
            )
    return users


def load(ctx: DemoContext) -> None:
    agencies: dict[str, Agency] = ctx.data.get("agencies") or {a.short_name: a for a in Agency.objects.all()}
    users = _users(ctx)
    if not {"zfb_cbr", "zfb_fzr", "falv", "rsj_xxy"} <= users.keys():
        ctx.notes.append("依申请公开：缺少演示账号，跳过")
        return
    try:
        with services.pinned_calendar():
            history(agencies)
            showcase(agencies, users)
            stages(agencies, users)
    except ScheduleMissing as exc:  # cannot happen with the pinned chinesecalendar; never crash the demo
        ctx.notes.append(f"依申请公开演示数据未完整载入：{exc}")
        return
    s1 = _exists(f"{MARK}S1")
    ctx.notes.append(
        f"依申请公开：{Application.objects.count()} 件申请；完整流程示例 {s1.number if s1 else ''}"
        f"（申请人查询 /apply/status/，查询码 {DEMO_CODE}），各环节示例见工作台“依申请公开”"
    )


# --- the walk-through: online → 补正 → third-party consultation → legal review → reply ------------------


def showcase(agencies: dict[str, Agency], users: dict[str, Any]) -> Application:
    ref = f"{MARK}S1"
    existing = _exists(ref)
    if existing is not None:
        return existing
    zfb = agencies["区政府办"]
    cbr, falv = users["zfb_cbr"], users["falv"]
    data = _citizen(
        "李明",
        email="liming@example.com",
        phone="13820001111",
        description="请公开区里和物流公司签的那个协议。",
    )
    app, _ = actions.submit_online(zfb, data, _proof(), on=date(2026, 9, 21))
    app = _mark(app, ref, DEMO_CODE)
    actions.confirm_online(app, by=cbr)
    actions.request_correction(
        app,
        by=cbr,
        items="请写明所需协议的名称、签订时间或所涉项目名称，以便本机关检索（条例第二十九条第二款第（二）项）。",
        correction_due=date(2026, 10, 20),
        sent_on=date(2026, 9, 23),
    )
    actions.record_correction(
        app,
        by=None,
        corrected_on=date(2026, 9, 24),
        text="所需信息为：2025年东丽区人民政府与天津东丽智慧物流有限公司签订的《智慧物流园区项目投资协议》。",
    )
    consultation = actions.start_consultation(
        app,
        by=cbr,
        kind="third_party",
        party="天津东丽智慧物流有限公司",
        party_address="天津市东丽区华明高新区（演示地址）",
        subject="《智慧物流园区项目投资协议》全文，其中第五条至第七条涉及投资金额测算、税收分成和企业经营数据",
        sent_on=date(2026, 10, 9),
    )
    actions.record_consultation_answer(
        consultation,
        by=cbr,
        response="partial",
        answered_on=date(2026, 10, 22),
        note="同意公开协议其他条款；第五条至第七条涉及商业秘密，不同意公开。",
    )
    attachment = SimpleUploadedFile(
        "智慧物流园区项目投资协议（公开部分）.pdf",
        _pdf(
            "智慧物流园区项目投资协议（公开部分）",
            [
                "甲方：天津市东丽区人民政府（演示）",
                "乙方：天津东丽智慧物流有限公司（演示）",
                "第五条至第七条不予公开。",
            ],
        ),
        "application/pdf",
    )
    draft = {
        "outcome": "partial",
        "reasons": "协议第五条至第七条载有投资金额测算、税收分成比例和企业经营数据，属于第三方商业秘密。经书面征求"
        "第三方意见，第三方不同意公开且理由合理，公开会对第三方合法权益造成损害，根据《中华人民共和国政府信息公开条例》"
        "第十五条、第三十二条的规定不予公开。",
        "provision": "可以公开的部分见附件，您也可以凭申请编号和查询码在本平台“查询办理进度”页面下载。",
    }
    actions.save_draft(app, by=cbr, data={**draft, "provision": "见附件。"})
    actions.submit_for_legal_review(app, by=cbr)
    actions.decide_legal_review(
        app, by=falv, approve=False, comments="请写明获取途径，并补充不予公开部分的具体理由和依据条款。"
    )
    actions.save_draft(app, by=cbr, data=draft, attachment=attachment)
    actions.submit_for_legal_review(app, by=cbr)
    actions.decide_legal_review(app, by=falv, approve=True, comments="理由充分，依据准确，同意发出。")
    actions.send_reply(app, by=cbr, sent_on=date(2026, 11, 3), delivery_note="网上获取，并以电子邮件告知")
    return app


# --- one application at each stage, for clicking through ----------------------------------------------


def stages(agencies: dict[str, Agency], users: dict[str, Any]) -> None:
    zfb, rsj, fgw = agencies["区政府办"], agencies["区人社局"], agencies["区发改委"]
    # S6 waits for zfb_fzr (工作机构负责人) to decide the extension in the browser.
    cbr, falv, rsj_cbr = users["zfb_cbr"], users["falv"], users["rsj_xxy"]
    fgw_cbr = users.get("fgw_cbr")

    def online(
        ref: str, agency: Agency, name: str, description: str, day: date, **extra: Any
    ) -> Application | None:
        if _exists(ref):
            return None
        app, _ = actions.submit_online(
            agency, _citizen(name, description=description, **extra), _proof(), on=day
        )
        return _mark(app, ref)

    def staff(
        ref: str, agency: Agency, by: Any, name: str, description: str, channel: str, day: date, **kw: Any
    ) -> Application | None:
        if _exists(ref):
            return None
        app, _ = actions.register_by_staff(
            agency, _citizen(name, description=description), by=by, channel=channel, submitted_on=day, **kw
        )
        return _mark(app, ref)

    # 待登记: an online submission of yesterday.
    online(
        f"{MARK}S2", zfb, "赵丽华", "东丽区2026年老旧小区改造计划及各小区改造内容清单。", date(2026, 11, 27)
    )

    # 待审核: a registered letter signed for on 11-25.
    staff(
        f"{MARK}S3",
        zfb,
        cbr,
        "钱国强",
        "区政府关于金钟街道某村城中村改造项目的批复文件。",
        "registered_post",
        date(2026, 11, 24),
        signed_on=date(2026, 11, 25),
    )

    # 待补正: notice sent, period running.
    app = online(f"{MARK}S4", zfb, "孙建平", "我家那片拆迁的所有文件。", date(2026, 11, 16))
    if app:
        actions.confirm_online(app, by=cbr)
        actions.request_correction(
            app,
            by=cbr,
            items="请写明房屋所在街道、村（社区）名称和所需文件的种类（如征收决定、补偿方案）。",
            correction_due=date(2026, 12, 9),
            sent_on=date(2026, 11, 18),
        )

    # 补正期限已过：reminder asks to end it as 逾期不补正.
    app = online(f"{MARK}S12", zfb, "周海燕", "关于那个项目的材料。", date(2026, 10, 26))
    if app:
        actions.confirm_online(app, by=cbr, confirmed_on=date(2026, 10, 26))
        actions.request_correction(
            app,
            by=cbr,
            items="请写明项目名称或文件名称、文号。",
            correction_due=date(2026, 11, 20),
            sent_on=date(2026, 10, 28),
        )

    # 办理中, third-party consultation open (the clock is paused).
    app = online(
        f"{MARK}S5", zfb, "吴志刚", "2026年东丽区政府采购某物业服务项目的中标合同。", date(2026, 11, 9)
    )
    if app:
        actions.confirm_online(app, by=cbr)
        actions.accept(app, by=cbr)
        actions.start_consultation(
            app,
            by=cbr,
            kind="third_party",
            party="天津东丽宜居物业服务有限公司",
            subject="物业服务合同中的报价明细和人员配置表",
            sent_on=date(2026, 11, 16),
        )

    # 办理中, extension requested: 区政府办 工作机构负责人 zfb_fzr decides.
    app = staff(
        f"{MARK}S6",
        zfb,
        cbr,
        "郑晓东",
        "2021年至2025年东丽区历年城市更新项目的全部批复文件。",
        "in_person",
        date(2026, 11, 5),
    )
    if app:
        actions.accept(app, by=cbr)
        actions.request_extension(
            app,
            by=cbr,
            working_days=15,
            reason="所需信息时间跨度五年、涉及多个项目，需要调档检索",
            requested_on=date(2026, 11, 26),
        )

    # 法律审核中: waiting for the legal adviser falv.
    app = staff(
        f"{MARK}S7",
        zfb,
        cbr,
        "王淑芬",
        "东丽区2026年第三季度政府常务会议议定事项落实情况通报。",
        "email",
        date(2026, 11, 3),
        confirmed_on=date(2026, 11, 3),
    )
    if app:
        actions.accept(app, by=cbr)
        actions.save_draft(
            app,
            by=cbr,
            data={
                "outcome": "unavailable.not_held",
                "reasons": "本机关未制作名为“议定事项落实情况通报”的文件。",
                "referral_organ": "天津市东丽区人民政府督查室（演示）",
                "referral_contact": "022-84370001",
            },
        )
        actions.submit_for_legal_review(app, by=cbr)

    # 待发出答复: approved, the 承办人 sends it.
    app = online(f"{MARK}S8", zfb, "冯丽", "东丽区2026年重大行政决策事项目录。", date(2026, 11, 2))
    if app:
        actions.confirm_online(app, by=cbr)
        actions.accept(app, by=cbr)
        actions.save_draft(
            app,
            by=cbr,
            data={
                "outcome": "granted",
                "provision": "该信息已在东丽区人民政府网站“政府信息公开—重大行政决策”栏目主动公开，您可直接查阅下载。",
            },
        )
        actions.submit_for_legal_review(app, by=cbr)
        actions.decide_legal_review(app, by=falv, approve=True, comments="同意。")

    # 收费: the 12th application of one applicant this month (按件计收 100 元), unpaid; near-duplicates flagged.
    frequent(zfb, cbr)

    # 已超期 at 区人社局.
    app = staff(
        f"{MARK}S10",
        rsj,
        rsj_cbr,
        "陈卫东",
        "2026年东丽区失业保险稳岗返还企业名单及返还金额。",
        "in_person",
        date(2026, 10, 12),
    )
    if app:
        actions.accept(app, by=rsj_cbr)

    # 转送: filed online with 区政府办, transferred to 区人社局 (which receives it that day).
    app = online(
        f"{MARK}S11",
        zfb,
        "褚晓梅",
        "东丽区2026年灵活就业人员社保补贴发放标准和申领条件。",
        date(2026, 11, 10),
    )
    if app:
        actions.confirm_online(app, by=cbr)
        actions.transfer(
            app,
            rsj,
            by=cbr,
            reason="灵活就业社保补贴由区人社局制作和保存（条例第十条）",
            transferred_on=date(2026, 11, 12),
        )

    # 征求其他机关意见 overdue at 区发改委.
    if fgw_cbr is not None:
        app = staff(
            f"{MARK}S13",
            fgw,
            fgw_cbr,
            "天津市明正律师事务所",
            "东丽区与相关部门联合印发的2026年价格监测工作方案。",
            "registered_post",
            date(2026, 10, 22),
            signed_on=date(2026, 10, 23),
        )
        if app:
            Application.objects.filter(pk=app.pk).update(
                applicant_type="法律服务机构", legal_representative="韩明正"
            )
            actions.accept(app, by=fgw_cbr)
            actions.start_consultation(
                app,
                by=fgw_cbr,
                kind="inter_agency",
                party="天津市东丽区市场监督管理局",
                subject="2026年价格监测工作方案（联合印发）",
                sent_on=date(2026, 10, 26),
            )


def frequent(zfb: Agency, cbr: Any) -> None:
    """One applicant, twelve applications to 区政府办 in November 2026: abuse flag, near-duplicates, fee."""
    ref = f"{MARK}S9"
    if _exists(ref):
        return
    base = _citizen("刘建军", phone="13920009999")
    topics = [
        "东丽区2026年1月区政府常务会议纪要",
        "东丽区2026年2月区政府常务会议纪要",
        "东丽区2026年3月区政府常务会议纪要",
        "东丽区2026年4月区政府常务会议纪要",
        "东丽区2026年5月区政府常务会议纪要",
        "东丽区2026年6月区政府常务会议纪要",
        "东丽区2026年7月区政府常务会议纪要",
        "东丽区2026年8月区政府常务会议纪要",
        "东丽区2026年9月区政府常务会议纪要",
        "东丽区2026年10月区政府常务会议纪要",
        "东丽区2026年1月区政府常务会议纪要及议题材料",
    ]
    for index, topic in enumerate(topics, start=1):
        day = date(2026, 11, 2) + timedelta(days=(index - 1) // 3)
        app, _ = actions.register_by_staff(
            zfb, {**base, "description": f"请公开{topic}。"}, by=cbr, channel="in_person", submitted_on=day
        )
        _mark(app, f"{MARK}S9-{index:02d}")
        if index <= 9:
            actions.accept(app, by=cbr)
            actions.save_draft(
                app,
                by=cbr,
                data={
                    "outcome": "withheld.process_info",
                    "reasons": "区政府常务会议纪要属于内部讨论记录，系过程性信息。",
                },
            )
            actions.submit_for_legal_review(app, by=cbr)
            actions.decide_legal_review(app, by=get_user_model().objects.get(username="falv"), approve=True)
            actions.send_reply(app, by=cbr, sent_on=day + timedelta(days=7))
    app, _ = actions.register_by_staff(
        zfb,
        {**base, "description": "请公开东丽区2026年11月区政府常务会议纪要。"},
        by=cbr,
        channel="in_person",
        submitted_on=date(2026, 11, 16),
    )
    _mark(app, ref)
    actions.accept(app, by=cbr)
    actions.issue_fee_notice(
        app,
        by=cbr,
        method="count",
        quantity=services.monthly_position(app),
        payment_method="通过非税收入缴款码缴纳（演示）",
        sent_on=date(2026, 11, 17),
    )


# --- history 2024–2025 ---------------------------------------------------------------------------------

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀兰",
    "霞",
    "平",
    "刚",
    "桂英",
    "建华",
    "国庆",
    "海涛",
    "红梅",
    "志强",
    "秀英",
    "玉兰",
    "春生",
]
COMPANIES = [
    "天津东丽华兴建材有限公司",
    "天津金钟冷链物流有限公司",
    "天津华明智能装备有限公司",
    "天津东丽湖文旅发展有限公司",
    "天津军粮城食品有限公司",
    "天津新立机械制造有限公司",
]
LAW_FIRMS = ["天津明正律师事务所", "天津东方衡平律师事务所", "天津立信律师事务所"]
OTHERS = ["东丽区某小区业主委员会", "东丽区某村股份经济合作社"]
STREETS = [
    "张贵庄街道",
    "丰年村街道",
    "万新街道",
    "无瑕街道",
    "新立街道",
    "华明街道",
    "金钟街道",
    "军粮城街道",
    "金桥街道",
    "华新街道",
]

TOPICS: dict[str, list[str]] = {
    "区政府办": [
        "{year}年东丽区政府工作报告中提到的{street}道路提升改造项目的批复文件",
        "区政府关于{street}某村城中村改造项目的批复",
        "{year}年东丽区重大行政决策事项目录及决策结果",
        "{street}某地块房屋征收决定及补偿方案",
        "{year}年东丽区人民政府常务会议研究的{street}环境整治事项的文件",
        "东丽区{year}年民心工程项目清单及完成情况",
        "区政府与{company}签订的招商引资协议",
        "{year}年东丽区政府信息公开工作年度报告的统计数据说明",
    ],
    "区人社局": [
        "{year}年东丽区就业补助资金使用情况",
        "{company}劳动保障监察投诉的处理结果",
        "东丽区{year}年公益性岗位招聘录用名单",
        "{year}年东丽区企业稳岗返还名单及金额",
        "本人工伤认定决定书及调查材料",
        "{year}年东丽区职业技能培训补贴发放明细",
        "{company}欠薪案件的调查处理决定",
        "{year}年东丽区事业单位公开招聘考试成绩及录用名单",
    ],
    "区发改委": [
        "东丽区{year}年政府投资项目计划",
        "{street}污水管网改造项目的立项批复",
        "东丽区“十四五”规划纲要中期评估报告",
        "{company}新建厂房项目的节能审查意见",
        "东丽区{year}年价格监测报告",
        "{street}集中供热改造项目的可行性研究报告批复",
    ],
}

# (outcome key, weight) — a realistic spread of the annual-report rows.
OUTCOME_WEIGHTS = [
    ("granted", 40),
    ("partial", 10),
    ("withheld.third_party", 3),
    ("withheld.process_info", 4),
    ("withheld.internal_affairs", 2),
    ("withheld.enforcement_file", 2),
    ("withheld.law_prohibited", 1),
    ("unavailable.not_held", 14),
    ("unavailable.needs_creation", 4),
    ("unavailable.unclear_after_correction", 2),
    ("not_processed.petition", 3),
    ("not_processed.repeat", 0),  # produced by real repeats below
    ("not_processed.publication", 1),
    ("not_processed.confirm_or_reissue", 1),
    ("other.no_correction", 4),
    ("other.no_payment", 0),  # produced by the frequent applicant below
    ("other.other", 4),
]
TYPE_WEIGHTS = [
    ("自然人", 80),
    ("商业企业", 9),
    ("法律服务机构", 5),
    ("科研机构", 1),
    ("社会公益组织", 1),
    ("其他", 4),
]
VOLUME = {
    ("区政府办", 2024): 34,
    ("区政府办", 2025): 42,
    ("区人社局", 2024): 48,
    ("区人社局", 2025): 57,
    ("区发改委", 2024): 15,
    ("区发改委", 2025): 21,
}
CHANNEL_WEIGHTS = [
    ("online", 55),
    ("in_person", 15),
    ("registered_post", 12),
    ("ordinary_post", 5),
    ("email", 10),
    ("fax", 3),
]


def _pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    return rng.choices([k for k, _ in weighted], weights=[w for _, w in weighted])[0]


def _name(rng: random.Random, kind: str) -> str:
    if kind == "自然人":
        return rng.choice(SURNAMES) + rng.choice(GIVEN)
    if kind == "商业企业":
        return rng.choice(COMPANIES)
    if kind == "法律服务机构":
        return rng.choice(LAW_FIRMS)
    if kind == "科研机构":
        return "天津某城市规划研究院"
    if kind == "社会公益组织":
        return "东丽区某志愿服务协会"
    return rng.choice(OTHERS)


def _working_day(day: date) -> date:
    cal = services.calendar()
    return day if cal.is_working_day(day) else cal.next_working_day(day)


def history(agencies: dict[str, Agency]) -> None:
    """Concluded applications of 2024 and 2025 (and carried over into the next year), with review cases."""
    if Application.objects.filter(external_ref__startswith=f"{MARK}H").exists():
        return
    cal = services.calendar()
    for unit in ("区政府办", "区人社局", "区发改委"):
        agency = agencies[unit]
        for year in (2024, 2025):
            rng = random.Random(f"{unit}-{year}")  # noqa: S311  (reproducible demo data, not security)
            count = VOLUME[(unit, year)]
            repeaters: list[tuple[str, str, str]] = []
            for i in range(count):
                ref = f"{MARK}H-{agency.code}-{year}-{i + 1:03d}"
                # Spread over the year; the last two fall in late December and conclude the next January.
                if i >= count - 2:
                    received = _working_day(date(year, 12, 22 + i - (count - 2)))
                else:
                    received = _working_day(
                        date(year, 1, 2) + timedelta(days=int(i * 350 / count) + rng.randint(0, 5))
                    )
                kind = _pick(rng, TYPE_WEIGHTS)
                name = _name(rng, kind)
                phone = f"13{rng.randint(100000000, 999999999)}"
                topic = rng.choice(TOPICS[unit]).format(
                    year=year - rng.randint(0, 1), street=rng.choice(STREETS), company=rng.choice(COMPANIES)
                )
                outcome = _pick(rng, OUTCOME_WEIGHTS)
                if repeaters and rng.random() < 0.06:
                    name, phone, topic = rng.choice(repeaters)
                    kind = "自然人"
                    outcome = "not_processed.repeat"
                elif kind == "自然人" and rng.random() < 0.1:
                    repeaters.append((name, phone, topic))
                span = rng.randint(4, 19) if outcome != "other.no_correction" else rng.randint(22, 30)
                concluded = cal.add_working_days(received, span)[0]
                if i >= count - 2:
                    concluded = _working_day(date(year + 1, 1, 8 + (i - count + 2) * 5))
                channel = _pick(rng, CHANNEL_WEIGHTS)
                app = ledger.create_imported(
                    agency,
                    ref,
                    {
                        "channel": channel,
                        "receipt_rule": RECEIPT_RULES[channel][1],
                        "received_on": received,
                        "applicant_type": kind,
                        "applicant_name": name,
                        "phone": phone,
                        "description": f"申请公开{topic}。",
                        "outcome": outcome,
                        "concluded_on": concluded,
                    },
                    source=Source.ONLINE if channel == "online" else Source.STAFF,
                )
                if outcome in ("other.no_correction", "unavailable.unclear_after_correction"):
                    sent = cal.add_working_days(received, 3)[0]
                    CorrectionRequest.objects.create(
                        application=app,
                        sent_on=sent,
                        items="请写明所需信息的名称、文号或时间范围。",
                        correction_due=sent + timedelta(days=15),
                        corrected_on=None if outcome == "other.no_correction" else sent + timedelta(days=4),
                        corrected_text="" if outcome == "other.no_correction" else "补正：已写明时间范围。",
                    )
            _transfers_into(agencies, unit, year, rng)
            _frequent_history(agency, unit, year)
    _review_cases(agencies)


def _transfers_into(agencies: dict[str, Agency], unit: str, year: int, rng: random.Random) -> None:
    """A few applications filed with 区政府办 and transferred to 区人社局 (counted only at 区人社局)."""
    if unit != "区人社局":
        return
    cal = services.calendar()
    for i, month in enumerate((3, 6, 10)):
        filed = _working_day(date(year, month, 10 + i))
        moved = cal.add_working_days(filed, 2)[0]
        app = ledger.create_imported(
            agencies["区人社局"],
            f"{MARK}H-T-{year}-{i + 1}",
            {
                "channel": "online",
                "received_on": moved,
                "receipt_rule": f"由区政府办于 {moved} 转送，当日收到",
                "applicant_type": "自然人",
                "applicant_name": rng.choice(SURNAMES) + rng.choice(GIVEN),
                "phone": f"13{rng.randint(100000000, 999999999)}",
                "description": f"申请公开{year}年东丽区城乡居民养老保险待遇调整方案。",
                "outcome": "granted" if i != 1 else "partial",
                "concluded_on": cal.add_working_days(moved, 12)[0],
            },
            source=Source.ONLINE,
        )
        Transfer.objects.create(
            application=app,
            from_agency=agencies["区政府办"],
            to_agency=agencies["区人社局"],
            transferred_on=moved,
            reason="养老保险待遇信息由区人社局制作和保存（条例第十条）",
        )


def _frequent_history(agency: Agency, unit: str, year: int) -> None:
    """2025 at 区政府办: one applicant files 14 applications in June; fees for the 11th–13th, the 14th unpaid."""
    if (unit, year) != ("区政府办", 2025):
        return
    cal = services.calendar()
    for n in range(1, 15):
        received = _working_day(date(2025, 6, 3) + timedelta(days=n - 1))
        paid = n in (11, 12, 13)
        outcome = "other.no_payment" if n == 14 else ("not_processed.repeat" if n in (5, 9) else "granted")
        concluded = cal.add_working_days(received, 16 if n >= 11 else 8)[0]
        app = ledger.create_imported(
            agency,
            f"{MARK}H-F-2025-{n:02d}",
            {
                "channel": "online",
                "received_on": received,
                "applicant_type": "自然人",
                "applicant_name": "马德福",
                "phone": "13900001234",
                "description": f"申请公开东丽区2024年第{n}号区政府专题会议纪要及附件。",
                "outcome": outcome,
                "concluded_on": concluded,
            },
            source=Source.ONLINE,
        )
        if n >= 11:
            notice = cal.add_working_days(received, 3)[0]
            FeeNotice.objects.create(
                application=app,
                method="count",
                quantity=n,
                amount=Decimal(100),
                standard=f"第 11—30 件，每件 100 元；本件为第 {n} 件",
                payment_method="非税收入缴款码",
                sent_on=notice,
                notice_received_on=notice,
                pay_due=cal.add_working_days(notice, 20)[0],
                paid_on=cal.add_working_days(notice, 5)[0] if paid else None,
                receipt_number=f"DL2025-{n:04d}" if paid else "",
            )


def _review_cases(agencies: dict[str, Agency]) -> None:
    def first(unit: str, year: int, *outcomes: str) -> Application | None:
        return (
            Application.objects.filter(
                agency=agencies[unit],
                received_on__year=year,
                outcome__in=outcomes,
                external_ref__startswith=MARK,
            )
            .order_by("received_on", "id")
            .first()
        )

    cases = [
        (
            "区政府办",
            2024,
            "review",
            "维持",
            date(2024, 9, 2),
            date(2024, 11, 4),
            "天津市东丽区人民政府",
            "东丽复决〔2024〕31号",
            ("withheld.process_info", "withheld.third_party", "partial"),
        ),
        (
            "区政府办",
            2025,
            "review",
            "维持",
            date(2025, 5, 12),
            date(2025, 7, 8),
            "天津市东丽区人民政府",
            "东丽复决〔2025〕17号",
            ("unavailable.not_held",),
        ),
        (
            "区政府办",
            2025,
            "litigation_direct",
            "尚未审结",
            date(2025, 11, 20),
            None,
            "天津市东丽区人民法院",
            "（2025）津0110行初88号",
            ("withheld.third_party", "partial"),
        ),
        (
            "区人社局",
            2024,
            "review",
            "纠正",
            date(2024, 6, 17),
            date(2024, 8, 12),
            "天津市东丽区人民政府",
            "东丽复决〔2024〕19号",
            ("unavailable.not_held",),
        ),
        (
            "区人社局",
            2025,
            "review",
            "维持",
            date(2025, 4, 7),
            date(2025, 6, 3),
            "天津市东丽区人民政府",
            "东丽复决〔2025〕9号",
            ("withheld.enforcement_file", "withheld.internal_affairs", "partial"),
        ),
        (
            "区人社局",
            2025,
            "litigation_after_review",
            "维持",
            date(2025, 7, 1),
            date(2025, 10, 15),
            "天津市东丽区人民法院",
            "（2025）津0110行初41号",
            ("withheld.enforcement_file", "withheld.internal_affairs", "partial"),
        ),
        (
            "区人社局",
            2025,
            "review",
            "其他",
            date(2025, 10, 9),
            date(2025, 11, 28),
            "天津市东丽区人民政府",
            "东丽复决〔2025〕40号",
            ("other.no_correction", "unavailable.needs_creation"),
        ),
        (
            "区发改委",
            2025,
            "review",
            "尚未审结",
            date(2025, 12, 15),
            None,
            "天津市东丽区人民政府",
            "东丽复〔2025〕52号",
            ("unavailable.needs_creation", "unavailable.not_held"),
        ),
    ]
    for unit, year, kind, result, filed, concluded, organ, number, outcomes in cases:
        if ReviewCase.objects.filter(case_number=number).exists():
            continue
        ReviewCase.objects.create(
            agency=agencies[unit],
            application=first(unit, year, *outcomes),
            kind=kind,
            result=result,
            filed_on=filed,
            concluded_on=concluded,
            organ=organ,
            case_number=number,
            summary="申请人对答复不服（演示）。",
        )
