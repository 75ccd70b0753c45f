"""The link checker against a local HTTP server: 404, 500, redirects, redirect loops, crawl loops, timeouts,
robots.txt, redirects to another host, denied hosts, per-host delay and the run's deadline."""

from __future__ import annotations

import itertools
import time

from zwgk.sitehealth import crawler
from zwgk.sitehealth.tests.localserver import HITS, serve


def fetch(url: str, timeout: float) -> crawler.Response:
    return crawler.http_fetch(url, timeout)


def test_check_reports_status_errors_redirects_and_loops():
    with serve() as base:
        assert crawler.check(base + "/a", fetch, timeout=2).problem == ""
        missing = crawler.check(base + "/missing", fetch, timeout=2)
        assert missing.problem == "broken" and missing.status == 404 and missing.status_text == "HTTP 404"
        assert crawler.check(base + "/error", fetch, timeout=2).status == 500
        moved = crawler.check(base + "/moved", fetch, timeout=2)
        assert moved.problem == "" and moved.redirects == 1 and moved.final_url == base + "/a"
        loop = crawler.check(base + "/loop-a", fetch, timeout=2)
        assert loop.problem == "broken" and loop.error == "重定向循环"
        away = crawler.check(base + "/away", fetch, timeout=2)
        assert away.problem == "offsite_redirect" and "localhost" in away.error


def test_a_page_slower_than_the_timeout_is_broken_and_the_wait_is_bounded():
    with serve() as base:
        started = time.monotonic()
        slow = crawler.check(base + "/slow", fetch, timeout=1)
        assert slow.problem == "broken" and slow.status is None and "1 秒" in slow.error
        assert time.monotonic() - started < 2.4


def test_a_dead_port_is_broken_with_a_chinese_reason():
    outcome = crawler.check("http://127.0.0.1:9/x", fetch, timeout=2)
    assert outcome.problem == "broken" and outcome.error == "连接被拒绝"


def test_denied_hosts_and_their_subdomains_are_refused_without_a_request():
    assert crawler.host_denied("www.bad.example", ["bad.example"])
    assert not crawler.host_denied("notbad.example", ["bad.example"])
    outcome = crawler.check(
        "http://x.bad.example/", lambda u, t: 1 / 0, timeout=1, deny_hosts=["bad.example"]
    )  # type: ignore[arg-type,return-value]
    assert outcome.problem == "denied_host"


def test_crawl_visits_each_page_once_despite_loops_and_honours_robots():
    with serve() as base:
        report = crawler.crawl_internal(
            [base + "/"],
            fetch,
            internal_hosts=[crawler.netloc_of(base)],
            timeout=1,
            deadline=time.monotonic() + 30,
            max_pages=100,
            deny_hosts=["denied.example"],
            robots=crawler.Robots(fetch, 1),
        )
        paths = [p.removeprefix(base) for p in report.pages]
        assert sorted(paths) == ["/", "/a", "/b"] or sorted(paths) == ["/", "/b", "/moved"]
        problems = {o.url.removeprefix(base): o for o, _ in report.problems}
        assert set(problems) == {"/missing", "/error", "/loop-a", "/slow", "/away"}
        assert problems["/error"].status == 500
        assert report.outcomes[base + "/private/x"].skipped and base + "/private/x" not in problems
        assert report.outcomes[base + "/img/logo.png"].problem == ""  # images are checked
        assert report.outcomes[base + "/file.pdf"].problem == ""  # attachments too
        assert ("http://denied.example/x", base + "/") in report.external  # external: for the external run
        assert not report.truncated
        assert sum(1 for _, p in HITS if p == "/b") == 1 and sum(1 for _, p in HITS if p == "/") == 1


def test_crawl_stops_at_the_deadline_and_says_so():
    with serve() as base:
        report = crawler.crawl_internal(
            [base + "/"],
            fetch,
            internal_hosts=[crawler.netloc_of(base)],
            timeout=1,
            deadline=time.monotonic() - 1,
            max_pages=10,
        )
        assert report.truncated and report.pages == [] and report.problems == []


def test_external_check_spaces_requests_to_one_host_and_uses_robots():
    with serve() as base:
        links = [
            (base + "/a", "p1"),
            (base + "/b", "p1"),
            (base + "/private/x", "p2"),
            (base + "/missing", "p3"),
        ]
        politeness = crawler.Politeness(0.3)
        report = crawler.check_external(
            links,
            fetch,
            timeout=2,
            deadline=time.monotonic() + 30,
            politeness=politeness,
            robots=crawler.Robots(fetch, 2),
        )
        times = [t for t, p in HITS if p in ("/a", "/b", "/missing")]
        assert len(times) == 3 and all(b - a >= 0.28 for a, b in itertools.pairwise(times))
        assert [o.url for o, _ in report.problems] == [base + "/missing"]
        assert report.outcomes[base + "/private/x"].skipped


def test_links_are_extracted_from_html_and_from_plain_text():
    links = crawler.extract_links(
        '<base href="/x/"><a href="y">y</a><a href="mailto:a@b">m</a><img src="/i.png"><a href="#t">t</a>',
        "http://s.example/page",
    )
    assert [(link.url, link.tag) for link in links] == [
        ("http://s.example/x/y", "a"),
        ("http://s.example/i.png", "img"),
    ]
    assert crawler.text_urls("见 http://a.example/b.html 。又见https://c.example/d，完") == [
        "http://a.example/b.html",
        "https://c.example/d",
    ]


def test_internal_nofollow_links_are_neither_read_nor_checked_but_external_ones_are_collected():
    pages = {
        "http://site/": '<a href="/table/?page=2">下一页</a><a href="/table/?sort=name" rel="nofollow">排序</a>'
        '<a href="https://elsewhere.example/notice" rel="noopener nofollow">原文</a>',
        "http://site/table/?page=2": '<a href="/table/?page=2&amp;sort=-name" rel="external NoFollow">排序</a>',
    }
    asked: list[str] = []

    def fake(url: str, timeout: float) -> crawler.Response:
        asked.append(url)
        body = pages.get(url)
        if body is None:
            return crawler.Response(url, 404)
        return crawler.Response(url, 200, content_type="text/html", body=body.encode())

    report = crawler.crawl_internal(
        ["http://site/"],
        fake,
        internal_hosts=["site"],
        timeout=1,
        deadline=time.monotonic() + 30,
        max_pages=50,
    )
    assert asked == ["http://site/", "http://site/table/?page=2"]
    assert report.problems == [] and report.external == [("https://elsewhere.example/notice", "http://site/")]
