"""Commands against a database that was never migrated say so in Chinese and English, without a traceback."""

import os
import subprocess
import sys

import pytest

from zwgk.testdata import sqlite_pass_only

pytestmark = sqlite_pass_only("the commands run on an empty SQLite file of their own")


@pytest.mark.parametrize("command", [["deadline", "--received", "2026-03-02"], ["audit", "verify"]])
def test_a_command_on_an_unmigrated_database_asks_for_migrate(tmp_path, command):
    env = {
        **os.environ,
        "ZWGK_TESTING": "0",
        "ZWGK_DEBUG": "1",
        "ZWGK_DATA_DIR": str(tmp_path),
        "ZWGK_DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "-m", "zwgk.cli", *command], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 2
    assert "请先运行 zwgk migrate" in result.stderr and "run zwgk migrate first" in result.stderr
    assert "Traceback" not in result.stderr
