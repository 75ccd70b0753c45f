"""信息处理费 per 政府信息公开信息处理费管理办法 (国办函〔2020〕109号), pure Python.

Art 3: two methods, 按件计收 (per application) and 按量计收 (per volume), both progressive on the excess; an
application is charged by one method only, never both. Art 4 (按件, same applicant, cumulative in one natural
month): the 1st–10th application free, the 11th–30th 100 元 each, then bands of 10 each add 100 元 per
application (31st–40th 200 元, 41st–50th 300 元 …; the continuation is the reading of "以10件为一档，每增加
一档，收费标准提高100元/件", regulations.md §2 [M]). Art 5 (按量, per application, pages): up to 30 free,
31–100 10 元/页, 101–200 20 元/页, from 201 40 元/页, each rate on the pages within its band.
"""

from __future__ import annotations

from dataclasses import dataclass

METHODS: dict[str, str] = {"count": "按件计收", "pages": "按量计收"}
BASIS = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"

COUNT_FREE = 10
COUNT_FIRST_BAND_END = 30
COUNT_FIRST_RATE = 100
COUNT_BAND = 10
COUNT_STEP = 100

# (first page of the band, last page or None, yuan per page)
PAGE_BANDS: tuple[tuple[int, int | None, int], ...] = (
    (1, 30, 0),
    (31, 100, 10),
    (101, 200, 20),
    (201, None, 40),
)


class FeeError(ValueError):
    """Bad input to a fee computation (message in Chinese)."""


def count_rate(nth: int) -> int:
    """Yuan charged for the `nth` application of the same applicant in one natural month (Art 4)."""
    if isinstance(nth, bool) or not isinstance(nth, int) or nth < 1:
        raise FeeError(f"申请件次应为正整数，实际为 {nth!r}")
    if nth <= COUNT_FREE:
        return 0
    if nth <= COUNT_FIRST_BAND_END:
        return COUNT_FIRST_RATE
    band = (nth - COUNT_FIRST_BAND_END - 1) // COUNT_BAND + 1
    return COUNT_FIRST_RATE + band * COUNT_STEP


def pages_fee(pages: int) -> int:
    """Yuan for one application of `pages` pages, progressive on the excess (Art 5)."""
    if isinstance(pages, bool) or not isinstance(pages, int) or pages < 0:
        raise FeeError(f"页数应为非负整数，实际为 {pages!r}")
    total = 0
    for first, last, rate in PAGE_BANDS:
        top = pages if last is None else min(pages, last)
        if top >= first:
            total += (top - first + 1) * rate
    return total


@dataclass(frozen=True)
class FeeQuote:
    method: str  # count | pages
    quantity: int  # the n-th application, or the number of pages
    fee_yuan: int
    standard: str  # the tier applied, in words, for the 收费通知

    @property
    def method_label(self) -> str:
        return METHODS[self.method]

    def as_json(self) -> dict[str, object]:
        key = "nth" if self.method == "count" else "pages"
        return {"method": self.method, key: self.quantity, "fee_yuan": self.fee_yuan}


def quote_count(nth: int) -> FeeQuote:
    fee = count_rate(nth)
    if nth <= COUNT_FREE:
        standard = f"同一申请人一个自然月内累计申请 {COUNT_FREE} 件以下（含）的，不收费；本件为第 {nth} 件"
    elif nth <= COUNT_FIRST_BAND_END:
        standard = (
            f"第 {COUNT_FREE + 1}—{COUNT_FIRST_BAND_END} 件，每件 {COUNT_FIRST_RATE} 元；本件为第 {nth} 件"
        )
    else:
        band_start = COUNT_FIRST_BAND_END + 1 + ((nth - COUNT_FIRST_BAND_END - 1) // COUNT_BAND) * COUNT_BAND
        standard = (
            f"第 {COUNT_FIRST_BAND_END + 1} 件起以 {COUNT_BAND} 件为一档，每增加一档收费标准提高 {COUNT_STEP} 元/件；"
            f"第 {band_start}—{band_start + COUNT_BAND - 1} 件每件 {fee} 元，本件为第 {nth} 件"
        )
    return FeeQuote("count", nth, fee, standard)


def quote_pages(pages: int) -> FeeQuote:
    fee = pages_fee(pages)
    parts: list[str] = []
    for first, last, rate in PAGE_BANDS:
        top = pages if last is None else min(pages, last)
        if top < first:
            continue
        span = f"第 {first}—{top} 页" if top > first else f"第 {first} 页"
        parts.append(f"{span}{'免费' if rate == 0 else f' {top - first + 1} 页 × {rate} 元'}")
    standard = f"共 {pages} 页，超额累进：" + "；".join(parts) if parts else "共 0 页，不收费"
    return FeeQuote("pages", pages, fee, standard)
