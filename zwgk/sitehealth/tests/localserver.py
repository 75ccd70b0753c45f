"""A local HTTP server for the link-checker tests (no network beyond 127.0.0.1): pages, 404, 500, redirects,
a redirect loop, a slow page, robots.txt, a redirect to another host name (localhost vs 127.0.0.1)."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HITS: list[tuple[float, str]] = []


def _page(links: list[str]) -> bytes:
    items = "".join(f'<li><a href="{u}">{u}</a></li>' for u in links)
    return f'<!doctype html><html><body><ul>{items}</ul><img src="/img/logo.png"></body></html>'.encode()


class Handler(BaseHTTPRequestHandler):
    routes: dict[str, object] = {}

    def log_message(self, *args: object) -> None:
        pass

    def _send(
        self, status: int, body: bytes = b"", ctype: str = "text/html; charset=utf-8", **headers: str
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers.items():
            self.send_header(k.replace("_", "-"), v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        HITS.append((time.monotonic(), self.path))
        port = self.server.server_address[1]
        path = self.path
        if path == "/robots.txt":
            return self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        if path == "/":
            return self._send(
                200,
                _page(
                    [
                        "/a",
                        "/missing",
                        "/error",
                        "/moved",
                        "/loop-a",
                        "/slow",
                        "/away",
                        "/private/x",
                        "/file.pdf",
                        "mailto:x@example.org",
                        "#top",
                        "http://denied.example/x",
                    ]
                ),
            )
        if path == "/a":
            return self._send(200, _page(["/", "/b"]))  # links back: a crawl loop
        if path == "/b":
            return self._send(200, _page(["/a"]))
        if path == "/img/logo.png":
            return self._send(200, b"\x89PNG", "image/png")
        if path == "/file.pdf":
            return self._send(200, b"%PDF-1.4", "application/pdf")
        if path == "/error":
            return self._send(500, b"oops")
        if path == "/moved":
            return self._send(301, Location="/a")
        if path == "/loop-a":
            return self._send(302, Location="/loop-b")
        if path == "/loop-b":
            return self._send(302, Location="/loop-a")
        if path == "/slow":
            time.sleep(2.5)
            return self._send(200, _page([]))
        if path == "/away":
            return self._send(302, Location=f"http://localhost:{port}/a")
        return self._send(404, b"not found")


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        # The checker hangs up on purpose (a page slower than its timeout): not worth a traceback in the output.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


@contextmanager
def serve() -> Iterator[str]:
    server = _Server(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    HITS.clear()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
