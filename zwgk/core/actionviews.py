"""One dispatch for workspace pages whose POST buttons run action functions.

A view builds a mapping from the button's `action` value to a step: a callable that takes the request, calls one
action function and returns the success message (or an HttpResponse, e.g. a form re-rendered with errors).
`run_action` picks the step, turns `Refused` into an error message (with its problems), lets PermissionDenied
through as 403, answers 400 for an unknown action, and redirects back on success — so no view writes its own
if/elif chain or try/except around actions.

A page whose buttons come with forms (typed text that must not be lost) passes `on_refused`: the refusal is then
handed to it — typically to add the message to the form and re-render the page — instead of a redirect.

    def record_action(request, pk):
        record = access.record_for_staff(request.user, pk)
        return run_action(request, {
            "submit": lambda r: (actions.submit_for_legal_review(record, by=r.user), "已提交保密审查。")[1],
            "withdraw": lambda r: withdraw_step(r, record),
        }, redirect_to=record.workspace_url())
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect

from zwgk.core.errors import Refused

Step = Callable[[HttpRequest], "str | HttpResponse | None"]


def refusal_text(exc: Refused) -> str:
    """The message and its problems as one line for `messages.error`."""
    if not exc.problems:
        return exc.message
    return exc.message + " " + "；".join(exc.problems)


def run_action(
    request: HttpRequest,
    steps: Mapping[str, Step],
    *,
    redirect_to: str,
    key: str = "action",
    name: str | None = None,
    on_refused: Callable[[Refused], HttpResponse] | None = None,
) -> HttpResponse:
    """Run the step named by the POST field `key` (or by `name`, when the URL carries the step's name)."""
    step = steps.get(request.POST.get(key, "") if name is None else name)
    if step is None:
        return HttpResponseBadRequest("未知操作。".encode())
    try:
        outcome = step(request)
    except Refused as exc:
        if on_refused is not None:
            return on_refused(exc)
        messages.error(request, refusal_text(exc))
        return redirect(redirect_to)
    if isinstance(outcome, HttpResponse):
        return outcome
    if outcome:
        messages.success(request, outcome)
    return redirect(redirect_to)
