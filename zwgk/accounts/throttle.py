"""Login throttling with exponential backoff (issue 13 item 5), on the shared counters of zwgk.core.ratelimit.

Two counters of failed logins, each over `LOGIN_FAILURE_WINDOW` seconds:
- per username *and* client address: after `LOGIN_FAILURE_LIMIT` failures that pair waits
  `LOGIN_BACKOFF_SECONDS`, doubling with each further failure up to `LOGIN_BACKOFF_MAX_SECONDS`. A stranger's
  wrong passwords slow down only the stranger: the real user, from another address, logs in as usual (the old
  django-axes lock was per username, so five wrong passwords from anyone locked the account for 30 minutes);
- per client address across usernames: after `LOGIN_ADDRESS_FAILURE_LIMIT` failures (set higher, since an
  office shares one NAT address) the address waits the same way — trying many usernames does not help.
A successful login clears its pair's counter. No CAPTCHA.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from zwgk.core import ratelimit

PAIR = "login-pair"
ADDRESS = "login-address"


def _pair(username: str, address: str) -> str:
    return f"{username.strip().casefold()}\n{address}"


def _wait(count: int, last_at: object, limit: int) -> int:
    if count < limit or last_at is None:
        return 0
    delay = min(
        settings.LOGIN_BACKOFF_SECONDS * 2 ** min(count - limit, 20), settings.LOGIN_BACKOFF_MAX_SECONDS
    )
    elapsed = (timezone.now() - last_at).total_seconds()  # type: ignore[operator]
    return max(int(delay - elapsed + 0.999), 0)


def wait_seconds(username: str, address: str) -> tuple[int, str]:
    """Seconds this login attempt must still wait (0: go ahead) and which counter holds it (pair/address)."""
    window = settings.LOGIN_FAILURE_WINDOW
    pair = ratelimit.peek(PAIR, _pair(username, address), window)
    wait = _wait(pair.count, pair.last_at, settings.LOGIN_FAILURE_LIMIT)
    if wait:
        return wait, "pair"
    by_address = ratelimit.peek(ADDRESS, address, window)
    wait = _wait(by_address.count, by_address.last_at, settings.LOGIN_ADDRESS_FAILURE_LIMIT)
    return (wait, "address") if wait else (0, "")


def failed(username: str, address: str) -> None:
    window = settings.LOGIN_FAILURE_WINDOW
    ratelimit.hit(PAIR, _pair(username, address), window)
    ratelimit.hit(ADDRESS, address, window)


def succeeded(username: str, address: str) -> None:
    ratelimit.reset(PAIR, _pair(username, address))
