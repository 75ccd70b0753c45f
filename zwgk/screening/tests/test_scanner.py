"""The screener: what it reports, and the ordinary government text it must leave alone."""

import pytest

from zwgk.screening import Category, LexiconEntry, Screener, Severity, scan
from zwgk.screening.tests.factories import bad_check, id18, luhn_complete, uscc
from zwgk.testdata import statute_paths


def cats(text: str, screener: Screener | None = None) -> list[tuple[str, str]]:
    return [(f.category, f.text) for f in (screener or Screener()).scan(text)]


def test_offsets_are_unicode_characters_of_the_text():
    number = id18()
    text = f"申请人证件号：{number}。"
    (finding,) = scan(text)
    assert text[finding.start : finding.end] == number == finding.text
    assert finding.start == len("申请人证件号：")


def test_id_card_valid_blocks_and_a_wrong_check_digit_blocks_as_id_like():
    # A mistyped ID number is still someone's ID number: it blocks until a reviewer masks it or confirms it.
    good, bad = id18(), bad_check(id18())
    findings = scan(f"证件号{good}；另{bad}")
    assert [(f.category, f.severity) for f in findings] == [
        (Category.ID_CARD, Severity.BLOCK),
        (Category.ID_LIKE, Severity.BLOCK),
    ]


def test_id_card_with_x_fullwidth_digits_and_spaced_groups():
    assert cats("号码11010519491231002X") == [("id_card", "11010519491231002X")]
    fullwidth = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in id18())
    assert cats(f"号码{fullwidth}") == [("id_card", fullwidth)]
    spaced = f"{id18()[:6]} {id18()[6:14]} {id18()[14:]}"
    assert cats(f"号码 {spaced} 。") == [("id_card", spaced)]


def test_legacy_15_digit_id():
    assert cats("旧证号110105491231002，") == [("id_card", "110105491231002")]


def test_uscc_is_a_warning_not_a_block():
    code = uscc()
    (finding,) = scan(f"统一社会信用代码：{code}")
    assert (finding.category, finding.severity, finding.text) == ("uscc", "warn", code)
    assert scan(f"统一社会信用代码：{code[:-1]}{'0' if code[-1] != '0' else '1'}") == []


@pytest.mark.parametrize(
    "written", ["13812345678", "138-1234-5678", "138 1234 5678", "+86 13812345678", "+8613812345678"]
)
def test_mobile_numbers_in_the_usual_forms(written):
    (finding,) = scan(f"联系方式：{written}。")
    assert finding.category == "mobile" and finding.text == written


def test_landline_allowed_when_published_by_the_agency():
    text = "咨询电话：022-84370001，传真：（022）84370002，另请拨打022-24561234。"
    screener = Screener(allowed_numbers=["022-84370001", "022-84370002"])
    assert cats(text, screener) == [("landline", "022-24561234")]
    assert scan(text)[0].severity == Severity.WARN
    assert cats("电话：022-84370001-8002", screener) == []  # extension of a published number


def test_bank_card_needs_luhn_and_keeps_last_four_when_masked():
    card = luhn_complete("622202", 19)
    grouped = " ".join(card[i : i + 4] for i in range(0, 19, 4))
    (finding,) = scan(f"开户账号 {grouped} 。")
    assert finding.category == "bank_card" and finding.masked.endswith(card[-3:])
    wrong = card[:-1] + str((int(card[-1]) + 1) % 10)
    assert scan(f"开户账号 {wrong} 。") == []


def test_email_private_blocks_and_government_warns_unless_published():
    screener = Screener(allowed_emails=["gk@dongli.gov.cn"])
    findings = screener.scan("来信请寄 zhang.san@163.com 或 gk@dongli.gov.cn 或 xf@dongli.gov.cn")
    assert [(f.text, f.severity) for f in findings] == [
        ("zhang.san@163.com", "block"),
        ("xf@dongli.gov.cn", "warn"),
    ]


@pytest.mark.parametrize(
    "number", ["E12345678", "EA1234567", "G12345678", "C12345678", "CA1234567", "T12345678", "H1234567801"]
)
def test_passports_and_permits(number):
    assert cats(f"证件号码：{number}，") == [("passport", number)]


@pytest.mark.parametrize("plate", ["津A12345", "津A·1234B", "京AD12345", "沪A12345F", "粤B1234挂"])
def test_plates_including_new_energy(plate):
    assert cats(f"车辆{plate}于当日") == [("plate", plate)]


def test_plate_shapes_that_are_not_plates():
    assert cats("京津冀协同发展，京ABCDE不是号牌") == []


def test_person_names_only_in_revealing_contexts():
    text = (
        "病例1：王芳，女，35岁，住东丽区。\n"
        "密切接触者刘建国于3月5日到过超市。\n"
        "申请人李小明，你于2022年提出申请。\n"
        "张伟同志任区发改委主任。\n"  # an official in an appointment notice: not reported
        "李某某，男，40岁。\n"  # already masked
    )
    assert [t for c, t in cats(text) if c == "person_name"] == ["王芳", "刘建国", "李小明"]


def test_reply_salutation_and_demographic_rule():
    text = "赵晓燕女士：\n    您于2022年5月10日提出的政府信息公开申请收悉。\n其中孙丽，女，28岁，为本市居民。"
    assert [t for c, t in cats(text) if c == "person_name"] == ["赵晓燕", "孙丽"]
    assert cats("王先生：\n  您好。") == []


def test_names_in_a_table_column():
    text = (
        "序号\t姓名\t村别\t补贴金额（元）\n1\t张三\t赤土村\t1200\n2\t欧阳明华\t赤土村\t800\n3\t合计\t\t2000\n"
    )
    assert [t for c, t in cats(text) if c == "person_name"] == ["张三", "欧阳明华"]


def test_classified_markings_but_not_sentences_about_secrets():
    marked = "机密★1年\n关于某事项的通知\n"
    assert cats(marked) == [("classified_mark", "机密★1年")]
    assert cats("内部资料  注意保存\n正文") == [("classified_mark", "内部资料  注意保存")]
    assert cats("密级：秘密\n") == [("classified_mark", "密级：秘密")]
    assert cats("（此件不公开）\n") == [("classified_mark", "（此件不公开）")]
    sentences = (
        "国家秘密的密级分为绝密、机密、秘密三级。\n"
        "机关、单位应当加强内部管理，不得泄露工作秘密。\n"
        "内部审计\n"
        "依法不予公开的政府信息，应当告知申请人。\n"
    )
    assert cats(sentences) == []


def test_sensitive_terms_use_the_configured_lexicon():
    lexicon = [
        LexiconEntry("专项审计底稿", "工作秘密", "block", "审计底稿不公开"),
        LexiconEntry("底稿", "工作秘密"),
    ]
    (finding,) = Screener(lexicon=lexicon).scan("附件：专项审计底稿（第三册）")
    assert (finding.category, finding.text, finding.severity) == ("sensitive_term", "专项审计底稿", "block")
    assert "审计底稿不公开" in finding.reason
    assert Screener(lexicon=[]).scan("附件：专项审计底稿") == []


def test_default_lexicon_flags_medical_information():
    findings = scan("该患者既往病史包括高血压。")
    assert [(f.category, f.text) for f in findings] == [("sensitive_term", "既往病史")]


def test_aggregation_of_a_table_listing_people_with_identifiers():
    rows = "\n".join(f"{i}\t张{'三四五六七八'[i % 6]}\t{id18(seq=f'{i:03d}')}\t1200" for i in range(1, 7))
    findings = scan("序号\t姓名\t身份证号\t金额\n" + rows)
    aggregation = [f for f in findings if f.category == "aggregation"]
    assert len(aggregation) == 1 and aggregation[0].severity == "block"
    assert "6 行" in aggregation[0].reason
    assert not [
        f for f in scan("序号\t身份证号\n" + "\n".join(rows.splitlines()[:3])) if f.category == "aggregation"
    ]


@pytest.mark.parametrize(
    "confuser",
    [
        "津东政办发〔2022〕15号",
        "索引号：12120110MB1534560T/2022-00123",
        "索引号：000014349/2022-00045",
        "2022年3月15日、2022-03-15、20220315",
        "补助资金13812345678元，合计1,380,123,456.00元",
        "总额 110101199003071233.50 万元",
        "第十三条、第13条",
        "邮政编码：300300，邮编300300",
        "项目代码：2203-120110-89-01-123456",
        "增长8.5%，达到13812345678人次",
    ],
)
def test_ordinary_government_text_is_not_flagged(confuser):
    assert scan(confuser) == []


def test_only_enabled_categories_are_reported():
    screener = Screener(categories=["mobile"])
    assert cats(f"{id18()} 13812345678", screener) == [("mobile", "13812345678")]
    with pytest.raises(ValueError):
        Screener(categories=["nonsense"])


def test_statutes_produce_no_classified_mark():
    for path in statute_paths():
        marks = [f for f in scan(path.read_text(encoding="utf-8")) if f.category == "classified_mark"]
        assert marks == [], path.name


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_ALPHABET = st.sampled_from(
    list(
        "0123456789 -+Xx（）()：:，。\n\t张王李某申请人患者男女岁您好机密★内部@.abcEGT津A电话身份证元号年月日"
    )
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=200).map("".join))
def test_any_text_gives_valid_spans_and_same_length_masks(text):
    for finding in scan(text):
        assert 0 <= finding.start <= finding.end <= len(text)
        assert text[finding.start : finding.end] == finding.text
        assert finding.masked is None or len(finding.masked) == len(finding.text)
    from zwgk.screening import mask_text

    assert len(mask_text(text, scan(text))) == len(text)
