"""The search service: typed query → ranked, grouped, highlighted results with facets, corrections and best bets.

Used by the public search page, the JSON API, `zwgk search` and 政策问答. Steps:

1. clean the query (full-width, traditional → simplified, emoji and control characters dropped, 100 characters);
2. an exact 文号 / 索引号 jumps to its document;
3. parse into word groups with synonyms (`zwgk.search.query`) and ask the engine for the best candidates;
4. nothing found → try the pinyin reading or a homophone correction, then a looser match (any word);
5. re-rank candidates (title coverage), compute facets and kind counts, highlight, and log the query.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.html import strip_tags

from zwgk.core.counters import bump_daily
from zwgk.search.backends import FacetRow, Filters, get_backend
from zwgk.search.dictionary import Lexicon, get_lexicon
from zwgk.search.models import KIND_ORDER, KIND_QA, BestBet, QueryStat, SearchEntry, Validity
from zwgk.search.pinyin import is_pinyin_query
from zwgk.search.query import Expr, QueryPlan, build_plan, tokens_of
from zwgk.search.text import (
    clean_query,
    doc_number_key,
    has_word_chars,
    highlight,
    looks_like_doc_number_fragment,
    looks_like_identifier,
    mask_personal,
    normalize,
    snippet,
)

# How many engine candidates are re-ranked and can be paged through.
CANDIDATES = 500
# Re-ranking: a title that contains every query word is worth up to (1 + TITLE_BONUS) times the engine score.
TITLE_BONUS = 2.0
EXACT_TITLE_BONUS = 1.0
# An entry containing the words as typed ranks above one found only through a synonym.
LITERAL_BONUS = 1.0
GROUP_SIZE = 5


@dataclass
class Result:
    entry_id: int
    score: float
    kind: str = ""
    title_html: str = ""
    snippet_html: str = ""
    exact: bool = False
    _entry: SearchEntry | None = None

    @property
    def entry(self) -> SearchEntry:
        """The entry row, loaded on first use (`hydrate` loads a whole page in one query)."""
        if self._entry is None:
            self._entry = SearchEntry.objects.defer("tsv").get(pk=self.entry_id)
        return self._entry

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of the `zwgk search --json` contract (plus nothing)."""

        e = self.entry
        return {
            "id": e.key,
            "title": e.title,
            "doc_number": e.doc_number,
            "agency": e.agency_name,
            "date": e.date.isoformat() if e.date else None,
            "validity": e.validity_label,
            "kind": e.kind,
            "url": e.url,
            "snippet": strip_tags(self.snippet_html)
            .replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">"),
            "score": round(self.score, 6),
        }


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class KindGroup:
    kind: str
    count: int
    results: list[Result]


@dataclass
class SearchResponse:
    query: str = ""
    truncated: bool = False
    effective_query: str = ""
    corrected_from: str = ""
    suggestion: str = ""
    relaxed: bool = False
    message: str = ""
    total: int = 0
    results: list[Result] = field(default_factory=list)  # all re-ranked candidates (≤ CANDIDATES)
    groups: list[KindGroup] = field(default_factory=list)
    kind_counts: list[tuple[str, int]] = field(default_factory=list)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    best_bets: list[BestBet] = field(default_factory=list)
    jump: SearchEntry | None = None
    highlight_terms: list[str] = field(default_factory=list)

    @property
    def searched(self) -> bool:
        return bool(self.effective_query)


def _year_now() -> int:
    return timezone.localdate().year


def _run(
    plan: QueryPlan, mode: str, filters: Filters, limit: int
) -> tuple[list[tuple[int, float]], list[FacetRow], dict[int, tuple[str, str]]]:
    """(candidates, facet rows, candidate titles) of one match expression; facets ignore the kind filter."""
    rows, ranked, titles = get_backend().candidates(
        plan.expression(mode),
        Filters(kinds=[], exclude_kinds=filters.exclude_kinds),
        filters,
        limit,
        _year_now(),
    )
    return ranked, rows, titles


def _passes(row: FacetRow, filters: Filters) -> bool:
    return not _failed_filters(row, filters)


_FACET_COLUMNS = {"kind": 0, "agency": 1, "year": 2, "theme": 3, "validity": 4}


def _failed_filters(row: FacetRow, filters: Filters) -> list[str]:
    kind, agency, year, theme, validity, _ = row
    failed = []
    if filters.kinds and kind not in filters.kinds:
        failed.append("kind")
    if filters.agency and agency != filters.agency:
        failed.append("agency")
    if filters.year and year != filters.year:
        failed.append("year")
    if filters.theme and theme != filters.theme:
        failed.append("theme")
    if filters.validity and validity != filters.validity:
        failed.append("validity")
    return failed


def _facets(
    rows: list[FacetRow], filters: Filters
) -> tuple[dict[str, list[FacetValue]], list[tuple[str, int]]]:
    """Multi-select facets: each facet's counts apply every other active filter, not its own (one pass)."""
    counters: dict[str, Counter[Any]] = {name: Counter() for name in _FACET_COLUMNS}
    kinds_c, agencies_c, years_c, themes_c, validities_c = counters.values()
    if not (filters.kinds or filters.agency or filters.year or filters.theme or filters.validity):
        # The common case, kept tight: one pass over the (kind, agency, year, theme, validity) groups.
        for kind, agency, year, theme, validity, n in rows:
            kinds_c[kind] += n
            agencies_c[agency] += n
            years_c[year] += n
            themes_c[theme] += n
            validities_c[validity] += n
    else:
        for row in rows:
            failed = _failed_filters(row, filters)
            if len(failed) > 1:
                continue
            for name, column in _FACET_COLUMNS.items():
                if not failed or failed[0] == name:
                    counters[name][row[column]] += row[5]
    for counter in counters.values():
        counter.pop("", None)
        counter.pop(None, None)
    selected: dict[str, set[Any]] = {
        "kind": set(filters.kinds),
        "agency": {filters.agency},
        "year": {filters.year},
        "theme": {filters.theme},
        "validity": {filters.validity},
    }
    facets: dict[str, list[FacetValue]] = {}
    for name, counter in counters.items():
        values: list[FacetValue] = []
        for value, count in counter.items():
            label = str(value)
            if name == "validity":
                label = Validity(value).label if value in Validity.values else str(value)
            values.append(FacetValue(str(value), label, count, value in selected[name]))
        if name == "year":
            values.sort(key=lambda v: v.value, reverse=True)
        elif name == "kind":
            order = {k: i for i, k in enumerate(KIND_ORDER)}
            values.sort(key=lambda v: (order.get(v.value, 99), -v.count))
        elif name == "validity":
            order = {k: i for i, k in enumerate(Validity.values)}
            values.sort(key=lambda v: order.get(v.value, 99))
        else:
            values.sort(key=lambda v: (-v.count, v.value))
        facets[name] = values
    kinds = [(v.value, v.count) for v in facets["kind"]]
    return facets, kinds


def _rerank(
    plan: QueryPlan,
    candidates: list[tuple[int, float]],
    titles: dict[int, tuple[str, str]],
    literal: set[int] | None = None,
) -> list[Result]:
    """Re-score the engine's candidates: titles covering the query words first (`titles`: id → (title, kind))."""
    if not candidates:
        return []
    literal = literal or set()
    rows = titles
    group_tokens = [tokens_of(g) for g in plan.groups]
    compact = plan.text.replace(" ", "")
    results: list[Result] = []
    for pk, score in candidates:
        row = rows.get(pk)
        if row is None:
            continue
        title = normalize(row[0])
        covered = sum(1 for tokens in group_tokens if any(t in title for t in tokens))
        factor = 1.0 + TITLE_BONUS * (covered / len(group_tokens) if group_tokens else 0.0)
        if compact and compact in title.replace(" ", ""):
            factor += EXACT_TITLE_BONUS
        if pk in literal:
            factor += LITERAL_BONUS
        results.append(Result(entry_id=pk, score=max(score, 0.0) * factor, kind=row[1]))
    results.sort(key=lambda r: r.score, reverse=True)
    return results


def hydrate(results: list[Result]) -> None:
    """Load the entry rows of `results` in one query (for the page about to be shown)."""
    missing = [r.entry_id for r in results if r._entry is None]
    if missing:
        entries = SearchEntry.objects.defer("tsv").in_bulk(missing)
        for result in results:
            if result._entry is None:
                result._entry = entries.get(result.entry_id)


def decorate(results: list[Result], terms: list[str]) -> None:
    """Highlighted title and snippet (HTML-escaped, with <mark>) for the results about to be shown."""
    hydrate(results)
    for result in results:
        entry = result.entry
        result.title_html = highlight(entry.title, terms)
        text = entry.summary or ""
        body_snippet = snippet(entry.body or "", terms)
        result.snippet_html = body_snippet if "<mark>" in body_snippet or not text else snippet(text, terms)


def _identifier_matches(query: str) -> list[SearchEntry]:
    if looks_like_doc_number_fragment(query):
        # 东丽政办发〔2022〕: every document of that agency code and year, in serial order.
        key = doc_number_key(query)
        matches = SearchEntry.objects.defer("tsv").filter(doc_number_key__startswith=key)
        return sorted(matches[:CANDIDATES], key=lambda e: (len(e.doc_number_key), e.doc_number_key))
    if not looks_like_identifier(query):
        return []
    key = doc_number_key(query)
    return list(SearchEntry.objects.defer("tsv").filter(Q(doc_number_key=key) | Q(index_no_key=key))[:10])


def best_bets_for(query: str) -> list[BestBet]:
    """Active best bets for this query whose target (if it is an indexed entry) is still public."""
    if not query:
        return []
    bets = [b for b in BestBet.objects.active() if query in b.query_list()]
    keys = [b.entry_key for b in bets if b.entry_key]
    if keys:
        present = set()
        for key in keys:
            source, _, rest = key.partition(":")
            pk, _, seq = rest.partition("#")
            if SearchEntry.objects.filter(source=source, source_pk=pk, seq=int(seq or 0)).exists():
                present.add(key)
        bets = [b for b in bets if not b.entry_key or b.entry_key in present]
    return bets


def log_query(query: str, total: int) -> None:
    """Count the query for the statistics and the zero-result log (personal numbers masked)."""
    text = mask_personal(query)[:100]
    if not text:
        return
    bump_daily(
        QueryStat,
        {"day": timezone.localdate(), "query": text},
        {"count": 1, "zero_count": 1 if total == 0 else 0},
        values={"last_total": total},
    )


def _suggest(text: str, lexicon: Lexicon) -> str:
    if is_pinyin_query(text):
        return lexicon.pinyin().from_ascii(text) or ""
    return lexicon.pinyin().correct(text) or ""


def _total(rows: list[FacetRow], filters: Filters) -> int:
    if not (filters.kinds or filters.agency or filters.year or filters.theme or filters.validity):
        return sum(row[5] for row in rows)
    return sum(row[5] for row in rows if _passes(row, filters))


def search(
    raw_query: str,
    filters: Filters | None = None,
    *,
    log: bool = True,
    limit: int = CANDIDATES,
) -> SearchResponse:
    filters = filters or Filters()
    query, truncated = clean_query(raw_query or "")
    response = SearchResponse(query=query, truncated=truncated)
    if not query or not has_word_chars(query):
        if (raw_query or "").strip():
            response.message = "检索词中没有可检索的文字，请输入中文、字母或数字。"
        return response
    lexicon = get_lexicon()
    exact = _identifier_matches(query)
    fragment = looks_like_doc_number_fragment(query)
    if len({e.url for e in exact}) == 1 and not fragment:
        response.jump = exact[0]

    plan = build_plan(query, lexicon.segmenter, lexicon.synonyms)
    if plan.empty and not exact:
        response.message = "请输入更具体的检索词，例如“社保缴费”“入学登记”。"
        return response

    candidates: list[tuple[int, float]] = []
    rows: list[FacetRow] = []
    titles: dict[int, tuple[str, str]] = {}
    used = plan
    if not plan.empty:
        candidates, rows, titles = _run(plan, "all", filters, limit)
        if not rows and not fragment:  # never "correct" a 文号 (政办发 is not a typo of 政办法)
            suggestion = _suggest(query, lexicon)
            if suggestion:
                corrected = build_plan(suggestion, lexicon.segmenter, lexicon.synonyms)
                if not corrected.empty:
                    candidates, rows, titles = _run(corrected, "all", filters, limit)
                    if rows:
                        used = corrected
                        response.corrected_from = query
        if not rows and not fragment and len(plan.groups) + len(plan.optional) > 1:
            candidates, rows, titles = _run(plan, "any", filters, limit)
            response.relaxed = bool(rows)
        elif (
            rows
            and not fragment
            and not response.corrected_from
            and (_total(rows, Filters()) < 3 or plan.optional)
        ):
            # Few results, or a word that fell apart into single characters (公基金 → 公 / 基金): a typo?
            suggestion = _suggest(query, lexicon)
            if suggestion:
                other = build_plan(suggestion, lexicon.segmenter, lexicon.synonyms)
                if not other.empty and other.groups != plan.groups:
                    other_total = _total(
                        get_backend().facet_rows(other.expression("all"), Filters()), Filters()
                    )
                    if other_total > 2 * _total(rows, Filters()) or (plan.optional and other_total > 0):
                        response.suggestion = suggestion

    response.effective_query = used.text
    strong = [t for t in used.highlight_terms if len(t) > 1]
    response.highlight_terms = strong or used.highlight_terms
    literal_ids: set[int] = set()
    if candidates and not response.relaxed:
        literal = build_plan(used.text, lexicon.segmenter, None)
        if not literal.empty and literal.groups != used.groups:
            literal_ids = get_backend().matching_ids(literal.expression("all"), [pk for pk, _ in candidates])
    results = _rerank(used, candidates, titles, literal_ids)
    if exact:
        exact_ids = {e.pk for e in exact}
        top = results[0].score if results else 1.0
        pinned = [Result(entry_id=e.pk, score=top + 1.0, kind=e.kind, exact=True, _entry=e) for e in exact]
        results = pinned + [r for r in results if r.entry_id not in exact_ids]
        rows = rows + [
            (e.kind, e.agency_name, e.year, e.theme, e.validity, 1)
            for e in exact
            if e.pk not in dict(candidates)
        ]
    if filters.kinds or filters.agency or filters.year or filters.theme or filters.validity:
        # The engine already applied the filters; only pinned exact matches need checking.
        results = [r for r in results if not r.exact or _entry_passes(r.entry, filters)]
    response.results = results
    if fragment and not results:
        response.message = f"没有找到文号以“{query}”开头的文件，请核对发文机关代字和年份。"
    response.facets, response.kind_counts = _facets(rows, filters)
    response.total = max(_total(rows, filters), len(response.results))
    response.groups = _groups(response.results, response.kind_counts)
    response.best_bets = best_bets_for(query)
    if log:
        log_query(query, response.total)
    return response


def _entry_passes(entry: SearchEntry, filters: Filters) -> bool:
    row: FacetRow = (entry.kind, entry.agency_name, entry.year, entry.theme, entry.validity, 1)
    return _passes(row, filters) and entry.kind not in filters.exclude_kinds


def _groups(results: list[Result], kind_counts: list[tuple[str, int]]) -> list[KindGroup]:
    by_kind: dict[str, list[Result]] = defaultdict(list)
    for result in results:
        if len(by_kind[result.kind]) < GROUP_SIZE:
            by_kind[result.kind].append(result)
    counts = dict(kind_counts)
    groups = [KindGroup(kind, counts.get(kind, len(items)), items) for kind, items in by_kind.items()]
    order = {k: i for i, k in enumerate(KIND_ORDER)}
    # The group holding the best result comes first; then the usual order of kinds.
    first = results[0].kind if results else ""
    groups.sort(key=lambda g: (g.kind != first, order.get(g.kind, 99)))
    return groups


def page_of(results: list[Any], page: int, per_page: int) -> tuple[list[Any], int]:
    pages = max(1, math.ceil(len(results) / per_page))
    page = min(max(1, page), pages)
    return results[(page - 1) * per_page : page * per_page], pages


def search_faq_candidates(plan: QueryPlan, limit: int = 20) -> list[tuple[int, float]]:
    """Entries of kind 问答 matching any word of the plan (for 政策问答)."""
    if plan.empty:
        return []
    return get_backend().ranked(plan.expression("any"), Filters(kinds=[KIND_QA]), limit, _year_now())


def group_expressions(plan: QueryPlan) -> list[Expr]:
    return list(plan.groups)
