"""Demo of 互动交流 (idempotent; order 75): the five channels, handlers in four units, messages of every kind in
every state — among them a 找错 report from the footer link answered within 3 working days and shown masked in
the public list, a consultation unanswered for four months (red on the 公开办's page), a transfer, a message
waiting for more information, a reply waiting for sign-off — and a week of phone and counter consultations.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from zwgk.accounts.demo import DEMO_PASSWORD
from zwgk.accounts.models import RoleAssignment
from zwgk.accounts.roles import ROLE_LABELS, Role
from zwgk.applications.models import Application
from zwgk.core.registry import DemoContext
from zwgk.interaction import actions
from zwgk.interaction.defaults import DEFAULT_KINDS
from zwgk.interaction.models import Channel, ConsultationLog, Message, MessageKind

USERS = [
    ("zfb_hd", "许互动", "区政府办", [Role.MESSAGE_HANDLER]),
    ("rsj_hd", "何互动", "区人社局", [Role.MESSAGE_HANDLER]),
    ("jyj_hd", "吕互动", "区教育局", [Role.MESSAGE_HANDLER]),
    ("fgw_hd", "施互动", "区发改委", [Role.MESSAGE_HANDLER]),
    ("jyj_fzr", "张负责", "区教育局", [Role.OFFICE_HEAD]),
    ("fgw_fzr", "孔负责", "区发改委", [Role.OFFICE_HEAD]),
]


def _kinds(agencies: dict[str, Any]) -> dict[str, MessageKind]:
    kinds = {}
    for spec in DEFAULT_KINDS:
        kind, _ = MessageKind.objects.get_or_create(code=spec["code"], defaults=spec)
        kinds[kind.code] = kind
    zfb = agencies["区政府办"]
    for code in ("zhaocuo", "zixun", "jianyi"):
        if kinds[code].default_agency_id is None:
            kinds[code].default_agency = zfb
            kinds[code].save(update_fields=["default_agency"])
    if not kinds["yingshang"].handling_agencies.exists():
        kinds["yingshang"].handling_agencies.set(
            [agencies[n] for n in ("区发改委", "区政务服务办", "区住建委") if n in agencies]
        )
    return kinds


def _users(ctx: DemoContext, agencies: dict[str, Any]) -> dict[str, Any]:
    user_model = get_user_model()
    users = {}
    for username, full_name, unit, roles in USERS:
        user, created = user_model.objects.get_or_create(username=username, defaults={"full_name": full_name})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        for role in roles:
            RoleAssignment.objects.get_or_create(user=user, agency=agencies[unit], role=role.value)
        ctx.logins.append((username, DEMO_PASSWORD, f"{unit} {'、'.join(ROLE_LABELS[r] for r in roles)}"))
        users[username] = user
    return users


def _working_days_ago(day: date, n: int) -> date:
    current = day
    while n > 0:
        current -= timedelta(days=1)
        if current.weekday() < 5:
            n -= 1
    return current


# One topic per channel for the state examples: every channel has a message in every state it can reach.
STATE_TOPICS = {
    "zixun": (
        "区人社局",
        "失业保险金领取条件",
        "我上个月被公司裁员，想问失业保险金需要满足什么条件、怎么申领。",
    ),
    "zhaocuo": ("区政府办", "机构职能页面电话号码有误", "机构与联系方式页面中区教育局的电话少了一位数字。"),
    "tousu": ("区教育局", "学校收取资料费", "孩子所在学校要求每人交两百元资料费，请核实是否合规。"),
    "jianyi": (
        "区政府办",
        "建议公交站增设遮雨棚",
        "建议在区政务服务中心门口公交站增设遮雨棚，方便老人等车。",
    ),
    "yingshang": (
        "区发改委",
        "项目节能审查办理时限",
        "我公司技改项目节能审查已受理十个工作日，想了解办理进度和时限。",
    ),
}


def _every_state(
    kinds: dict[str, MessageKind], agencies: dict[str, Any], users: dict[str, Any], today: date
) -> None:
    handlers = {
        "区政府办": users["zfb_hd"],
        "区人社局": users["rsj_hd"],
        "区教育局": users["jyj_hd"],
        "区发改委": users["fgw_hd"],
    }
    heads = {"区教育局": users["jyj_fzr"], "区发改委": users["fgw_fzr"]}
    for code, (unit, topic, body) in STATE_TOPICS.items():
        kind = kinds[code]
        states = ["received", "processing", "awaiting_info", "replied", "invalid"]
        if kind.requires_signoff:
            states.append("awaiting_signoff")
        for n, state in enumerate(states):
            title = f"{topic}（{n + 1}）"
            if Message.objects.filter(title=title).exists():
                continue
            extra: dict[str, Any] = {"agency": agencies[unit]}
            if kind.enterprise_fields:
                extra.update(
                    company="天津某某科技有限公司",
                    project_name="生产线技术改造项目",
                    approval_item="节能审查",
                    approval_unit=unit,
                )
            if kind.subkind_list:
                extra["subkind"] = kind.subkind_list[-1]
            message, _ = actions.submit_message(
                kind,
                {"title": title, "body": body, "name": "王建华", "phone": f"1390000{n:04d}", **extra},
                on=_working_days_ago(today, 2 + n),
            )
            handler = handlers[unit]
            if state == "received":
                continue
            if state == "invalid":
                actions.mark_invalid(message, "与本单位职责无关且内容不完整，已电话告知留言人", by=handler)
                continue
            actions.accept(message, by=handler)
            if state == "awaiting_info":
                actions.request_info(message, "请补充具体的学校、项目或页面名称。", by=handler)
            elif state in ("replied", "awaiting_signoff"):
                actions.save_reply(
                    message,
                    "您好！您反映的情况已收悉，经核实，已按规定处理，感谢您的关注。",
                    public=kind.public_by_default,
                    by=handler,
                )
                if kind.requires_signoff:
                    actions.submit_for_signoff(message, by=handler)
                    if state == "replied":
                        actions.send_reply(
                            message, by=heads.get(unit, handler), on=_working_days_ago(today, 1)
                        )
                else:
                    actions.send_reply(message, by=handler, on=_working_days_ago(today, 1))


@transaction.atomic
def load(ctx: DemoContext) -> None:
    agencies = ctx.data["agencies"]
    kinds = _kinds(agencies)
    users = {**ctx.data.get("users", {}), **_users(ctx, agencies)}
    today = timezone.localdate()
    site = "http://127.0.0.1:8000"

    def submit(
        kind: str, title: str, body: str, *, on: date, agency: str | None = None, **extra: Any
    ) -> Message | None:
        if Message.objects.filter(title=title).exists():
            return None
        data = {"title": title, "body": body, "name": "张秀英", "phone": "13820001234", **extra}
        if agency:
            data["agency"] = agencies[agency]
        message, _ = actions.submit_message(kinds[kind], data, on=on)
        return message

    zfb_hd, rsj_hd, jyj_hd, fgw_hd = users["zfb_hd"], users["rsj_hd"], users["jyj_hd"], users["fgw_hd"]

    # 找错 through the footer link: answered within 3 working days, public (the phone in the text is masked).
    m = submit(
        "zhaocuo",
        "政策文件页面的附件链接打不开",
        "政府信息公开栏目里《东丽区促进高校毕业生就业若干措施》的附件点击后显示找不到页面，麻烦修复。"
        "我的电话13820001234，修好后可以告诉我。",
        on=_working_days_ago(today, 6),
        page_url=f"{site}/xxgk/policies/",
    )
    if m:
        actions.accept(m, by=zfb_hd)
        actions.save_reply(m, "您好！附件链接错误已修复，感谢您的指正。", public=True, by=zfb_hd)
        actions.send_reply(m, by=zfb_hd, on=_working_days_ago(today, 4))
    # 找错 just received (anonymous): to accept.
    submit(
        "zhaocuo",
        "首页“政策解读”栏目有错别字",
        "首页政策解读栏目第二条标题中“稳岗反还”应为“稳岗返还”。",
        on=today,
        anonymous=True,
        name="",
        phone="",
        page_url=f"{site}/",
    )
    # 政务咨询 overdue for four months: the red line of CHK2019 on the 公开办's page.
    old = submit(
        "zixun",
        "老旧小区加装电梯有没有补贴",
        "我家住的楼是九十年代的老楼，想问问加装电梯政府有没有补贴，需要多少户同意？",
        on=today - timedelta(days=125),
    )
    if old:
        actions.accept(old, by=zfb_hd)
    # 政务咨询 transferred from 区政府办 to 区人社局, now in handling there.
    t = submit(
        "zixun",
        "灵活就业人员社保补贴怎么申请",
        "我今年失业后灵活就业，听说有社保补贴，想问在哪里申请、要带什么材料。身份证号120110198805061234。",
        on=_working_days_ago(today, 3),
    )
    if t:
        actions.transfer(t, agencies["区人社局"], reason="社保补贴由区人社局负责", by=users["gkb"])
        actions.accept(t, by=rsj_hd)
    # 政务咨询 waiting for more information (clock paused).
    w = submit(
        "zixun",
        "孩子入学的居住证明怎么开",
        "孩子明年上小学，我们租房住，居住证明应该去哪里开？",
        on=_working_days_ago(today, 5),
        agency="区教育局",
    )
    if w:
        actions.accept(w, by=jyj_hd)
        actions.request_info(w, "请告知您租住的小区名称和所属街道，以便告知对口学校和办理地点。", by=jyj_hd)
    # 政务咨询 replied and public, rated.
    r = submit(
        "zixun",
        "高校毕业生就业见习补贴标准是多少",
        "我是应届毕业生，想知道参加就业见习有没有补贴，标准是多少？",
        on=_working_days_ago(today, 12),
        agency="区人社局",
    )
    if r:
        actions.accept(r, by=rsj_hd)
        actions.save_reply(
            r,
            "您好！参加就业见习的高校毕业生，见习期间由见习单位发放生活补助，符合条件的按规定给予见习补贴，"
            "具体标准见区人社局发布的《东丽区促进高校毕业生就业若干措施》。咨询电话：022-84370000。",
            public=True,
            by=rsj_hd,
        )
        actions.send_reply(r, by=rsj_hd, on=_working_days_ago(today, 6))
        actions.rate(r, "satisfied", "答复很清楚。")
    # 投诉举报 · 双减: reply awaiting the 负责人's sign-off.
    c = submit(
        "tousu",
        "某培训机构周末仍在开设学科类培训",
        "小区底商的一家培训机构周六周日给初中生上数学课，家长群里在招生，请核查。",
        on=_working_days_ago(today, 4),
        agency="区教育局",
        subkind="双减",
    )
    if c:
        actions.accept(c, by=jyj_hd)
        actions.save_reply(
            c, "您好！经核查，该机构已被责令停止违规培训，我局将持续跟踪。", public=False, by=jyj_hd
        )
        actions.submit_for_signoff(c, by=jyj_hd)
    # 投诉举报 · 依申请公开办理, linked to the demo application if present.
    application = Application.objects.filter(number__endswith="-00001").first()
    submit(
        "tousu",
        "申请政府信息公开超过期限没有答复",
        "我提交的政府信息公开申请已经很久了，还没有收到答复，请督促办理。",
        on=_working_days_ago(today, 1),
        agency="区政府办",
        subkind="依申请公开办理",
        application=application,
    )
    # 建议: marked invalid (an advertisement).
    s = submit("jianyi", "代开发票", "代开各类发票，联系微信 xxxx。", on=_working_days_ago(today, 2))
    if s:
        actions.mark_invalid(s, "广告信息，与政府工作无关", by=zfb_hd)
    # 建议: replied and public.
    s2 = submit(
        "jianyi",
        "建议网站增加大字版",
        "家里老人看网站字太小，建议增加大字模式和语音朗读。",
        on=_working_days_ago(today, 10),
    )
    if s2:
        actions.accept(s2, by=zfb_hd)
        actions.save_reply(
            s2, "感谢您的建议！网站页面顶部已提供大字模式和高对比度模式。", public=True, by=zfb_hd
        )
        actions.send_reply(s2, by=zfb_hd, on=_working_days_ago(today, 8))
    # 营商环境 (enterprise): received at 区发改委.
    submit(
        "yingshang",
        "厂房扩建项目备案迟迟没有办结",
        "我公司厂房扩建项目在线提交备案材料已经两周，系统一直显示审核中，影响开工。",
        on=_working_days_ago(today, 2),
        agency="区发改委",
        company="天津某某精密机械有限公司",
        project_name="精密零部件厂房扩建项目",
        approval_item="企业投资项目备案",
        approval_unit="区发改委",
    )
    # 营商环境 replied after sign-off.
    e = submit(
        "yingshang",
        "施工许可办理需要的材料清单",
        "我公司新建仓库项目准备申请施工许可，想确认需要哪些材料，能否并联办理。",
        on=_working_days_ago(today, 9),
        agency="区发改委",
        company="天津某某物流有限公司",
        project_name="智能仓储中心新建项目",
        approval_item="建筑工程施工许可",
        approval_unit="区住建委",
    )
    if e:
        actions.accept(e, by=fgw_hd)
        actions.save_reply(
            e, "您好！施工许可材料清单已通过电话告知，并已协调区住建委实行并联审批。", public=False, by=fgw_hd
        )
        actions.submit_for_signoff(e, by=fgw_hd)
        actions.send_reply(e, by=users["fgw_fzr"], on=_working_days_ago(today, 5))

    _every_state(kinds, agencies, users, today)

    if not ConsultationLog.objects.exists():
        topics = [
            (Channel.PHONE, "灵活就业人员社保缴费", "区人社局"),
            (Channel.PHONE, "灵活就业人员社保缴费", "区人社局"),
            (Channel.COUNTER, "灵活就业人员社保缴费", "区人社局"),
            (Channel.HOTLINE, "灵活就业人员社保缴费", "区人社局"),
            (Channel.PHONE, "灵活就业人员社保缴费", "区人社局"),
            (Channel.COUNTER, "小学入学居住证明", "区教育局"),
            (Channel.ONSITE, "稳岗返还申领", "区人社局"),
            (Channel.PHONE, "政府信息公开申请怎么提交", "区政府办"),
        ]
        by_unit = {"区人社局": rsj_hd, "区教育局": jyj_hd, "区政府办": zfb_hd}
        for i, (channel, topic, unit) in enumerate(topics):
            actions.log_consultation(
                agencies[unit],
                {
                    "channel": channel,
                    "topic": topic,
                    "asked_on": today - timedelta(days=i % 5),
                    "answered_on_spot": True,
                },
                by=by_unit[unit],
            )
    ctx.notes.append(
        "互动交流：公众网站 /interaction/；zfb_hd（区政府办）、rsj_hd（区人社局）、jyj_hd（区教育局）、fgw_hd（区发改委）"
        "办理留言，jyj_fzr、fgw_fzr 审签；gkb 在“互动交流统计”查看超过 3 个月未答复的留言。"
    )
