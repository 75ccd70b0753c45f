"""The 发布日期 line of the site self-check (issue 21 item 5/6): a 发布日期 earlier than the record's creation or its
成文日期 is 伪造发稿日期, a 单项否决 of the website inspection (国办秘函〔2019〕19号, regulations.md §4.1)."""

from __future__ import annotations

from datetime import date

from zwgk.documents.pubdates import RULE, publication_date_violations
from zwgk.sitehealth.checks import Veto
from zwgk.sitehealth.providers import CheckResult, Evidence


def check(today: date) -> CheckResult:
    found = publication_date_violations()
    detail = (
        f"{len(found)} 条信息的发布日期有问题：" + "；".join(f["detail"] for f in found[:5])
        if found
        else "已发布信息的发布日期均不早于创建日期和成文日期"
    )
    evidence = [Evidence(f["detail"], "", f["agency"]) for f in found]
    return CheckResult(vetoes=[Veto(RULE, not found, detail)], evidence={RULE: evidence})
