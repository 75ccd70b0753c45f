"""The demo's self-check shows the planted broken internal link, the external link to a dead local port, stale and
empty columns and the overdue message, each with its owner; fixing the link and rerunning clears it; the
availability month has data; loading twice changes nothing."""

from __future__ import annotations

import pytest
import time_machine

from zwgk.documents.models import Record
from zwgk.sitehealth import actions
from zwgk.sitehealth.demo import BROKEN_KEY
from zwgk.sitehealth.models import CrawlKind, LinkTask, Probe, SelfCheck, TaskStatus
from zwgk.sitehealth.selfcheck import RULE_INTERACTION, evaluate
from zwgk.testdata import load_demo

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@time_machine.travel("2026-12-07 10:00:00+08:00", tick=True)
def test_demo_plants_every_finding_with_its_owner_and_a_fix_clears_the_link(settings):
    settings.SITEHEALTH_HOST_DELAY_MS = 0
    load_demo(only="agencies,accounts,政府信息与政策解读,interaction,sitehealth")
    broken = LinkTask.objects.get(url__endswith="/xxgk/records/999999/")
    dead = LinkTask.objects.get(url__startswith="http://127.0.0.1:9/")
    for task in (broken, dead):
        assert (
            task.status == TaskStatus.OPEN
            and task.agency.short_name == "区人社局"
            and task.editor is not None
        )
    assert dead.kind == "external" and dead.error == "连接被拒绝"
    evaluation = evaluate()
    statuses = {c.status for c in evaluation.columns}
    assert {"stale", "empty"} <= statuses
    assert not {v.rule: v.ok for v in evaluation.vetoes}[RULE_INTERACTION]
    assert evaluation.evidence[RULE_INTERACTION][0].owner
    assert Probe.objects.count() > 1000 and SelfCheck.objects.count() == 5
    counts = (LinkTask.objects.count(), Probe.objects.count(), SelfCheck.objects.count())
    load_demo(only="sitehealth")
    assert (LinkTask.objects.count(), Probe.objects.count(), SelfCheck.objects.count()) == counts

    record = Record.objects.get(source_key=f"demo:{BROKEN_KEY}")
    Record.objects.filter(pk=record.pk).update(body="原调整办法已废止。")
    actions.run_link_check(CrawlKind.INTERNAL)
    broken.refresh_from_db()
    assert broken.status == TaskStatus.CLOSED
    assert all("999999" not in b["url"] for b in evaluate().as_json()["links"]["broken"])
