"""Live indicators: facts the platform holds, shown next to a plan item instead of asking units to type them.

An indicator is a small named function `fn(year, agency_id) -> IndicatorValue`; `agency_id=None` asks for the
whole district. Other apps register theirs in their AppConfig.ready():

    from zwgk.workplan.indicators import IndicatorValue, register_indicator

    def proactive_share(year: int, agency_id: int | None) -> IndicatorValue:
        ...
        return IndicatorValue(numerator=published, denominator=made, note="本年制发文件中主动公开的比例")

    register_indicator(8, "documents.proactive_share", proactive_share,
                       label="文件主动公开比率", hints=("主动公开比率",), target=0.9)

Which item shows an indicator: an item whose title or text contains one of the indicator's `hints`; if no item
of that year's plan contains any hint, the item numbered `item_number` (the 2022 plan's layout). The 公开办
can show or hide an indicator on any item (ItemIndicator rows override the default).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class IndicatorValue:
    numerator: float
    denominator: float | None = None  # None: a plain count
    note: str = ""
    unit: str = ""  # shown after a plain count, e.g. "人次"

    @property
    def ratio(self) -> float | None:
        if self.denominator is None or self.denominator == 0:
            return None
        return self.numerator / self.denominator

    @property
    def display(self) -> str:
        number = _number(self.numerator)
        if self.denominator is None:
            return f"{number}{self.unit}"
        if self.denominator == 0:
            return "暂无数据"
        ratio = self.ratio or 0.0
        return f"{number} / {_number(self.denominator)}（{ratio * 100:.1f}%）"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


IndicatorFn = Callable[[int, "int | None"], IndicatorValue]


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    fn: IndicatorFn
    item_number: int | None
    hints: tuple[str, ...]
    target: float | None  # ratio at or above which the value is shown as met

    def level(self, value: IndicatorValue | None) -> str:
        if value is None:
            return "none"
        if self.target is None or value.ratio is None:
            return "info"
        return "ok" if value.ratio >= self.target else "warning"


REGISTERED: dict[str, Indicator] = {}


def register_indicator(
    item_number: int | None,
    key: str,
    fn: IndicatorFn,
    *,
    label: str,
    hints: Sequence[str] = (),
    target: float | None = None,
) -> None:
    """Register (or replace) the indicator `key`, e.g. "documents.proactive_share"."""
    if not key or "." not in key:
        raise ValueError("indicator keys are '<app>.<name>'")
    REGISTERED[key] = Indicator(key, label, fn, item_number, tuple(hints), target)


def registered() -> list[Indicator]:
    return sorted(REGISTERED.values(), key=lambda i: (i.item_number or 99, i.key))


def get(key: str) -> Indicator | None:
    return REGISTERED.get(key)


@dataclass(frozen=True)
class ItemText:
    """What the default linking needs to know about an item (keeps this function free of models)."""

    seq: int
    text: str


def default_links(
    items: Iterable[ItemText], indicators: Iterable[Indicator] | None = None
) -> dict[int, list[str]]:
    """Indicator keys per item seq, by hint phrases, falling back to the indicator's item number."""
    items = list(items)
    links: dict[int, list[str]] = {item.seq: [] for item in items}
    for indicator in indicators if indicators is not None else registered():
        hits = [item.seq for item in items if any(hint in item.text for hint in indicator.hints)]
        if not hits and indicator.item_number is not None and indicator.item_number in links:
            hits = [indicator.item_number]
        for seq in hits:
            links[seq].append(indicator.key)
    return links


@dataclass(frozen=True)
class ShownIndicator:
    indicator: Indicator
    value: IndicatorValue | None
    level: str
    error: str = ""


def evaluate(indicator: Indicator, year: int, agency_id: int | None) -> ShownIndicator:
    # Indicators come from several apps; one failing must not take the ledger page down with it.
    try:
        value = indicator.fn(year, agency_id)
    except Exception:
        logger.exception("indicator %s failed", indicator.key)
        return ShownIndicator(indicator, None, "none", "暂时无法计算")
    return ShownIndicator(indicator, value, indicator.level(value))
