"""The framework ceiling of bench/serving.py: a bare Django 5.2 project, one view returning a page's bytes from
memory, no middleware, no database — run under the same gunicorn flags as `zwgk serve`.

    BARE_PAGE=/path/to/page.html gunicorn --chdir bench bare_django:application --preload …
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-only-" + "x" * 50,
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    USE_TZ=True,
)

import django  # noqa: E402

django.setup()

from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.urls import re_path  # noqa: E402

PAGE = Path(os.environ.get("BARE_PAGE", "")).read_bytes() if os.environ.get("BARE_PAGE") else b"ok" * 9000


def page(request: HttpRequest) -> HttpResponse:
    return HttpResponse(PAGE, content_type="text/html; charset=utf-8")


urlpatterns = [re_path(r"", page)]

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
