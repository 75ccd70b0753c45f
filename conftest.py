"""Shared test fixtures: personas, factories, and test-only helpers (see zwgk/testing.py)."""

from zwgk.testing import *  # noqa: F403  (fixtures are discovered by name)
