"""Daily counters of public requests: created once, then incremented, also when two requests race."""

from datetime import date

import pytest
from django.db.models import QuerySet

from zwgk.core.counters import bump_daily
from zwgk.qa.models import AskedQuestion
from zwgk.search.models import QueryStat

pytestmark = pytest.mark.django_db

DAY = date(2025, 3, 1)


def test_first_call_creates_then_calls_add_up():
    key = {"day": DAY, "question": "灵活就业怎么交社保"}
    bump_daily(AskedQuestion, key, {"count": 1, "answered_count": 1}, on_create={"topic": "就业"})
    bump_daily(AskedQuestion, key, {"count": 1, "answered_count": 0}, on_create={"topic": "其他"})
    row = AskedQuestion.objects.get(**key)
    assert (row.count, row.answered_count, row.topic) == (2, 1, "就业")  # on_create only once
    bump_daily(AskedQuestion, {**key, "day": date(2025, 3, 2)}, {"count": 1, "answered_count": 0})
    assert AskedQuestion.objects.filter(question=key["question"]).count() == 2  # one row per day


def test_values_are_set_on_every_call():
    key = {"day": DAY, "query": "社保"}
    bump_daily(QueryStat, key, {"count": 1, "zero_count": 0}, values={"last_total": 7})
    bump_daily(QueryStat, key, {"count": 1, "zero_count": 1}, values={"last_total": 0})
    row = QueryStat.objects.get(**key)
    assert (row.count, row.zero_count, row.last_total) == (2, 1, 0)


def test_a_create_that_loses_the_race_becomes_an_update(monkeypatch):
    key = {"day": DAY, "query": "六税两费"}
    original = QuerySet.update
    raced = []

    def update_after_another_request_created_the_row(self, **kwargs):
        if not raced and self.model is QueryStat:
            raced.append(True)
            QueryStat.objects.create(**key, count=5, zero_count=0, last_total=3)
            return 0  # this request saw no row yet
        return original(self, **kwargs)

    monkeypatch.setattr(QuerySet, "update", update_after_another_request_created_the_row)
    bump_daily(QueryStat, key, {"count": 1, "zero_count": 0}, values={"last_total": 4})
    row = QueryStat.objects.get(**key)
    assert (row.count, row.last_total) == (6, 4)
