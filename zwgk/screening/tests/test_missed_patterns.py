"""Patterns the screener used to miss (issue 23): credit codes with an all-digit body, home addresses in
running text, classification marks inside a sentence."""

import pytest

from zwgk.screening import Screener
from zwgk.screening.findings import Category, Severity
from zwgk.screening.tests.factories import id18, uscc


def found(text: str) -> list[tuple[str, str]]:
    return [(f.category, f.text) for f in Screener().scan(text)]


@pytest.mark.parametrize("body", ["91120110123456789", "12120110000012345", "31120000730918426"])
def test_a_credit_code_whose_first_17_characters_are_digits_is_found(body):
    code = uscc(body)
    assert not code[17].isdigit() or code[:17] == body  # most of these end in a letter
    assert (Category.USCC, code) in found(f"统一社会信用代码：{code}，法定代表人")


def test_an_id_number_ending_in_x_is_still_an_id_not_a_credit_code():
    number = "11010519491231002X"
    assert found(f"身份证号{number}。") == [(Category.ID_CARD, number)]


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("申请人张某，住东丽区幸福里3号楼2单元501室，联系电话见附件", "东丽区幸福里3号楼2单元501室"),
        ("经查，当事人家住津塘路12号，系该小区业主", "津塘路12号"),
        ("住址：东丽区金钟街道欣园小区7栋1单元302室", "东丽区金钟街道欣园小区7栋1单元302室"),
        ("王某现住华明街弘程园16号楼3门401室。", "华明街弘程园16号楼"),
    ],
)
def test_home_addresses_in_running_text_are_found_and_masked(text, address):
    findings = [f for f in Screener().scan(text) if f.category == Category.ADDRESS]
    assert findings and findings[0].text.startswith(address)
    assert findings[0].severity == Severity.BLOCK
    assert findings[0].masked is not None and not any(c.isdigit() for c in findings[0].masked)


@pytest.mark.parametrize(
    "text",
    [
        "区住房和城乡建设委员会3号文件",
        "患者住院治疗3天后出院",
        "全区保障性住房1200套",
        "住宿费标准为每人每天350元",
        "居住证办理须提交2份材料",
    ],
)
def test_housing_words_are_not_addresses(text):
    assert Category.ADDRESS not in {c for c, _ in found(text)}


@pytest.mark.parametrize(
    ("text", "mark"),
    [
        ("本文件内部资料，请勿外传。", "本文件内部资料"),
        ("此件属工作秘密，阅后收回。", "此件属工作秘密"),
        ("会议纪要（内部资料，注意保存）", "内部资料，注意保存"),
    ],
)
def test_classification_marks_inside_a_sentence_are_found(text, mark):
    assert (Category.CLASSIFIED_MARK, mark) in found(text)


def test_sentences_about_secrecy_are_not_marks():
    assert Category.CLASSIFIED_MARK not in {
        c for c, _ in found("各单位要加强内部资料管理，严格执行保密制度，防止工作秘密泄露。")
    }


def test_a_valid_id_is_not_reported_as_an_address_number():
    assert found(f"住址见档案，身份证号{id18()}") == [(Category.ID_CARD, id18())]
