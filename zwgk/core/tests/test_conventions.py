"""The shared conventions: refusals, transition tables with guards, the action dispatch and file serving."""

from __future__ import annotations

import io

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from zwgk.core.actionviews import run_action
from zwgk.core.errors import IllegalTransition, Refused
from zwgk.core.files import serve_protected_file
from zwgk.core.workflow import Workflow


class Thing:
    def __init__(self, status: str, ready: bool = True) -> None:
        self.status = status
        self.ready = ready


def test_refused_carries_message_and_problems():
    exc = Refused("不能提交。", ["缺少标题", "缺少文号"])
    assert str(exc) == "不能提交。" and exc.problems == ["缺少标题", "缺少文号"]
    assert isinstance(IllegalTransition("a", "b"), Refused)
    assert "“草稿”" in str(IllegalTransition("draft", "done", labels={"draft": "草稿"}))


FLOW = Workflow(
    {("draft", "review"): "documents.draft", ("review", "done"): "documents.review"},
    labels={"draft": "草稿", "review": "审查中", "done": "完成"},
    guards={("draft", "review"): lambda obj, today: None if obj.ready else "材料不全。"},
)


def test_workflow_refuses_moves_outside_the_table():
    with pytest.raises(IllegalTransition) as info:
        FLOW.check(Thing("draft"), "done", None)
    assert "“草稿”" in info.value.message and "“完成”" in info.value.message
    assert FLOW.moves_from("draft") == ["review"]


NAMED = Workflow(
    {
        ("open", "withdraw"): "documents.draft",
        ("open", "lapse"): "documents.draft",
        ("open", "note"): "documents.draft",
    },
    labels={"open": "办理中", "withdraw": "撤回", "lapse": "逾期终止"},
    guards={("open", "lapse"): lambda obj, today: None if obj.ready else "期限尚未届满。"},
    results={"withdraw": "ended", "lapse": "ended", "note": None},
)


def test_named_moves_share_a_target_with_their_own_guards():
    thing = Thing("open", ready=False)
    with pytest.raises(Refused, match="期限尚未届满"):
        NAMED.apply(thing, "lapse", None)
    assert thing.status == "open"
    assert NAMED.apply(thing, "note", None) == "open" and thing.status == "open"
    assert NAMED.apply(thing, "withdraw", None) == "open" and thing.status == "ended"
    with pytest.raises(IllegalTransition, match="不能执行“撤回”"):
        NAMED.apply(thing, "withdraw", None)


def test_workflow_guard_refuses_and_hides_the_move(db):
    with pytest.raises(Refused, match="材料不全"):
        FLOW.check(Thing("draft", ready=False), "review", None)
    FLOW.check(Thing("draft"), "review", None)  # the system passes a guard that is satisfied


@pytest.mark.django_db
def test_available_moves_follow_permission_and_guards(agency_a, drafter_a, reviewer_a):
    class Owned(Thing):
        agency_id = agency_a.pk

    assert FLOW.available_moves(Owned("draft"), drafter_a) == ["review"]
    assert FLOW.available_moves(Owned("draft", ready=False), drafter_a) == []
    with pytest.raises(PermissionDenied):
        FLOW.check(Owned("review"), "done", drafter_a)


def _request(data: dict[str, str]):
    request = RequestFactory().post("/x/", data)
    request.session = {}  # type: ignore[attr-defined]
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def test_run_action_turns_refusals_into_messages_and_rejects_unknown_actions():
    def refuse(_request):
        raise Refused("不能这样做。", ["原因一"])

    request = _request({"action": "go"})
    response = run_action(request, {"go": refuse}, redirect_to="/back/")
    assert response.status_code == 302 and response["Location"] == "/back/"
    assert [str(m) for m in request._messages] == ["不能这样做。 原因一"]
    assert run_action(_request({"action": "nope"}), {"go": refuse}, redirect_to="/").status_code == 400
    done = _request({"action": "go"})
    assert run_action(done, {"go": lambda r: "好了。"}, redirect_to="/").status_code == 302
    assert [str(m) for m in done._messages] == ["好了。"]
    custom = run_action(_request({"action": "go"}), {"go": lambda r: HttpResponse("form")}, redirect_to="/")
    assert custom.content == b"form"


def test_run_action_hands_a_refusal_to_on_refused_so_the_form_is_re_rendered():
    def refuse(_request):
        raise Refused("期限不正确。", ["不能早于今天"])

    seen = []
    request = _request({"action": "go"})
    response = run_action(
        request,
        {"go": refuse},
        redirect_to="/back/",
        on_refused=lambda exc: (seen.append(exc.problems), HttpResponse("page with form", status=200))[1],
    )
    assert response.status_code == 200 and response.content == b"page with form"
    assert seen == [["不能早于今天"]] and list(request._messages) == []  # no redirect, nothing typed is lost


def test_serve_protected_file_sets_one_set_of_headers():
    pdf = serve_protected_file(io.BytesIO(b"%PDF-1.4"), filename="答复书.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("inline; filename*=UTF-8''%E7%AD%94")
    assert pdf["Cache-Control"] == "private, no-store"
    assert pdf["X-Content-Type-Options"] == "nosniff" and "sandbox" in pdf["Content-Security-Policy"]
    docx = serve_protected_file(ContentFile(b"PK", name="a.docx"), filename="名单.docx", private=False)
    assert docx["Content-Disposition"].startswith("attachment;") and "Cache-Control" not in docx
    with pytest.raises(Http404):
        serve_protected_file(None, filename="x.pdf")


def test_registered_overrides_a_registry_and_restores_it():
    from zwgk.testing import registered

    store = {"a": 1, "b": 2}
    with registered(store, {"a": 10, "b": None, "c": 3}):
        assert store == {"a": 10, "c": 3}
        store["d"] = 4  # a registration made inside the block through the registry's own function
    assert store == {"a": 1, "b": 2}
    with registered(store, {"c": 3}, only=True):
        assert store == {"c": 3}
    panels = ["home"]
    with registered(panels, ["extra"]):
        assert panels == ["home", "extra"]
    assert panels == ["home"]
