"""The `zwgk` console script: Django's management commands with zwgk's settings.

`zwgk migrate`, `zwgk serve`, `zwgk demo load`, `zwgk <any command>`.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zwgk.settings")
    args = list(sys.argv[1:] if argv is None else argv)
    from django.core.exceptions import ImproperlyConfigured

    try:
        from django.conf import settings

        settings.INSTALLED_APPS  # noqa: B018  (evaluates the settings module now)
    except ImproperlyConfigured as exc:
        if args[:1] == ["scan"]:
            # `zwgk scan` also works on a workstation without the platform's configuration (built-in lexicon).
            from zwgk.screening.cli import main as scan_main

            raise SystemExit(scan_main(args[1:])) from None
        print(str(exc), file=sys.stderr)
        raise SystemExit(2) from None

    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["zwgk", *args])
    except Exception as exc:
        from zwgk.core.degraded import command_failure_message, is_storage_failure

        if not is_storage_failure(exc):
            raise
        # A full disk or an unreachable database: a message in Chinese and English, never a traceback.
        print(command_failure_message(exc), file=sys.stderr)
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
