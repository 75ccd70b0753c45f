"""The short public profile form: the registry's fields for one kind, read from POST data into a profile."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from zwgk.policymatch.conditions import ConditionError, ProfileField, Registry, parse_profile


@dataclass
class FormField:
    field: ProfileField
    name: str
    value: str
    error: str = ""

    @property
    def widget(self) -> str:
        if self.field.type in ("choice", "bool"):
            return "select"
        return {"int": "number", "number": "number", "date": "date"}.get(self.field.type, "text")

    @property
    def options(self) -> list[tuple[str, str]]:
        if self.field.type == "bool":
            return [("true", "是"), ("false", "否")]
        return [(k, self.field.choice_label(k)) for k in self.field.choices or {}]


def raw_value(f: ProfileField, text: str) -> Any:
    """The JSON-like value of one form entry (typed as the profile JSON would be); errors are left to
    parse_profile, which names the field."""
    if f.type == "bool":
        return {"true": True, "false": False}.get(text, text)
    if f.type in ("int", "number"):
        try:
            number = float(text)
        except ValueError:
            return text
        return int(number) if number.is_integer() and (f.type == "int" or "." not in text) else number
    return text


def read(
    reg: Registry, kind: str, data: Mapping[str, str]
) -> tuple[list[FormField], tuple[str, dict[str, Any]] | None]:
    """The form's fields (refilled from `data`) and the profile, or None when a field is wrong (error set)."""
    rows = [FormField(f, f"f_{f.key}", str(data.get(f"f_{f.key}", "")).strip()) for f in reg.for_kind(kind)]
    raw = {row.field.key: raw_value(row.field, row.value) for row in rows if row.value}
    try:
        return rows, parse_profile({"kind": kind, "fields": raw}, reg)
    except ConditionError as exc:
        by_key = {}
        for path, zh, _ in exc.problems:
            by_key[path.split("（", 1)[0]] = zh
        for row in rows:
            row.error = by_key.get(row.field.key, "")
        return rows, None
