"""Channels behind one interface: the in-site inbox, e-mail and an SMS gateway (a fake HTTP server on 127.0.0.1,
started by the test); the delivery log; opens told by the tracked link; nothing sent from a request."""

from __future__ import annotations

import json
import re
import threading
from datetime import datetime
from http.server import BaseHTTPRequestHandler, HTTPServer
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from zwgk.policymatch import subscriptions
from zwgk.policymatch.models import DeliveryEvent, Notification, Subscription
from zwgk.policymatch.tests.helpers import GRADUATES, USCC, published_policy, with_conditions
from zwgk.testing import login

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")
KEY = "test-gateway-key"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


class FakeGateway:
    """A local SMS gateway: records each POST; answers `status` (200 by default)."""

    def __init__(self) -> None:
        self.received: list[dict] = []
        self.status = 200
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                gateway.received.append(
                    {
                        "auth": self.headers["Authorization"],
                        "type": self.headers["Content-Type"],
                        **json.loads(body),
                    }
                )
                self.send_response(gateway.status)
                self.end_headers()
                self.wfile.write(b'{"ok": true}' if gateway.status == 200 else b"quota exceeded")

            def log_message(self, *args: object) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/send"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def code(self) -> str:
        return re.search(r"验证码是 (\d{6})", self.received[-1]["text"]).group(1)


@pytest.fixture
def gateway():
    fake = FakeGateway()
    fake.thread.start()
    with override_settings(POLICYMATCH_SMS_URL=fake.url, POLICYMATCH_SMS_KEY=KEY):
        yield fake
    fake.server.shutdown()
    fake.server.server_close()


@pytest.fixture
def people(agency_a, drafter_a, reviewer_a, signer_a):
    return (agency_a, drafter_a, reviewer_a, signer_a)


def test_sms_is_off_by_default_the_form_has_no_phone_and_a_phone_is_refused():
    page = Client().get(reverse("policymatch:subscribe") + "?kind=person").content.decode()
    assert 'name="phone"' not in page and 'name="email"' in page
    response = Client().post(
        reverse("policymatch:subscribe"),
        {"kind": "person", "f_graduate": "true", "phone": "13912345678", "channels": ["sms"], "consent": "1"},
    )
    assert response.status_code == 400 and "本平台暂未开通短信" in response.content.decode()
    assert not Subscription.objects.exists()


def test_a_phone_verified_by_sms_code_gets_pushes_by_sms_with_the_delivery_log(
    gateway, people, drafter_a, django_capture_on_commit_callbacks
):
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("policymatch:subscribe"),
            {
                "kind": "person",
                "f_graduate": "true",
                "phone": "139 1234 5678",
                "channels": ["sms"],
                "consent": "1",
            },
        )
    assert response.status_code == 302
    (code_sms,) = gateway.received
    assert code_sms["to"] == "13912345678" and code_sms["auth"] == f"Bearer {KEY}"
    assert code_sms["type"].startswith("application/json")
    client.post(response["Location"], {"action": "verify", "channel": "sms", "code": gateway.code()})
    sub = Subscription.objects.get()
    assert sub.phone_verified_at is not None and sub.channels == ["sms"] and sub.email == ""

    policy = published_policy(*people, "高校毕业生就业补贴")
    with django_capture_on_commit_callbacks(execute=True):
        with_conditions(policy, drafter_a, GRADUATES, profile_kind="person")
    assert len(gateway.received) == 1  # queued, not sent: sending is the worker's
    assert subscriptions.deliver_due(at("2025-06-10 10:00")) == 1
    push = gateway.received[-1]
    note = Notification.objects.get()
    assert push["to"] == "13912345678" and "高校毕业生就业补贴" in push["text"]
    assert reverse("policymatch:opened", args=[note.token, "sms"]) in push["text"]
    assert reverse("policymatch:unsubscribe", args=[sub.token]) in push["text"]
    assert list(note.events.values_list("channel", "kind")) == [
        ("", "queued"),
        ("inbox", "sent"),
        ("sms", "sent"),
    ]
    assert not mail.outbox


def test_a_gateway_refusal_is_logged_with_its_reason(
    gateway, people, drafter_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sub = subscriptions.subscribe("person", {"graduate": True}, phone="13912345678", consent=True)
    subscriptions.verify(sub, gateway.code())
    gateway.status = 500
    with django_capture_on_commit_callbacks(execute=True):
        with_conditions(
            published_policy(*people, "高校毕业生就业补贴"), drafter_a, GRADUATES, profile_kind="person"
        )
    assert subscriptions.deliver_due(at("2025-06-10 10:00")) == 0
    note = Notification.objects.get()
    assert note.status == "failed" and note.reason == "短信：短信网关拒绝（HTTP 500）：quota exceeded"
    failed = DeliveryEvent.objects.get(kind="failed")
    assert failed.channel == "sms" and "HTTP 500" in failed.reason


def test_the_inbox_on_the_status_page_and_opens_told_by_the_link(
    people, drafter_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sub = subscriptions.subscribe(
            "enterprise", {"size": "小型", "tax_credit": "A"}, email="q@example.com", uscc=USCC, consent=True
        )
    subscriptions.verify(sub, re.search(r"验证码是 (\d{6})", mail.outbox[-1].body).group(1))
    with django_capture_on_commit_callbacks(execute=True):
        policy = published_policy(*people, "小微企业稳岗补贴")
        with_conditions(policy, drafter_a)
    page = reverse("policymatch:subscription", args=[sub.token])

    def inbox() -> str:
        return Client().get(page).content.decode().split('id="inbox-title"')[1].split('id="log-title"')[0]

    assert "小微企业稳岗补贴" not in inbox()  # queued: not in the inbox yet
    subscriptions.deliver_due(at("2025-06-10 10:00"))
    message = mail.outbox[-1]
    assert message.extra_headers["List-Unsubscribe"].endswith(
        reverse("policymatch:unsubscribe", args=[sub.token]) + ">"
    )
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    note = Notification.objects.get()
    assert "小微企业稳岗补贴" in inbox() and "未读" in inbox()
    followed = Client().get(reverse("policymatch:opened", args=[note.token, "inbox"]))
    assert followed.status_code == 302 and followed["Location"] == reverse(
        "documents:record", args=[policy.pk]
    )
    Client().get(reverse("policymatch:opened", args=[note.token, "inbox"]))
    note.refresh_from_db()
    assert note.opened_at is not None and note.events.filter(kind="opened").count() == 1
    assert "已读" in inbox() and "未读" not in inbox()
    assert Client().get(reverse("policymatch:opened", args=[note.token, "fax"])).status_code == 404
    assert Client().get(reverse("policymatch:opened", args=["nope", "email"])).status_code == 404
    html = login(drafter_a).get(reverse("policymatch:workspace_edit", args=[policy.pk])).content.decode()
    assert "<dt>已打开</dt><dd>1（100%）</dd>" in html


def test_a_request_never_sends_a_push(people, drafter_a, django_capture_on_commit_callbacks):
    """Saving conditions through the staff page queues; only the worker's sweep sends."""
    with django_capture_on_commit_callbacks(execute=True):
        sub = subscriptions.subscribe(
            "enterprise", {"size": "小型", "tax_credit": "A"}, email="q@example.com", uscc=USCC, consent=True
        )
    subscriptions.verify(sub, re.search(r"验证码是 (\d{6})", mail.outbox[-1].body).group(1))
    mail.outbox.clear()
    policy = published_policy(*people, "小微企业稳岗补贴")
    client = login(drafter_a)
    conditions = json.dumps(
        {"field": "size", "op": "==", "value": "小型", "clause": "第二条"}, ensure_ascii=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("policymatch:workspace_edit", args=[policy.pk]),
            {"action": "save", "profile_kind": "enterprise", "conditions": conditions, "delivery": "apply"},
        )
    assert response.status_code == 302
    assert Notification.objects.get().status == "queued" and not mail.outbox
