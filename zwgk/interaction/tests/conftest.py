"""Personas of 互动交流: a 互动交流承办人 in agency A and one in agency B; agency A's 负责人 (head_a) signs off."""

from __future__ import annotations

import pytest

from zwgk.accounts.roles import Role
from zwgk.interaction.models import MessageKind
from zwgk.testing import make_user


@pytest.fixture
def hd_a(agency_a):
    return make_user("hd_a", [(agency_a, Role.MESSAGE_HANDLER)], full_name="许互动", email="hd@example.org")


@pytest.fixture
def hd_b(agency_b):
    return make_user("hd_b", [(agency_b, Role.MESSAGE_HANDLER)], full_name="何互动")


@pytest.fixture
def kinds(db, office):
    """The default channels (created by the data migration), with the 公开办 as default handler of 找错."""
    kinds = {k.code: k for k in MessageKind.objects.all()}
    kinds["zhaocuo"].default_agency = office
    kinds["zhaocuo"].save()
    return kinds
