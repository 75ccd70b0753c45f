"""Issue 15/22: `zwgk --help` lists every management command without setting Django up, well under a second."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from django.core.management import get_commands

from zwgk.cli import command_names


def test_the_fast_help_lists_exactly_the_commands_django_finds():
    listed = {name for names in command_names().values() for name in names}
    assert listed == set(get_commands())
    assert {"serve", "migrate", "search-index", "demo"} <= listed


def test_help_does_not_set_django_up(tmp_path):
    env = {**os.environ, "ZWGK_DATA_DIR": str(tmp_path), "ZWGK_DEBUG": "1", "ZWGK_TESTING": "0"}
    code = (
        "import sys, time; start = time.process_time(); from zwgk.cli import main; main(['--help']); "
        "import django.apps; print('ready', django.apps.apps.ready, time.process_time() - start)"
    )
    started = time.monotonic()
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert "[core]" in out and "    serve" in out
    ready, cpu = out.strip().splitlines()[-1].split()[1:]
    assert ready == "False"  # no django.setup(): the apps were never loaded
    assert float(cpu) < 1.0, (cpu, time.monotonic() - started)
