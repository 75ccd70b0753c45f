"""A function named by its dotted path and imported on its first call — how an app's hooks.py registers what it
implements elsewhere (issue 15 item 6, issue 22 item 5: start-up).

Every process sets Django up, and `setup()` runs every app's `hooks.register()`. If hooks.py imported the
modules that implement its inbox provider, report source, indicator or signal receiver, every `zwgk` command and
every worker would import most of the code base (actions, services, forms, API) before doing anything; measured on
2026-12-08 that was 0.3 s of a 0.8 s `django.setup()`. So hooks.py names them:

    registry.register_inbox_provider(lazy("zwgk.applications.inbox:application_tasks"))
    public_content_changed.connect(
        lazy("zwgk.search.indexer:on_public_content_changed"), weak=False, dispatch_uid="zwgk.search.index"
    )

A `Lazy` is an ordinary callable for the registries (they need no change): the first call imports the module
and every call goes to the real function. A class works too (a sitemap section: calling it makes the instance).
Two `Lazy` of the same path are equal, so registries that skip duplicates still do. Connect a `Lazy` to a
signal with `weak=False` (nothing else holds it). A misspelt path fails on first use with the path in the message;
zwgk/core/tests/test_lazy.py imports every path named in a hooks.py, so a typo fails the suite instead.

No Django import here.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any


class Lazy:
    """`module.path:attribute`, imported on the first call."""

    __slots__ = ("_target", "path")

    def __init__(self, path: str) -> None:
        module, sep, attr = path.partition(":")
        if not (module and sep and attr):
            raise ValueError(f"expected 'module.path:attribute', got {path!r}")
        self.path = path
        self._target: Any = None

    @property
    def target(self) -> Any:
        if self._target is None:
            module, _, attr = self.path.partition(":")
            try:
                found = import_module(module)
                for part in attr.split("."):
                    found = getattr(found, part)
            except (ImportError, AttributeError) as exc:
                raise ImportError(f"cannot resolve {self.path!r}: {exc}") from exc
            self._target = found
        return self._target

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.target(*args, **kwargs)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Lazy) and other.path == self.path

    def __hash__(self) -> int:
        return hash(self.path)

    def __repr__(self) -> str:
        return f"lazy({self.path!r})"


def lazy(path: str) -> Lazy:
    return Lazy(path)


class LazyView(Lazy):
    """A view in a URLconf, named by path and imported on its first request (see `views`).

    Django reads a few attributes of a view: building the URL map reads `view_class` and `__name__` /
    `__qualname__` (answered here from the path, without importing), and a request reads `csrf_exempt`,
    `login_required`, the page-cache mark … (forwarded to the real view, which that request is about to run)."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        if name == "__qualname__":
            return self.path.partition(":")[2]
        if name == "__name__":
            return self.path.partition(":")[2].rpartition(".")[2]
        if name in Lazy.__slots__ or (name.startswith("__") and name.endswith("__")):
            # copy protocols (functools.wraps, pickle) see a plain callable; an unset slot is not forwarded
            raise AttributeError(name)
        if name == "view_class" and self._target is None:
            raise AttributeError(name)  # a module attribute is a function view until loaded (lookup_str)
        return getattr(self.target, name)

    def __repr__(self) -> str:
        return f"view({self.path!r})"


class LazyViews:
    """A views module in a URLconf, not imported: `views.record` is `LazyView("zwgk.x.views:record")`."""

    __slots__ = ("_module",)

    def __init__(self, module: str) -> None:
        self._module = module

    def __getattr__(self, name: str) -> LazyView:
        if name.startswith("__"):
            raise AttributeError(name)
        return LazyView(f"{self._module}:{name}")


def views(module: str) -> Any:
    """How a urls.py names its views (`views = lazy.views("zwgk.qa.views")`): loading the URLconf — which
    `reverse()` needs, e.g. `zwgk ask` for its links — then imports no view module; each is imported by its first
    request, or all at once by `load_views()` (the web process's warm-up, before gunicorn forks its workers)."""
    return LazyViews(module)


def load_views(patterns: Any) -> int:
    """Import every lazily named view under `patterns` (a resolver's url_patterns); returns how many."""
    count = 0
    for entry in patterns:
        nested = getattr(entry, "url_patterns", None)
        if nested is not None:
            count += load_views(nested)
            continue
        callback = getattr(entry, "callback", None)
        if isinstance(callback, LazyView):
            callback.target  # noqa: B018  (imports it)
            count += 1
    return count
