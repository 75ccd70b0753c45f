"""Issuers outside the district: a law imported under its real issuer is public and searchable, shows that
issuer, and stays out of the district's own 法定主动公开 counts; the issuer list is the 公开办's to maintain."""

import csv

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from zwgk.documents.importer import HEADERS
from zwgk.documents.issuers import save_issuer
from zwgk.documents.models import Issuer, Record
from zwgk.documents.reporting import publication_facts
from zwgk.testing import login

pytestmark = pytest.mark.django_db


def write_manifest(path, rows):
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADERS)
        writer.writeheader()
        for row in rows:
            writer.writerow({h: row.get(h, "") for h in HEADERS})


LAW = {
    "来源编号": "law-pipl",
    "标题": "中华人民共和国个人信息保护法",
    "发文机关": "全国人大常委会",
    "发文字号": "中华人民共和国主席令（第九十一号）",
    "成文日期": "2021-08-20",
    "发布日期": "2021-08-20",
    "主题分类": "综合政务\\政务公开",
    "公开属性": "主动公开",
    "正文": "第一条 为了保护个人信息权益，制定本法。\n第二条 自然人的个人信息受法律保护。",
}


@time_machine.travel("2025-05-06 10:00:00+08:00", tick=False)
def test_a_law_is_filed_under_its_real_issuer_and_not_counted_as_the_districts(
    tmp_path, district, agency_a, client
):
    own = {
        **LAW,
        "来源编号": "own-1",
        "标题": "区发改委关于价格监测的通知",
        "发文机关": "120110003",
        "发文字号": "东丽发改〔2021〕3号",
        "法定主动公开类别": "第二十条第（三）项",
    }
    write_manifest(tmp_path / "m.csv", [LAW, own, {**LAW, "来源编号": "law-2", "发文机关": "不存在的委员会"}])
    with pytest.raises(SystemExit):  # one row refused: exit status 1
        call_command("import-documents", str(tmp_path / "m.csv"), str(tmp_path))
    law = Record.objects.get(source_key="import:law-pipl")
    assert law.issuer is not None and law.issuer.name == "全国人民代表大会常务委员会"
    assert law.agency == district  # filed by the district government (录入单位 left empty)
    assert law.doc_number == "中华人民共和国主席令第九十一号"
    assert not Record.objects.filter(source_key="import:law-2").exists()
    page = client.get(f"/xxgk/records/{law.pk}/").content.decode()
    assert "全国人民代表大会常务委员会" in page
    assert publication_facts(district.pk, 2021)["published"] == 0  # the law is not the district's disclosure
    assert publication_facts(agency_a.pk, 2021)["published"] == 1
    counted = Record.objects.public().own()
    assert law not in counted and Record.objects.get(source_key="import:own-1") in counted
    from zwgk.search.indexer import rebuild
    from zwgk.search.service import search

    rebuild()  # the test's transaction never commits, so the on-commit indexing does not run
    hit = search("主席令第九十一号", log=False)
    assert hit.results and hit.results[0].entry.title == LAW["标题"]
    assert hit.results[0].entry.agency_name == "全国人大常委会"


def test_a_law_may_not_be_given_a_statutory_category(tmp_path, district):
    write_manifest(tmp_path / "m.csv", [{**LAW, "法定主动公开类别": "第二十条第（一）项"}])
    with pytest.raises(SystemExit):
        call_command(
            "import-documents", str(tmp_path / "m.csv"), str(tmp_path), "--report", str(tmp_path / "r.csv")
        )
    assert not Record.objects.filter(source_key="import:law-pipl").exists()
    assert "不计入本区法定主动公开" in (tmp_path / "r.csv").read_text(encoding="utf-8-sig")


def test_only_the_office_maintains_the_issuer_list(gkb, drafter_a):
    with pytest.raises(PermissionDenied):
        save_issuer(None, name="天津市财政局", level="provincial", by=drafter_a)
    issuer = save_issuer(None, name="天津市财政局", short_name="市财政局", level="provincial", by=gkb)
    assert Issuer.objects.filter(pk=issuer.pk, short_name="市财政局").exists()
    response = login(gkb).get("/workspace/documents/issuers/?export=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert login(drafter_a).get("/workspace/documents/issuers/").status_code == 403
