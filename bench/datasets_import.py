"""数据公开 import: a 100,000-row 惠农补贴 file through `datasets.actions.import_dataset` (read, type check and mask
every cell, screen the undeclared columns, one transaction of bulk inserts), against peers in the same run:

  - peer "csv → sqlite3": the standard library's csv reader and `sqlite3.executemany` into a fresh file database,
    one transaction, no checks (the floor: reading the file and writing the rows);
  - peer "csv → sqlite3 + checks": the same with zwgk's per-cell conversion (`schema.convert`) but no screening and
    no ORM (how much the checks cost and how much the ORM and the screening add).

A fresh SQLite database under a temporary directory (migrated first, not timed). Run:
  .venv/bin/python bench/datasets_import.py [ROWS] [--xlsx]
"""

from __future__ import annotations

import csv
import io
import os
import random
import sqlite3
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
DATA = tempfile.mkdtemp(prefix="zwgk-bench-")
os.environ.update({"ZWGK_DEBUG": "1", "ZWGK_DATA_DIR": DATA, "DJANGO_SETTINGS_MODULE": "zwgk.settings"})

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from zwgk.datasets.schema import convert  # noqa: E402
from zwgk.datasets.templates import BY_CODE  # noqa: E402
from zwgk.screening.checks import id_check_char  # noqa: E402

HEADER = ["街道", "村", "补贴项目", "姓名", "身份证号", "面积（亩）", "标准", "金额（元）", "发放日期"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡"
GIVEN = "秀英桂兰玉凤淑珍春梅建国建华志强国华明亮海燕丽娟红霞永刚德胜振东立新金花宝山文杰晓东秋菊"


def rows(n: int) -> list[list[str]]:
    rng = random.Random(100_000)
    out = []
    for i in range(n):
        born = date(1945, 1, 1) + timedelta(days=rng.randrange(0, 20000))
        first17 = f"120110{born:%Y%m%d}{rng.randrange(0, 1000):03d}"
        area = round(rng.uniform(1, 30), 2)
        out.append(
            [
                "华明街道",
                f"第{i % 60:02d}村",
                "耕地地力保护补贴",
                rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
                first17 + id_check_char(first17),
                f"{area:.2f}",
                "106.00",
                f"{area * 106:.2f}",
                "2025-11-20",
            ]
        )
    return out


def csv_file(data: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(data)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_file(data: list[list[str]]) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(HEADER)
    for row in data:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def peer_plain(blob: bytes, path: Path, *, checks: bool) -> tuple[float, float]:
    template = BY_CODE["subsidy"]
    columns = [
        template.column(k)
        for k in ("street", "village", "item", "name", "id_number", "quantity", "rate", "amount", "paid_on")
    ]
    start, cpu = time.perf_counter(), time.process_time()
    reader = csv.reader(io.StringIO(blob.decode("utf-8-sig")))
    next(reader)
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE row (n INTEGER, village TEXT, data TEXT)")
    if checks:
        import json

        values = (
            (
                n,
                row[1],
                json.dumps([convert(c, v) for c, v in zip(columns, row, strict=True)], ensure_ascii=False),
            )
            for n, row in enumerate(reader)
        )
    else:
        values = ((n, row[1], "\t".join(row)) for n, row in enumerate(reader))
    with connection:
        connection.executemany("INSERT INTO row VALUES (?, ?, ?)", values)
    connection.close()
    return time.perf_counter() - start, time.process_time() - cpu


def main() -> None:
    n = int(next((a for a in sys.argv[1:] if a.isdigit()), "100000"))
    use_xlsx = "--xlsx" in sys.argv
    call_command("migrate", verbosity=0)
    from zwgk.accounts.models import RoleAssignment, User
    from zwgk.agencies.models import Agency, AgencyKind
    from zwgk.datasets import actions
    from zwgk.datasets.models import DatasetRow

    agency = Agency.objects.create(
        name="天津市东丽区农业农村委员会",
        short_name="区农业农村委",
        code="120110029",
        kind=AgencyKind.DEPARTMENT,
    )
    user = User.objects.create(username="bench", full_name="测试")
    RoleAssignment.objects.create(user=user, agency=agency, role="drafter")
    data = rows(n)
    blob = csv_file(data)
    print(f"{n} rows, CSV {len(blob) / 1e6:.1f} MB")
    plain, plain_cpu = peer_plain(blob, Path(DATA) / "peer.sqlite3", checks=False)
    checked, checked_cpu = peer_plain(blob, Path(DATA) / "peer2.sqlite3", checks=True)
    start = time.perf_counter()
    cpu = time.process_time()
    result = actions.import_dataset(agency, BY_CODE["subsidy"], blob, "bench.csv", by=user, title="基准测试")
    ours = time.perf_counter() - start
    ours_cpu = time.process_time() - cpu
    assert result.dataset is not None and DatasetRow.objects.filter(dataset=result.dataset).count() == n
    print("                                               wall      CPU   CPU ratio")
    print(f"peer csv → sqlite3 executemany (no checks)  {plain:7.2f} s {plain_cpu:7.2f} s   1.0")
    print(
        f"peer csv → sqlite3 + schema.convert         {checked:7.2f} s {checked_cpu:7.2f} s {checked_cpu / plain_cpu:5.1f}"
    )
    print(
        f"zwgk import_dataset (CSV)                   {ours:7.2f} s {ours_cpu:7.2f} s {ours_cpu / plain_cpu:5.1f}"
    )
    if use_xlsx:
        xblob = xlsx_file(data)
        start, cpu = time.perf_counter(), time.process_time()
        result = actions.import_dataset(
            agency, BY_CODE["subsidy"], xblob, "bench.xlsx", by=user, title="基准测试 xlsx"
        )
        took, took_cpu = time.perf_counter() - start, time.process_time() - cpu
        assert result.dataset is not None
        print(
            f"zwgk import_dataset (.xlsx {len(xblob) / 1e6:.1f} MB)        {took:7.2f} s {took_cpu:7.2f} s {took_cpu / plain_cpu:5.1f}"
        )


if __name__ == "__main__":
    main()
