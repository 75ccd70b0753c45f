"""What the standard catalogues register: workspace menu, API description, demo and the live indicator."""

from __future__ import annotations

from zwgk.catalogues import indicators
from zwgk.core import registry
from zwgk.core.lazy import lazy


def register() -> None:
    registry.register_openapi_fragment(lazy("zwgk.catalogues.api:openapi_fragment"))
    registry.register_demo_loader(82, "catalogues", "zwgk.catalogues.demo:load")
    for label, url_name, order, perm in (
        ("基层政务公开标准目录", "catalogues:list", 765, "catalogues.view"),
        ("本单位事项目录", "catalogues:mine", 766, "catalogues.adopt"),
        ("标准目录覆盖情况", "catalogues:coverage", 767, "catalogues.coverage"),
    ):
        registry.register_workspace_menu(registry.MenuEntry(label, url_name, order=order, permission=perm))
    indicators.register()
