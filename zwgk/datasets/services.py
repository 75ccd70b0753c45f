"""Reads of 数据公开 shared by the public page, the downloads, the API and the workspace: the rows of one dataset
filtered (category columns), searched (inside the dataset), sorted and totalled; the facets of its filters; a
project's stage chain; the points of a time-series chart. Every public caller passes `DatasetRow.objects.public()`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import BigIntegerField, QuerySet, Sum
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.db.models.functions import Cast

from zwgk.datasets.models import Dataset, DatasetRow, DatasetRowQuerySet
from zwgk.datasets.schema import Column, ColumnType, display, format_money

MAX_QUERY = 100
MAX_TERMS = 5
MAX_FACET_VALUES = 300
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


@dataclass
class RowQuery:
    """What a visitor asked for: `filters` (category column key → value), `q` (words), `sort` (column key)."""

    filters: dict[str, str] = field(default_factory=dict)
    q: str = ""
    sort: str = ""
    desc: bool = False

    @property
    def narrowed(self) -> bool:
        return bool(self.filters or self.q)

    def params(self, *, without: str = "") -> dict[str, str]:
        data = {f"f_{k}": v for k, v in self.filters.items() if k != without}
        if self.q and without != "q":
            data["q"] = self.q
        if self.sort and without != "sort":
            data["sort"] = ("-" if self.desc else "") + self.sort
        return data


def filter_columns(dataset: Dataset) -> list[Column]:
    return [c for c in dataset.columns if c.type == ColumnType.CATEGORY]


def parse_query(dataset: Dataset, params: Mapping[str, Any]) -> RowQuery:
    """Unknown keys and over-long values are ignored (never an error): `f_<key>=value`, `filter=key:value`, `q`,
    `sort=key` / `sort=-key`."""
    categories = {c.key for c in filter_columns(dataset)}
    query = RowQuery()
    pairs: list[tuple[str, str]] = []
    for key in params:
        if key.startswith("f_"):
            pairs.append((key[2:], str(params.get(key, ""))))
    raw_filter = params.get("filter", "")
    for part in str(raw_filter or "").split(","):
        key, sep, value = part.partition(":")
        if sep:
            pairs.append((key.strip(), value))
    for key, value in pairs:
        value = value.strip()[:MAX_QUERY]
        if key in categories and value:
            query.filters[key] = value
    query.q = " ".join(str(params.get("q", "") or "").split())[:MAX_QUERY]
    sort = str(params.get("sort", "") or "")
    desc = sort.startswith("-")
    sort = sort.lstrip("-")
    if sort in {c.key for c in dataset.columns if not c.personal}:  # a masked column has no useful order
        query.sort, query.desc = sort, desc
    return query


def select_rows(dataset: Dataset, query: RowQuery, base: DatasetRowQuerySet) -> QuerySet[DatasetRow]:
    qs = base.filter(dataset=dataset)
    group = dataset.spec.group
    for key, value in query.filters.items():
        qs = qs.filter(group=value) if key == group else qs.filter(**{f"data__{key}": value})
    for term in query.q.lower().split()[:MAX_TERMS]:
        qs = qs.filter(text__contains=term)
    if query.sort:
        expression = KeyTransform(query.sort, "data")
        order = expression.desc(nulls_last=True) if query.desc else expression.asc(nulls_last=True)
        return qs.order_by(order, "n")
    return qs.order_by("n")


def totals(dataset: Dataset, query: RowQuery, qs: QuerySet[DatasetRow]) -> list[tuple[Column, str]]:
    """Money columns' totals over the selected rows (the stored totals when nothing narrows the rows)."""
    money = [c for c in dataset.columns if c.type == ColumnType.MONEY]
    if not money:
        return []
    if not query.narrowed:
        return [(c, format_money(int(dataset.totals.get(c.key, 0)))) for c in money]
    sums = qs.order_by().aggregate(
        **{c.key: Sum(Cast(KeyTextTransform(c.key, "data"), BigIntegerField())) for c in money}
    )
    return [(c, format_money(int(sums.get(c.key) or 0))) for c in money]


def facets(dataset: Dataset, base: DatasetRowQuerySet) -> list[tuple[Column, list[str]]]:
    """Each category column with its values (the template's choices in order, else sorted), for the filters."""
    result: list[tuple[Column, list[str]]] = []
    group = dataset.spec.group
    rows = base.filter(dataset=dataset).order_by()
    for column in filter_columns(dataset):
        if column.choices:
            values = list(column.choices)
        elif column.key == group:
            values = list(rows.values_list("group", flat=True).distinct()[: MAX_FACET_VALUES + 1])
        else:
            found = (
                rows.annotate(v=KeyTextTransform(column.key, "data")).values_list("v", flat=True).distinct()
            )
            values = [v for v in found[: MAX_FACET_VALUES + 1] if v]
        if len(values) > MAX_FACET_VALUES:
            continue  # too many to choose from: the search box does it
        result.append((column, sorted(values) if not column.choices else values))
    return result


def cells(dataset: Dataset, row: DatasetRow) -> list[tuple[Column, str]]:
    return [(c, display(c, row.data.get(c.key))) for c in dataset.columns]


def row_json(dataset: Dataset, row: DatasetRow) -> dict[str, Any]:
    """A row as the API returns it: masked values; money in 元 as a string with two decimals."""
    data: dict[str, Any] = {"n": row.n}
    for column in dataset.columns:
        value = row.data.get(column.key)
        data[column.key] = (
            display(column, value) if column.type == ColumnType.MONEY and value is not None else value
        )
    return data


# --- downloads ---------------------------------------------------------------------------------------------


def csv_lines(dataset: Dataset, rows: Iterable[DatasetRow]) -> Iterator[str]:
    """The masked rows as CSV (UTF-8 with BOM so that Excel opens it), one line at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    columns = dataset.columns

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow([c.label for c in columns])
    yield "\ufeff" + flush()
    for row in rows:
        writer.writerow([_safe(display(c, row.data.get(c.key))) for c in columns])
        yield flush()


def _safe(value: str) -> str:
    """A cell a spreadsheet would run as a formula (=, +, -, @ first) is quoted (CSV injection)."""
    if value[:1] in ("=", "+", "@") or (value[:1] == "-" and not value[1:2].isdigit()):
        return "'" + value
    return value


def xlsx_bytes(dataset: Dataset, rows: Iterable[DatasetRow]) -> bytes:
    """The masked rows as an .xlsx (write-only workbook; numbers stay numbers, masked values text)."""
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(title="数据")
    columns = dataset.columns
    sheet.append([c.label for c in columns])
    for row in rows:
        values: list[Any] = []
        for column in columns:
            value = row.data.get(column.key)
            if value is None:
                values.append(None)
            elif column.type == ColumnType.MONEY:
                values.append(int(value) / 100)
            elif column.type in (ColumnType.INTEGER, ColumnType.DECIMAL):
                values.append(value)
            else:
                values.append(_safe(str(value)))
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- chains (政府采购全链条, 重大建设项目) -----------------------------------------------------------------


@dataclass
class StageItem:
    date: str
    fields: list[tuple[str, str]]
    link: str = ""


@dataclass
class Stage:
    name: str
    items: list[StageItem]
    date: str = ""
    done: bool = False


@dataclass
class ChainView:
    key: str
    title: str
    stages: list[Stage]

    @property
    def complete(self) -> bool:
        return all(s.done for s in self.stages)


def chain_projects(dataset: Dataset, base: DatasetRowQuerySet) -> list[tuple[str, str, int]]:
    """(project key, project title, stages present) of a chain dataset, in first-appearance order."""
    chain = dataset.spec.chain
    if chain is None:
        return []
    seen: dict[str, tuple[str, set[str]]] = {}
    for row in base.filter(dataset=dataset).order_by("n").only("group", "data"):
        _, stages = seen.setdefault(row.group, (str(row.data.get(chain.title) or row.group), set()))
        stages.add(str(row.data.get(chain.stage)))
    return [(key, title, len(stages)) for key, (title, stages) in seen.items()]


def chain_view(dataset: Dataset, key: str, base: DatasetRowQuerySet) -> ChainView | None:
    chain = dataset.spec.chain
    if chain is None:
        return None
    rows = list(base.filter(dataset=dataset, group=key[:100]).order_by("n"))
    if not rows:
        return None
    order = list(dataset.spec.column(chain.stage).choices)
    shown = [
        c
        for c in dataset.columns
        if c.key not in (chain.key, chain.title, chain.stage, chain.date, chain.link)
    ]
    stages = []
    for name in order:
        mine = sorted(
            (r for r in rows if r.data.get(chain.stage) == name), key=lambda r: str(r.data.get(chain.date))
        )
        items = [
            StageItem(
                str(r.data.get(chain.date) or ""),
                [
                    (c.label, display(c, r.data.get(c.key)))
                    for c in shown
                    if r.data.get(c.key) not in (None, "")
                ],
                str(r.data.get(chain.link) or ""),
            )
            for r in mine
        ]
        stages.append(Stage(name, items, items[0].date if items else "", bool(items)))
    return ChainView(key, str(rows[0].data.get(chain.title) or key), stages)


# --- time series (疫情防控每日数据) --------------------------------------------------------------------------

CHART_WIDTH = 640
CHART_HEIGHT = 240
CHART_PAD = 36
MAX_POINTS = 2000
SERIES_CLASSES = ("series-a", "series-b", "series-c", "series-d")


@dataclass
class Series:
    label: str
    css: str
    points: str  # "x,y x,y …" of an SVG polyline: numbers only
    last: int


@dataclass
class ChartView:
    series: list[Series]
    first: str
    last: str
    top: int
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT
    pad: int = CHART_PAD
    rows: list[tuple[str, list[tuple[str, int]]]] = field(default_factory=list)  # the same figures as a table

    @property
    def plot_bottom(self) -> int:
        return self.height - self.pad

    @property
    def plot_right(self) -> int:
        return self.width - 8


def chart_view(dataset: Dataset, base: DatasetRowQuerySet) -> ChartView | None:
    """Server-rendered lines of a time series (no script needed); None for a dataset without a chart."""
    chart = dataset.spec.chart
    if chart is None:
        return None
    keys = [k for k in chart.series if dataset.column(k) is not None]
    rows = list(
        base.filter(dataset=dataset)
        .order_by(KeyTransform(chart.x, "data").asc(), "n")
        .values_list("data", flat=True)
    )[:MAX_POINTS]
    rows = [r for r in rows if r.get(chart.x)]
    if not rows or not keys:
        return None
    top = max(1, *(int(r.get(k) or 0) for r in rows for k in keys))
    span = max(1, len(rows) - 1)
    inner_w = CHART_WIDTH - CHART_PAD - 8
    inner_h = CHART_HEIGHT - 2 * CHART_PAD
    series = []
    for index, key in enumerate(keys):
        column = dataset.column(key)
        points = " ".join(
            f"{CHART_PAD + inner_w * i / span:.1f},{CHART_PAD + inner_h * (1 - int(r.get(key) or 0) / top):.1f}"
            for i, r in enumerate(rows)
        )
        series.append(
            Series(
                column.label if column else key,
                SERIES_CLASSES[index % 4],
                points,
                int(rows[-1].get(key) or 0),
            )
        )
    labels = [s.label for s in series]
    table = [
        (str(r.get(chart.x)), list(zip(labels, [int(r.get(k) or 0) for k in keys], strict=True)))
        for r in rows[-31:]
    ]
    return ChartView(series, str(rows[0].get(chart.x)), str(rows[-1].get(chart.x)), top, rows=table)
