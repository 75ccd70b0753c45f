"""Extension points that domain apps fill in their AppConfig.ready().

- public navigation slots (the fixed column order of the public site),
- workspace menu entries,
- inbox providers (tasks shown on the staff 工作台),
- demo loaders (`zwgk demo load`),
- home-page panels (最新政策文件, 政策解读, 热点问答 … on the public 首页),
- sitemap sections (sitemap.xml lists every public page kind an app registers).

Keeping these here lets the shells stay stable while later apps add columns and tasks.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.http import HttpRequest

logger = logging.getLogger(__name__)

# The public columns, in the order the site header shows them. Apps attach a URL name to a slot.
PUBLIC_NAV_SLOTS: list[tuple[str, str]] = [
    ("home", "首页"),
    ("xxgk", "政府信息公开"),
    ("policies", "政策文件"),
    ("interpretations", "政策解读"),
    ("apply", "依申请公开"),
    ("qa", "政策问答"),
    ("interaction", "互动交流"),
    ("columns", "专题专栏"),  # issue 18 (b18): the column tree, 专题 and sub-sites
]
_public_nav: dict[str, str] = {"home": "core:home"}


def register_public_nav(slot: str, url_name: str) -> None:
    if slot not in dict(PUBLIC_NAV_SLOTS):
        raise ValueError(f"unknown public navigation slot {slot!r}")
    _public_nav[slot] = url_name


def public_nav() -> list[tuple[str, str, str]]:
    """(slot, label, url_name) for every slot an app has filled, in the fixed order."""
    return [(slot, label, _public_nav[slot]) for slot, label in PUBLIC_NAV_SLOTS if slot in _public_nav]


@dataclass(frozen=True)
class MenuEntry:
    label: str
    url_name: str
    order: int = 100
    # Permission name checked through zwgk.accounts.permissions.can(user, perm) (no object).
    permission: str | None = None


_workspace_menu: list[MenuEntry] = []


def register_workspace_menu(entry: MenuEntry) -> None:
    if entry not in _workspace_menu:
        _workspace_menu.append(entry)


def workspace_menu() -> list[MenuEntry]:
    return sorted(_workspace_menu, key=lambda e: (e.order, e.label))


@dataclass(frozen=True)
class InboxItem:
    """One task on a staff member's 工作台."""

    title: str
    url: str
    kind: str  # short Chinese label of the source, e.g. "保密审查", "依申请公开"
    due: date | None = None
    severity: str = "info"  # info | warning | danger
    detail: str = ""


InboxProvider = Callable[["HttpRequest"], Iterable[InboxItem]]
_inbox_providers: list[InboxProvider] = []


def register_inbox_provider(provider: InboxProvider) -> None:
    if provider not in _inbox_providers:
        _inbox_providers.append(provider)


def inbox_items(request: HttpRequest) -> list[InboxItem]:
    items: list[InboxItem] = []
    for provider in _inbox_providers:
        items.extend(provider(request))
    rank = {"danger": 0, "warning": 1, "info": 2}
    return sorted(items, key=lambda i: (rank.get(i.severity, 3), i.due or date.max, i.title))


@dataclass
class DemoContext:
    """Shared state of one `zwgk demo load` run: loaders add logins and notes to print."""

    logins: list[tuple[str, str, str]] = field(default_factory=list)  # username, password, description
    notes: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    verbose: bool = True


DemoLoader = Callable[[DemoContext], None]
_demo_loaders: list[tuple[int, str, DemoLoader | str]] = []


def register_demo_loader(order: int, name: str, loader: DemoLoader | str) -> None:
    """`loader` may be "module.path:function": imported only when the demo runs, so demo modules (and what
    they import) stay out of every other command's start-up."""
    if all(existing != name for _, existing, _ in _demo_loaders):
        _demo_loaders.append((order, name, loader))


def _resolve(loader: DemoLoader | str) -> DemoLoader:
    if isinstance(loader, str):
        from importlib import import_module

        module, _, attr = loader.partition(":")
        resolved: DemoLoader = getattr(import_module(module), attr)
        return resolved
    return loader


def demo_loaders() -> list[tuple[str, DemoLoader]]:
    ordered = sorted(_demo_loaders, key=lambda t: (t[0], t[1]))
    return [(name, _resolve(loader)) for _, name, loader in ordered]


@dataclass(frozen=True)
class HomeLink:
    title: str
    url: str
    day: date | None = None


@dataclass(frozen=True)
class HomePanel:
    """A list of links on the public home page. `links()` must read only public content (`.public()` querysets):
    the home page is a public surface and is walked by the leak test."""

    title: str
    links: Callable[[], list[HomeLink]]
    more_url_name: str
    order: int = 100
    more_label: str = ""  # defaults to "更多" + title

    @property
    def more_text(self) -> str:
        return self.more_label or f"更多{self.title}"


HOME_PANELS: list[HomePanel] = []


def register_home_panel(panel: HomePanel) -> None:
    if all(existing.title != panel.title for existing in HOME_PANELS):
        HOME_PANELS.append(panel)


def home_panels() -> list[tuple[HomePanel, list[HomeLink]]]:
    """Each registered panel with its links, in order; a panel that fails is left out (logged), never a 500."""
    # Here, not at the top: every app's hooks import this module while Django sets up.
    from django.urls import get_script_prefix

    from zwgk.core.pagecache import per_token

    out = []
    for panel in sorted(HOME_PANELS, key=lambda p: (p.order, p.title)):
        try:
            # Public content only (see HomePanel), so cached until the next public change like a count: the
            # panels were 80% of a home page not answered from the page cache (issue 22).
            links = per_token(f"home-panel:{get_script_prefix()}{panel.title}", panel.links)
        except Exception:
            logger.exception("home panel %s failed", panel.title)
            continue
        if links:
            out.append((panel, links))
    return out


# sitemap.xml sections: section name → django.contrib.sitemaps.Sitemap subclass. The URLconf passes this very
# dict to the sitemap views, so sections registered in any app's ready() appear without touching the URLs.
# A section's items() must start from the app's `.public()` queryset (sitemap.xml is a public surface).
_sitemaps: dict[str, Any] = {}


def register_sitemap(section: str, sitemap: Any) -> None:
    _sitemaps.setdefault(section, sitemap)


def sitemaps() -> dict[str, Any]:
    return _sitemaps


# Fragments of the public OpenAPI document (/api/v1/openapi.json): each a function returning
# {"paths": {...}, "schemas": {...}} for the API routes an app adds under /api/v1/.
OpenApiFragment = Callable[[], dict[str, Any]]
_openapi_fragments: list[OpenApiFragment] = []


def register_openapi_fragment(fragment: OpenApiFragment) -> None:
    if fragment not in _openapi_fragments:
        _openapi_fragments.append(fragment)


def openapi_fragments() -> list[OpenApiFragment]:
    return list(_openapi_fragments)
