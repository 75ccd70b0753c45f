"""The 互动交流 demo: every channel has a message in every state it can reach; the footer 找错 scenario is
answered within 3 working days and public (masked); loading twice adds nothing."""

from __future__ import annotations

import pytest
import time_machine

from zwgk.accounts import demo as accounts_demo
from zwgk.agencies import demo as agencies_demo
from zwgk.core.registry import DemoContext
from zwgk.interaction import demo
from zwgk.interaction.models import ConsultationLog, Message, MessageKind, Status

pytestmark = pytest.mark.django_db


@time_machine.travel("2026-11-16 10:00:00+08:00", tick=False)
def test_demo_has_every_state_per_channel_and_is_idempotent():
    ctx = DemoContext(verbose=False)
    agencies_demo.load(ctx)
    accounts_demo.load(ctx)
    demo.load(ctx)
    count = Message.objects.count()
    for kind in MessageKind.objects.all():
        states = set(kind.messages.values_list("status", flat=True))
        expected = {Status.RECEIVED, Status.PROCESSING, Status.AWAITING_INFO, Status.REPLIED, Status.INVALID}
        if kind.requires_signoff:
            expected.add(Status.AWAITING_SIGNOFF)
        assert expected <= states, kind.code
    report = Message.objects.get(title="政策文件页面的附件链接打不开")
    assert report.page_url.endswith("/xxgk/policies/") and report.replied_on <= report.due_on
    assert report in Message.objects.public() and "13820001234" not in report.public_body
    assert Message.objects.unanswered_longer_than(report.received_on, 3).exists()
    assert ConsultationLog.objects.count() == 8
    demo.load(DemoContext(verbose=False, data=ctx.data))
    assert Message.objects.count() == count and ConsultationLog.objects.count() == 8
