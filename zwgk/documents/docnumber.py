"""发文字号 (document number) parser and normaliser — pure Python, no Django.

GB/T 9704-2012 §7.2.5: 发文机关代字 + year in 六角括号 〔〕 + serial number + 号, the serial without leading zeros
and without 第 (regulations.md §6.2). Users type the brackets in many ways — [], (), （）, 【】, ［］, ﹝﹞ — and
sometimes full-width digits or a stray 第; `parse` accepts those and `normalise` returns the standard form.
Orders (命令/令) are numbered without a year, e.g. 中华人民共和国国务院令第711号; they are accepted as such, and so
are the official forms of 主席令 with Chinese numerals — 主席令第二十号, 中华人民共和国主席令（第九十一号） — which keep
their numerals (the printed form) with the brackets dropped.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from zwgk.search.text import chinese_number  # pure as well: 二十 → 20, 一百零五 → 105

# Opening/closing brackets users type around the year; all become 〔 〕.
_OPEN = "〔[(（【［﹝〖｛{<《"
_CLOSE = "〕])）】］﹞〗｝}>》"
_YEAR_MIN, _YEAR_MAX = 1949, 2100

_PATTERN = re.compile(
    r"^(?P<prefix>[\u4e00-\u9fffA-Za-z·]+?)"
    r"〔(?P<year>\d{4})〕"
    r"第?(?P<serial>\d{1,6})号?$"
)
_CN_NUMERALS = "零〇一二两三四五六七八九十百千"
_ORDER = re.compile(
    rf"^(?P<prefix>[\u4e00-\u9fff·]*?令)〔?第?(?P<serial>\d{{1,6}}|[{_CN_NUMERALS}]{{1,12}})号?〕?$"
)


class DocNumberError(ValueError):
    """The text is not a valid 发文字号; `message` is shown to users (Chinese)."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class DocNumber:
    prefix: str  # 机关代字, e.g. 国办发
    year: int | None  # None for orders (令)
    serial: int
    numeral: str = ""  # an order's serial as printed in Chinese numerals (主席令第二十号), else ""

    def __str__(self) -> str:
        if self.year is None:
            return f"{self.prefix}第{self.numeral or self.serial}号"
        return f"{self.prefix}〔{self.year}〕{self.serial}号"


def _clean(text: str) -> str:
    # NFKC turns full-width digits and letters into ASCII; it would also turn 〔〕 into nothing special, so the
    # brackets are mapped first.
    mapped = "".join("〔" if ch in _OPEN else "〕" if ch in _CLOSE else ch for ch in text)
    out = []
    for ch in mapped:
        if ch in "〔〕":
            out.append(ch)
        else:
            out.append(unicodedata.normalize("NFKC", ch))
    return re.sub(r"\s+", "", "".join(out))


def parse(text: str) -> DocNumber:
    """Parse a 发文字号 as typed by a user; raise DocNumberError with a Chinese message if it is not one."""
    if text is None or not str(text).strip():
        raise DocNumberError("发文字号为空")
    raw = str(text)
    if len(raw) > 60:
        raise DocNumberError("发文字号过长")
    cleaned = _clean(raw)
    match = _PATTERN.match(cleaned)
    if match:
        year = int(match["year"])
        if not _YEAR_MIN <= year <= _YEAR_MAX:
            raise DocNumberError(f"发文字号中的年份 {year} 不合理")
        serial = int(match["serial"])
        if serial == 0:
            raise DocNumberError("发文字号的序号不能为 0")
        return DocNumber(match["prefix"], year, serial)
    order = _ORDER.match(cleaned)
    if order:
        written = order["serial"]
        numeral = "" if written.isdigit() else written
        order_serial = int(written) if written.isdigit() else chinese_number(written)
        if order_serial is None:
            raise DocNumberError(f"令的序号“{written}”不是有效的数字")
        if order_serial == 0:
            raise DocNumberError("令的序号不能为 0")
        return DocNumber(order["prefix"], None, order_serial, numeral)
    if "令" in cleaned and "〔" not in cleaned.replace("〔第", ""):
        # An order has no year: never answer with the 〔年份〕 pattern of ordinary documents.
        raise DocNumberError(
            "令的编号应形如“国务院令第711号”“主席令第二十号”或“中华人民共和国主席令（第九十一号）”"
        )
    if re.search(r"〔\d{2}〕", cleaned) or re.search(r"〔\d{3}〕", cleaned):
        raise DocNumberError("发文字号的年份应写全四位，如“东丽政发〔2022〕5号”")
    if not re.search(r"〔\d{4}〕", cleaned):
        raise DocNumberError(
            "发文字号应形如“机关代字〔年份〕序号号”，如“东丽政发〔2022〕5号”，年份用六角括号〔〕"
        )
    if not re.match(r"^[\u4e00-\u9fffA-Za-z·]+〔", cleaned):
        raise DocNumberError("发文字号应以发文机关代字开头，如“东丽政发”")
    raise DocNumberError("发文字号的序号应为数字并以“号”结尾，如“东丽政发〔2022〕5号”")


def normalise(text: str) -> str:
    """The standard form of a 发文字号 (raises DocNumberError if it is not one)."""
    return str(parse(text))


def is_valid(text: str) -> bool:
    try:
        parse(text)
    except DocNumberError:
        return False
    return True
