import shutil

import pytest


@pytest.fixture(autouse=True)
def media_dir(settings, tmp_path):
    """Uploaded files go to a per-test directory."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    yield
    shutil.rmtree(tmp_path / "media", ignore_errors=True)


@pytest.fixture(autouse=True)
def default_themes(request):
    """The theme taxonomy comes from a data migration; a transactional test (PostgreSQL) flushes it, so tests
    that use the database get it back."""
    if request.node.get_closest_marker("django_db") is None:
        yield
        return
    marker = request.node.get_closest_marker("django_db")
    request.getfixturevalue("transactional_db" if marker.kwargs.get("transaction") else "db")
    from zwgk.documents.demo import ensure_default_themes

    ensure_default_themes()
    yield
