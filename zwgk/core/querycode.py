"""Numbers plus private query codes for things the public submits (依申请公开 applications, 互动交流 messages).

The visitor gets the code once, on the page after submitting; only a SHA-256 hash of (number, code) is stored, so
neither the database nor a backup can show it again. A lookup hashes what the visitor typed.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

QUERY_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: codes are read aloud and typed


def hash_query_code(number: str, code: str) -> str:
    normalised = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(f"zwgk-query|{number}|{normalised}".encode()).hexdigest()


def new_query_code() -> str:
    raw = "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def query_code_matches(number: str, code: str, stored_hash: str) -> bool:
    return bool(stored_hash) and hmac.compare_digest(hash_query_code(number, code), stored_hash)
