"""《政府网站工作年度报表》: computed cells from the platform, staff cells from the form, .xlsx and .docx output,
only the 公开办 fills it."""

from __future__ import annotations

import io
from datetime import date

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from zwgk.audit.models import AuditEvent
from zwgk.sitehealth.models import VisitorDay, WebsiteReport
from zwgk.testing import login

pytestmark = pytest.mark.django_db


@time_machine.travel("2027-01-10 10:00:00+08:00", tick=False)
def test_report_computes_what_the_platform_knows_and_keeps_what_staff_enter(gkb, admin_a, publish, agency_a):
    publish("r1", agency_a, "二〇二六年的通知", days_ago=30)
    VisitorDay.objects.create(day=date(2026, 5, 1), views=1200, visitors=400)
    VisitorDay.objects.create(day=date(2027, 1, 2), views=99, visitors=9)  # another year
    url = reverse("sitehealth:website_report")  # before 31 January: last year's report
    page = login(gkb).get(url)
    html = page.content.decode()
    assert page.status_code == 200 and "2026年度" in html and "1200" in html and "400" in html
    assert login(admin_a).get(url).status_code == 403
    bad = login(gkb).post(
        url.replace("website-report/", "website-report/2026/"),
        {"site_name": "东丽区政府网", "info_news": "-3"},
    )
    assert (
        bad.status_code == 200
        and "东丽区政府网" in bad.content.decode()
        and not WebsiteReport.objects.exists()
    )
    ok = login(gkb).post(
        reverse("sitehealth:website_report_year", args=[2026]),
        {
            "site_name": "天津市东丽区人民政府",
            "info_news": "120",
            "sec_drill": "是",
            "site_type": "政府门户网站",
        },
    )
    assert ok.status_code == 302
    report = WebsiteReport.objects.get(year=2026)
    assert report.cells["info_news"] == 120 and report.updated_by == gkb
    assert AuditEvent.objects.filter(action="sitehealth.website_report_saved").count() == 1
    xlsx = login(gkb).get(reverse("sitehealth:website_report_year", args=[2026]) + "?export=xlsx")
    rows = {
        r[1]: r[3]
        for r in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(min_row=3, values_only=True)
    }
    assert (
        rows["网站名称"] == "天津市东丽区人民政府"
        and rows["网站总访问量"] == 1200
        and rows["独立用户访问总量"] == 400
    )
    assert rows["信息公开目录信息更新量"] == 1 and rows["总数"] == 121 and rows["是否开展应急演练"] == "是"
    docx = login(gkb).get(reverse("sitehealth:website_report_year", args=[2026]) + "?export=docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert login(gkb).get(reverse("sitehealth:website_report_year", args=[1999])).status_code == 302
