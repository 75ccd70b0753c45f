"""Demo of 数据公开: each dataset is imported from a generated file and published through the real actions (import →
submit → 保密审查 → 审签). Fake names and ID numbers only (seeded, the same on every run); idempotent by source key.

- 区教育局: 2026 年普通高中录取最低分;
- 区农业农村委: 2025 年耕地地力保护补贴发放结果, a few thousand rows across the villages of four streets (姓名 and
  身份证号 masked), and a 2025 年农机购置补贴 list whose 公示 has ended (visible only in the workspace);
- 区政府办: a procurement project with all five stages (and one still under way), 疫情防控每日数据;
- 区发改委: a major construction project with its stages (work plan item 三).
"""

from __future__ import annotations

import csv
import io
import random
from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from zwgk.accounts.models import RoleAssignment
from zwgk.core.registry import DemoContext
from zwgk.datasets import actions
from zwgk.datasets.templates import BY_CODE
from zwgk.documents import actions as documents
from zwgk.documents import publicity
from zwgk.documents.models import Record
from zwgk.screening.checks import id_check_char

PASSWORD = "Dongli#2022demo"

VILLAGES = {
    "华明街道": ["赤土村", "胡张庄村", "范庄村", "李庄村", "北坨村", "南坨村"],
    "金钟街道": ["欢坨村", "温家房子村", "大毕庄村", "赵沽里村", "新中村", "徐庄村"],
    "军粮城街道": ["苗街村", "刘台村", "东堼村", "西堼村", "大安村", "杨台村"],
    "金桥街道": ["窑上村", "大郑村", "东杨场村", "西杨场村", "四合庄村", "郭庄子村"],
}
SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
)
GIVEN = "秀英桂兰玉凤淑珍春梅建国建华志强国华明亮海燕丽娟红霞永刚德胜振东立新金花宝山文杰晓东秋菊长海雪梅广田"


def _csv(headers: list[str], rows: list[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _id_number(rng: random.Random) -> str:
    born = date(1945, 1, 1) + timedelta(days=rng.randrange(0, 365 * 55))
    first17 = f"120110{born:%Y%m%d}{rng.randrange(0, 1000):03d}"
    return first17 + id_check_char(first17)


def _name(rng: random.Random) -> str:
    given = GIVEN[rng.randrange(0, len(GIVEN) - 1)]
    if rng.random() < 0.7:
        given += GIVEN[rng.randrange(0, len(GIVEN))]
    return rng.choice(SURNAMES) + given


def _team(ctx: DemoContext, agency: Any, prefix: str, names: tuple[str, str, str]) -> dict[str, Any]:
    """信息员, 保密审查员 and 审签人 of an agency (created once)."""
    users = ctx.data["users"]
    user_model = type(next(iter(users.values())))
    team: dict[str, Any] = {}
    for (key, role, label), full_name in zip(
        [
            ("xxy", "drafter", "信息员"),
            ("bmsc", "secrecy_reviewer", "保密审查员"),
            ("sq", "signer", "审签人"),
        ],
        names,
        strict=True,
    ):
        username = f"{prefix}_{key}"
        user = users.get(username) or user_model.objects.filter(username=username).first()
        if user is None:
            user = user_model.objects.create(username=username, full_name=full_name)
            user.set_password(PASSWORD)
            user.save()
            ctx.logins.append((username, PASSWORD, f"{agency.short_name or agency.name} {label}"))
        RoleAssignment.objects.get_or_create(user=user, agency=agency, role=role)
        team[key] = user
    return team


def _publish(
    key: str,
    agency: Any,
    team: dict[str, Any],
    template: str,
    title: str,
    data: bytes,
    *,
    description: str = "",
    declared: dict[str, str] | None = None,
    publicity_days: int | None = None,
    publicity_ends: date | None = None,
) -> Record | None:
    """Import and publish one dataset through the actions; None when it already exists (idempotent)."""
    source_key = f"demo:datasets:{key}"
    if Record.objects.filter(source_key=source_key).exists():
        return None
    result = actions.import_dataset(
        agency,
        BY_CODE[template],
        data,
        f"{key}.csv",
        by=team["xxy"],
        title=title,
        description=description,
        declared=declared,
        source_key=source_key,
        publicity_days=publicity_days,
        publicity_ends=publicity_ends,
    )
    if result.dataset is None:
        problems = [p.zh for p in result.checked.problems[:5]] + [s.header for s in result.checked.suspects]
        raise RuntimeError(f"demo dataset {key} refused: {problems}")
    record = result.dataset.record
    documents.submit(record, by=team["xxy"])
    documents.approve_review(
        record, by=team["bmsc"], note="已核对数据表：个人姓名、身份证号已脱敏，不涉及国家秘密，同意公开。"
    )
    return documents.sign(record, by=team["sq"], note="同意发布。")


def _admission() -> bytes:
    schools = [
        ("天津市第一百中学", 668.5, 640.0),
        ("天津市东丽中学", 652.0, 621.5),
        ("天津市立德中学", 631.5, 603.0),
        ("天津市东丽区军粮城中学", 605.0, 580.5),
        ("天津市东丽区华明中学", 598.5, 571.0),
        ("天津市东丽区职业教育中心学校", 520.0, 480.0),
    ]
    rows = []
    for school, first, second in schools:
        rows.append([school, "区内统招", first, 240, 240])
        rows.append([school, "区内统招二批", second, 80, 78])
    return _csv(["学校", "批次", "最低分", "计划数", "录取数"], rows)


def _subsidy(seed: int, item: str, rate: str, count: int, paid: date) -> bytes:
    rng = random.Random(seed)  # noqa: S311  (fake demo names, reproducible)
    rows = []
    villages = [(street, village) for street, names in VILLAGES.items() for village in names]
    for i in range(count):
        street, village = villages[i % len(villages)]
        area = round(rng.uniform(1.5, 28.0), 2)
        amount = f"{float(rate) * area:.2f}"
        rows.append(
            [
                street,
                village,
                item,
                _name(rng),
                _id_number(rng),
                f"{area:.2f}",
                rate,
                amount,
                paid.isoformat(),
            ]
        )
    return _csv(
        [
            "街道",
            "村",
            "补贴项目",
            "姓名",
            "身份证号",
            "面积（亩）",
            "标准（元/亩）",
            "金额（元）",
            "发放日期",
        ],
        rows,
    )


def _procurement() -> bytes:
    link = "https://www.ccgp-tianjin.gov.cn/"
    rows = [
        [
            "DLCG-2026-018",
            "东丽区政务服务中心自助终端采购项目",
            "采购意向",
            "2026-03-02",
            "采购自助服务终端40台，预算金额",
            "",
            "1200000.00",
            link,
        ],
        [
            "DLCG-2026-018",
            "东丽区政务服务中心自助终端采购项目",
            "采购公告",
            "2026-04-10",
            "公开招标，投标截止2026年5月6日",
            "",
            "1200000.00",
            link,
        ],
        [
            "DLCG-2026-018",
            "东丽区政务服务中心自助终端采购项目",
            "中标（成交）结果",
            "2026-05-12",
            "评标委员会推荐第一名为中标人",
            "天津某某信息技术有限公司",
            "1086000.00",
            link,
        ],
        [
            "DLCG-2026-018",
            "东丽区政务服务中心自助终端采购项目",
            "合同",
            "2026-05-26",
            "政府采购合同已签订并公告",
            "天津某某信息技术有限公司",
            "1086000.00",
            link,
        ],
        [
            "DLCG-2026-018",
            "东丽区政务服务中心自助终端采购项目",
            "履约验收",
            "2026-08-20",
            "40台终端安装调试完毕，验收合格",
            "天津某某信息技术有限公司",
            "",
            link,
        ],
        [
            "DLCG-2026-031",
            "东丽区中小学校园安防升级项目",
            "采购意向",
            "2026-06-15",
            "校园视频监控和一键报警系统升级",
            "",
            "3500000.00",
            link,
        ],
        [
            "DLCG-2026-031",
            "东丽区中小学校园安防升级项目",
            "采购公告",
            "2026-09-01",
            "公开招标",
            "",
            "3500000.00",
            link,
        ],
    ]
    return _csv(["项目编号", "项目名称", "环节", "日期", "内容摘要", "供应商", "金额", "公告链接"], rows)


def _major_project() -> bytes:
    code, name = "2025-120110-47-01-000356", "东丽湖片区排水管网改造工程"
    stages = [
        ("批准服务信息", "2025-03-05", "项目建议书受理，明确办理流程和时限", "区发改委"),
        ("批准结果", "2025-04-18", "可行性研究报告批复（东丽发改许可〔2025〕21号）", "区发改委"),
        ("招标投标", "2025-06-09", "施工总承包公开招标，中标人已公示", "区住建委"),
        ("征收土地", "2025-07-01", "利用现有道路红线，不涉及新增征收土地", "规资分局"),
        ("重大设计变更", "2025-10-15", "增设两座雨水泵站，变更经原审批部门批准", "区住建委"),
        ("施工", "2025-08-01", "开工建设，计划工期18个月", "区水务局"),
        ("质量安全监督", "2026-03-20", "质量安全监督检查2次，未发现重大隐患", "区住建委"),
        ("竣工", "2026-11-28", "完成竣工验收备案", "区住建委"),
    ]
    rows = [[code, name, stage, day, content, unit, ""] for stage, day, content, unit in stages]
    return _csv(["项目代码", "项目名称", "环节", "日期", "内容", "责任单位", "原文链接"], rows)


def _epidemic() -> bytes:
    rng = random.Random(19)  # noqa: S311  (demo figures, reproducible)
    start = date(2026, 9, 1)
    rows = []
    level = 12.0
    for day in range(60):
        level = max(0.0, level + rng.uniform(-3, 2.5))
        confirmed = int(level)
        rows.append(
            [
                (start + timedelta(days=day)).isoformat(),
                confirmed,
                int(level * 1.6),
                max(0, confirmed - 2 + rng.randrange(0, 4)),
                "",
            ]
        )
    return _csv(["日期", "新增确诊病例", "新增无症状感染者", "治愈出院", "说明"], rows)


def _as_ended_publicity(record: Record) -> None:
    """The 农机购置补贴 list was published in July 2025 with a 公示 of 7 working days: the demo's history is written
    like the catalogue's import path writes a record already published, then the real sweeper ends the 公示 (audited,
    announced), so it is kept only in the workspace."""
    tz = timezone.get_current_timezone()
    published = datetime(2025, 7, 1, 9, 0, tzinfo=tz)
    Record.objects.filter(pk=record.pk).update(
        published_at=published,
        went_live_at=published,
        publicity_starts=date(2025, 7, 1),
        publicity_ends=date(2025, 7, 9),  # 7 working days from Tuesday 1 July
    )
    publicity.end_due_publicity()


def load(ctx: DemoContext) -> None:
    agencies = ctx.data["agencies"]
    users = ctx.data["users"]
    zfb = {"xxy": users["zfb_xxy"], "bmsc": users["zfb_bmsc"], "sq": users["zfb_sq"]}
    fgw = {"xxy": users["fgw_xxy"], "bmsc": users["fgw_bmsc"], "sq": users["fgw_sq"]}
    jyj = _team(ctx, agencies["区教育局"], "jyj", ("田信息", "姜保密", "范审签"))
    nyw = _team(ctx, agencies["区农业农村委"], "nyw", ("邱信息", "秦保密", "江审签"))
    added = [
        _publish(
            "admission-2026",
            agencies["区教育局"],
            jyj,
            "admission",
            "东丽区2026年普通高中招生录取最低分",
            _admission(),
            description="2026年东丽区普通高中各招生学校、各批次录取最低分及计划数、录取数。",
        ),
        _publish(
            "subsidy-2025-gengdi",
            agencies["区农业农村委"],
            nyw,
            "subsidy",
            "东丽区2025年耕地地力保护补贴发放结果",
            _subsidy(2025, "耕地地力保护补贴", "106.00", 3000, date(2025, 11, 20)),
            description="2025年耕地地力保护补贴按村公开发放结果，村民可选择本村查询。",
            # an end date rather than working days: the demo loads on any day, also without next year's schedule
            publicity_ends=timezone.localdate() + timedelta(days=14),
        ),
        _publish(
            "procurement-2026",
            agencies["区政府办"],
            zfb,
            "procurement",
            "东丽区2026年政府采购项目全链条信息",
            _procurement(),
        ),
        _publish(
            "major-project-2025",
            agencies["区发改委"],
            fgw,
            "major_project",
            "东丽湖片区排水管网改造工程建设信息",
            _major_project(),
        ),
        _publish(
            "epidemic-2026",
            agencies["区政府办"],
            zfb,
            "epidemic",
            "东丽区疫情防控每日数据（2026年9—10月）",
            _epidemic(),
        ),
        _publish(
            "subsidy-2025-nongji",
            agencies["区农业农村委"],
            nyw,
            "subsidy",
            "东丽区2025年农机购置补贴发放结果（公示）",
            _subsidy(2026, "农机购置补贴", "300.00", 400, date(2025, 6, 30)),
            description="2025年农机购置补贴发放结果，公示期已满，材料留存村委会供村民查询。",
            publicity_ends=timezone.localdate(),
        ),
    ]
    ended = added[-1]
    if ended is not None:
        _as_ended_publicity(ended)
    count = sum(1 for r in added if r is not None)
    if count:
        ctx.notes.append(
            f"数据公开 {count} 个数据集：高中录取最低分、耕地地力保护补贴（3000 行，按村筛选）、政府采购全链条、"
            "重大建设项目、疫情防控每日数据，以及公示期已满的农机购置补贴（仅工作台可见）；见 /datasets/"
        )
