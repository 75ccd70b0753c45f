"""Import huey without the database and cache drivers this configuration does not use (issue 15 item 6, issue 22
item 5).

`huey.storage` imports `redis` and `psycopg` at module level whenever they are installed (both are, for the
production stack). On the embedded default (SQLite, no Redis) that is about 130 modules and 0.15 s at every
start of every `zwgk` command and worker, for drivers that are never called: redis alone pulls in asyncio and
OpenTelemetry. settings.py calls `import_huey_without(...)` with the drivers its own configuration leaves unused;
huey then sees them as not installed (its storage classes for them raise huey's ConfigurationError if ever
constructed, which this configuration never does), and every later `import redis` / `import psycopg` elsewhere
works as usual.

No Django import here: settings.py calls it while Django is not set up.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable


def import_huey_without(unused: Iterable[str]) -> None:
    """Import huey's storage module with the named top-level driver packages hidden (only those not yet
    imported), then unhide them."""
    hidden = [name for name in unused if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # the import system's "not installed" marker
    try:
        import huey.storage  # noqa: F401
    finally:
        for name in hidden:
            if sys.modules.get(name, False) is None:
                del sys.modules[name]
