"""政策问答: FAQ answers with citations, in-force passages only, a plain "not found" with channels; the API and
`zwgk ask` contract; question statistics."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from zwgk.qa.models import AskedQuestion, FaqSource
from zwgk.qa.service import ask
from zwgk.search.indexer import rebuild
from zwgk.search.passages import split_passages
from zwgk.search.registry import IndexEntry
from zwgk.testdata import load_demo
from zwgk.testing import index_entries, make_faq

pytestmark = pytest.mark.django_db

REG_TEXT = (
    "第三十三条 行政机关收到政府信息公开申请，能够当场答复的，应当当场予以答复。\n"
    "行政机关不能当场答复的，应当自收到申请之日起20个工作日内予以答复。\n\n"
    "第四十二条 行政机关依申请提供政府信息，不收取费用。"
)


@pytest.fixture
def documents():
    index_entries(
        [
            (
                "reg",
                IndexEntry(
                    title="中华人民共和国政府信息公开条例",
                    url="/docs/reg/",
                    body=REG_TEXT,
                    doc_number="国务院令第711号",
                    validity="in_force",
                    passages=split_passages(REG_TEXT),
                ),
            ),
            (
                "old",
                IndexEntry(
                    title="东丽区政府信息公开申请收费暂行办法",
                    url="/docs/old/",
                    body="第一条 申请政府信息公开收取检索费。\n\n第二条 收取复制费。",
                    validity="repealed",
                    passages=split_passages("第一条 申请政府信息公开收取检索费。\n\n第二条 收取复制费。"),
                ),
            ),
        ]
    )


def test_passages_answer_with_citation_of_the_article(documents):
    answer = ask("申请政府信息公开多长时间答复")
    assert answer.found
    first = answer.citations[0]
    assert (first.title, first.doc_number, first.article, first.url) == (
        "中华人民共和国政府信息公开条例",
        "国务院令第711号",
        "第三十三条",
        "/docs/reg/",
    )
    assert "20个工作日" in answer.answer


def test_repealed_documents_are_never_cited(documents):
    answer = ask("申请政府信息公开收费吗")
    assert all(c.url != "/docs/old/" for c in answer.citations)


def test_curated_faq_answers_first_with_its_sources(documents, agency_a):
    faq = make_faq(agency_a, "灵活就业人员怎么缴纳社会保险？", variants="社保怎么交\n个人怎么交社保")
    FaqSource.objects.create(faq=faq, title="中华人民共和国社会保险法", article="第十条")
    rebuild()
    answer = ask("个人社保怎么交")
    assert answer.found and answer.faqs[0].faq == faq
    assert answer.answer == faq.answer
    assert answer.citations[0].title == "中华人民共和国社会保险法"


def test_nothing_good_enough_says_so_and_offers_channels(documents):
    answer = ask("火星移民签证怎么办理")
    assert not answer.found and answer.citations == []
    assert "没有找到" in answer.answer
    labels = " ".join(c["label"] for c in answer.channels)
    assert "12345" in labels and "咨询电话" in labels


def test_faq_withdrawn_is_no_longer_an_answer(agency_a, gkb):
    from zwgk.qa import actions

    faq = make_faq(agency_a, "生育津贴怎么领取？")
    rebuild()
    assert ask("生育津贴怎么领").found
    actions.change_status(faq, "withdrawn", by=gkb)
    assert not ask("生育津贴怎么领").found


def test_ask_command_follows_the_json_contract(documents):
    out = StringIO()
    call_command("ask", "申请政府信息公开多久答复", "--json", stdout=out)
    body = json.loads(out.getvalue())
    assert set(body) == {"answer", "citations", "found"}
    assert body["found"] is True
    assert set(body["citations"][0]) == {"title", "doc_number", "article", "url"}
    out = StringIO()
    call_command("ask", "🙂", "--json", stdout=out)
    assert json.loads(out.getvalue())["found"] is False


def test_public_page_and_api(client, documents, agency_a):
    make_faq(agency_a, "生育登记怎么办理？", topic="birth")
    html = client.get("/qa/", {"q": "申请政府信息公开多长时间答复"}).content.decode()
    assert "第三十三条" in html and "国务院令第711号" in html
    assert "生育登记怎么办理" in html  # topic list of published FAQs
    body = client.get("/api/qa/ask/", {"q": "申请政府信息公开多长时间答复"}).json()
    assert body["found"] and body["citations"][0]["article"] == "第三十三条"
    for bad in ["", "？？？", '" NEAR *', "x" * 3000, "🙂"]:
        assert client.get("/qa/", {"q": bad}).status_code == 200
        assert client.get("/api/qa/ask/", {"q": bad}).status_code == 200


def test_questions_are_counted_by_topic_with_personal_numbers_masked(client, documents, gkb):
    from zwgk.testing import login

    client.get("/qa/", {"q": "我的电话13812345678，生孩子要办什么手续"})
    client.get("/qa/", {"q": "申请政府信息公开多长时间答复"})
    client.get("/qa/", {"q": "申请政府信息公开多长时间答复"})
    rows = {q.question: q for q in AskedQuestion.objects.all()}
    assert "我的电话[号码],生孩子要办什么手续" in rows
    assert rows["我的电话[号码],生孩子要办什么手续"].topic == "birth"
    assert rows["申请政府信息公开多长时间答复"].count == 2
    assert rows["申请政府信息公开多长时间答复"].answered_count == 2
    page = login(gkb).get("/workspace/qa/stats/").content.decode()
    assert "<svg" in page and "政府信息公开" in page
    assert login(gkb).get("/workspace/qa/stats/", {"export": "xlsx"}).status_code == 200


def test_demo_faqs_answer_high_frequency_questions():
    load_demo(only="agencies,qa,search")  # the directory, the FAQs and the index built from them
    for question, wanted in [
        ("社保怎么交", "灵活就业人员怎么缴纳社会保险？"),
        ("小孩上学要准备什么材料", "孩子上小学需要准备哪些材料？"),
        ("六税两费是什么", "“六税两费”减免政策是什么？"),
        ("生孩子要办什么手续", "生育登记怎么办理？"),
        ("退休了养老金怎么领", "退休后怎么申领基本养老金？"),
        ("在外地看病医保怎么报销", "异地就医怎么备案和报销？"),
    ]:
        answer = ask(question, log=False)
        assert answer.found and answer.faqs[0].faq.question == wanted, question
