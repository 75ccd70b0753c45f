"""Fetching an account's public feed over HTTP(S), bounded in time and size (pure, no Django import).

The caller passes the limits from settings (ZWGK_NEWMEDIA_FEED_TIMEOUT, ZWGK_NEWMEDIA_FEED_MAX_KB,
ZWGK_NEWMEDIA_FEED_ALLOW_PRIVATE). Only http and https; every redirect target is checked again; addresses in
private, loopback, link-local and reserved ranges are refused unless allowed (the feed address is typed by staff,
and the server must not be used to reach the internal network).
"""

from __future__ import annotations

import ipaddress
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import IO, Any
from urllib.parse import urlsplit

MAX_REDIRECTS = 5
CHUNK = 16 * 1024
USER_AGENT = "zwgk-newmedia-monitor/1.0"
ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"


class FetchError(Exception):
    """The feed could not be fetched; `zh` says why in Chinese."""

    def __init__(self, zh: str) -> None:
        self.zh = zh
        super().__init__(zh)


@dataclass(frozen=True, slots=True)
class Limits:
    timeout: float = 15.0  # seconds for the whole fetch, connection included
    max_bytes: int = 2 * 1024 * 1024
    allow_private: bool = False


def check_url(url: str, limits: Limits) -> None:
    """Refuse a URL that is not http(s) or (unless allowed) resolves to a non-public address."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError("订阅源地址须以 http:// 或 https:// 开头")
    if limits.allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    except (socket.gaierror, UnicodeError):
        raise FetchError(f"无法解析订阅源域名 {parts.hostname}") from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise FetchError("订阅源地址指向内部网络地址，不予读取")


class _Redirects(urllib.request.HTTPRedirectHandler):
    # urllib's own loop detection (4 visits of one address) would answer first with a bare HTTP 302.
    max_repeats = MAX_REDIRECTS + 1
    max_redirections = MAX_REDIRECTS + 1

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.count = 0

    def redirect_request(
        self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: Any, newurl: str
    ) -> urllib.request.Request | None:
        self.count += 1
        if self.count > MAX_REDIRECTS:
            raise FetchError("订阅源重定向次数过多")
        check_url(newurl, self.limits)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, limits: Limits) -> bytes:
    """The body of `url`; FetchError on a refused address, timeout, HTTP error or a body over the limit."""
    check_url(url, limits)
    deadline = time.monotonic() + limits.timeout
    opener = urllib.request.build_opener(_Redirects(limits))
    headers = {"User-Agent": USER_AGENT, "Accept": ACCEPT}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310  (scheme checked above)
    try:
        with opener.open(request, timeout=limits.timeout) as response:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limits.max_bytes:
                raise FetchError(f"订阅源超过 {limits.max_bytes // 1024} KB 上限，未读取")
            chunks: list[bytes] = []
            size = 0
            while True:
                if time.monotonic() > deadline:
                    raise FetchError(f"读取订阅源超过 {limits.timeout:g} 秒，已中止")
                chunk = response.read(CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > limits.max_bytes:
                    raise FetchError(f"订阅源超过 {limits.max_bytes // 1024} KB 上限，未读取")
                chunks.append(chunk)
    except FetchError:
        raise
    except urllib.error.HTTPError as exc:
        raise FetchError(f"订阅源返回 HTTP {exc.code}") from None
    except TimeoutError:
        raise FetchError(f"读取订阅源超过 {limits.timeout:g} 秒，已中止") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError | socket.timeout):
            raise FetchError(f"读取订阅源超过 {limits.timeout:g} 秒，已中止") from None
        raise FetchError(f"无法连接订阅源（{reason}）") from None
    except (OSError, ValueError) as exc:
        raise FetchError(f"无法读取订阅源（{exc}）") from None
    return b"".join(chunks)
