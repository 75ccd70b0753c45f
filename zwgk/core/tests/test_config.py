"""Configuration from environment variables: clear messages for bad values; production passes check --deploy."""

import os
import subprocess
import sys

import pytest

from zwgk.config import ConfigError, database_config, env_bool, env_int


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ZWGK_")}
    clean.update(env)
    clean["ZWGK_TESTING"] = "0"
    return subprocess.run(
        [sys.executable, "-m", "zwgk.cli", *args], env=clean, capture_output=True, text=True, timeout=120
    )


def test_malformed_database_url_names_the_variable_in_chinese_and_english():
    with pytest.raises(ConfigError) as err:
        database_config("not a url")
    assert "ZWGK_DATABASE_URL" in str(err.value)
    assert "数据库地址格式不正确" in str(err.value)
    assert "malformed database URL" in str(err.value)


def test_unsupported_database_is_refused():
    with pytest.raises(ConfigError, match="mysql"):
        database_config("mysql://root@localhost/zwgk")


def test_sqlite_runs_in_wal_mode_with_immediate_transactions():
    config = database_config("sqlite:////tmp/x.sqlite3")
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_bool_and_int_readers_reject_garbage():
    with pytest.raises(ConfigError, match="ZWGK_DEBUG"):
        env_bool("ZWGK_DEBUG", False, {"ZWGK_DEBUG": "perhaps"})
    with pytest.raises(ConfigError, match="ZWGK_SESSION_AGE"):
        env_int("ZWGK_SESSION_AGE", 1, {"ZWGK_SESSION_AGE": "8h"})
    assert env_bool("ZWGK_DEBUG", False, {"ZWGK_DEBUG": "Yes"}) is True


def test_startup_without_secret_key_in_production_stops_with_one_message(tmp_path):
    result = run_cli("check", env={"ZWGK_DATA_DIR": str(tmp_path)})
    assert result.returncode == 2
    assert "ZWGK_SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr


def test_startup_with_malformed_database_url_stops_with_one_message(tmp_path):
    result = run_cli(
        "check", env={"ZWGK_DATA_DIR": str(tmp_path), "ZWGK_DEBUG": "1", "ZWGK_DATABASE_URL": "postgres//x"}
    )
    assert result.returncode == 2
    assert "ZWGK_DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_deploy_passes_with_production_settings(tmp_path):
    env = {
        "ZWGK_DATA_DIR": str(tmp_path),
        "ZWGK_SECRET_KEY": "p" * 30 + "Q7-x_9" * 6,
        "ZWGK_ALLOWED_HOSTS": "zwgk.example.gov.cn",
        "ZWGK_DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
        "ZWGK_REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    result = run_cli("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
