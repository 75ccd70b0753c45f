"""One shape for every state machine: a table `{(from_status, to_status): permission}` plus optional guards.

Action functions call `workflow.check(obj, target, by)` before they change a row; views call
`workflow.available_moves(obj, user, today)` to decide which buttons to show, so no view re-derives a guard.

    REPORT_FLOW = Workflow(
        {(DRAFT, IN_REVIEW): "reports.edit", (IN_REVIEW, PUBLISHED): "reports.publish"},
        labels=Status.labels_map,
        guards={(DRAFT, IN_REVIEW): lambda report, today: None if report.year < today.year else "年度尚未结束。"},
    )

A guard returns None when the move may happen, or a Chinese refusal message. `by=None` is the system
(periodic tasks, management commands, the applicant online): it passes the permission check but never a guard.

Where two different moves join the same pair of states (依申请公开: 撤回 and 逾期未缴费 both end a 办理中
application, with different guards), the table's second key is the move's *name* and `results` says which status
each named move leads to (None: a step inside the current status, e.g. 征求意见); `apply` sets it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone

from zwgk.accounts.permissions import can, require
from zwgk.core.errors import IllegalTransition, Refused

Table = Mapping[tuple[str, str], str]
Guard = Callable[[Any, date], "str | None"]


@dataclass(frozen=True)
class Workflow:
    table: Table
    labels: Mapping[str, str] = field(default_factory=dict)
    state_attr: str = "status"
    guards: Mapping[tuple[str, str], Guard] = field(default_factory=dict)
    results: Mapping[str, str | None] | None = None
    # the refusal of a move outside the table, e.g. "任务当前状态为“{current}”，不能改为“{target}”。" (labels filled in)
    illegal_message: str | None = None

    @property
    def named(self) -> bool:
        return self.results is not None

    def state(self, obj: Any) -> str:
        return str(getattr(obj, self.state_attr))

    def permission_for(self, current: str, target: str) -> str:
        """The permission a move needs; IllegalTransition if the move is not in the table."""
        try:
            return self.table[(current, target)]
        except KeyError:
            raise self.illegal(current, target) from None

    def illegal(self, current: str, target: str) -> IllegalTransition:
        """The refusal of a move from `current` to `target`, in this workflow's words."""
        template = self.illegal_message or (
            "当前状态为“{current}”，不能执行“{target}”。" if self.named else None
        )
        message = None
        if template:
            message = template.format(
                current=self.labels.get(current, current), target=self.labels.get(target, target)
            )
        return IllegalTransition(current, target, labels=self.labels, message=message)

    def result(self, current: str, target: str) -> str:
        """The state after the move: the target itself, or for a named move its result (None keeps the state)."""
        if self.results is None:
            return target
        return self.results.get(target) or current

    def moves_from(self, current: str) -> list[str]:
        return [target for (source, target) in self.table if source == current]

    def blocker(self, obj: Any, target: str, today: date | None = None) -> str | None:
        """The guard's refusal message for this move, or None."""
        guard = self.guards.get((self.state(obj), target))
        if guard is None:
            return None
        return guard(obj, today or timezone.localdate())

    def check(self, obj: Any, target: str, by: Any, today: date | None = None) -> None:
        """Raise IllegalTransition, PermissionDenied or Refused unless `by` may move `obj` to `target` now."""
        perm = self.permission_for(self.state(obj), target)
        if by is not None:
            require(by, perm, obj)
        message = self.blocker(obj, target, today)
        if message:
            raise Refused(message)

    def apply(self, obj: Any, target: str, by: Any, today: date | None = None) -> str:
        """`check`, then set the new state on `obj` (the caller saves it); returns the state before."""
        before = self.state(obj)
        self.check(obj, target, by, today)
        setattr(obj, self.state_attr, self.result(before, target))
        return before

    def available_moves(self, obj: Any, user: Any, today: date | None = None) -> list[str]:
        """Targets `user` may move `obj` to now: in the table, permitted, and not blocked by a guard."""
        current = self.state(obj)
        day = today or timezone.localdate()
        moves = []
        for (source, target), perm in self.table.items():
            if source != current or not can(user, perm, obj):
                continue
            if self.blocker(obj, target, day):
                continue
            moves.append(target)
        return moves
