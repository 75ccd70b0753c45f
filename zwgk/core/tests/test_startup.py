"""Start-up cost (issue 15, item 6): every `zwgk` command and the web process set Django up, so the document
libraries (python-docx, reportlab, openpyxl, pypdf, Pillow, segno) are imported only where a document is made or
read (the views that make them import them inside). A module-level import of one of them on the way from an app's `ready()` shows up here by its chain.

`django.setup()` itself imports models, not behaviour: the apps' hooks name their providers, receivers and sources
by path (zwgk.core.lazy), the periodic tasks reach the worker through run_huey's discovery, and huey is imported
without the Redis and PostgreSQL drivers when the configuration uses neither (zwgk.core.drivers)."""

from __future__ import annotations

import json
from pathlib import Path

from zwgk.testing import run_python

HEAVY = ("docx", "reportlab", "openpyxl", "pypdf", "PIL", "segno", "pdfplumber", "easyofd")

PROBE = """
import json, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zwgk.settings")
import django
django.setup()
from django.core.management import load_command_class
from django.urls import get_resolver
for name, app in (("search", "zwgk.search"), ("ask", "zwgk.qa")):
    load_command_class(app, name)
get_resolver().url_patterns  # the whole URLconf: `zwgk ask` reverses links, the web process serves them
print(json.dumps(sorted({m.split(".")[0] for m in sys.modules} & set(sys.argv[1:]))))
"""


def test_setting_django_up_and_loading_the_urls_and_commands_imports_no_document_library(tmp_path):
    result = run_python(PROBE, *HEAVY, data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


SETUP_ONLY = """
import json, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zwgk.settings")
import django
django.setup()
print(json.dumps(sorted(sys.modules)))
"""

# What `django.setup()` must not import on the embedded default (SQLite, no Redis): behaviour modules of the apps
# (imported when a request, a command or the worker uses them) and the unused drivers.
BEHAVIOUR = (".actions", ".tasks", ".views", ".api", ".forms", ".services", ".inbox", ".sitemaps")
DRIVERS = ("redis", "psycopg", "urllib.request")


def test_setting_django_up_imports_models_not_behaviour_or_unused_drivers(tmp_path):
    result = run_python(SETUP_ONLY, data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert "zwgk.documents.models" in loaded  # the probe did set up
    behaviour = [
        m for m in loaded if m.startswith("zwgk.") and any(m.endswith(b) or f"{b}." in m for b in BEHAVIOUR)
    ]
    assert behaviour == [], "imported at start-up (name them with zwgk.core.lazy in hooks.py)"
    assert [m for m in loaded if m in DRIVERS] == []


def test_with_postgresql_configured_huey_still_sees_psycopg(tmp_path):
    probe = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'zwgk.settings'; "
        "from django.conf import settings; settings.INSTALLED_APPS; import huey.storage as s; "
        "print(s.psycopg is not None, s.Redis is None)"
    )
    result = run_python(probe, data_dir=tmp_path, env={"ZWGK_DATABASE_URL": "postgres://u@127.0.0.1:1/x"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True"]


def test_the_quick_exit_of_the_query_commands_delivers_all_output(tmp_path):
    """`zwgk search` / `zwgk ask` leave with os._exit after success: buffered output must still arrive whole."""
    probe = (
        "import os, sys; os.environ['DJANGO_SETTINGS_MODULE'] = 'zwgk.settings'; import django; django.setup(); "
        "from zwgk.cli import _quick_exit; sys.stdout.write('结果' * 50000 + '\\nend\\n'); "
        "sys.stderr.write('note\\n'); _quick_exit(); print('never')"
    )
    result = run_python(probe, data_dir=tmp_path)
    assert result.returncode == 0
    assert result.stdout == "结果" * 50000 + "\nend\n"
    assert result.stderr == "note\n"


WORKER_PROBE = """
import importlib, json, os, pathlib, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zwgk.settings")
import django
django.setup()
from django.utils.module_loading import autodiscover_modules
from huey.contrib.djhuey import HUEY
autodiscover_modules("tasks")  # what run_huey does before the consumer starts
found = set(HUEY._registry._registry)
# every module of zwgk/ that defines a huey task (by decorator name), imported now: nothing new may appear
root = pathlib.Path(sys.argv[1])
for path in root.rglob("*.py"):
    if "tests" in path.parts or "migrations" in path.parts:
        continue
    text = path.read_text(encoding="utf-8")
    if "db_task" in text or "periodic_task" in text:
        importlib.import_module(".".join(path.relative_to(root.parent).with_suffix("").parts))
after = set(HUEY._registry._registry)
print(json.dumps({"discovered": len(found), "missed": sorted(after - found)}))
"""


def test_the_worker_finds_every_huey_task_through_its_tasks_discovery(tmp_path):
    """Hooks no longer import `tasks` modules: the worker registers a task only if run_huey's discovery of each
    app's tasks.py reaches it (a task defined elsewhere must be imported by that app's tasks.py)."""
    root = Path(__file__).resolve().parents[2]  # the zwgk package
    result = run_python(WORKER_PROBE, str(root), data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["discovered"] >= 25  # the periodic and queued tasks of the apps
    assert report["missed"] == []
