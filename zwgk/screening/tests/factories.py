"""Generators of valid and invalid identifiers for screening tests (no real person's data)."""

from __future__ import annotations

from zwgk.screening import checks


def id18(region: str = "120110", birth: str = "19850612", seq: str = "123") -> str:
    body = region + birth + seq
    return body + checks.id_check_char(body)


def bad_check(value: str) -> str:
    """The same ID with a wrong check character."""
    wrong = next(c for c in "0123456789X" if c != value[-1])
    return value[:-1] + wrong


def uscc(body17: str = "91120110MA05XJ4R0") -> str:
    check = checks.uscc_check_char(body17)
    assert check is not None
    return body17 + check


def luhn_complete(prefix: str, length: int) -> str:
    """`prefix` padded with zeros to length-1 digits plus the Luhn check digit."""
    body = prefix + "0" * (length - 1 - len(prefix))
    for digit in "0123456789":
        if checks.luhn_ok(body + digit):
            return body + digit
    raise AssertionError("unreachable")
