"""The 政务新媒体 line of the site self-check (issue 21 item 6): 僵尸号 — an operating account with no update within
the 2 weeks before the check point is a 单项否决 of the new-media inspection (国办秘函〔2019〕19号, regulations.md §4.4)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from zwgk.newmedia.services import ZOMBIE_RULE, zombie_findings
from zwgk.sitehealth.checks import Veto
from zwgk.sitehealth.providers import CheckResult, Evidence


def check(today: date) -> CheckResult:
    findings = zombie_findings(today)
    zombies = [f for f in findings if not f["ok"]]
    if zombies:
        detail = f"{len(zombies)} 个账号两周内无更新：" + "；".join(f["detail"] for f in zombies[:5])
    else:
        detail = f"在运营的 {len(findings)} 个账号两周内均有更新"
    url = reverse("newmedia:registry")
    evidence = [Evidence(f["detail"], url, f["agency"]) for f in zombies]
    return CheckResult(vetoes=[Veto(ZOMBIE_RULE, not zombies, detail)], evidence={ZOMBIE_RULE: evidence})
