"""信息处理费 per 国办函〔2020〕109号: every tier boundary, both methods."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zwgk.applications.fees import FeeError, count_rate, pages_fee, quote_count, quote_pages


@pytest.mark.parametrize(
    ("nth", "fee"),
    [
        (1, 0),
        (10, 0),
        (11, 100),
        (30, 100),
        (31, 200),
        (40, 200),
        (41, 300),
        (50, 300),
        (51, 400),
        (60, 400),
        (61, 500),
    ],
)
def test_per_application_tiers(nth, fee):
    assert count_rate(nth) == fee


@pytest.mark.parametrize(
    ("pages", "fee"),
    [
        (0, 0),
        (30, 0),
        (31, 10),
        (100, 700),
        (101, 720),
        (200, 2700),
        (201, 2740),
        (250, 4700),
    ],
)
def test_per_volume_tiers_are_progressive_on_the_excess(pages, fee):
    assert pages_fee(pages) == fee


@given(st.integers(1, 500))
def test_per_volume_fee_never_decreases_and_each_page_costs_its_band_rate(pages):
    step = pages_fee(pages) - pages_fee(pages - 1)
    assert step == (0 if pages <= 30 else 10 if pages <= 100 else 20 if pages <= 200 else 40)


@given(st.integers(31, 500))
def test_per_application_rate_rises_by_100_each_band_of_ten_after_30(nth):
    assert count_rate(nth) == 100 * (2 + (nth - 31) // 10)


@given(st.integers(2, 500))
def test_per_application_rate_steps_up_by_100_only_where_a_band_starts(nth):
    step = count_rate(nth) - count_rate(nth - 1)
    assert step == (100 if nth == 11 or (nth > 30 and (nth - 31) % 10 == 0) else 0)


@pytest.mark.parametrize("bad", [0, -1, True, 2.5, "3"])
def test_bad_counts_are_refused(bad):
    with pytest.raises(FeeError):
        count_rate(bad)


@pytest.mark.parametrize("bad", [-1, False, 1.0, "30"])
def test_bad_page_numbers_are_refused(bad):
    with pytest.raises(FeeError):
        pages_fee(bad)


def test_quotes_state_the_standard_for_the_notice():
    assert quote_count(12).as_json() == {"method": "count", "nth": 12, "fee_yuan": 100}
    assert "第 11—30 件，每件 100 元" in quote_count(12).standard
    assert "第 41—50 件每件 300 元" in quote_count(45).standard
    assert quote_pages(120).as_json() == {"method": "pages", "pages": 120, "fee_yuan": 1100}
    assert "第 101—120 页 20 页 × 20 元" in quote_pages(120).standard
