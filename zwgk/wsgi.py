"""WSGI entry point for gunicorn: `gunicorn zwgk.wsgi:application` (`zwgk serve` adds `--preload`).

Loaded once in gunicorn's master with `--preload`: besides Django itself, the URLconf (every view module) and the
search lexicon are loaded here, so forked workers share them and no request pays for them (issue 22 item 5).
"""

import logging
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zwgk.settings")

application = get_wsgi_application()


def _warm_up() -> None:
    from django.db import connections
    from django.urls import get_resolver

    try:
        from zwgk.core.lazy import load_views

        # Every URLconf and view module now (the URLconfs name their views by path), before the workers fork.
        load_views(get_resolver().url_patterns)
        from zwgk.search.dictionary import warm_up

        warm_up()
    except Exception:  # an unmigrated database must not stop the server from starting
        logging.getLogger(__name__).warning("warm-up skipped", exc_info=True)
    finally:
        connections.close_all()  # nothing opened here may be shared by the forked workers


_warm_up()
