"""Start-up cost (issue 15, item 6): every `zwgk` command and the web process set Django up, so the document
libraries (python-docx, reportlab, openpyxl, pypdf, Pillow, segno) are imported only where a document is made or
read (the views that make them import them inside). A module-level import of one of them on the way from an app's `ready()` shows up here by its chain."""

from __future__ import annotations

import json
import os
import subprocess
import sys

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
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZWGK_")}
    env.update({"ZWGK_DATA_DIR": str(tmp_path), "ZWGK_DEBUG": "1"})
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *HEAVY], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []
