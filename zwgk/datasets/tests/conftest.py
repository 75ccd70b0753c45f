"""Fixtures of 数据公开: a subsidy file with real-looking (fake) personal data and a published dataset of it."""

from __future__ import annotations

import pytest

from zwgk.datasets.tests.helpers import SUBSIDY_ROWS, import_csv, publish_dataset, subsidy_csv


@pytest.fixture
def subsidy_file() -> bytes:
    return subsidy_csv(SUBSIDY_ROWS)


@pytest.fixture
def published(agency_a, drafter_a, reviewer_a, signer_a, subsidy_file):
    dataset = import_csv(agency_a, drafter_a, "subsidy", subsidy_file, title="2025年耕地地力保护补贴发放结果")
    publish_dataset(dataset, drafter_a, reviewer_a, signer_a)
    dataset.refresh_from_db()
    return dataset
