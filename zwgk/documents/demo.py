"""Demo data of the catalogue (filled in below)."""

from zwgk.core.registry import DemoContext


def load(ctx: DemoContext) -> None:
    pass
