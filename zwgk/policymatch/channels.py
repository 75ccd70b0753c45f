"""The channels a push or a one-time code goes out on, behind one interface.

Each channel takes an `Outgoing` message and either returns (sent) or raises `ChannelError` with a Chinese reason
that the delivery log keeps. Only the background worker calls `send` (subscriptions.deliver_due and the code task);
requests never do.

- inbox: the in-site inbox on the subscriber's private status page. "Sending" makes the item visible there; it is
  opened when the subscriber follows it.
- email: Django's mail settings, with List-Unsubscribe / List-Unsubscribe-Post (RFC 8058) headers.
- sms: an HTTP gateway configured by ZWGK_POLICYMATCH_SMS_URL and ZWGK_POLICYMATCH_SMS_KEY (off while the URL is
  empty): POST JSON {"to": phone, "text": text} with "Authorization: Bearer <key>"; any 2xx answer is success.

Opens are told by the tracked link in the message (/policies/n/<token>/<channel>/), for every channel; no tracking
pixel is used (a government mail must not report on its reader beyond a link they choose to follow).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMessage

SMS_TIMEOUT_SECONDS = 10


class ChannelError(Exception):
    """A message could not be handed over; `str(exc)` is the Chinese reason logged on the notification."""


@dataclass(frozen=True)
class Outgoing:
    to: str  # the address: e-mail, phone number, or "" for the inbox
    subject: str
    text: str  # the whole message (e-mail body; SMS text)
    unsubscribe_url: str = ""


class Channel(Protocol):
    code: str
    label: str

    def enabled(self) -> bool: ...

    def send(self, message: Outgoing) -> None: ...


class InboxChannel:
    code, label = "inbox", "站内信"

    def enabled(self) -> bool:
        return True

    def send(self, message: Outgoing) -> None:
        """The notification row is the inbox item: nothing to hand over."""


class EmailChannel:
    code, label = "email", "电子邮件"

    def enabled(self) -> bool:
        return True

    def send(self, message: Outgoing) -> None:
        headers = {}
        if message.unsubscribe_url:
            headers = {
                "List-Unsubscribe": f"<{message.unsubscribe_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            }
        mail = EmailMessage(message.subject, message.text, None, [message.to], headers=headers)
        try:
            mail.send(fail_silently=False)
        except Exception as exc:
            raise ChannelError(f"邮件发送失败：{exc}"[:200]) from exc


class SmsChannel:
    code, label = "sms", "短信"

    def enabled(self) -> bool:
        return bool(settings.POLICYMATCH_SMS_URL)

    def send(self, message: Outgoing) -> None:
        # urllib.request costs 50 ms at import (http.client, ssl, email): loaded when a message is sent, not at
        # every start (issue 15 item 6).
        import urllib.error
        import urllib.request

        if not self.enabled():
            raise ChannelError("未配置短信网关（ZWGK_POLICYMATCH_SMS_URL）")
        body = json.dumps({"to": message.to, "text": message.text}, ensure_ascii=False).encode()
        request = urllib.request.Request(  # noqa: S310  (the URL is the administrator's setting, http(s) checked)
            settings.POLICYMATCH_SMS_URL,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Authorization": f"Bearer {settings.POLICYMATCH_SMS_KEY}",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=SMS_TIMEOUT_SECONDS) as response:  # noqa: S310
                status = response.status
        except urllib.error.HTTPError as exc:
            detail = exc.read(200).decode("utf-8", "replace")
            raise ChannelError(f"短信网关拒绝（HTTP {exc.code}）：{detail}"[:200]) from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise ChannelError(f"短信网关无法连接：{exc}"[:200]) from exc
        if not 200 <= status < 300:
            raise ChannelError(f"短信网关应答异常（HTTP {status}）")


CHANNELS: dict[str, Channel] = {c.code: c for c in (InboxChannel(), EmailChannel(), SmsChannel())}


def get(code: str) -> Channel:
    return CHANNELS[code]


def sms_enabled() -> bool:
    return CHANNELS["sms"].enabled()
