"""zwgk.core.lazy: a registration by dotted path behaves as the function it names, and every path named in an
app's hooks.py resolves (a typo would otherwise surface only when that inbox, sitemap or receiver is first used)."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.dispatch import Signal

from zwgk.core import registry
from zwgk.core.lazy import Lazy, lazy
from zwgk.testing import run_python

ZWGK = Path(__file__).resolve().parents[2]


def hooks_paths() -> list[str]:
    found = []
    for path in sorted(ZWGK.glob("*/hooks.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "lazy"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                found.append(node.args[0].value)
    return found


def test_the_hooks_name_their_registrations_by_path():
    assert len(hooks_paths()) > 50  # the walk sees them (a broken walk would pass the next test vacuously)


@pytest.mark.parametrize("path", hooks_paths())
def test_every_path_in_a_hooks_module_resolves_to_a_callable(path):
    assert callable(Lazy(path).target)


def test_a_lazy_calls_through_and_imports_only_on_first_call():
    probe = (
        "import sys; from zwgk.core.lazy import lazy; f = lazy('json:dumps'); print('json' in sys.modules); "
    )
    probe += "print(f([1]), 'json' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "[1]", "True"]


def test_same_path_is_the_same_registration():
    assert lazy("zwgk.qa.inbox:faq_tasks") == lazy("zwgk.qa.inbox:faq_tasks")
    assert lazy("zwgk.qa.inbox:faq_tasks") != lazy("zwgk.columns.inbox:column_tasks")
    assert len({lazy("a.b:c"), lazy("a.b:c")}) == 1
    assert lazy("zwgk.qa.inbox:faq_tasks") in registry._inbox_providers  # registered once, by path


def test_a_misspelt_path_fails_with_the_path_in_the_message():
    with pytest.raises(ImportError, match=re.escape("zwgk.qa.inbox:no_such_provider")):
        lazy("zwgk.qa.inbox:no_such_provider")()
    with pytest.raises(ValueError, match=re.escape("module.path:attribute")):
        lazy("zwgk.qa.inbox.faq_tasks")


def test_a_lazy_receiver_gets_the_signal_arguments():
    signal = Signal()
    signal.connect(lazy("zwgk.core.tests.test_lazy:_receiver"), weak=False, dispatch_uid="test-lazy")
    _seen.clear()
    signal.send(sender=str, instance_id=7)
    assert _seen == [(str, 7)]


_seen: list[tuple[object, object]] = []


def _receiver(sender: object, instance_id: object = None, **kwargs: object) -> None:
    _seen.append((sender, instance_id))


# ------------------------------------------------------------------ views named by path in the URLconfs


def test_loading_the_urlconf_and_reversing_imports_no_view_module_until_a_request(tmp_path):
    probe = (
        "import os, sys; os.environ['DJANGO_SETTINGS_MODULE'] = 'zwgk.settings'; import django; django.setup(); "
        "from django.urls import get_resolver, reverse; get_resolver().url_patterns; "
        "print(reverse('applications:apply'), reverse('documents:record', args=[7])); "
        "print(sorted(m for m in sys.modules if m.startswith('zwgk.') and '.views' in m)); "
        "from zwgk.core.lazy import load_views; print(load_views(get_resolver().url_patterns) > 250, "
        "'zwgk.applications.views' in sys.modules, 'zwgk.documents.views_public' in sys.modules)"
    )
    out = run_python(probe, data_dir=tmp_path)
    assert out.returncode == 0, out.stderr
    urls, imported, loaded = out.stdout.strip().splitlines()
    assert urls == "/apply/ /xxgk/records/7/"
    # accounts' LoginView.as_view() is called in its urls.py: that one module is imported, no other
    assert eval(imported) in ([], ["zwgk.accounts.views"])  # noqa: S307  (our own subprocess's output)
    assert loaded == "True True True"


@pytest.mark.django_db
def test_a_lazily_named_view_keeps_its_decorators_csrf_exemption_and_its_name():
    from django.test import Client
    from django.urls import resolve

    match = resolve("/api/qa/ask/")
    assert match.url_name == "api_ask" and match.func.__name__ == "ask_api"
    assert getattr(match.func, "csrf_exempt", False) is True  # read from the real view by the middleware
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/api/qa/ask/", {"q": "低保怎么申请"}).status_code != 403
    # and a view without the exemption still refuses a POST without the token
    assert strict.post("/accounts/login/", {"username": "x", "password": "y"}).status_code == 403


def test_a_lazy_view_survives_copy_and_pickle_without_importing():
    import copy
    import pickle

    from zwgk.core.lazy import LazyView

    view = LazyView("zwgk.core.tests.test_lazy:_receiver")
    for clone in (copy.copy(view), pickle.loads(pickle.dumps(view))):  # noqa: S301  (our own bytes)
        assert clone == view and clone._target is None
