"""Readers for ZWGK_* environment variables that fail loudly on a bad value.

Every setting the platform reads from the environment goes through one of these
functions, so that a wrong value stops start-up with one message naming the
variable, in Chinese and English (README: 配置 / Configuration).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class ConfigError(ImproperlyConfigured):
    """A ZWGK_* variable is missing or malformed."""

    def __init__(self, name: str, zh: str, en: str) -> None:
        self.name = name
        super().__init__(f"配置错误 {name}：{zh}\nConfiguration error in {name}: {en}")


def _raw(name: str, env: Mapping[str, str] | None = None) -> str | None:
    return (env if env is not None else os.environ).get(name)


def env_str(name: str, default: str, env: Mapping[str, str] | None = None) -> str:
    value = _raw(name, env)
    return default if value is None else value.strip()


def env_bool(name: str, default: bool, env: Mapping[str, str] | None = None) -> bool:
    value = _raw(name, env)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ConfigError(
        name, f"应为 1/0、true/false，实际为 “{value}”", f"expected 1/0 or true/false, got {value!r}"
    )


def env_int(
    name: str,
    default: int,
    env: Mapping[str, str] | None = None,
    *,
    minimum: int | None = None,
) -> int:
    value = _raw(name, env)
    if value is None or value.strip() == "":
        return default
    try:
        number = int(value.strip())
    except ValueError:
        raise ConfigError(
            name, f"应为整数，实际为 “{value}”", f"expected an integer, got {value!r}"
        ) from None
    if minimum is not None and number < minimum:
        raise ConfigError(name, f"不能小于 {minimum}", f"must be at least {minimum}")
    return number


def env_list(name: str, default: list[str], env: Mapping[str, str] | None = None) -> list[str]:
    value = _raw(name, env)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_path(name: str, default: Path, env: Mapping[str, str] | None = None) -> Path:
    value = _raw(name, env)
    return Path(value).expanduser().resolve() if value else default


def database_config(url: str, name: str = "ZWGK_DATABASE_URL") -> dict[str, object]:
    """Parse a database URL into Django's DATABASES entry.

    Only SQLite and PostgreSQL are supported: the embedded default and production.
    """
    import dj_database_url

    if "://" not in url:
        raise ConfigError(
            name,
            f"数据库地址格式不正确：“{url}”，应形如 sqlite:////路径/zwgk.sqlite3 或 postgres://用户@主机:5432/库名",
            f"malformed database URL {url!r}; expected sqlite:////path/zwgk.sqlite3 or "
            "postgres://user@host:5432/dbname",
        )
    try:
        config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))
    except Exception as exc:  # noqa: BLE001  (dj_database_url raises several types: all become ConfigError)
        raise ConfigError(
            name, f"无法解析数据库地址：“{url}”（{exc}）", f"cannot parse database URL {url!r} ({exc})"
        ) from None
    engine = str(config.get("ENGINE", ""))
    if engine.endswith("sqlite3"):
        # Kept open between requests like PostgreSQL's (60 s): a new connection runs the four PRAGMAs below, about
        # 2 ms of every uncached page (issue 22). `zwgk restore` writes into the live file with SQLite's backup
        # API, which open connections see; the health check is PostgreSQL's (SQLite's is always usable).
        config["CONN_MAX_AGE"] = 60
        config.pop("CONN_HEALTH_CHECKS", None)
        # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at the start
        # of a transaction so that concurrent writers queue instead of failing half-way.
        config["OPTIONS"] = {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
                "PRAGMA busy_timeout=10000;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    elif engine.endswith("postgresql"):
        if not config.get("NAME"):
            raise ConfigError(name, "PostgreSQL 地址缺少数据库名", "PostgreSQL URL lacks a database name")
    else:
        raise ConfigError(
            name,
            f"不支持的数据库类型：“{url.split('://')[0]}”，仅支持 sqlite 和 postgres",
            f"unsupported database scheme {url.split('://')[0]!r}; use sqlite or postgres",
        )
    return config
