"""Cache of public column pages, invalidated by any public change: the machinery is `zwgk.core.pagecache`
(validity token, `@public_cache`, HTTP caching headers, the fast path for hits); this module keeps the names the
apps import (`public_cache`, `bump`, `token`)."""

from __future__ import annotations

from zwgk.core.pagecache import bump, public_cache, state, token

__all__ = ["bump", "public_cache", "state", "token"]
