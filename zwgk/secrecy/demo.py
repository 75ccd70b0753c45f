"""Demo data of the secrecy review: the default sensitive-term lexicon (idempotent).

The record with planted personal data comes from the documents demo (order 30); when it enters 待保密审查 the
documents action screens it, and the reviewer `fgw_bmsc` must resolve its findings.
"""

from __future__ import annotations

import io

import openpyxl

from zwgk.core.registry import DemoContext
from zwgk.screening import checks
from zwgk.secrecy.actions import import_default_lexicon


def load(ctx: DemoContext) -> None:
    added = import_default_lexicon(by=None)
    if ctx.verbose:
        ctx.notes.append(
            f"保密审查：敏感词库{'导入默认词 ' + str(added) + ' 个' if added else '已存在'}"
            "（工作台 › 敏感词库）；用 zwgk scan 文件 可在上传前自查"
        )


def planted_attachment() -> tuple[str, bytes]:
    """A subsidy list by village with planted personal data, for the documents demo's record in 待保密审查:
    the reviewer must mask the names, ID numbers, phone numbers and bank cards before it can be published.
    (Demo data only: names are made up, numbers are generated with valid check digits.)"""

    def id18(birth: str, seq: str) -> str:
        body = "120110" + birth + seq
        return body + checks.id_check_char(body)

    def card(seed: str) -> str:
        body = ("6228480" + seed + "0" * 18)[:18]
        return next(body + d for d in "0123456789" if checks.luhn_ok(body + d))

    workbook = openpyxl.Workbook()
    sheet = workbook.create_sheet("赤土村", 0)
    workbook.remove(workbook.worksheets[1])
    sheet.append(["东丽区2022年耕地地力保护补贴发放名单（赤土村）"])
    sheet.append(
        ["序号", "户主姓名", "身份证号码", "联系电话", "银行卡号", "补贴面积（亩）", "补贴金额（元）"]
    )
    people = [
        ("张建国", "19620314"),
        ("李秀英", "19581102"),
        ("王志强", "19750621"),
        ("刘桂兰", "19490918"),
        ("陈德胜", "19800105"),
        ("杨淑珍", "19660722"),
    ]
    for index, (name, birth) in enumerate(people, start=1):
        area = 5 + index * 2.5
        sheet.append(
            [
                index,
                name,
                id18(birth, f"{index:02d}1"),
                f"1382241{index:04d}",
                card(f"{index:04d}"),
                area,
                round(area * 95, 2),
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return "东丽区2022年耕地地力保护补贴发放名单（赤土村）.xlsx", buffer.getvalue()
