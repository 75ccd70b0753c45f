"""The SQLite test database from a snapshot of a freshly migrated database instead of every migration (issue 12).

Running all migrations on an empty SQLite database costs about 14 s of CPU, nearly all of it Django rendering model
states (each of the 128 `CreateModel` operations re-renders every model related to the new one); the suite paid it
once per xdist worker and once more for the nginx-stack test's own database. Like Rails' structure.sql or Zulip's
template database, the SQLite test run instead replays `tests/data/sqlite-schema.sql`: the dump `make
test-schema` takes of a database it has just migrated for real — every table, index and trigger, the rows the data
migrations and `post_migrate` handlers wrote (content types, permissions, default themes, synonyms, …) and
`django_migrations`.

The snapshot is used only while its fingerprint holds: a hash of every migration module of every installed app,
the files those migrations import from zwgk or opened while they ran (recorded in the header) and the (pinned)
Django version. Otherwise the test database is migrated as before — slower, never wrong — and
`zwgk/core/tests/test_testdb.py` fails, naming the command to run. On a machine whose SQLite version differs from
the one recorded, the test database is migrated for real too, without a failure. The PostgreSQL pass of CI always
runs the real migrations.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import sqlite3
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT = ROOT / "tests" / "data" / "sqlite-schema.sql"
_TITLE = "-- zwgk test database: a fresh `migrate`, dumped by `make test-schema`. Generated: do not edit."
_FINGERPRINT = "-- fingerprint: "
_INPUTS = "-- inputs: "
_SQLITE = "-- sqlite: "
# The instant `make test-schema` migrates at: before any date the tests travel to.
FROZEN_AT = "2020-01-01 00:00:00+08:00"
# Tables SQLite's FTS5 creates for each virtual table: recreated by the CREATE VIRTUAL TABLE itself.
_FTS5_SHADOWS = ("data", "idx", "content", "docsize", "config")


def _migration_modules() -> dict[str, Path]:
    """Every migration module of every installed app (zwgk's, Django's contrib, third-party), by module name."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    modules: dict[str, Path] = {}
    for migration in loader.disk_migrations.values():
        name = type(migration).__module__
        modules[name] = Path(sys.modules[name].__file__ or "")
    return modules


def _zwgk_imports(path: Path) -> set[str]:
    """The zwgk modules a migration imports (at the top or inside its functions)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return {n for n in names if n.startswith("zwgk.") and ".migrations" not in n}


def _module_file(name: str) -> Path | None:
    spec = importlib.util.find_spec(name)
    return Path(spec.origin) if spec is not None and spec.origin else None


def fingerprint(inputs: Iterable[str]) -> str:
    """The hash the snapshot's header must carry for the current tree (`inputs`: repo-relative paths). Django is
    pinned, so its version is part of it; SQLite's comes from the machine and is checked apart (`usable`)."""
    import django

    digest = hashlib.sha256(f"django {django.get_version()}\n".encode())
    modules = _migration_modules()
    extra: set[Path] = {ROOT / p for p in inputs}
    for name in sorted(modules):
        path = modules[name]
        digest.update(f"\n{name}\n".encode())
        digest.update(path.read_bytes())
        if name.startswith("zwgk."):
            extra |= {f for f in map(_module_file, _zwgk_imports(path)) if f is not None}
    for path in sorted(extra):
        digest.update(f"\n{path.relative_to(ROOT).as_posix()}\n".encode())
        digest.update(path.read_bytes() if path.exists() else b"(missing)")
    return digest.hexdigest()


def _header(text: str) -> tuple[str, list[str]]:
    found, inputs = "", []
    for line in text.splitlines()[:6]:
        if line.startswith(_FINGERPRINT):
            found = line.removeprefix(_FINGERPRINT).strip()
        elif line.startswith(_INPUTS):
            inputs = line.removeprefix(_INPUTS).split()
    return found, inputs


def _sqlite_of(text: str) -> str:
    for line in text.splitlines()[:6]:
        if line.startswith(_SQLITE):
            return line.removeprefix(_SQLITE).strip()
    return ""


def staleness() -> str:
    """'' when the snapshot matches the migrations; otherwise why not (Chinese and English)."""
    if not SNAPSHOT.exists():
        return f"测试数据库快照 {SNAPSHOT.relative_to(ROOT)} 不存在 (snapshot missing)"
    found, inputs = _header(SNAPSHOT.read_text(encoding="utf-8"))
    if found != fingerprint(inputs):
        return (
            "测试数据库快照与迁移文件不一致，请运行 make test-schema "
            "(the SQLite test schema snapshot is out of date: run `make test-schema`)"
        )
    return ""


def usable() -> bool:
    """The snapshot matches the migrations and was made with this machine's SQLite: another SQLite version may
    generate other DDL, so the test database is then migrated for real (slower, not a failure)."""
    if staleness():
        return False
    return _sqlite_of(SNAPSHOT.read_text(encoding="utf-8")) == sqlite3.sqlite_version


def restore(raw: sqlite3.Connection, text: str | None = None) -> None:
    """Replay the snapshot into an empty SQLite database (one transaction; foreign keys checked at the end)."""
    script = SNAPSHOT.read_text(encoding="utf-8") if text is None else text
    raw.executescript(f"PRAGMA foreign_keys = OFF;\n{script}\nPRAGMA foreign_keys = ON;")
    problems = raw.execute("PRAGMA foreign_key_check").fetchall()
    if problems:
        raise RuntimeError(f"the schema snapshot breaks foreign keys: {problems[:5]}")


def restore_file(path: Path) -> bool:
    """A fresh database file from the snapshot when it is usable (True), for a test's own server process."""
    if not usable():
        return False
    raw = sqlite3.connect(path)
    try:
        restore(raw)
    finally:
        raw.close()
    return True


def dump(raw: sqlite3.Connection, inputs: Iterable[str] = ()) -> str:
    """The snapshot text of a migrated database: deterministic, so that its diff shows what a migration changed."""
    master = raw.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid"
    ).fetchall()
    virtual = {n for t, n, sql in master if t == "table" and sql.upper().startswith("CREATE VIRTUAL TABLE")}
    shadows = {f"{v}_{s}" for v in virtual for s in _FTS5_SHADOWS}
    tables = [
        (n, sql) for t, n, sql in master if t == "table" and n not in shadows and not n.startswith("sqlite_")
    ]
    inputs = sorted(set(inputs))
    lines = [
        _TITLE,
        _FINGERPRINT + fingerprint(inputs),
        _INPUTS + " ".join(inputs),
        _SQLITE + sqlite3.sqlite_version,
        "BEGIN;",
    ]
    lines += [f"{sql};" for _, sql in tables]
    for name, _ in tables:
        if name in virtual:
            # Table names from sqlite_master of the database being dumped, not from input.
            if raw.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]:  # noqa: S608
                raise RuntimeError(f"{name}: a fresh database's full-text table should be empty")
            continue
        columns = [row[1] for row in raw.execute(f'PRAGMA table_info("{name}")')]
        values = " || ',' || ".join(f'quote("{c}")' for c in columns)
        for (row,) in raw.execute(f'SELECT {values} FROM "{name}" ORDER BY rowid'):  # noqa: S608
            lines.append(f'INSERT INTO "{name}" VALUES({row});')
    for kind in ("index", "trigger", "view"):
        lines += [f"{sql};" for t, _, sql in master if t == kind]
    if any(n == "sqlite_sequence" for _, n, _ in master):
        lines.append("DELETE FROM sqlite_sequence;")
        for name, seq in raw.execute("SELECT name, seq FROM sqlite_sequence ORDER BY name"):
            lines.append(f"INSERT INTO sqlite_sequence(name, seq) VALUES('{name}', {seq});")
    lines.append("COMMIT;")
    return "\n".join(lines) + "\n"


def _replaying_call_command(call_command: Any) -> Any:
    def wrapped(name: Any, *args: Any, **options: Any) -> Any:
        if name == "migrate":
            from django.db import connections

            connection = connections[options.get("database", "default")]
            if connection.vendor == "sqlite" and usable():
                connection.ensure_connection()
                restore(connection.connection)
                return None
        return call_command(name, *args, **options)

    return wrapped


def install() -> None:
    """While Django creates a test database (and only then), its `migrate` of an SQLite database replays the
    snapshot when the snapshot is current; PostgreSQL, a stale snapshot and every other command run as before.
    Called by the root conftest.py in every pytest process."""
    from unittest import mock

    from django.core import management
    from django.db.backends.base.creation import BaseDatabaseCreation

    original = BaseDatabaseCreation.create_test_db

    def create_test_db(self: Any, *args: Any, **kwargs: Any) -> Any:
        with mock.patch.object(management, "call_command", _replaying_call_command(management.call_command)):
            return original(self, *args, **kwargs)

    BaseDatabaseCreation.create_test_db = create_test_db  # type: ignore[method-assign]


def _source_of(opened: str) -> Path | None:
    """The repo file behind an `open` audit event: a module's source for its cached bytecode; None outside zwgk/."""
    path = Path(opened).resolve()
    if path.suffix == ".pyc" and path.parent.name == "__pycache__":
        path = path.parent.parent / (path.name.split(".")[0] + ".py")
    zwgk = ROOT / "zwgk"
    # Not migrations (hashed anyway) nor the command packages `migrate` lists on start.
    if not path.is_relative_to(zwgk) or {"migrations", "management"} & set(path.parts) or not path.is_file():
        return None
    return path


def main() -> None:
    """`make test-schema`: migrate a new SQLite file with the test settings and write the snapshot."""
    import os
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        database = Path(tmp) / "schema.sqlite3"
        os.environ.update(
            ZWGK_TESTING="1",
            ZWGK_DATA_DIR=tmp,
            ZWGK_DATABASE_URL=f"sqlite:///{database}",
            DJANGO_SETTINGS_MODULE="zwgk.settings",
        )
        import django
        from django.core.management import call_command

        django.setup()
        opened: set[str] = set()

        def record(event: str, args: tuple[Any, ...]) -> None:
            if event == "open" and isinstance(args[0], str):
                opened.add(args[0])

        sys.addaudithook(record)
        print("migrating a new SQLite database (test settings) …", flush=True)
        import time_machine

        # The clock stands still, so that the timestamps the migrations write (django_migrations.applied, the
        # seed rows' created_at) are the same on every run and the snapshot's diff shows only real changes.
        with time_machine.travel(FROZEN_AT, tick=False):
            call_command("migrate", verbosity=0, interactive=False, run_syncdb=True)
        inputs = {p.relative_to(ROOT).as_posix() for p in map(_source_of, opened) if p is not None}
        raw = sqlite3.connect(database)
        try:
            text = dump(raw, inputs)
        finally:
            raw.close()
    SNAPSHOT.write_text(text, encoding="utf-8")
    print(f"wrote {SNAPSHOT.relative_to(ROOT)}: {len(text.splitlines())} lines, inputs {sorted(inputs)}")


if __name__ == "__main__":
    main()
