"""The one refusal type of every domain action.

An action function raises `Refused(message, problems)` when a rule of the Regulation, the work plan or the
workflow refuses the change; views show `message` (Chinese) and the `problems` list, commands print them.
`IllegalTransition` is the refusal of a state-machine move the transition table does not allow.
Permission failures are not refusals: they stay `django.core.exceptions.PermissionDenied` (403).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping


class Refused(ValueError):
    """A domain rule refuses the action; `message` (Chinese) is shown to the user, `problems` listed below it."""

    def __init__(self, message: str, problems: Iterable[str] = ()) -> None:
        self.message = message
        self.problems = list(problems)
        super().__init__(message)

    def __str__(self) -> str:
        return self.message


class IllegalTransition(Refused):
    """A move from `current` to `target` that the workflow's transition table does not contain."""

    def __init__(
        self,
        current: str,
        target: str,
        *,
        labels: Mapping[str, str] | None = None,
        message: str | None = None,
    ) -> None:
        self.current = current
        self.target = target
        names = labels or {}
        text = message or (
            f"当前状态为“{names.get(current, current)}”，不能改为“{names.get(target, target)}”。"
        )
        super().__init__(text)
