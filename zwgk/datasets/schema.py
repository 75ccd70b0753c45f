"""Typed columns of a disclosure dataset and the conversion of one cell into its public value — pure Python.

Every cell is checked against its column's type and converted into the value that is published: personal columns
are masked here, at import, by the screening package's conventional masks (姓名 → 张*三, 身份证号 →
1201**********1234, 电话 → 138****5678, 住址 cut after the village), so that no unmasked value is ever stored in
the database. Money is kept as an integer number of 分 (exact totals), decimals as numbers, dates as ISO text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from zwgk.screening.checks import valid_id15, valid_id18, valid_mobile
from zwgk.screening.findings import Category
from zwgk.screening.masking import STAR, mask_name, mask_value
from zwgk.screening.tables import mask_address


class ColumnType(StrEnum):
    TEXT = "text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    DATE = "date"
    CATEGORY = "category"
    PERSON_NAME = "person_name"
    ID_NUMBER = "id_number"
    PHONE = "phone"
    ADDRESS = "address"
    MONEY = "money"
    LINK = "link"


TYPE_LABELS: dict[str, str] = {
    ColumnType.TEXT: "文本",
    ColumnType.INTEGER: "整数",
    ColumnType.DECIMAL: "数值",
    ColumnType.DATE: "日期",
    ColumnType.CATEGORY: "分类",
    ColumnType.PERSON_NAME: "姓名",
    ColumnType.ID_NUMBER: "身份证号",
    ColumnType.PHONE: "电话号码",
    ColumnType.ADDRESS: "住址",
    ColumnType.MONEY: "金额（元）",
    ColumnType.LINK: "链接",
}

# Personal columns: masked at import, never published or stored in full.
PERSONAL_TYPES = frozenset(
    {ColumnType.PERSON_NAME, ColumnType.ID_NUMBER, ColumnType.PHONE, ColumnType.ADDRESS}
)
MASK_RULES: dict[str, str] = {
    ColumnType.PERSON_NAME: "张*三、张*（保留姓和末字）",
    ColumnType.ID_NUMBER: "1201**********1234（保留前四位和后四位）",
    ColumnType.PHONE: "138****5678、022-****1234（保留号段和后四位）",
    ColumnType.ADDRESS: "东丽区华明街道赤土村*****（村、社区以后隐去）",
}
NUMERIC_TYPES = frozenset({ColumnType.INTEGER, ColumnType.DECIMAL, ColumnType.MONEY})
# A declared column that is not published at all (e.g. a bank card number the office needs but may not disclose).
OMIT = "omit"
DECLARABLE = (*[t.value for t in ColumnType], OMIT)

MAX_TEXT = 500
MAX_CATEGORY = 100
_INTEGER = re.compile(r"^[+-]?\d{1,15}$")
_NUMBER = re.compile(r"^[+-]?\d{1,15}(?:\.\d{1,6})?$")
_DATE_PARTS = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_LANDLINE = re.compile(r"^(?:0\d{2,3}-?)?\d{7,8}(?:-\d{1,6})?$")
_MONEY_NOISE = re.compile(r"[,，\s¥￥元]")


@dataclass(frozen=True)
class Column:
    """One published column: `key` (ASCII, stable), `label` (the header shown), type, and its rules."""

    key: str
    label: str
    type: str
    required: bool = True
    aliases: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()  # a category's allowed values, in display order (e.g. procurement stages)
    scale: int = 2  # decimals shown for a decimal column

    @property
    def type_label(self) -> str:
        return TYPE_LABELS[self.type]

    @property
    def personal(self) -> bool:
        return self.type in PERSONAL_TYPES

    @property
    def mask_rule(self) -> str:
        return MASK_RULES.get(self.type, "")

    @property
    def numeric(self) -> bool:
        return self.type in NUMERIC_TYPES

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"key": self.key, "label": self.label, "type": self.type}
        if not self.required:
            data["required"] = False
        if self.choices:
            data["choices"] = list(self.choices)
        if self.type == ColumnType.DECIMAL:
            data["scale"] = self.scale
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Column:
        return cls(
            key=str(data["key"]),
            label=str(data["label"]),
            type=str(data["type"]),
            required=bool(data.get("required", True)),
            choices=tuple(data.get("choices", ())),
            scale=int(data.get("scale", 2)),
        )


@dataclass(frozen=True)
class CellProblem(Exception):
    """Why a cell cannot be published: `zh` for the user, `en` for the command line."""

    zh: str
    en: str = field(default="")


def _text(raw: Any) -> str:
    if type(raw) is str:
        return raw.strip()
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime):
        return raw.date().isoformat() if raw.time() == datetime.min.time() else raw.isoformat(sep=" ")
    if isinstance(raw, date):
        return raw.isoformat()
    return str(raw).strip()


def is_blank(raw: Any) -> bool:
    return _text(raw) == ""


def convert(column: Column, raw: Any) -> Any:
    """The public value of `raw` in `column` (masked where personal); None for an empty optional cell.

    Raises CellProblem with a message that never repeats a personal value in full.
    """
    text = _text(raw)
    if not text:
        if column.required:
            raise CellProblem("必填，不能为空", "required, empty")
        return None
    match column.type:
        case ColumnType.TEXT:
            return _bounded(text, MAX_TEXT)
        case ColumnType.CATEGORY:
            value = _bounded(text, MAX_CATEGORY)
            if column.choices and value not in column.choices:
                raise CellProblem(
                    f"“{value}”不在可选值中（{'、'.join(column.choices)}）",
                    f"{value!r} is not an allowed value",
                )
            return value
        case ColumnType.INTEGER:
            return _integer(raw, text)
        case ColumnType.DECIMAL:
            number = _decimal(raw, text, "数值", "number")
            return float(number.quantize(Decimal(1).scaleb(-column.scale), rounding=ROUND_HALF_UP))
        case ColumnType.MONEY:
            return _money(raw, text)
        case ColumnType.DATE:
            return _date(raw, text).isoformat()
        case ColumnType.PERSON_NAME:
            return _name(text)
        case ColumnType.ID_NUMBER:
            return _id_number(text)
        case ColumnType.PHONE:
            return _phone(text)
        case ColumnType.ADDRESS:
            return mask_address(_bounded(text, MAX_TEXT))
        case ColumnType.LINK:
            return _link(text)
    raise CellProblem(f"未知的列类型：{column.type}", f"unknown column type {column.type}")


def _bounded(text: str, limit: int) -> str:
    if len(text) > limit:
        raise CellProblem(f"内容过长（{len(text)} 字，最多 {limit} 字）", f"too long ({len(text)} > {limit})")
    return text


def _integer(raw: Any, text: str) -> int:
    if isinstance(raw, bool):
        raise CellProblem(f"“{text}”不是整数", f"{text!r} is not an integer")
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    compact = text.replace(",", "").replace("，", "")
    if not _INTEGER.match(compact):
        raise CellProblem(f"“{_clip(text)}”不是整数", f"{_clip(text)!r} is not an integer")
    return int(compact)


def _decimal(raw: Any, text: str, zh: str, en: str) -> Decimal:
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return Decimal(str(raw))
    compact = _MONEY_NOISE.sub("", text) if zh == "金额" else text.replace(",", "").replace("，", "")
    if not _NUMBER.match(compact):
        raise CellProblem(f"“{_clip(text)}”不是有效的{zh}", f"{_clip(text)!r} is not a valid {en}")
    try:
        return Decimal(compact)
    except InvalidOperation:
        raise CellProblem(f"“{_clip(text)}”不是有效的{zh}", f"{_clip(text)!r} is not a valid {en}") from None


def _money(raw: Any, text: str) -> int:
    """An amount in 元 → an integer number of 分 (refused with more than two decimals or below zero)."""
    value = _decimal(raw, text, "金额", "amount")
    if value < 0:
        raise CellProblem("金额不能为负数", "negative amount")
    fen = value * 100
    if fen != fen.to_integral_value():
        if isinstance(raw, float):  # binary floats from Excel: 12.3 is 12.2999…
            fen = fen.quantize(Decimal(1), rounding=ROUND_HALF_UP)
        else:
            raise CellProblem(
                f"“{_clip(text)}”：金额最多两位小数", f"{_clip(text)!r}: more than two decimals"
            )
    return int(fen)


def _date(raw: Any, text: str) -> date:
    if isinstance(raw, datetime):
        day = raw.date()
    elif isinstance(raw, date):
        day = raw
    else:
        match = _DATE_PARTS.match(text) or _COMPACT_DATE.match(text)
        if not match:
            raise CellProblem(
                f"“{_clip(text)}”不是日期（应为 2025-01-31 或 2025年1月31日）",
                f"{_clip(text)!r} is not a date",
            )
        try:
            day = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            raise CellProblem(
                f"“{_clip(text)}”不是有效日期", f"{_clip(text)!r} is not a valid date"
            ) from None
    if not 1949 <= day.year <= 2100:
        raise CellProblem(f"日期“{day.isoformat()}”超出合理范围", f"date {day.isoformat()} out of range")
    return day


def _name(text: str) -> str:
    if len(text) > 20 or any(c.isdigit() for c in text):
        raise CellProblem("不像一个姓名（过长或含数字）", "does not look like a name")
    return mask_name(text)


def _id_number(text: str) -> str:
    value = text.replace(" ", "").upper()
    if not (len(value) == 18 and valid_id18(value)) and not (len(value) == 15 and valid_id15(value)):
        masked = mask_value(Category.ID_LIKE, value) or "*" * len(value)
        raise CellProblem(
            f"身份证号码“{masked}”位数或校验位不正确", f"ID number {masked} fails its check digit"
        )
    # What mask_value(ID_CARD) gives for a bare number (no separators), without its per-character walk.
    return value[:4] + STAR * (len(value) - 8) + value[-4:]


def _phone(text: str) -> str:
    digits = re.sub(r"\D", "", text)
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    if valid_mobile(digits):
        return mask_value(Category.MOBILE, text) or ""
    if _LANDLINE.match(text.replace(" ", "")):
        return mask_value(Category.LANDLINE, text) or ""
    masked = "".join("*" if c.isdigit() else c for c in text[:20])
    raise CellProblem(f"电话号码“{masked}”格式不正确", f"phone number {masked} is malformed")


def _link(text: str) -> str:
    value = _bounded(text, MAX_TEXT)
    if not (
        value.startswith(("https://", "http://")) or (value.startswith("/") and not value.startswith("//"))
    ):
        raise CellProblem("链接应以 http:// 、https:// 或 / 开头", "a link must start with http(s):// or /")
    if any(c.isspace() or c in "<>\"'" for c in value):
        raise CellProblem("链接中含有空格或引号", "a link may not contain spaces or quotes")
    return value


def _clip(text: str) -> str:
    return text if len(text) <= 20 else text[:20] + "…"


def display(column: Column, value: Any) -> str:
    """How a public value is shown on a page and in a download (money in 元 with two decimals)."""
    if value is None:
        return ""
    if column.type == ColumnType.MONEY:
        return format_money(int(value))
    if column.type == ColumnType.DECIMAL:
        return f"{float(value):.{column.scale}f}"
    return str(value)


def format_money(fen: int) -> str:
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), 100)
    return f"{sign}{yuan:,}.{cents:02d}"


def normalise_header(text: str) -> str:
    """金额（元） → 金额; whitespace, units in brackets and a trailing colon do not matter."""
    value = re.sub(r"\s", "", text)
    value = re.sub(r"[（(][^）)]*[）)]$", "", value)
    return value.rstrip(":：")
