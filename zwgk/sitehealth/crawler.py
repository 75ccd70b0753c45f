"""Pure link checker: fetch (http.client, manual redirects), link extraction, robots.txt, per-host politeness
and a bounded crawl. No Django import; strictly typed. The Django side (services.py) supplies the fetcher for
in-process pages, the seeds and the owners of pages.

Politeness: one request at a time per host (the crawl is sequential), at least `delay` seconds between two
requests to the same host, robots.txt of every host honoured (a disallowed URL is skipped, never reported
broken), 15 s per request, and a deadline for the whole run after which the crawl stops and says it was
truncated.
"""

from __future__ import annotations

import contextlib
import http.client
import re
import socket
import ssl
import time
import urllib.robotparser
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote, urldefrag, urljoin, urlsplit, urlunsplit

USER_AGENT = "zwgk-sitehealth/1.0 (government website self-check)"
MAX_REDIRECTS = 5
MAX_BODY_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class Response:
    url: str
    status: int | None  # None: no HTTP answer (refused, timeout, DNS …)
    location: str = ""
    content_type: str = ""
    body: bytes = b""
    error: str = ""
    elapsed_ms: int = 0


Fetcher = Callable[[str, float], Response]


def http_fetch(url: str, timeout: float, *, read_body: bool = True, user_agent: str = USER_AGENT) -> Response:
    """One GET without following redirects. The timeout bounds the whole exchange (connect + headers + body)."""
    started = time.monotonic()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return Response(url, None, error="不支持的链接地址")
    # Addresses written by people may hold Chinese characters; the request line must be ASCII.
    path = quote(urlunsplit(("", "", parts.path or "/", parts.query, "")), safe="/%?=&:;@!$'()*+,~-._")
    conn: http.client.HTTPConnection
    try:
        if parts.scheme == "https":
            conn = http.client.HTTPSConnection(
                parts.hostname, parts.port, timeout=timeout, context=ssl.create_default_context()
            )
        else:
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
        conn.request("GET", path, headers={"User-Agent": user_agent, "Accept": "*/*"})
        resp = conn.getresponse()
        body = b""
        content_type = resp.getheader("Content-Type", "") or ""
        if read_body and ("html" in content_type or "text/plain" in content_type):
            chunks: list[bytes] = []
            size = 0
            while size < MAX_BODY_BYTES:
                if time.monotonic() - started > timeout:
                    raise TimeoutError
                chunk = resp.read(65536)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
            body = b"".join(chunks)
        conn.close()
        elapsed = int((time.monotonic() - started) * 1000)
        if elapsed >= timeout * 1000:
            # CHK2019: not open after 15 seconds (inclusive) is a failure, however the answer ends.
            return Response(url, None, error=f"超过 {timeout:g} 秒未打开", elapsed_ms=elapsed)
        return Response(
            url, resp.status, resp.getheader("Location", "") or "", content_type, body, "", elapsed
        )
    except TimeoutError:
        return Response(
            url, None, error=f"超过 {timeout:g} 秒未打开", elapsed_ms=int((time.monotonic() - started) * 1000)
        )
    except ssl.SSLError as exc:
        return Response(url, None, error=f"证书或加密连接错误：{exc.reason or exc}"[:200])
    except ConnectionRefusedError:
        return Response(url, None, error="连接被拒绝")
    except socket.gaierror:
        return Response(url, None, error="域名无法解析")
    except (OSError, http.client.HTTPException) as exc:
        return Response(url, None, error=f"连接错误：{type(exc).__name__}"[:200])


def normalise(url: str) -> str:
    """Without the fragment; scheme and host lower-case; an empty path is "/"."""
    url = urldefrag(url.strip())[0]
    parts = urlsplit(url)
    netloc = parts.netloc.lower()
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def netloc_of(url: str) -> str:
    """host[:port] without a default port: what tells the platform's own pages from other sites on one host."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    port = parts.port
    if port is None or (parts.scheme, port) in (("http", 80), ("https", 443)):
        return host
    return f"{host}:{port}"


def _bare(host: str) -> str:
    return host[4:] if host.startswith("www.") else host


def same_site(a: str, b: str) -> bool:
    """Two hosts of one site: equal after dropping "www.", or one a sub-domain of the other."""
    x, y = _bare(a.lower()), _bare(b.lower())
    return x == y or x.endswith("." + y) or y.endswith("." + x)


def host_denied(host: str, deny: Iterable[str]) -> bool:
    host = host.lower()
    return any(
        host == d or host.endswith("." + d) for d in (d.strip().lower().lstrip(".") for d in deny) if d
    )


@dataclass(frozen=True)
class Link:
    url: str
    tag: str  # a | img | link | script | iframe | source
    nofollow: bool = False  # rel="nofollow": on this site, a variant of a page (a sorted table), not a page


class _LinkParser(HTMLParser):
    ATTRS = {"a": "href", "img": "src", "link": "href", "script": "src", "iframe": "src", "source": "src"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, bool]] = []
        self.base: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "base" and values.get("href"):
            self.base = values["href"]
            return
        name = self.ATTRS.get(tag)
        if name is None:
            return
        if tag == "link" and (values.get("rel") or "").lower() in ("preconnect", "dns-prefetch", "canonical"):
            return
        value = values.get(name)
        if value:
            nofollow = tag == "a" and "nofollow" in (values.get("rel") or "").lower().split()
            self.found.append((tag, value, nofollow))


TEXT_URL = re.compile(r"https?://[^\s<>\"'，。；、）)】\]]+", re.I)


def text_urls(text: str) -> list[str]:
    """Web addresses written in plain text (record bodies are text), without trailing punctuation."""
    out = []
    for match in TEXT_URL.finditer(text or ""):
        url = match.group(0).rstrip(".,;:!?")
        if url not in out:
            out.append(url)
    return out


def extract_links(html: str, page_url: str) -> list[Link]:
    """Every checkable link of a page (anchors, images, stylesheets, scripts, frames), absolute, de-duplicated,
    in page order. mailto:, tel:, javascript: and data: links are not checkable and left out."""
    parser = _LinkParser()
    with contextlib.suppress(AssertionError, ValueError):  # malformed markup: what was parsed so far counts
        parser.feed(html)
        parser.close()
    base = urljoin(page_url, parser.base) if parser.base else page_url
    seen: set[str] = set()
    out: list[Link] = []
    for tag, raw, nofollow in parser.found:
        raw = raw.strip()
        if not raw or raw.startswith("#"):
            continue
        scheme = urlsplit(raw).scheme.lower()
        if scheme and scheme not in ("http", "https"):
            continue
        url = normalise(urljoin(base, raw))
        if url not in seen:
            seen.add(url)
            out.append(Link(url, tag, nofollow))
    return out


@dataclass(frozen=True)
class Outcome:
    """What a link check found. problem: "" (fine), "broken", "offsite_redirect", "denied_host"; skipped is set
    when robots.txt forbids the URL or the run's deadline came first (never reported as broken)."""

    url: str
    status: int | None
    final_url: str
    problem: str = ""
    error: str = ""
    skipped: str = ""
    redirects: int = 0
    response: Response | None = field(default=None, compare=False, repr=False)

    @property
    def status_text(self) -> str:
        if self.error:
            return self.error if self.status is None else f"HTTP {self.status}（{self.error}）"
        return f"HTTP {self.status}" if self.status is not None else "未知"


class Politeness:
    """Per-host spacing of requests. `clock` and `sleep` are injectable for tests."""

    def __init__(
        self,
        delay: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.delay = delay
        self.clock = clock
        self.sleep = sleep
        self.next_at: dict[str, float] = {}

    def ready_in(self, host: str) -> float:
        return max(0.0, self.next_at.get(host, 0.0) - self.clock())

    def wait(self, host: str) -> None:
        pause = self.ready_in(host)
        if pause > 0:
            self.sleep(pause)
        self.next_at[host] = self.clock() + self.delay


class Robots:
    """robots.txt per host, fetched once per run through the same fetcher (a missing file allows everything)."""

    def __init__(self, fetch: Fetcher, timeout: float, user_agent: str = USER_AGENT) -> None:
        self.fetch = fetch
        self.timeout = timeout
        self.user_agent = user_agent
        self.parsers: dict[str, urllib.robotparser.RobotFileParser | None] = {}

    def allowed(self, url: str, politeness: Politeness | None = None) -> bool:
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}"
        if key not in self.parsers:
            if politeness is not None:
                politeness.wait(host_of(url))
            resp = self.fetch(key + "/robots.txt", self.timeout)
            parser: urllib.robotparser.RobotFileParser | None = None
            if resp.status == 200 and resp.body:
                parser = urllib.robotparser.RobotFileParser()
                parser.parse(resp.body.decode("utf-8", "replace").splitlines())
            elif resp.status in (401, 403):
                parser = urllib.robotparser.RobotFileParser()
                parser.parse(["User-agent: *", "Disallow: /"])
            self.parsers[key] = parser
        parser = self.parsers[key]
        return parser is None or parser.can_fetch(self.user_agent, url)


def check(
    url: str,
    fetch: Fetcher,
    *,
    timeout: float,
    deny_hosts: Iterable[str] = (),
    politeness: Politeness | None = None,
    robots: Robots | None = None,
    max_redirects: int = MAX_REDIRECTS,
) -> Outcome:
    """Check one URL: follow up to `max_redirects` redirects by hand, so that loops, redirects to another site and
    redirects to a denied host are seen."""
    deny = list(deny_hosts)
    start_host = host_of(url)
    if host_denied(start_host, deny):
        return Outcome(url, None, url, "denied_host", f"链接到禁止链接的网站 {start_host}")
    if robots is not None and not robots.allowed(url, politeness):
        return Outcome(url, None, url, skipped="robots.txt 不允许检查")
    current = url
    chain = [url]
    for hop in range(max_redirects + 1):
        if politeness is not None:
            politeness.wait(host_of(current))
        resp = fetch(current, timeout)
        if resp.status is None:
            return Outcome(url, None, current, "broken", resp.error, redirects=hop, response=resp)
        if resp.status in (301, 302, 303, 307, 308) and resp.location:
            target = normalise(urljoin(current, resp.location))
            if target in chain:
                return Outcome(url, resp.status, target, "broken", "重定向循环", redirects=hop + 1)
            chain.append(target)
            if host_denied(host_of(target), deny):
                return Outcome(
                    url, resp.status, target, "denied_host", f"跳转到禁止链接的网站 {host_of(target)}"
                )
            current = target
            continue
        if resp.status >= 400:
            return Outcome(url, resp.status, current, "broken", "", redirects=hop, response=resp)
        if not same_site(start_host, host_of(current)):
            return Outcome(
                url,
                resp.status,
                current,
                "offsite_redirect",
                f"跳转到 {host_of(current)}",
                redirects=hop,
                response=resp,
            )
        return Outcome(url, resp.status, current, redirects=hop, response=resp)
    return Outcome(url, None, current, "broken", f"重定向超过 {max_redirects} 次", redirects=max_redirects)


@dataclass
class CrawlReport:
    pages: list[str] = field(default_factory=list)  # internal HTML pages read
    outcomes: dict[str, Outcome] = field(default_factory=dict)  # every link checked
    # (target, page): every occurrence of a checked internal link and of every external link
    occurrences: list[tuple[str, str]] = field(default_factory=list)
    external: list[tuple[str, str]] = field(
        default_factory=list
    )  # (external url, page) seen, not checked here
    truncated: bool = False

    @property
    def problems(self) -> list[tuple[Outcome, str]]:
        return [
            (self.outcomes[t], page)
            for t, page in self.occurrences
            if self.outcomes.get(t) and self.outcomes[t].problem
        ]


def crawl_internal(
    seeds: Iterable[str],
    fetch: Fetcher,
    *,
    internal_hosts: Iterable[str],
    timeout: float,
    deadline: float,
    max_pages: int,
    deny_hosts: Iterable[str] = (),
    politeness: Politeness | None = None,
    robots: Robots | None = None,
    clock: Callable[[], float] = time.monotonic,
    skip_prefixes: Iterable[str] = (),
    extra: Iterable[tuple[str, str]] = (),
) -> CrawlReport:
    """Breadth-first over the site's own HTML pages (`internal_hosts`: host[:port] as `netloc_of` gives) from
    `seeds`; every internal link (pages, images, attachments) is checked once, except that internal links marked
    rel="nofollow" are neither read nor checked; every external link is collected for the external run. Stops at
    `max_pages` pages or at `deadline` (a `clock()` value) and then says so in `truncated`. `extra` are (link,
    page) pairs found outside the HTML (web addresses written in published texts): checked like the page's own
    links."""
    hosts = {h.lower() for h in internal_hosts}
    skips = tuple(skip_prefixes)
    deny = list(deny_hosts)
    report = CrawlReport()
    queue: deque[str] = deque()
    queued: set[str] = set()
    for seed in seeds:
        seed = normalise(seed)
        if seed not in queued:
            queued.add(seed)
            queue.append(seed)
    read = 0
    read_pages: set[str] = set()
    while queue:
        if clock() >= deadline or read >= max_pages:
            report.truncated = True
            break
        page = queue.popleft()
        outcome = report.outcomes.get(page)
        if outcome is None:
            outcome = check(
                page, fetch, timeout=timeout, deny_hosts=deny, politeness=politeness, robots=robots
            )
            report.outcomes[page] = outcome
        resp = outcome.response
        if (
            outcome.problem
            or resp is None
            or "html" not in resp.content_type
            or netloc_of(outcome.final_url) not in hosts
        ):
            continue
        if outcome.final_url in read_pages:  # reached before through a redirect: read once
            continue
        queued.add(outcome.final_url)
        read_pages.add(outcome.final_url)
        read += 1
        report.pages.append(page)
        for link in extract_links(resp.body.decode("utf-8", "replace"), outcome.final_url):
            if netloc_of(link.url) not in hosts:
                report.external.append((link.url, page))
                continue
            if link.nofollow or (skips and urlsplit(link.url).path.startswith(skips)):
                # rel="nofollow" inside the site marks a variant of this page (a table sorted another way): the
                # demo district's admission scores alone would otherwise be 150 pages × 14 orders.
                continue
            report.occurrences.append((link.url, page))
            if link.url in report.outcomes or link.url in queued:
                continue
            if link.tag == "a":
                queued.add(link.url)
                queue.append(link.url)
            else:  # images, stylesheets, scripts: checked, not crawled
                if clock() >= deadline:
                    report.truncated = True
                    break
                report.outcomes[link.url] = check(
                    link.url, fetch, timeout=timeout, deny_hosts=deny, politeness=politeness, robots=robots
                )
    for url, page in extra:
        url = normalise(url)
        if netloc_of(url) not in hosts:
            report.external.append((url, page))
            continue
        report.occurrences.append((url, page))
        if url in report.outcomes:
            continue
        if clock() >= deadline:
            report.truncated = True
            break
        report.outcomes[url] = check(
            url, fetch, timeout=timeout, deny_hosts=deny, politeness=politeness, robots=robots
        )
    # Links queued but never read (deadline) are not reported: unknown is not broken.
    report.occurrences = [(t, p) for t, p in report.occurrences if t in report.outcomes]
    return report


def check_external(
    links: Iterable[tuple[str, str]],
    fetch: Fetcher,
    *,
    timeout: float,
    deadline: float,
    deny_hosts: Iterable[str] = (),
    politeness: Politeness,
    robots: Robots | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> CrawlReport:
    """Check each distinct external URL once, taking hosts in turn (round robin) so that the per-host delay of
    one slow site does not hold up the others."""
    report = CrawlReport()
    by_host: dict[str, deque[str]] = {}
    pending: set[str] = set()
    for url, page in links:
        report.occurrences.append((url, page))
        if url not in pending:
            pending.add(url)
            by_host.setdefault(host_of(url), deque()).append(url)
    deny = list(deny_hosts)
    while by_host:
        if clock() >= deadline:
            report.truncated = True
            break
        host = min(by_host, key=politeness.ready_in)
        url = by_host[host].popleft()
        if not by_host[host]:
            del by_host[host]
        report.outcomes[url] = check(
            url, fetch, timeout=timeout, deny_hosts=deny, politeness=politeness, robots=robots
        )
    report.occurrences = [(t, p) for t, p in report.occurrences if t in report.outcomes]
    return report
