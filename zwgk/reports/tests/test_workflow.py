"""草稿 → 审核 → 已发布 through the workspace pages: staff figures with source notes, text versions, permissions,
corrections, audit events, and the public 年报 column."""

from __future__ import annotations

import re
from unittest.mock import patch

import pytest
from django.core.cache import cache
from django.urls import reverse

from zwgk.accounts.roles import Role
from zwgk.audit.models import AuditEvent
from zwgk.core.errors import Refused
from zwgk.reports import actions
from zwgk.reports.forms import field_name
from zwgk.reports.models import AnnualReport, NarrativeVersion, ReportStatus
from zwgk.reports.narrative import PLACEHOLDER_RE
from zwgk.reports.tests.conftest import STAFF_TABLE2
from zwgk.reports.tests.fakes import ledger_sources
from zwgk.testing import login, make_user

pytestmark = pytest.mark.django_db


def start(client, agency, year=2025) -> AnnualReport:
    response = client.post(reverse("reports:start"), {"agency": agency.pk, "year": year})
    report = AnnualReport.objects.get(agency=agency, year=year)
    assert response.status_code == 302 and response["Location"] == reverse("reports:detail", args=[report.pk])
    return report


def table2_post(entries=STAFF_TABLE2) -> dict[str, str]:
    data = {}
    for row, entry in entries.items():
        for column, value in entry["values"].items():
            data[field_name(row, column)] = value
        data[field_name(row, "note")] = entry["note"]
    return data


def fill_texts(client, report, sentence="本单位已按要求落实。") -> None:
    response = client.get(reverse("reports:texts", args=[report.pk]))
    form = response.context["form"]
    data = {}
    for name in ("preamble", "overview", "problems", "other"):
        data[name] = PLACEHOLDER_RE.sub(sentence, form.initial[name])
        data[f"based_{name}"] = form.initial[f"based_{name}"]
    response = client.post(reverse("reports:texts", args=[report.pk]), data)
    assert response.status_code == 302, response.context["form"].errors


def said(response, text: str) -> bool:
    """One of the flash messages shown on the page contains `text`."""
    return any(text in str(m) for m in response.context["messages"])


def test_drafter_prepares_admin_publishes_and_the_public_sees_it(
    agency_a, drafter_a, admin_a, ledgers, client
):
    drafter = login(drafter_a)
    with ledger_sources(ledgers):
        board = drafter.get(reverse("reports:board") + "?year=2025")
        assert "区发改委" in board.content.decode() and "生成草稿" in board.content.decode()
        report = start(drafter, agency_a)
        assert report.status == ReportStatus.DRAFT and report.due.isoformat() == "2026-01-31"
        texts = actions.current_texts(report)
        assert "新收政府信息公开申请11件，上年结转2件；办结10件" in texts["overview"]
        assert "公开政策文件35件，同步发布政策解读20篇" in texts["overview"]
        assert "全年组织政务公开业务培训3次，参训96人次" in texts["overview"]
        assert "共收取信息处理费300元" in texts["other"]
        assert "23项任务已全部完成" in texts["other"]

        detail = drafter.get(reverse("reports:detail", args=[report.pk])).content.decode()
        assert "表二“行政许可”：数据保存在其他业务系统，平台无法计算，请工作人员填报并注明数据来源" in detail

        # A figure without its source note is refused and the typed values stay in the form.
        data = table2_post()
        data[field_name("行政许可", "note")] = ""
        response = drafter.post(reverse("reports:table2", args=[report.pk]), data)
        assert response.status_code == 200
        assert "“行政许可”请注明数据来源" in response.content.decode()
        assert 'value="97"' in response.content.decode()
        response = drafter.post(reverse("reports:table2", args=[report.pk]), table2_post())
        assert response.status_code == 302
        report.refresh_from_db()
        assert report.figures["table2"]["行政许可"] == {"本年处理决定数量": 97}
        assert report.figures["table2"]["行政事业性收费"] == {"本年收费金额（单位：万元）": "1.25"}
        assert report.figures["table2"]["行政规范性文件"] == {
            "本年制发件数": 3,
            "本年废止件数": 1,
            "现行有效件数": 17,
        }
        assert (
            report.figures["provenance"]["table2"]["行政许可"]["note"]
            == "区政务服务办审批系统导出，2026-01-05"
        )

        # Submission is refused while the text still has placeholders; the message says where.
        response = drafter.post(reverse("reports:transition", args=[report.pk, "submit"]), follow=True)
        assert said(response, "“五、存在的主要问题及改进情况”还有 2 处待填写")
        fill_texts(drafter, report)
        response = drafter.post(reverse("reports:transition", args=[report.pk, "submit"]), follow=True)
        assert said(response, "已提交审核")
        report.refresh_from_db()
        assert report.status == ReportStatus.REVIEW

        # The drafter cannot publish; the agency administrator can.
        assert drafter.post(reverse("reports:transition", args=[report.pk, "publish"])).status_code == 403
        admin = login(admin_a)
        response = admin.post(reverse("reports:transition", args=[report.pk, "publish"]), follow=True)
        assert said(response, "已发布（第1版）")
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED and report.first_published_at is not None

    page = client.get(reverse("reports:public_detail", args=[agency_a.code, 2025]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "天津市东丽区发改委2025年政府信息公开工作年度报告" in html
    assert 'data-cell="table3:new:总计">11</td>' in html
    assert 'data-cell="table2:行政许可:本年处理决定数量">97</td>' in html
    assert 'data-cell="table4:review:尚未审结">1</td>' in html
    assert "【请填写" not in html and "本单位已按要求落实。" in html
    assert "区政务服务办审批系统导出" not in html  # source notes are internal
    index = client.get(reverse("reports:public_index")).content.decode()
    assert reverse("reports:public_detail", args=[agency_a.code, 2025]) in index
    for fmt, magic in (("docx", b"PK"), ("pdf", b"%PDF")):
        response = client.get(reverse("reports:public_file", args=[agency_a.code, 2025, fmt]))
        assert response.status_code == 200 and response.content.startswith(magic)
        assert "2025" in response["Content-Disposition"]
    # A second download is the kept rendering; HEAD (what the link check asks) answers without rendering.
    with (
        patch("zwgk.reports.public.render_docx", side_effect=AssertionError("rendered again")),
        patch("zwgk.reports.public.render_pdf", side_effect=AssertionError("rendered again")),
    ):
        again = client.get(reverse("reports:public_file", args=[agency_a.code, 2025, "docx"]))
        assert again.status_code == 200 and again.content.startswith(b"PK")
        cache.clear()
        head = client.head(reverse("reports:public_file", args=[agency_a.code, 2025, "pdf"]))
        assert head.status_code == 200 and head["Content-Type"] == "application/pdf"
        assert "Content-Length" not in head and "2025" in head["Content-Disposition"]
    assert client.head(reverse("reports:public_file", args=[agency_a.code, 2025, "odt"])).status_code == 404

    actions_done = list(AuditEvent.objects.filter(object_id=str(report.pk)).values_list("action", flat=True))
    for action in ("annual_report.created", "annual_report.table2_saved", "annual_report.text_saved",
                   "annual_report.submitted", "annual_report.published"):  # fmt: skip
        assert action in actions_done


def test_a_published_report_is_corrected_while_the_public_keeps_the_last_edition(
    agency_a, drafter_a, admin_a, ledgers, client
):
    with ledger_sources(ledgers):
        report, _ = actions.start_report(agency_a, 2025, by=drafter_a)
        actions.save_table2(report, STAFF_TABLE2, by=drafter_a)
        fill_texts(login(drafter_a), report)
        actions.submit(report, by=drafter_a)
        actions.publish(report, by=admin_a)
        admin = login(admin_a)
        response = admin.post(
            reverse("reports:transition", args=[report.pk, "reopen"]), {"reason": ""}, follow=True
        )
        assert said(response, "请填写意见")
        admin.post(
            reverse("reports:transition", args=[report.pk, "reopen"]), {"reason": "表二行政许可数量有误"}
        )
        report.refresh_from_db()
        assert report.status == ReportStatus.DRAFT
        assert client.get(reverse("reports:public_detail", args=[agency_a.code, 2025])).status_code == 200

        corrected = dict(
            STAFF_TABLE2, 行政许可={"values": {"本年处理决定数量": "98"}, "note": "审批系统重新导出"}
        )
        actions.save_table2(report, corrected, by=drafter_a)
        actions.submit(report, by=drafter_a)
        response = admin.post(reverse("reports:transition", args=[report.pk, "publish"]), follow=True)
        assert said(response, "请填写更正说明")
        admin.post(
            reverse("reports:transition", args=[report.pk, "publish"]),
            {"correction_note": "更正表二行政许可处理决定数量（97件更正为98件）"},
        )
    assert report.editions.count() == 2
    html = client.get(reverse("reports:public_detail", args=[agency_a.code, 2025])).content.decode()
    assert "更正说明" in html and "97件更正为98件" in html
    assert 'data-cell="table2:行政许可:本年处理决定数量">98</td>' in html
    first = client.get(reverse("reports:public_edition", args=[agency_a.code, 2025, 1])).content.decode()
    assert 'data-cell="table2:行政许可:本年处理决定数量">97</td>' in first and "该版已被更正" in first


def test_text_versions_are_kept_conflicts_refused_and_old_versions_restored(agency_a, drafter_a, admin_a):
    report, _ = actions.start_report(agency_a, 2025, by=drafter_a)
    drafter, admin = login(drafter_a), login(admin_a)
    form = drafter.get(reverse("reports:texts", args=[report.pk])).context["form"]
    original = form.initial["problems"]
    data = {name: form.initial[name] for name in ("preamble", "overview", "problems", "other")}
    data.update(
        {f"based_{n}": form.initial[f"based_{n}"] for n in ("preamble", "overview", "problems", "other")}
    )
    # The administrator saves first …
    admin_data = dict(data, problems="一是解读形式单一。")
    assert admin.post(reverse("reports:texts", args=[report.pk]), admin_data).status_code == 302
    # … so the drafter's save, based on the old version, is refused and keeps what the drafter typed.
    response = drafter.post(
        reverse("reports:texts", args=[report.pk]), dict(data, problems="二是更新不及时。")
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "已由钱管理修改（第2版）" in page and "二是更新不及时。" in page
    assert NarrativeVersion.objects.filter(report=report, section="problems").count() == 2

    history = drafter.get(reverse("reports:section_history", args=[report.pk, "problems"]) + "?v=1")
    assert history.status_code == 200
    kinds = {kind for kind, _ in history.context["diff"]}
    assert {"added", "removed"} <= kinds
    version1 = NarrativeVersion.objects.get(report=report, section="problems", number=1)
    drafter.post(reverse("reports:section_history", args=[report.pk, "problems"]), {"version": version1.pk})
    assert actions.current_texts(report)["problems"] == original
    assert NarrativeVersion.objects.filter(report=report, section="problems").count() == 3
    assert AuditEvent.objects.filter(action="annual_report.text_restored").count() == 1


def test_permissions_follow_roles(agency_a, agency_b, district, drafter_a, admin_a, staff_b, gkb, supervisor):
    report, _ = actions.start_report(agency_a, 2025, by=drafter_a)
    detail = reverse("reports:detail", args=[report.pk])
    table2 = reverse("reports:table2", args=[report.pk])
    assert login(staff_b).get(detail).status_code == 403  # another agency's staff
    assert login(supervisor).get(detail).status_code == 200  # 督查员 reads …
    assert login(supervisor).get(table2).status_code == 403  # … but does not draft
    assert (
        login(gkb).get(table2).status_code == 403
    )  # 公开办 reviews departments' reports, does not draft them
    assert login(admin_a).get(table2).status_code == 200
    assert (
        login(drafter_a).post(reverse("reports:start"), {"agency": agency_b.pk, "year": 2025}).status_code
        == 403
    )
    # The district government's report is compiled by the 公开办, not by the government's own administrator.
    gov_admin = make_user("gov_admin", [(district, Role.AGENCY_ADMIN)])
    assert (
        login(gov_admin).post(reverse("reports:start"), {"agency": district.pk, "year": 2025}).status_code
        == 403
    )
    response = login(gkb).post(reverse("reports:start"), {"agency": district.pk, "year": 2025})
    gov = AnnualReport.objects.get(agency=district, year=2025)
    assert response.status_code == 302 and gov.due.isoformat() == "2026-03-31"
    assert "工作考核、社会评议和责任追究结果" in actions.current_texts(gov)["overview"]  # Art 50(4)
    assert login(gkb).get(reverse("reports:table2", args=[gov.pk])).status_code == 200


def test_anonymous_visitors_are_sent_to_login_and_drafts_are_never_public(agency_a, drafter_a, client):
    report, _ = actions.start_report(agency_a, 2025, by=drafter_a)
    response = client.get(reverse("reports:detail", args=[report.pk]))
    assert response.status_code == 302 and "/login" in response["Location"]
    assert client.get(reverse("reports:public_detail", args=[agency_a.code, 2025])).status_code == 404
    assert client.get(reverse("reports:public_file", args=[agency_a.code, 2025, "pdf"])).status_code == 404
    assert client.get(reverse("reports:draft_file", args=[report.pk, "pdf"])).status_code == 302
    assert "发改委" not in client.get(reverse("reports:public_index")).content.decode()
    assert (
        "暂无在本网站发布的年度报告"
        in client.get(reverse("reports:public_agency", args=[agency_a.code])).content.decode()
    )


def test_without_sources_the_report_says_so_and_staff_can_enter_table_3_with_a_note(agency_a, drafter_a):
    drafter = login(drafter_a)
    report = start(drafter, agency_a)
    html = drafter.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "表三：平台未接入依申请公开办理台账，无法计算" in html
    assert 'data-cell="table3:new:总计">—</td>' in html  # not a zero
    assert "未校验" in html and "表三数据不全，未校验" in html  # rules without data are not shown as passed
    assert "平台未接入依申请公开办理台账" in html
    texts = actions.current_texts(report)
    assert "【请填写：本年度收到和办理政府信息公开申请的情况】" in texts["overview"]
    assert "【请填写：本年度收取信息处理费的金额（平台未接入收费数据）】" in texts["other"]

    url = reverse("reports:manual_table", args=[report.pk, "table3"])
    form = drafter.get(url)
    assert form.status_code == 200
    data = {"note": "本单位依申请公开登记台账（纸质），张三统计，2026-01-06"}
    for row in ("new", "granted"):
        for column in ("自然人",):
            data[field_name(row, column)] = "2"
    data[field_name("carried_in", "自然人")] = "1"
    data[field_name("carried_out", "自然人")] = "0"  # wrong: 2 + 1 ≠ 2 + 0
    for key in form.context["form"].fields:
        if key != "note" and key not in data and not key.endswith("__总计") and not key.startswith("total__"):
            data[key] = "0"
    response = drafter.post(url, data)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.figures["provenance"]["table3"]["origin"] == "staff"
    assert report.figures["table3"]["total"]["自然人"] == 2  # blank totals were summed
    failing = {c["rule"]: c for c in report.figures["checks"] if not c["ok"]}
    assert failing["table3.balance"]["failures"][0]["cell"] == "表三“自然人”列"
    assert "本年新收 2 + 上年结转 1 = 3" in failing["table3.balance"]["detail"]
    assert "sources.table3" not in failing


def test_staff_cannot_enter_table_3_when_the_platform_counts_it(agency_a, drafter_a, ledgers):
    with ledger_sources(ledgers):
        report, _ = actions.start_report(agency_a, 2025, by=drafter_a)
        response = login(drafter_a).get(reverse("reports:manual_table", args=[report.pk, "table3"]))
        assert response.status_code == 302
        with pytest.raises(Refused, match="已由平台自动统计"):
            actions.save_manual_table(report, "table3", {}, "x", by=drafter_a)


def test_figures_are_frozen_at_submission_and_refreshed_drafts_redraft_their_text(
    agency_a, drafter_a, ledgers
):
    from datetime import date

    from zwgk.reports.tests.fakes import App

    with ledger_sources(ledgers):
        report, _ = actions.start_report(agency_a, 2025, by=drafter_a)
        ledgers.applications[agency_a.pk].append(
            App("自然人", date(2025, 9, 1), date(2025, 9, 9), "granted", "late")
        )
        assert actions.regenerate(report, by=drafter_a) is True
        assert actions.regenerate(report, by=drafter_a) is False  # unchanged data: no write, no event
        assert report.figures["table3"]["new"]["总计"] == 12
        assert "新收政府信息公开申请12件" in actions.current_texts(report)["overview"]
        assert AuditEvent.objects.filter(action="annual_report.regenerated").count() == 1


def test_bad_input_gets_a_chinese_message_not_an_error_page(agency_a, drafter_a):
    drafter = login(drafter_a)
    response = drafter.post(reverse("reports:start"), {"agency": agency_a.pk, "year": "2019"}, follow=True)
    assert said(response, "适用于2021年度及以后")
    response = drafter.post(reverse("reports:start"), {"agency": agency_a.pk, "year": "abc"}, follow=True)
    assert response.status_code == 200
    report = start(drafter, agency_a)
    data = table2_post()
    data[field_name("行政事业性收费", "本年收费金额（单位：万元）")] = "1.23456"
    response = drafter.post(reverse("reports:table2", args=[report.pk]), data)
    assert "不超过四位小数的非负金额" in response.content.decode()
    assert drafter.get(reverse("reports:section_history", args=[report.pk, "nope"])).status_code == 404
    assert drafter.get(reverse("reports:manual_table", args=[report.pk, "table9"])).status_code == 404
    assert drafter.post(reverse("reports:transition", args=[report.pk, "explode"])).status_code == 404
    assert drafter.post(reverse("reports:start"), {"agency": "abc", "year": "2025"}).status_code == 404
    history = reverse("reports:section_history", args=[report.pk, "problems"])
    assert drafter.post(history, {"version": "x"}).status_code == 404
    assert re.search(r"年度报告", drafter.get(reverse("reports:board") + "?year=abc").content.decode())


def test_a_refused_submission_keeps_the_fresh_figures_it_was_refused_on(agency_a, drafter_a, ledgers):
    from datetime import date

    from zwgk.reports.tests.fakes import App

    with ledger_sources(ledgers):
        report, _ = actions.start_report(agency_a, 2025, by=drafter_a)
        ledgers.applications[agency_a.pk].append(App("自然人", date(2025, 9, 1), None, None, "late"))
        with pytest.raises(Refused, match=r"不能提交审核：.*表二的数据来源"):
            actions.submit(report, by=drafter_a)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert report.figures["table3"]["carried_out"]["总计"] == 4  # regenerated at submission, kept
