"""The .docx opened with python-docx (structure, merged header cells, values) and the PDF's extracted text;
the `zwgk annual-report` JSON contract and its files."""

from __future__ import annotations

import io
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document
from pypdf import PdfReader

from zwgk.reports import actions
from zwgk.reports.format import (
    OUTCOME_KEYS,
    TABLE2_ROWS,
    TABLE3_COLUMNS,
    TABLE3_NOTE,
    TABLE3_ROW_KEYS,
)
from zwgk.reports.tests.conftest import STAFF_TABLE2, run_json
from zwgk.reports.tests.fakes import ledger_sources
from zwgk.reports.tests.test_counting import EXPECTED_A, EXPECTED_A_TABLE4

pytestmark = pytest.mark.django_db

ROW_KEYS_OF_ISSUE = [
    "new", "carried_in", "granted", "partial", "withheld.state_secret", "withheld.law_prohibited",
    "withheld.three_safety", "withheld.third_party", "withheld.internal_affairs", "withheld.process_info",
    "withheld.enforcement_file", "withheld.query_matter", "unavailable.not_held", "unavailable.needs_creation",
    "unavailable.unclear_after_correction", "not_processed.petition", "not_processed.repeat",
    "not_processed.publication", "not_processed.mass_repeat", "not_processed.confirm_or_reissue",
    "other.no_correction", "other.no_payment", "other.other", "total", "carried_out",
]  # fmt: skip


def _ready_report(agency, drafter, ledgers):
    report, _ = actions.start_report(agency, 2025, by=drafter)
    actions.save_table2(report, STAFF_TABLE2, by=drafter)
    return report


def test_json_contract_keys_and_values(agency_a, drafter_a, ledgers):
    with ledger_sources(ledgers):
        _ready_report(agency_a, drafter_a, ledgers)
        payload, status = run_json(agency_a.code, 2025)
    assert status == 0
    assert list(payload) == ["agency", "year", "table2", "table3", "table4", "checks"]
    assert payload["agency"] == agency_a.code and payload["year"] == 2025
    assert list(payload["table3"]) == ROW_KEYS_OF_ISSUE == list(TABLE3_ROW_KEYS)
    for row in payload["table3"].values():
        assert list(row) == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
        assert all(isinstance(v, int) for v in row.values())
    assert payload["table3"]["new"]["总计"] == EXPECTED_A["new"]["总计"]
    assert list(payload["table4"]) == ["review", "litigation_direct", "litigation_after_review"]
    assert payload["table4"] == EXPECTED_A_TABLE4
    for group in payload["table4"].values():
        assert list(group) == ["维持", "纠正", "其他", "尚未审结", "总计"]
    assert payload["table2"]["行政许可"] == {"本年处理决定数量": 97}
    assert payload["table2"]["行政事业性收费"] == {"本年收费金额（单位：万元）": 1.25}
    assert payload["table2"]["规章"] == {"本年制发件数": 0, "本年废止件数": 0, "现行有效件数": 0}
    assert list(payload["table2"]) == list(TABLE2_ROWS)
    assert all(set(c) == {"rule", "ok", "detail"} for c in payload["checks"])
    assert all(c["ok"] for c in payload["checks"])


def test_without_sources_cells_are_null_and_the_checks_say_why(agency_a):
    payload, status = run_json(agency_a.code, 2025)
    assert status == 1
    assert payload["table3"]["new"] == dict.fromkeys(TABLE3_COLUMNS)
    assert payload["table2"]["行政许可"] == {"本年处理决定数量": None}
    failing = {c["rule"]: c["detail"] for c in payload["checks"] if not c["ok"]}
    assert "平台未接入依申请公开办理台账" in failing["sources.table3"]
    assert "平台未接入行政复议、行政诉讼案件" in failing["sources.table4"]
    assert "表二“规章”：平台未接入规章和行政规范性文件目录" in failing["sources.table2"]


def test_command_refuses_bad_arguments_in_chinese_and_english(agency_a):
    with pytest.raises(CommandError, match="没有单位代码为 NOPE 的单位 / no agency") as exc:
        call_command("annual-report", "--agency", "NOPE", "--year", "2025", "--json", stdout=StringIO())
    assert exc.value.returncode == 2
    with pytest.raises(CommandError, match="2021年度及以后") as exc:
        call_command("annual-report", "--agency", agency_a.code, "--year", "2019", stdout=StringIO())
    assert exc.value.returncode == 2
    with pytest.raises(CommandError, match="尚未发布 / the report has not been published"):
        call_command(
            "annual-report", "--agency", agency_a.code, "--year", "2025", "--published", stdout=StringIO()
        )


def _merged_ranges(table) -> set[tuple[int, int, int, int]]:
    """(first_row, first_col, last_row, last_col) of every merged range, from the cells python-docx reads."""
    seen: dict[object, list[tuple[int, int]]] = {}  # keyed by the cell's XML element (kept alive as the key)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            seen.setdefault(cell._tc, []).append((r, c))
    out = set()
    for positions in seen.values():
        if len(positions) > 1:
            rows = [p[0] for p in positions]
            cols = [p[1] for p in positions]
            out.add((min(rows), min(cols), max(rows), max(cols)))
    return out


def test_docx_is_laid_out_like_the_national_format(agency_a, drafter_a, ledgers, tmp_path):
    path = tmp_path / "report.docx"
    with ledger_sources(ledgers):
        _ready_report(agency_a, drafter_a, ledgers)
        call_command(
            "annual-report", "--agency", agency_a.code, "--year", "2025", "--docx", str(path),
            stdout=StringIO(), stderr=StringIO(),
        )  # fmt: skip
    document = Document(str(path))
    texts = [p.text for p in document.paragraphs]
    assert texts[0].startswith("天津市东丽区发改委2025年政府信息公开工作年度报告")
    for heading in ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                    "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"):  # fmt: skip
        assert heading in texts
    assert (
        texts.index("一、总体情况")
        < texts.index("五、存在的主要问题及改进情况")
        < texts.index("六、其他需要报告的事项")
    )
    table2, table3, table4 = document.tables
    # Table 2: four blocks of the 2021 format (not the 2019 trial columns), 14 rows × 4 columns.
    assert (len(table2.rows), len(table2.columns)) == (14, 4)
    assert [table2.cell(r, 0).text for r in (0, 4, 7, 11)] == ["第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项"]  # fmt: skip
    assert [c.text for c in table2.rows[1].cells] == [
        "信息内容",
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
    ]
    assert [c.text for c in table2.rows[3].cells] == ["行政规范性文件", "3", "1", "17"]
    assert table2.cell(6, 1).text == "97" and table2.cell(6, 3).text == "97"  # merged across three columns
    assert table2.cell(13, 0).text == "行政事业性收费" and table2.cell(13, 1).text == "1.25"
    assert (0, 0, 0, 3) in _merged_ranges(table2) and (5, 1, 5, 3) in _merged_ranges(table2)
    # Table 3: 3 header rows + 2 + 22 outcome rows + 结转 = 28 rows × 10 columns, merged like the format.
    assert (len(table3.rows), len(table3.columns)) == (28, 10)
    merged = _merged_ranges(table3)
    assert (0, 0, 2, 2) in merged and table3.cell(0, 0).text == TABLE3_NOTE
    assert (0, 3, 0, 9) in merged and table3.cell(0, 3).text == "申请人情况"
    assert (1, 3, 2, 3) in merged and table3.cell(1, 3).text == "自然人"
    assert (1, 4, 1, 8) in merged and table3.cell(1, 4).text == "法人或其他组织"
    assert (1, 9, 2, 9) in merged and table3.cell(2, 9).text == "总计"
    assert (5, 0, 26, 0) in merged and table3.cell(5, 0).text == "三、本年度办理结果"
    assert (7, 1, 14, 1) in merged and table3.cell(7, 1).text == "（三）不予公开"
    assert (23, 1, 25, 1) in merged and table3.cell(24, 1).text == "（六）其他处理"
    assert [c.text for c in table3.rows[2].cells][4:9] == [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    rows = {
        "new": 3,
        "carried_in": 4,
        **{k: 5 + i for i, k in enumerate(OUTCOME_KEYS)},
        "total": 26,
        "carried_out": 27,
    }
    for key, r in rows.items():
        for c, column in enumerate(TABLE3_COLUMNS):
            assert table3.cell(r, 3 + c).text == str(EXPECTED_A.get(key, {}).get(column, 0)), (key, column)
    assert table3.cell(27, 0).text == "四、结转下年度继续办理"
    # Table 4: 行政复议 (5) + 行政诉讼 (10) with its two sub-groups; one row of 15 numbers.
    assert (len(table4.rows), len(table4.columns)) == (4, 15)
    merged = _merged_ranges(table4)
    assert {(0, 0, 0, 4), (0, 5, 0, 14), (1, 5, 1, 9), (1, 10, 1, 14), (1, 0, 2, 0)} <= merged
    assert [c.text for c in table4.rows[3].cells] == [
        "1",
        "0",
        "0",
        "1",
        "2",
        "0",
        "0",
        "0",
        "1",
        "1",
        "0",
        "1",
        "1",
        "0",
        "2",
    ]
    assert texts[-2:] == ["天津市东丽区发改委", "（草稿，尚未发布）"]


def test_pdf_has_chinese_text_of_every_part(agency_a, drafter_a, admin_a, ledgers, tmp_path, client):
    path = tmp_path / "report.pdf"
    with ledger_sources(ledgers):
        _ready_report(agency_a, drafter_a, ledgers)
        call_command(
            "annual-report", "--agency", agency_a.code, "--year", "2025", "--pdf", str(path),
            stdout=StringIO(), stderr=StringIO(),
        )  # fmt: skip
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages)
    compact = text.replace("\n", "").replace(" ", "")
    for needle in ("2025年政府信息公开工作年度报告", "一、总体情况", "第二十条第（一）项", "行政规范性文件",
                   "本列数据的勾稽关系为", "申请人情况", "法律服务机构", "三、本年度办理结果", "属于国家秘密",
                   "四、结转下年度继续办理", "未经复议直接起诉", "复议后起诉", "五、存在的主要问题及改进情况",
                   "共收取信息处理费300元", "草稿"):  # fmt: skip
        assert needle in compact, needle


def test_published_command_output_is_the_frozen_edition(agency_a, drafter_a, admin_a, ledgers):
    from zwgk.reports.narrative import PLACEHOLDER_RE

    with ledger_sources(ledgers):
        report = _ready_report(agency_a, drafter_a, ledgers)
        texts = actions.current_texts(report)
        versions = actions.current_versions(report)
        actions.save_texts(
            report,
            {s: PLACEHOLDER_RE.sub("已落实。", t) for s, t in texts.items()},
            {s: v.number for s, v in versions.items() if v},
            by=drafter_a,
        )
        actions.submit(report, by=drafter_a)
        actions.publish(report, by=admin_a)
        ledgers.applications[agency_a.pk] = []  # the records change after publication …
        live, _ = run_json(agency_a.code, 2025)
        frozen, status = run_json(agency_a.code, 2025, "--published")
    assert live["table3"]["new"]["总计"] == 0
    assert frozen["table3"]["new"]["总计"] == 11 and status == 0  # … the published edition does not
    out = StringIO()
    call_command("annual-report", "--agency", agency_a.code, "--year", "2025", "--published", stdout=out)
    assert "通过" in out.getvalue()
    assert json.loads(json.dumps(frozen))["checks"]
