"""Check providers: other apps (the 规范表述 wording patrol, the 政务新媒体 registry …) add their findings to the
self-check here, in their hooks.py:

    from zwgk.sitehealth.providers import CheckResult, register_check_provider
    register_check_provider("wording", lambda today: CheckResult(vetoes=[Veto(...)], deductions=[...]))

A provider returns 单项否决 lines (`checks.Veto`) and deductions (`checks.Deduction`), each with its evidence in
`detail`, plus optional evidence rows for the workspace page. A provider that raises is reported as a failed
check (not ok), never as a pass, and never breaks the self-check.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from zwgk.sitehealth.checks import Deduction, Veto

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Evidence:
    """One row of evidence: what, where (a URL), who answers for it."""

    text: str
    url: str = ""
    owner: str = ""


@dataclass(frozen=True)
class CheckResult:
    vetoes: list[Veto] = field(default_factory=list)
    deductions: list[Deduction] = field(default_factory=list)
    evidence: dict[str, list[Evidence]] = field(default_factory=dict)  # rule → rows


Provider = Callable[[date], CheckResult]
_providers: dict[str, Provider] = {}


def register_check_provider(name: str, provider: Provider) -> None:
    _providers.setdefault(name, provider)


def providers() -> dict[str, Provider]:
    return dict(_providers)


def run_providers(today: date) -> list[tuple[str, CheckResult]]:
    out = []
    for name, provider in sorted(_providers.items()):
        try:
            out.append((name, provider(today)))
        except Exception as exc:
            logger.exception("check provider %s failed", name)
            out.append(
                (
                    name,
                    CheckResult(
                        vetoes=[Veto(f"检查项“{name}”", False, f"检查未能完成：{type(exc).__name__}")]
                    ),
                )
            )
    return out
