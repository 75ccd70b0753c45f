"""Build the labelled screening corpus (tests/data/screening/*.txt) — run once; the output is committed.

    python tests/data/screening/build_corpus.py

Each document is ordinary government text with planted identifiers marked inline as ⟦category:text⟧ (the
markup is stripped by the quality test, which then knows the exact gold spans). Identifiers are generated
with valid check digits; deliberately invalid ones (wrong GB 11643 / GB 32100 / Luhn check) are planted too:
a wrong ID check digit is labelled `id_like` (the screener's low-severity warning), a wrong USCC or card
check digit is not labelled (it must not be reported). Confusers (文号, 索引号, dates, amounts, article
numbers, postal codes, the agency's published numbers) are not labelled. handwritten-*.txt are written by hand
(hard cases: spaced groups, leap-year birth dates, +86 in brackets) and are kept when rebuilding. No real person's data: names are
drawn from common surnames and given-name characters, numbers are random.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from zwgk.screening import checks  # noqa: E402

rng = random.Random(20221101)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建国红文辉鹏飞慧琳宇晨欣怡浩然子涵梓萱思远俊博雅婷志刚海燕春梅秋菊冬雪立新卫东振华淑珍凤琴德胜"
REGIONS = ["120110", "120101", "120102", "110105", "130102", "370102", "420106", "510104", "440305", "320106"]
PUBLISHED = "022-84370001"
PUBLISHED_FAX = "022-84370002"


def name(length: int | None = None) -> str:
    length = length or rng.choice([2, 3, 3, 3])
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(length - 1))


def id18(valid: bool = True) -> str:
    region = rng.choice(REGIONS)
    birth = f"{rng.randint(1940, 2010)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    body = region + birth + f"{rng.randint(0, 999):03d}"
    check = checks.id_check_char(body)
    if not valid:
        check = rng.choice([c for c in "0123456789X" if c != check])
    return body + check


def id15() -> str:
    return (
        rng.choice(REGIONS)
        + f"{rng.randint(40, 99)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        + f"{rng.randint(0, 999):03d}"
    )


def mobile() -> str:
    prefix = rng.choice(
        [
            "138",
            "139",
            "135",
            "136",
            "137",
            "150",
            "151",
            "152",
            "158",
            "159",
            "186",
            "187",
            "188",
            "130",
            "131",
            "132",
            "155",
            "156",
            "185",
            "133",
            "153",
            "180",
            "181",
            "189",
            "177",
            "199",
            "166",
            "176",
            "183",
            "147",
        ]
    )
    return prefix + f"{rng.randint(0, 99999999):08d}"


def luhn_card(prefix: str = "622", length: int = 19, valid: bool = True) -> str:
    body = prefix + "".join(str(rng.randint(0, 9)) for _ in range(length - len(prefix) - 1))
    for digit in "0123456789":
        if checks.luhn_ok(body + digit) == valid:
            return body + digit
    raise AssertionError


def uscc(valid: bool = True) -> str:
    alphabet = checks.USCC_ALPHABET
    body = (
        rng.choice("159")
        + rng.choice("123")
        + rng.choice(REGIONS)
        + "".join(rng.choice(alphabet[:10] + "MABCD") for _ in range(9))
    )
    check = checks.uscc_check_char(body)
    assert check is not None
    if not valid:
        check = rng.choice([c for c in alphabet if c != check])
    return body + check


def landline() -> str:
    return f"022-{rng.choice('2345678')}{rng.randint(0, 9999999):07d}"


def passport() -> str:
    kind = rng.choice(["E", "EA", "C", "CB", "T", "H"])
    if kind in ("E", "C", "T"):
        return kind + f"{rng.randint(0, 99999999):08d}"
    if kind == "H":
        return kind + f"{rng.randint(0, 99999999):08d}"
    return kind + f"{rng.randint(0, 9999999):07d}"


def plate() -> str:
    if rng.random() < 0.3:
        return (
            "津"
            + rng.choice("ABCDEFGHJKLMN")
            + "D"
            + rng.choice("ABCDEFGHJK0123456789")
            + f"{rng.randint(0, 9999):04d}"
        )
    return "津" + rng.choice("ABCDEFGHJKLMN") + f"{rng.randint(10000, 99999)}"


def email() -> str:
    return (
        rng.choice(["zhang", "li", "wang", "liu", "chen", "yang"])
        + f"{rng.randint(1, 9999)}@"
        + rng.choice(["163.com", "qq.com", "126.com", "sina.com"])
    )


def m(category: str, text: str) -> str:
    return f"⟦{category}:{text}⟧"


def doc_reply(i: int) -> str:
    applicant = name(3)
    return f"""东丽区发展和改革委员会
政府信息公开申请答复书
津东发改依复〔2022〕{i + 3}号

{m("person_name", applicant)}：
    您于2022年{i % 12 + 1}月{i % 27 + 1}日通过信函方式向本机关提出政府信息公开申请（登记号：DL2022-{100 + i:05d}），申请获取“东丽区2021年度老旧小区改造项目资金使用情况”。经审查，现答复如下：
    您申请获取的信息属于本机关公开范围，现予以提供，详见附件。根据《中华人民共和国政府信息公开条例》第三十六条第（二）项、第四十二条的规定，本机关不收取信息处理费。
    申请人信息：身份证号码{m("id_card", id18())}，联系电话{m("mobile", mobile())}，电子邮箱{m("email", email())}。
    如对本答复不服，可以自收到本答复之日起60日内向天津市东丽区人民政府申请行政复议，或者在6个月内向人民法院提起行政诉讼。
    咨询电话：{PUBLISHED}，传真：{PUBLISHED_FAX}，邮政编码：300300。

东丽区发展和改革委员会
2022年{i % 12 + 1}月{i % 27 + 5}日
（此件依申请公开）
"""


def doc_epidemic(i: int) -> str:
    cases = []
    for n in range(1, 4):
        who = name()
        cases.append(
            f"    病例{n}：{m('person_name', who)}，{rng.choice('男女')}，{rng.randint(18, 80)}岁，现住东丽区{rng.choice(['万新街道', '张贵庄街道', '丰年村街道'])}某小区，"
            f"系常规核酸检测发现，联系电话{m('mobile', mobile())}。{rng.randint(3, 9)}日乘坐{m('plate', plate())}出租车前往超市。"
        )
    masked = f"    病例4：{rng.choice(SURNAMES)}某，女，{rng.randint(18, 80)}岁，现住东丽区华明街道某小区。"
    return f"""东丽区新冠肺炎疫情防控指挥部关于新增本土确诊病例的通报
（2022年第{i + 12}号）

    2022年{i % 12 + 1}月{i % 27 + 1}日0时至24时，我区新增本土确诊病例4例，均已转运至定点医院隔离治疗。
{chr(10).join(cases)}
{masked}
    密切接触者{m("person_name", name(3))}于{i % 27 + 1}日到过东丽万达广场，已落实集中隔离措施。
    请与上述病例{m("sensitive_term", "活动轨迹")}有交集的人员主动报备，咨询电话：{PUBLISHED}。
"""


def doc_subsidy(i: int, rows: int = 30, with_bad: bool = True) -> str:
    lines = ["序号\t村别\t户主姓名\t身份证号码\t银行卡号\t联系电话\t补贴面积（亩）\t补贴金额（元）"]
    body_rows = []
    for n in range(1, rows + 1):
        bad = with_bad and n % 9 == 0
        ident = id18(valid=not bad)
        ident_label = m("id_like" if bad else "id_card", ident)
        card_valid = not (with_bad and n % 11 == 0)
        card = luhn_card(valid=card_valid)
        card_label = m("bank_card", card) if card_valid else card
        area = rng.randint(2, 40) + rng.choice([0, 0.5])
        body_rows.append(
            f"{n}\t{rng.choice(['赤土村', '么六桥村', '军粮城村', '新立村'])}\t{m('person_name', name())}\t{ident_label}\t{card_label}\t{m('mobile', mobile())}\t{area}\t{area * 95:.2f}"
        )
    table = "\n".join(lines + body_rows)
    return (
        f"东丽区2022年耕地地力保护补贴发放名单（第{i + 1}批）\n索引号：11120110MB1534560T/2022-{i + 10:05d}\n"
        + table_with_aggregation(table)
        + "\n合计\t\t\t\t\t\t\t\n监督电话："
        + PUBLISHED
        + "\n"
    )


def table_with_aggregation(table: str) -> str:
    """The table rows from the first to the last row holding identifiers form the aggregation span."""
    lines = table.split("\n")
    header, rows = lines[0], lines[1:]
    return header + "\n" + "⟦aggregation⟪" + "\n".join(rows) + "⟫⟧"


def doc_penalty(i: int) -> str:
    company = uscc()
    bad_company = uscc(valid=False)
    return f"""东丽区市场监督管理局行政处罚决定书
津东市监罚〔2022〕{i + 21}号

当事人：天津市东丽区某某商贸有限公司
统一社会信用代码：{m("uscc", company)}
法定代表人：{name(3)}（{m("sensitive_term", "身份证号码：")}{m("id_card", id18())}）
关联企业代码：{bad_company}（经核，该代码校验位有误，系录入错误）
    经查，当事人于2022年{i % 12 + 1}月销售不合格商品，货值金额人民币23,456.78元，违法所得4,567.00元。依据《中华人民共和国产品质量法》第四十九条、第五十条的规定，责令当事人改正，并处罚款人民币69,000元。
    涉案车辆：{m("plate", plate())}。
    当事人如不服本处罚决定，可在收到本决定书之日起六十日内申请行政复议。
东丽区市场监督管理局
2022年{i % 12 + 1}月{i % 27 + 1}日
"""


def doc_classified(i: int) -> str:
    mark = rng.choice(["机密★1年", "秘密★6个月", "绝密★长期", "秘密", "内部资料  注意保存"])
    return f"""{m("classified_mark", mark)}
东丽区人民政府办公室关于印发东丽区安全生产专项整治三年行动实施方案的通知
东丽政办发〔2022〕{i + 5}号

各街道办事处，区政府各委、局，各直属单位：
    经区人民政府同意，现将《东丽区安全生产专项整治三年行动实施方案》印发给你们，请结合实际，认真贯彻落实。
    工作中涉及国家秘密和工作秘密的，要严格按照《中华人民共和国保守国家秘密法》第十三条的规定确定密级，加强内部管理，不得擅自扩大知悉范围。
    {m("classified_mark", "（此件不公开）")}
"""


def doc_plan(i: int) -> str:
    return f"""东丽区2022年政务公开工作要点
索引号：000014349/2022-{i + 45:05d}
发文字号：东丽政办发〔2022〕{i + 9}号
成文日期：2022-03-{i % 27 + 1:02d}
    一、加强政策解读。2022年全区预算安排资金138,765,432元，较上年增长12.5%。全年计划完成固定资产投资1,234,567万元，项目编号2203-120110-89-01-{rng.randint(100000, 999999)}。
    二、依据《中华人民共和国政府信息公开条例》第二十条、第二十一条，主动公开财政预决算、重大建设项目批准和实施信息。统计编号：{rng.randint(10000000, 99999999)}。
    三、各单位要在每年1月31日前向社会公布本机关上一年度政府信息公开工作年度报告。联系电话：{PUBLISHED}，传真：{PUBLISHED_FAX}，邮编：300300，地址：天津市东丽区跃进路1号。
    四、全年共受理政府信息公开申请1,383人次，办结率100%，平均办理时间13.5个工作日。
"""


def doc_statistics(i: int) -> str:
    return f"""东丽区2021年国民经济和社会发展统计公报
    全年地区生产总值达到{rng.randint(600, 900)}.{rng.randint(1, 9)}亿元，按可比价格计算，比上年增长{rng.randint(3, 9)}.{rng.randint(1, 9)}%。
    全区常住人口{rng.randint(800000, 900000)}人，城镇化率{rng.randint(80, 95)}.{rng.randint(1, 9)}%。
    全年一般公共预算收入{rng.randint(1000000, 9999999)}万元，其中税收收入{rng.randint(100000, 999999)}万元。
    期末金融机构本外币存款余额{rng.randint(10000000, 99999999)}.{rng.randint(10, 99)}万元。
    全年接待游客{rng.randint(1000000, 9999999)}人次，旅游收入{rng.randint(100000, 999999)}万元。
    2021年12月31日，全区共有各类市场主体{rng.randint(50000, 90000)}户。
"""


def doc_admission(i: int) -> str:
    rows = ["序号\t考生姓名\t准考证号\t录取学校"]
    for n in range(1, 13):
        rows.append(
            f"{n}\t{m('person_name', name())}\t2022120110{rng.randint(1000, 9999)}\t东丽区第{rng.randint(1, 9)}中学"
        )
    return f"东丽区2022年普通高中录取名单（第{i + 1}批）\n" + "\n".join(rows) + "\n"


def doc_meeting(i: int) -> str:
    return f"""关于召开2022年政务公开工作推进会的通知
各有关单位：
    定于2022年{i % 12 + 1}月{i % 27 + 1}日上午9:30在区政府3号楼301会议室召开政务公开工作推进会。请各单位于{i % 27 + 1}日前将参会回执发送至邮箱{m("email", email())}，政府邮箱gk@dongli.gov.cn亦可。
    联系人：区政府办公室公开科，联系电话：{m("landline", landline())}、{m("mobile", mobile())}。
    附件：1.参会回执 2.会议议程
"""


def doc_travel(i: int) -> str:
    who = name(3)
    return f"""东丽区外事办公室关于因公出国（境）人员信息的备案表
出访人员：{who}
证件信息：因公护照号码{m("passport", passport())}，往来港澳通行证{m("passport", passport())}。
身份证号：{m("id_card", id18())}，个人银行卡{m("bank_card", luhn_card("621", 16))}。
旧版身份证号：{m("id_card", id15())}
    出访任务批件：东外办〔2022〕{i + 1}号，预算经费人民币38,600元。
    {m("sensitive_term", "既往病史")}：无。
"""


def strip_markup(text: str) -> str:
    import re

    text = text.replace("⟦aggregation⟪", "").replace("⟫⟧", "")
    return re.sub(r"⟦[a-z_]+:(.*?)⟧", r"\1", text)


def main() -> None:
    builders = [
        ("reply", doc_reply),
        ("epidemic", doc_epidemic),
        ("subsidy", doc_subsidy),
        ("penalty", doc_penalty),
        ("classified", doc_classified),
        ("plan", doc_plan),
        ("statistics", doc_statistics),
        ("admission", doc_admission),
        ("meeting", doc_meeting),
        ("travel", doc_travel),
    ]
    for old in (p for p in HERE.glob("*.txt") if not p.name.startswith("handwritten")):
        old.unlink()
    for kind, builder in builders:
        for i in range(4):
            (HERE / f"{kind}-{i + 1}.txt").write_text(builder(i), encoding="utf-8")


if __name__ == "__main__":
    main()
