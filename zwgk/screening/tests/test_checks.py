"""Check digits and plausibility rules of Chinese identifiers."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from zwgk.screening import checks
from zwgk.screening.tests.factories import bad_check, id18, luhn_complete, uscc


def test_id_card_standard_example_is_valid():
    # The example number printed in GB 11643-1999.
    assert checks.valid_id18("11010519491231002X")
    assert checks.valid_id18("11010519491231002x")


def test_id_card_rejects_wrong_check_digit_but_keeps_its_shape():
    number = id18()
    assert checks.valid_id18(number)
    assert not checks.valid_id18(bad_check(number))
    assert checks.id_shape(bad_check(number))


def test_id_card_needs_a_real_birth_date_and_region():
    assert not checks.valid_id18(id18(birth="19850230"))  # 30 February
    assert not checks.valid_id18(id18(region="990101"))  # no province 99
    assert not checks.valid_id18(id18(birth="20990101"), today=date(2026, 1, 1))  # born in the future


def test_legacy_15_digit_id():
    assert checks.valid_id15("110105491231002")
    assert not checks.valid_id15("110105491331002")  # month 13


def test_uscc_check_character():
    assert checks.valid_uscc("91350100M000100Y43")
    assert checks.valid_uscc(uscc())
    assert not checks.valid_uscc(uscc()[:-1] + ("0" if uscc()[-1] != "0" else "1"))
    assert not checks.valid_uscc("9I350100M000100Y43")  # I is not in the GB 32100 alphabet


def test_luhn_and_bank_card_prefixes():
    assert checks.luhn_ok("4111111111111111")
    card = luhn_complete("622202", 19)
    assert checks.valid_bank_card(card)
    assert not checks.valid_bank_card(card[:-1] + str((int(card[-1]) + 1) % 10))
    assert not checks.valid_bank_card(luhn_complete("123456", 16))  # no known issuer


def test_mobile_segments():
    assert checks.valid_mobile("13812345678")
    assert checks.valid_mobile("19912345678")
    assert not checks.valid_mobile("12012345678")
    assert not checks.valid_mobile("1381234567")


@given(
    st.sampled_from(sorted(checks.PROVINCE_PREFIXES)),
    st.dates(min_value=date(1920, 1, 1), max_value=date(2020, 12, 31)),
    st.integers(min_value=0, max_value=999),
)
def test_every_generated_id_validates_and_every_wrong_check_digit_fails(province, born, seq):
    number = id18(province + "0101", born.strftime("%Y%m%d"), f"{seq:03d}")
    assert checks.valid_id18(number)
    assert not checks.valid_id18(bad_check(number))
