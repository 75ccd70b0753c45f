"""The search service: typed query → ranked, grouped, highlighted results with facets, corrections and best bets.

Used by the public search page, the JSON API, `zwgk search` and 政策问答. Steps:

1. clean the query (full-width, traditional → simplified, emoji and control characters dropped, 100 characters);
2. an exact 文号 / 索引号 jumps to its document;
3. parse into word groups with synonyms (`zwgk.search.query`) and ask the engine for the best candidates;
4. nothing found, or only through words that fell apart into single characters → try the pinyin reading or a
   homophone correction, then a looser match (any word) — which is flagged `weak` when the best result lacks
   most of the query's content words (the page then says plainly that nothing good was found);
5. a complete 文号 that no document carries → the documents that print it in their text (a regulation's own
   promulgation note first), else an explicit "未找到文号为…的文件" — never a typo correction, never loose matches;
6. re-rank candidates (title coverage, a per-kind prior, repealed below current with the replacing document
   shown above the one it replaces), compute facets and kind counts, highlight, and log the query.
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
from zwgk.search.models import (
    KIND_DECISION,
    KIND_INFORMATION,
    KIND_INTERPRETATION,
    KIND_ORDER,
    KIND_POLICY,
    KIND_QA,
    KIND_REPORT,
    BestBet,
    QueryStat,
    SearchEntry,
    Validity,
)
from zwgk.search.pinyin import is_pinyin_query
from zwgk.search.query import GENERIC_WORDS, AllOf, AnyOf, Expr, QueryPlan, build_plan, tokens_of
from zwgk.search.text import (
    clean_query,
    doc_number_key,
    doc_number_mentions,
    has_word_chars,
    highlight,
    looks_like_doc_number,
    looks_like_doc_number_fragment,
    looks_like_doc_number_prefix,
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
# Per-kind prior: for the same words, a policy or statute is what a citizen looks for before a report that
# mentions the term (annual reports cite every statutory term in their fixed text).
KIND_PRIOR: dict[str, float] = {
    KIND_POLICY: 1.0,
    KIND_INTERPRETATION: 0.85,
    KIND_QA: 0.9,
    KIND_INFORMATION: 0.75,
    KIND_DECISION: 0.8,
    KIND_REPORT: 0.4,
}
# A loose (any-word) result set is "nothing good found" when its best result has less than this share of the
# query's content words.
WEAK_COVERAGE = 0.75
# How many of the best results are checked for a replacing document.
SUCCESSOR_WINDOW = 30
# A query of this many content words is matched like a sentence: any word, ranked by how many (and how rare)
# of its words each entry has; entries with less than MIN_COVERAGE of them are left out.
LONG_QUERY_GROUPS = 3
MIN_COVERAGE = 0.4
# Relevance floor: every word within this many characters of the others, in one of the best results.
COOCCUR_WINDOW = 60
FLOOR_WINDOW = 10
# Longer queries are judged by their coverage alone (seven words are rarely within one passage).
FLOOR_MAX_GROUPS = 3


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
    # Nothing good found: only loose matches (shown below a plain statement and the other channels).
    weak: bool = False
    # A well-formed 文号 that no document carries or prints (shown as "未找到文号为…的文件").
    missing_doc_number: str = ""

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
    coverages: dict[int, float] | None = None,
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
        factor *= KIND_PRIOR.get(row[1], 1.0)
        if coverages is not None:
            # Loose matches: the more of the query's content words an entry has, the higher it ranks.
            share = coverages.get(pk, 0.0)
            factor *= 0.1 + 0.9 * share * share
        results.append(Result(entry_id=pk, score=max(score, 0.0) * factor, kind=row[1]))
    results.sort(key=lambda r: r.score, reverse=True)
    return results


def content_groups(plan: QueryPlan) -> list[Expr]:
    """The plan's groups that say what is asked (not 办理, 规定, 材料 …); all groups if every one is generic."""
    content = [g for g in plan.groups if not all(t in GENERIC_WORDS for t in tokens_of(g))]
    return content or list(plan.groups)


def group_coverage(plan: QueryPlan, ids: list[int]) -> dict[int, float]:
    """id → the share of the plan's content groups the entry matches, each group weighted by how rare it is
    among the candidates (固定 / 工作 count less than 灵活就业); one engine look-up per group."""
    groups = content_groups(plan)
    if not groups or not ids:
        return {}
    backend = get_backend()
    matched = [backend.matching_ids(_whole_words(group), ids) for group in groups]
    weights = [math.log(1.0 + len(ids) / (1 + len(m))) + 0.1 for m in matched]
    total = sum(weights)
    return {pk: sum(w for w, m in zip(weights, matched, strict=True) if pk in m) / total for pk in ids}


def _whole_words(group: Expr) -> Expr:
    """The group without its "pieces of a long word" alternative (个人信息 → 个人 AND 信息 anywhere), which would
    count a document that merely has both pieces somewhere as having the word."""
    if isinstance(group, AnyOf):
        parts = tuple(p for p in group.parts if not isinstance(p, AllOf))
        if parts:
            return AnyOf(parts) if len(parts) > 1 else _whole_words(parts[0])
    return group


def _cooccur(text: str, alternatives: list[list[str]], window: int = COOCCUR_WINDOW) -> bool:
    """Do all groups (each a list of alternative tokens) occur within `window` characters of each other?"""
    if len(alternatives) < 2:
        return True
    first = alternatives[0]
    for token in first:
        start = text.find(token)
        while start >= 0:
            lo, hi = max(0, start - window), start + len(token) + window
            near = text[lo:hi]
            if all(any(t in near for t in group) for group in alternatives[1:]):
                return True
            start = text.find(token, start + 1)
    return False


def near_enough(plan: QueryPlan, results: list[Result], titles: dict[int, tuple[str, str]]) -> bool:
    """A relevance floor for results that contain every word: some best result has them in its title or in
    one passage of its text (明天 … 天气 scattered through a long report is not an answer to 明天天气怎么样)."""
    groups = [sorted(set(tokens_of(g)), key=len, reverse=True) for g in content_groups(plan)]
    if len(groups) < 2 or not results:
        return True
    top = results[:FLOOR_WINDOW]
    for result in top:
        title = normalize(titles.get(result.entry_id, ("", ""))[0])
        if all(any(t in title for t in group) for group in groups):
            return True
    hydrate(top)
    return any(
        _cooccur(normalize(f"{r.entry.title}\n{r.entry.summary}\n{r.entry.body}"), groups) for r in top
    )


def place_successors(results: list[Result]) -> list[Result]:
    """Put the document that replaces a repealed/expired/amended result directly above it (fetched from the
    index when the query did not find it: 低保怎么申请 finds the 2024 revision whenever the 2022 one matches)."""
    window = results[:SUCCESSOR_WINDOW]
    ids = [r.entry_id for r in window]
    rows = dict(
        SearchEntry.objects.filter(pk__in=ids)
        .exclude(successor_url="")
        .exclude(validity__in=["", Validity.IN_FORCE])
        .values_list("id", "successor_url")
    )
    if not rows:
        return results
    successors = {
        e.url: e for e in SearchEntry.objects.defer("tsv").filter(url__in=set(rows.values()), seq=0)
    }
    placed: list[Result] = []
    moved: set[int] = set()
    by_id = {r.entry_id: r for r in results}
    for result in window:
        if result.entry_id in moved:
            continue
        successor = successors.get(rows.get(result.entry_id, ""))
        if successor is not None and successor.pk not in moved and successor.pk != result.entry_id:
            existing = by_id.get(successor.pk)
            score = max(result.score, existing.score if existing else 0.0)
            placed.append(
                existing or Result(entry_id=successor.pk, score=score, kind=successor.kind, _entry=successor)
            )
            moved.add(successor.pk)
        placed.append(result)
        moved.add(result.entry_id)
    placed.extend(r for r in results[SUCCESSOR_WINDOW:] if r.entry_id not in moved)
    return placed


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


def _mentioning(query: str, plan: QueryPlan, filters: Filters) -> list[Result]:
    """Entries whose text prints the 文号 `query`, earliest mention first (a regulation's own promulgation
    note — 2014年1月17日中华人民共和国国务院令第646号公布 — comes before a document that cites it)."""
    if plan.empty:
        return []
    key = doc_number_key(query)
    ranked, _, _ = _run(plan, "all", filters, 50)
    entries = SearchEntry.objects.defer("tsv").in_bulk([pk for pk, _ in ranked])
    found: list[tuple[int, int, Result]] = []
    for order, (pk, score) in enumerate(ranked):
        entry = entries.get(pk)
        if entry is None:
            continue
        position = doc_number_mentions(entry.body or "", key)
        if position is not None:
            found.append((position, order, Result(entry_id=pk, score=score, kind=entry.kind, _entry=entry)))
    found.sort(key=lambda item: (item[0], item[1]))
    return [result for _, _, result in found]


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

    if not exact and looks_like_doc_number(query):
        # A complete 文号: the document that carries or prints it, or a plain "not found" (never loose matches).
        response.effective_query = query
        response.highlight_terms = [query]
        response.results = _mentioning(query, plan, filters)
        if not response.results:
            response.missing_doc_number = query
            response.message = f"未找到文号为“{query}”的文件。"
        response.total = len(response.results)
        response.groups = _groups(response.results, [])
        response.kind_counts = [(g.kind, g.count) for g in response.groups]
        if log:
            log_query(query, response.total)
        return response

    # Never "correct" a 文号 or an agency's 文号 code (政办发 is not a typo of 政办法).
    protected = fragment or looks_like_doc_number_prefix(query)
    candidates: list[tuple[int, float]] = []
    rows: list[FacetRow] = []
    titles: dict[int, tuple[str, str]] = {}
    used = plan
    coverages: dict[int, float] | None = None
    long_query = len(content_groups(plan)) >= LONG_QUERY_GROUPS and not is_pinyin_query(query)
    if not plan.empty and long_query and not protected:
        # A sentence: few documents use every one of its words (企业收集个人信息之前要不要取得本人同意).
        candidates, rows, titles = _run(plan, "any", filters, limit)
        if candidates:
            coverages = group_coverage(plan, [pk for pk, _ in candidates])
            kept = [(pk, score) for pk, score in candidates if coverages.get(pk, 0.0) >= MIN_COVERAGE]
            candidates = kept or candidates
    elif not plan.empty:
        candidates, rows, titles = _run(plan, "all", filters, limit)
        # A correction is looked for only when the query may need one (pinyin and homophone look-ups cost
        # their vocabulary on first use).
        doubtful = not rows or bool(plan.optional) or not _title_complete_of(plan, titles)
        few = bool(rows) and _total(rows, Filters()) < 3
        suggestion = "" if protected or not (doubtful or few) else _suggest(query, lexicon)
        corrected = build_plan(suggestion, lexicon.segmenter, lexicon.synonyms) if suggestion else None
        if corrected is not None and (corrected.empty or corrected.groups == plan.groups):
            corrected = None
        if corrected is not None and doubtful:
            # Nothing found, a word that fell apart (稳岗反还 → 稳岗 / 反 / 还) or no title with every word:
            # take the correction when it finds what the query did not.
            c_candidates, c_rows, c_titles = _run(corrected, "all", filters, limit)
            better = bool(c_rows) and (
                not rows
                or (plan.optional and not corrected.optional)
                or (_title_complete_of(corrected, c_titles) and not _title_complete_of(plan, titles))
            )
            if better:
                candidates, rows, titles = c_candidates, c_rows, c_titles
                used = corrected
                response.corrected_from = query
            elif rows and _total(c_rows, Filters()) > 2 * _total(rows, Filters()):
                response.suggestion = suggestion
        if not rows and not protected and len(plan.groups) + len(plan.optional) > 1:
            candidates, rows, titles = _run(plan, "any", filters, limit)
            response.relaxed = bool(rows)
            if rows:
                coverages = group_coverage(plan, [pk for pk, _ in candidates])
        elif (
            rows
            and not response.corrected_from
            and not response.suggestion
            and suggestion
            and few
            and corrected is not None
        ):
            other_total = _total(get_backend().facet_rows(corrected.expression("all"), Filters()), Filters())
            if other_total > 2 * _total(rows, Filters()):
                response.suggestion = suggestion

    response.effective_query = used.text
    strong = [t for t in used.highlight_terms if len(t) > 1]
    response.highlight_terms = strong or used.highlight_terms
    literal_ids: set[int] = set()
    if candidates and not response.relaxed:
        literal = build_plan(used.text, lexicon.segmenter, None)
        if not literal.empty and literal.groups != used.groups:
            literal_ids = get_backend().matching_ids(literal.expression("all"), [pk for pk, _ in candidates])
    results = _rerank(used, candidates, titles, literal_ids, coverages)
    if coverages is not None:
        best = max(coverages.values(), default=0.0)
        response.weak = best < WEAK_COVERAGE
    if results and not response.weak and not exact and len(content_groups(used)) <= FLOOR_MAX_GROUPS:
        response.weak = not near_enough(used, results, titles)
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
    elif results and not response.weak:
        results = place_successors(results)
    if filters.kinds or filters.agency or filters.year or filters.theme or filters.validity:
        # The engine already applied the filters; pinned exact matches and successors need checking.
        results = [
            r for r in results if (not r.exact and r.entry_id in titles) or _entry_passes(r.entry, filters)
        ]
    response.results = results
    if fragment and not results:
        response.message = f"没有找到文号以“{query}”开头的文件，请核对发文机关代字和年份。"
    response.facets, response.kind_counts = _facets(rows, filters)
    response.total = max(_total(rows, filters), len(response.results))
    response.groups = _groups(response.results, response.kind_counts)
    response.best_bets = best_bets_for(query)
    if log:
        log_query(query, 0 if response.weak else response.total)
    return response


def _title_complete_of(plan: QueryPlan, titles: dict[int, tuple[str, str]]) -> bool:
    """Does any candidate's title contain every word of the plan?"""
    for title, _ in titles.values():
        text = normalize(title)
        if all(any(t in text for t in tokens_of(g)) for g in plan.groups):
            return True
    return False


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
