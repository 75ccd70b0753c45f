"""The hostile-input suites publish through the documents workflow alone (as the documents tests do)."""

from zwgk.documents.tests.conftest import default_themes, media_dir  # noqa: F401
