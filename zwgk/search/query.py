"""From a typed query to a match expression both backends understand (pure: no Django import).

A query becomes a conjunction of *groups*; a group is a disjunction of *alternatives* (the word itself, its
synonyms, and for a long word the shorter words inside it); an alternative is a conjunction of tokens.
Tokens contain only letters and digits, so rendering them into FTS5 or tsquery syntax can never inject
operators: `"`, `*`, `NEAR`, `:` and SQL fragments typed by a visitor are plain words or nothing at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from zwgk.search.segmenter import Segmenter
from zwgk.search.text import clean_query, clean_token, is_cjk, normalize

MAX_GROUPS = 12
# Words that say little about what is asked (办理, 规定 …): they count for less in coverage and in deciding
# whether a loose result set is good enough.
_GENERIC = (
    "政策 规定 办理 相关 问题 情况 条件 材料 流程 手续 标准 具体 办法 要求 时间 部门 单位 申请 领取 享受 "
    "有关 方面 内容 程序 办 去 找 交 拿 用 做"
)
GENERIC_WORDS = frozenset(_GENERIC.split())


@dataclass(frozen=True)
class Term:
    token: str


@dataclass(frozen=True)
class AllOf:
    parts: tuple[Expr, ...]


@dataclass(frozen=True)
class AnyOf:
    parts: tuple[Expr, ...]


Expr = Term | AllOf | AnyOf


def _simplify(expr: Expr) -> Expr:
    if isinstance(expr, AllOf | AnyOf):
        parts: list[Expr] = []
        for part in expr.parts:
            part = _simplify(part)
            if part not in parts:
                parts.append(part)
        if len(parts) == 1:
            return parts[0]
        return type(expr)(tuple(parts))
    return expr


def tokens_of(expr: Expr) -> list[str]:
    if isinstance(expr, Term):
        return [expr.token]
    return [t for part in expr.parts for t in tokens_of(part)]


def render_fts5(expr: Expr) -> str:
    if isinstance(expr, Term):
        return f'"{expr.token}"'
    joiner = " AND " if isinstance(expr, AllOf) else " OR "
    return "(" + joiner.join(render_fts5(p) for p in expr.parts) + ")"


def render_tsquery(expr: Expr) -> str:
    if isinstance(expr, Term):
        return f"'{expr.token}'"
    joiner = " & " if isinstance(expr, AllOf) else " | "
    return "(" + joiner.join(render_tsquery(p) for p in expr.parts) + ")"


def split_terms(text: str) -> list[str]:
    """Words of a synonym line: separated by commas, 顿号, semicolons or spaces; normalised, unique."""
    seen: list[str] = []
    for part in re.split(r"[,，、;；\s]+", text or ""):
        word = normalize(part).strip()
        if word and clean_token(word) and word not in seen:
            seen.append(word)
    return seen


def query_key(text: str) -> str:
    """The form a query is counted and matched against best bets in."""
    cleaned, _ = clean_query(text)
    return cleaned


@dataclass
class SynonymMap:
    """term → the other words a query for it also finds."""

    expansions: dict[str, list[str]] = field(default_factory=dict)
    longest: int = 0

    @classmethod
    def build(cls, groups: Iterable[tuple[Sequence[str], bool]]) -> SynonymMap:
        mapping = cls()
        for terms, one_way in groups:
            words = [w for w in (normalize(t).strip() for t in terms) if w]
            if len(words) < 2:
                continue
            heads = words[:1] if one_way else words
            for head in heads:
                targets = mapping.expansions.setdefault(head, [])
                for word in words:
                    if word != head and word not in targets:
                        targets.append(word)
                mapping.longest = max(mapping.longest, len(head))
        return mapping

    def words(self) -> set[str]:
        found = set(self.expansions)
        for targets in self.expansions.values():
            found.update(targets)
        return found

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """Non-overlapping (start, end, term) of synonym heads in `text`, longest first at each position."""
        result: list[tuple[int, int, str]] = []
        i = 0
        while i < len(text):
            hit = None
            for length in range(min(self.longest, len(text) - i), 1, -1):
                candidate = text[i : i + length]
                if candidate in self.expansions:
                    hit = candidate
                    break
            if hit is not None and _on_word_boundary(text, i, i + len(hit)):
                result.append((i, i + len(hit), hit))
                i += len(hit)
            else:
                i += 1
        return result


def _on_word_boundary(text: str, start: int, end: int) -> bool:
    """ASCII terms (12345, ppp) must not match inside a longer run of letters or digits."""
    if all(is_cjk(ch) for ch in text[start:end]):
        return True
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalnum())


@dataclass
class QueryPlan:
    text: str
    groups: list[Expr]
    optional: list[Expr]
    highlight_terms: list[str]
    truncated: bool = False

    @property
    def empty(self) -> bool:
        return not self.groups

    def expression(self, mode: str = "all") -> Expr:
        parts = tuple(self.groups) if mode == "all" else tuple(self.groups + self.optional)
        return _simplify(AllOf(parts) if mode == "all" else AnyOf(parts))

    def fts5(self, mode: str = "all") -> str:
        expr = self.expression(mode)
        rendered = render_fts5(expr)
        return rendered

    def tsquery(self, mode: str = "all") -> str:
        return render_tsquery(self.expression(mode))


def _unit(segmenter: Segmenter, token: str) -> Expr:
    parts = segmenter.parts(token)
    if parts:
        return AnyOf((Term(token), AllOf(tuple(Term(p) for p in parts))))
    return Term(token)


def _phrase(segmenter: Segmenter, phrase: str) -> Expr | None:
    tokens = segmenter.query_tokens(phrase) or [clean_token(phrase)]
    tokens = [t for t in tokens if t]
    if not tokens:
        return None
    if len(tokens) == 1:
        return _unit(segmenter, tokens[0])
    return AllOf(tuple(_unit(segmenter, t) for t in tokens))


def _is_weak(token: str) -> bool:
    """A single Chinese character or digit: too common to be required when stronger words are present."""
    return len(token) == 1


def build_plan(raw: str, segmenter: Segmenter, synonyms: SynonymMap | None = None) -> QueryPlan:
    text, truncated = clean_query(raw)
    synonyms = synonyms or SynonymMap()
    groups: list[Expr] = []
    optional: list[Expr] = []
    highlight: list[str] = []
    cursor = 0
    pieces: list[tuple[str, str]] = []  # ("syn", term) or ("text", gap)
    for start, end, term in synonyms.spans(text):
        if start > cursor:
            pieces.append(("text", text[cursor:start]))
        pieces.append(("syn", term))
        cursor = end
    if cursor < len(text):
        pieces.append(("text", text[cursor:]))
    for kind, value in pieces:
        if kind == "syn":
            alternatives = [value, *synonyms.expansions.get(value, [])]
            exprs = [e for e in (_phrase(segmenter, alt) for alt in alternatives) if e is not None]
            if exprs:
                groups.append(_simplify(AnyOf(tuple(exprs))))
                highlight.extend(alternatives)
            continue
        for token in segmenter.query_tokens(value):
            if _is_weak(token):
                optional.append(Term(token))
                highlight.append(token)
                continue
            groups.append(_simplify(_unit(segmenter, token)))
            highlight.append(token)
    if not groups and optional:
        groups, optional = optional, []
    unique: list[Expr] = []
    for group in groups:
        if group not in unique:
            unique.append(group)
    return QueryPlan(
        text=text,
        groups=unique[:MAX_GROUPS],
        optional=optional[:MAX_GROUPS],
        highlight_terms=highlight,
        truncated=truncated,
    )
