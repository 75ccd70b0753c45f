"""Fixtures of the column tests: records published through the real actions in agency A (and B), columns made
through the column actions by the 公开办."""

from __future__ import annotations

import pytest
import time_machine

from zwgk.accounts.roles import Role
from zwgk.columns import actions
from zwgk.documents.tests.helpers import draft, publish
from zwgk.testing import make_user

NOW = "2026-12-07 10:00:00+08:00"


@pytest.fixture
def team_b(agency_b):
    return (
        make_user("drafter_b", [(agency_b, Role.DRAFTER)]),
        make_user("reviewer_b", [(agency_b, Role.SECRECY_REVIEWER)]),
        make_user("signer_b", [(agency_b, Role.SIGNER)]),
    )


@pytest.fixture
def publish_in(agency_a, drafter_a, reviewer_a, signer_a, agency_b, team_b):
    """publish_in(agency, title, when=..., **fields) → a public record published at `when`."""

    def make(agency, title, when=NOW, **fields):
        team = (drafter_a, reviewer_a, signer_a) if agency == agency_a else team_b
        with time_machine.travel(when, tick=False):
            record = draft(agency, team[0], title=title, **fields)
            return publish(record, *team)

    return make


@pytest.fixture
def new_column(gkb):
    def make(slug, *, agency=None, parent=None, **data):
        data.setdefault("name", slug)
        return actions.create_column({"slug": slug, **data}, agency=agency, parent=parent, by=gkb)

    return make
