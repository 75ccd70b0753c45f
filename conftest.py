"""Shared test fixtures: personas, factories, and test-only helpers (see zwgk/testing.py).

zwgk.testdata is loaded as a plugin: with CI=true it fails any skip whose reason has no [postgresql]/[sqlite] tag.
"""

from zwgk.testing import *  # noqa: F403  (fixtures are discovered by name)

pytest_plugins = ["zwgk.testdata"]
