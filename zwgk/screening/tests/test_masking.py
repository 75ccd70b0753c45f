"""Conventional masks, whole-text masking and masking the personal columns of tables."""

import csv
import io

import openpyxl
import pytest

from zwgk.extract import ExtractError, extract
from zwgk.screening import Category, mask_name, mask_text, mask_value, scan
from zwgk.screening.tables import mask_address, mask_table
from zwgk.screening.tests.factories import id18, luhn_complete


def test_conventional_masks():
    assert mask_name("张三") == "张*"
    assert mask_name("张小三") == "张*三"
    assert mask_name("欧阳明华") == "欧**华"
    assert mask_value(Category.ID_CARD, "120110198506121234") == "1201**********1234"
    assert mask_value(Category.MOBILE, "13812345678") == "138****5678"
    assert mask_value(Category.MOBILE, "+86 138-1234-5678") == "+86 138-****-5678"
    assert mask_value(Category.BANK_CARD, "6222 0200 0000 0000 006") == "**** **** **** ***0 006"
    assert mask_value(Category.LANDLINE, "022-24561234") == "022-****1234"
    assert mask_value(Category.EMAIL, "zhangsan@163.com") == "z*******@163.com"
    assert mask_value(Category.CLASSIFIED_MARK, "机密★1年") is None


def test_masks_keep_the_length_so_documents_can_be_edited_in_place():
    for finding in scan(
        f"申请人张小三，身份证{id18()}，手机13812345678，卡号{luhn_complete('622202', 19)}。"
    ):
        assert finding.masked is not None and len(finding.masked) == len(finding.text)


def test_mask_text_masks_chosen_categories_only():
    text = f"患者张小三，男，40岁，身份证{id18()}，电话13812345678。"
    findings = scan(text)
    masked = mask_text(text, findings)
    assert "张*三" in masked and "1201**********" in masked and "138****5678" in masked
    only_phone = mask_text(text, findings, categories=["mobile"])
    assert "张小三" in only_phone and "138****5678" in only_phone


def test_address_is_cut_after_the_village():
    assert mask_address("东丽区华明街道赤土村3排5号") == "东丽区华明街道赤土村****"


def _xlsx(rows):
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_subsidy_list_xlsx_personal_columns_are_masked_and_amounts_kept():
    data = _xlsx(
        [
            ["东丽区2022年耕地地力保护补贴发放名单（赤土村）"],
            ["序号", "村别", "户主姓名", "身份证号", "联系电话", "补贴金额（元）", "备注"],
            [1, "赤土村", "张小三", id18(), 13812345678, 1200.5, f"代领人身份证{id18(seq='456')}"],
            [2, "赤土村", "李四", id18(seq="124"), "13912345678", 800, ""],
        ]
    )
    result = mask_table(data, "补贴名单.xlsx")
    text = extract(result.data, "x.xlsx").text
    assert "张*三" in text and "李*" in text
    assert id18() not in text and "1201**********" in text
    assert "13812345678" not in text and "138****5678" in text
    assert "1200.5" in text and "800" in text and "赤土村" in text
    assert id18(seq="456") not in text  # an identifier in an unrecognised column is masked too
    assert result.masked_cells["户主姓名"] == 2 and "身份证号" in result.columns


def test_admission_list_csv_in_gb18030():
    data = "考生姓名,准考证号,录取学校\n王小明,2022120110001,东丽中学\n".encode("gb18030")
    result = mask_table(data, "录取名单.csv")
    rows = list(csv.reader(io.StringIO(result.data.decode("utf-8-sig"))))
    assert rows == [["考生姓名", "准考证号", "录取学校"], ["王*明", "2022120110001", "东丽中学"]]


def test_mask_table_refuses_other_formats_and_bombs():
    with pytest.raises(ExtractError):
        mask_table(b"plain text", "a.txt")
    with pytest.raises(ExtractError):
        mask_table(b"PK\x03\x04garbage", "a.xlsx")
