"""Factories of 数据公开's tests: CSV files and datasets imported and published through the real actions."""

from __future__ import annotations

import csv
import io
from typing import Any

from zwgk.datasets import actions
from zwgk.datasets.models import Dataset
from zwgk.datasets.templates import BY_CODE
from zwgk.documents import actions as documents

SUBSIDY_HEADER = [
    "街道",
    "村",
    "补贴项目",
    "姓名",
    "身份证号",
    "面积（亩）",
    "标准",
    "金额（元）",
    "发放日期",
]
# Fake people: valid check digits so that the screening recognises them.
RAW_NAME = "欧阳秀英"
RAW_ID = "120110195003071233"
SUBSIDY_ROWS = [
    [
        "华明街道",
        "赤土村",
        "耕地地力保护补贴",
        "张建国",
        "120110196512150014",
        "10.50",
        "106.00",
        "1113.00",
        "2025-11-20",
    ],
    ["华明街道", "赤土村", "耕地地力保护补贴", RAW_NAME, RAW_ID, "3.00", "106.00", "318.00", "2025-11-20"],
    ["金钟街道", "欢坨村", "耕地地力保护补贴", "李秀兰", "", "20.00", "106.00", "2120.00", "2025/11/21"],
    ["金钟街道", "欢坨村", "农机购置补贴", "王立新", "", "1", "5000", "5,000.00", "2025年6月30日"],
]


def csv_bytes(header: list[str], rows: list[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def subsidy_csv(rows: list[list[Any]], header: list[str] | None = None) -> bytes:
    return csv_bytes(header or SUBSIDY_HEADER, rows)


def import_csv(
    agency: Any, drafter: Any, template: str, data: bytes, *, title: str = "测试数据集", **kw: Any
) -> Dataset:
    result = actions.import_dataset(
        agency, BY_CODE[template], data, "data.csv", by=drafter, title=title, **kw
    )
    assert result.dataset is not None, (result.checked.problems, result.checked.suspects)
    return result.dataset


def publish_dataset(dataset: Dataset, drafter: Any, reviewer: Any, signer: Any, **kwargs: Any) -> Dataset:
    record = dataset.record
    documents.submit(record, by=drafter)
    documents.approve_review(record, by=reviewer, note="已核对数据表，个人信息已脱敏。")
    documents.sign(record, by=signer, note="同意发布。", **kwargs)
    return Dataset.objects.get(pk=dataset.pk)
