"""Fixtures of 政务新媒体: an application's particulars, an approved operating account of agency A, and a local
HTTP server that serves feeds (the only server the feed tests talk to)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from zwgk.newmedia import actions
from zwgk.newmedia.models import Account, Platform


def particulars(**overrides: Any) -> dict[str, Any]:
    return {
        "platform": Platform.WECHAT,
        "name": "东丽发改",
        "handle": "dongli_fgw",
        "url": "https://example.org/wechat/dongli_fgw",
        "operator": "区发改委办公室",
        "reviewer_name": "王审核",
        "reviewer_title": "副主任",
        "reviewer_phone": "022-84370003",
        **overrides,
    }


@pytest.fixture
def open_account(agency_a, admin_a, gkb) -> Account:
    filing = actions.apply_open(agency_a, {**particulars(), "effective_on": date(2026, 1, 5)}, by=admin_a)
    actions.approve(filing, by=gkb, note="同意")
    return Account.objects.get(pk=filing.account_id)


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>东丽发改</title>
<item><title>价格监测周报</title><link>https://example.org/p/2</link><guid>p2</guid>
<pubDate>Mon, 30 Nov 2026 09:00:00 +0800</pubDate></item>
<item><title>政策解读</title><link>https://example.org/p/1</link><guid>p1</guid>
<pubDate>Tue, 10 Nov 2026 09:00:00 +0800</pubDate></item>
</channel></rss>""".encode()

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>东丽人社</title>
<entry><title>社保卡申领</title><id>urn:a:1</id><link rel="alternate" href="https://example.org/a/1"/>
<updated>2026-12-03T08:00:00Z</updated></entry></feed>""".encode()


class FeedHandler(BaseHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass

    def _send(
        self, body: bytes, status: int = 200, ctype: str = "application/rss+xml", length: int | None = None
    ):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        path = self.path
        if path == "/rss":
            self._send(RSS)
        elif path == "/atom":
            self._send(ATOM, ctype="application/atom+xml")
        elif path == "/bad":
            self._send(b"<rss><channel><item><title>broken</channel>")
        elif path == "/html":
            self._send(b"<html><body>not a feed</body></html>", ctype="text/html")
        elif path == "/entity":
            self._send(b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><rss>&a;</rss>')
        elif path == "/big-declared":
            self._send(b"<rss/>", length=50 * 1024 * 1024)
        elif path == "/big-stream":
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            chunk = b"<!-- padding -->" * 4096
            try:
                for _ in range(200):  # 64 KB each, about 12 MB if nobody stops reading
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif path == "/slow":
            time.sleep(3)
            self._send(RSS)
        elif path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/rss")
            self.end_headers()
        elif path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
        else:
            self._send(b"not found", status=404, ctype="text/plain")


@pytest.fixture
def feed_server() -> Iterator[str]:
    """A feed server on 127.0.0.1 (a free port); yields its base URL and stops it afterwards."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), FeedHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
