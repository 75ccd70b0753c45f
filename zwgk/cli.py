"""The `zwgk` console script: Django's management commands with zwgk's settings.

`zwgk migrate`, `zwgk serve`, `zwgk demo load`, `zwgk <any command>`.
"""

from __future__ import annotations

import os
import sys

HELP_ARGS: tuple[list[str], ...] = ([], ["help"], ["--help"], ["-h"])
# The query commands read and print; after a successful run they leave without Python's teardown of some 900
# modules and the segmenter (0.1 s of a 1 s command, issue 15 item 6). Output is flushed, logging shut down and
# database connections closed first, so nothing is lost; any other command, and any failure, exits normally.
QUICK_EXIT_COMMANDS = frozenset({"search", "ask"})


def _quick_exit() -> None:
    import contextlib
    import logging

    from django.db import connections

    connections.close_all()
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        # OSError: a reader that stopped early (`zwgk search … | head`): nothing left to deliver
        with contextlib.suppress(OSError):
            stream.flush()
    os._exit(0)


def command_names() -> dict[str, list[str]]:
    """Management commands per app, found on disk from INSTALLED_APPS without setting Django up (what
    `django.core.management.get_commands` finds after setup)."""
    import importlib.util
    import pkgutil
    from pathlib import Path

    from django.conf import settings

    found: dict[str, list[str]] = {}

    def scan(label: str, package_dir: Path) -> None:
        commands = package_dir / "management" / "commands"
        if commands.is_dir():
            names = [m.name for m in pkgutil.iter_modules([str(commands)]) if not m.name.startswith("_")]
            if names:
                found[label] = sorted(names)

    import django.core

    scan("django", Path(django.core.__file__).parent)
    for entry in settings.INSTALLED_APPS:
        name = entry
        spec = None
        while name and spec is None:
            try:
                spec = importlib.util.find_spec(name)
            except (ImportError, ValueError):
                spec = None
            if spec is None or not spec.submodule_search_locations:
                spec = None
                name = name.rpartition(".")[0]
        if spec is not None and spec.submodule_search_locations:
            scan(name.rpartition(".")[2], Path(next(iter(spec.submodule_search_locations))))
    return found


def print_help() -> None:
    """`zwgk --help` in well under a second: the command list without `django.setup()` (issue 15/22)."""
    lines = [
        "",
        "用法 / usage: zwgk <子命令> [选项]",
        "“zwgk help <子命令>” 查看某个子命令的说明 / for help on a specific subcommand.",
        "",
        "可用子命令 / available subcommands:",
    ]
    for label, names in command_names().items():
        lines.append("")
        lines.append(f"[{label}]")
        lines.extend(f"    {n}" for n in names)
    print("\n".join(lines))


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zwgk.settings")
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["serve"]:
        # The supervisor only starts gunicorn and the worker: it needs no Django (issue 22, cold start).
        from zwgk.serving import main as serve_main

        serve_main(args[1:])
        return
    from django.core.exceptions import ImproperlyConfigured

    try:
        from django.conf import settings

        settings.INSTALLED_APPS  # noqa: B018  (evaluates the settings module now)
        if args in HELP_ARGS:
            print_help()
            return
    except ImproperlyConfigured as exc:
        if args[:1] == ["scan"]:
            # `zwgk scan` also works on a workstation without the platform's configuration (built-in lexicon).
            from zwgk.screening.cli import main as scan_main

            raise SystemExit(scan_main(args[1:])) from None
        print(str(exc), file=sys.stderr)
        raise SystemExit(2) from None

    from django.core.management import execute_from_command_line
    from django.db import DatabaseError

    try:
        execute_from_command_line(["zwgk", *args])
    except Exception as exc:
        from zwgk.core.degraded import command_failure_message, is_storage_failure

        if isinstance(exc, DatabaseError) and _not_migrated(exc):
            print(
                "数据库尚未建立或不是最新结构，请先运行 zwgk migrate / "
                f"the database is not migrated: run zwgk migrate first ({exc})",
                file=sys.stderr,
            )
            raise SystemExit(2) from None
        if not is_storage_failure(exc):
            raise
        # A full disk or an unreachable database: a message in Chinese and English, never a traceback.
        print(command_failure_message(exc), file=sys.stderr)
        raise SystemExit(1) from None
    if args[:1] and args[0] in QUICK_EXIT_COMMANDS and argv is None:
        _quick_exit()


def _not_migrated(exc: Exception) -> bool:
    """A missing table or column: SQLite and PostgreSQL word it differently."""
    text = str(exc).lower()
    return any(
        marker in text
        for marker in ("no such table", "no such column", "does not exist", "has no column named")
    )


if __name__ == "__main__":
    main()
