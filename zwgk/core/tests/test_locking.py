"""Row locks take the row itself only. `select_for_update()` with `select_related()` locks every joined row too
(the agency of each task, the parent of each column) and PostgreSQL refuses it outright when a join is an outer
join (a nullable foreign key: "FOR UPDATE cannot be applied to the nullable side of an outer join"); SQLite
ignores locks, so only the PostgreSQL pass would see it. Every such chain names `of=("self",)`."""

from __future__ import annotations

import ast
from pathlib import Path

ZWGK = Path(__file__).resolve().parents[2]


def _chain_methods(node: ast.AST) -> list[ast.Call]:
    calls = []
    while isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        calls.append(node)
        node = node.func.value
    return calls


def unlocked_joins(source: str) -> list[int]:
    """Lines where a query chain has select_related() and a select_for_update() without `of=`."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        calls = _chain_methods(node)
        names = {c.func.attr: c for c in calls if isinstance(c.func, ast.Attribute)}
        lock = names.get("select_for_update")
        if lock is not None and "select_related" in names and not any(k.arg == "of" for k in lock.keywords):
            lines.append(lock.lineno)
    return sorted(set(lines))


def test_the_checker_sees_both_forms():
    assert unlocked_joins("X.objects.select_for_update().select_related('a').get(pk=1)") == [1]
    assert unlocked_joins("X.objects.select_related('a').select_for_update().get(pk=1)") == [1]
    assert unlocked_joins("X.objects.select_for_update(of=('self',)).select_related('a').get(pk=1)") == []
    assert unlocked_joins("X.objects.select_for_update().get(pk=1)") == []


def test_no_lock_reaches_joined_rows():
    found = [
        f"{path.relative_to(ZWGK.parent)}:{line}"
        for path in sorted(ZWGK.rglob("*.py"))
        if "select_for_update" in (text := path.read_text(encoding="utf-8"))
        for line in unlocked_joins(text)
    ]
    assert found == []
