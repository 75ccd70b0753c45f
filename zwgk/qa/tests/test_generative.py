"""The optional generative mode against a small local OpenAI-compatible fake server (127.0.0.1, no network)."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from zwgk.qa.service import ask
from zwgk.search.passages import split_passages
from zwgk.search.registry import IndexEntry
from zwgk.testing import index_entries

pytestmark = pytest.mark.django_db

TEXT = "第三十三条 行政机关不能当场答复的，应当自收到申请之日起20个工作日内予以答复。"


class FakeLLM(BaseHTTPRequestHandler):
    reply: object = ""
    status = 200
    requests: list = []

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        type(self).requests.append(
            (self.path, self.headers.get("Authorization"), json.loads(self.rfile.read(length)))
        )
        if self.status != 200:
            self.send_response(self.status)
            self.end_headers()
            return
        body = json.dumps({"choices": [{"message": {"role": "assistant", "content": self.reply}}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_llm(settings):
    FakeLLM.requests = []
    FakeLLM.status = 200
    server = HTTPServer(("127.0.0.1", 0), FakeLLM)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.QA_GENERATIVE = True
    settings.QA_LLM_URL = f"http://127.0.0.1:{server.server_port}/v1"
    settings.QA_LLM_KEY = "test-key"
    settings.QA_LLM_TIMEOUT = 2
    index_entries(
        [
            (
                "reg",
                IndexEntry(
                    title="中华人民共和国政府信息公开条例",
                    url="/docs/reg/",
                    body=TEXT,
                    doc_number="国务院令第711号",
                    validity="in_force",
                    passages=split_passages(TEXT + "\n\n第一条 总则。"),
                ),
            )
        ]
    )
    yield FakeLLM
    server.shutdown()
    server.server_close()


def test_generated_answer_uses_only_retrieved_passages_and_keeps_citations(fake_llm):
    fake_llm.reply = "不能当场答复的，行政机关应当在收到申请之日起20个工作日内答复[1]。"
    answer = ask("申请政府信息公开多久答复")
    assert answer.generated and answer.found
    assert answer.answer == fake_llm.reply
    assert [c.article for c in answer.citations] == ["第三十三条"]
    path, auth, payload = fake_llm.requests[0]
    assert path == "/v1/chat/completions" and auth == "Bearer test-key"
    assert "20个工作日内予以答复" in payload["messages"][1]["content"]  # the passage was given as material
    assert "只能依据" in payload["messages"][0]["content"]


@pytest.mark.parametrize(
    "status, reply",
    [(500, ""), (200, "答复期限是二十天。"), (200, "见[7]"), (200, "")],
    ids=["server error", "no citation", "citation out of range", "empty"],
)
def test_failures_fall_back_to_the_retrieval_answer(fake_llm, status, reply):
    fake_llm.status = status
    fake_llm.reply = reply
    answer = ask("申请政府信息公开多久答复")
    assert answer.found and not answer.generated
    assert answer.answer.startswith("根据现行有效的文件")
    assert answer.citations[0].article == "第三十三条"


def test_unreachable_endpoint_falls_back(fake_llm, settings):
    settings.QA_LLM_URL = "http://127.0.0.1:9/v1"
    answer = ask("申请政府信息公开多久答复")
    assert answer.found and not answer.generated


def test_nothing_retrieved_means_no_call(fake_llm):
    answer = ask("火星移民签证怎么办理")
    assert not answer.found and fake_llm.requests == []


def test_off_by_default():
    from django.conf import settings as live

    assert live.QA_GENERATIVE is False and live.QA_LLM_URL == ""
