"""Registrations of the core app (called from CoreConfig.ready())."""

from __future__ import annotations


def register() -> None:
    from zwgk.core import degraded
    from zwgk.core.signals import public_content_changed

    # A public change drops every last-good copy: an outage must never bring back a withdrawn page.
    public_content_changed.connect(degraded.forget_all, dispatch_uid="core.degraded.forget_all")
