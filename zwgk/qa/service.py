"""The 政策问答 answer service: a question → the best curated FAQ answers and the most relevant articles of
documents currently in force, each with its citation (标题、文号、条款) and link — or a plain "not found" with
the channels to ask further (依申请公开, the 12345 hotline, the agency directory).

Matching is lexical and explainable: the question's words (with synonyms) are looked up with the search
engine, then candidates are scored by how many of the question's words they contain. The optional generative
mode (zwgk.qa.llm) only rephrases what was retrieved here.
"""

from __future__ import annotations

import logging
import math

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from zwgk.core import registry
from zwgk.core.counters import bump_daily
from zwgk.qa.answers import Answer, Citation, FaqMatch, PassageMatch
from zwgk.qa.llm import generate
from zwgk.qa.models import AskedQuestion, Faq
from zwgk.qa.topics import detect_topic
from zwgk.search.backends import Filters, get_backend
from zwgk.search.dictionary import get_lexicon
from zwgk.search.models import KIND_QA, SearchEntry, SearchPassage
from zwgk.search.pinyin import is_pinyin_query
from zwgk.search.query import AllOf, AnyOf, Expr, QueryPlan, Term, build_plan
from zwgk.search.service import search_faq_candidates
from zwgk.search.text import clean_query, has_word_chars, mask_personal, normalize

logger = logging.getLogger(__name__)

# Scores are 0..1: the weighted share of the question's words found (see _faq_score, _passage_score).
FAQ_THRESHOLD = 0.62
PASSAGE_THRESHOLD = 0.6
MAX_CITATIONS = 3
RELATED_THRESHOLD = 0.3
# "您是不是想问": the closest FAQs shown when none is close enough to answer, if at least this close.
SUGGEST_THRESHOLD = 0.3
MAX_SUGGESTIONS = 3
# Passages the engine proposes before they are scored by the question's words.
PASSAGE_CANDIDATES = 150
# Words that say little about what is asked; they count for less.
GENERIC_WORDS = frozenset(
    str.split(
        "政策 规定 办理 相关 问题 情况 条件 材料 流程 手续 标准 具体 办法 要求 时间 哪些 部门 单位 需要 怎么 规定 什么"
    )
)
NOT_FOUND_TEXT = (
    "抱歉，没有找到与您的问题足够相关的答复或现行有效的规定。"
    "您可以换用更简短的说法重新提问，或通过下方渠道咨询、依法申请公开相关政府信息。"
)


def _matches(expr: Expr, text: str) -> bool:
    if isinstance(expr, Term):
        return expr.token in text
    if isinstance(expr, AllOf):
        return all(_matches(p, text) for p in expr.parts)
    assert isinstance(expr, AnyOf)
    return any(_matches(p, text) for p in expr.parts)


def _weight(expr: Expr) -> float:
    tokens = _tokens(expr)
    if all(t in GENERIC_WORDS for t in tokens):
        return 0.4
    return 1.0


def _tokens(expr: Expr) -> list[str]:
    if isinstance(expr, Term):
        return [expr.token]
    return [t for p in expr.parts for t in _tokens(p)]


def coverage(plan: QueryPlan, text: str, partial_text: str = "") -> tuple[float, int]:
    """Weighted share of the plan's word groups found in `text` (half weight if only in `partial_text`)."""
    weights = [(g, _weight(g)) for g in plan.groups] + [(o, 0.2) for o in plan.optional]
    total = sum(w for _, w in weights)
    if not total:
        return 0.0, 0
    got = 0.0
    hits = 0
    for group, weight in weights:
        if _matches(group, text):
            got += weight
            hits += 1 if weight >= 0.4 else 0
        elif partial_text and _matches(group, partial_text):
            got += weight * 0.5
    return got / total, hits


def _faq_score(question_plan: QueryPlan, question_text: str, variant: str) -> float:
    lexicon = get_lexicon()
    variant_text = normalize(variant)
    forward, _ = coverage(question_plan, variant_text)
    variant_plan = build_plan(variant, lexicon.segmenter, lexicon.synonyms)
    backward, _ = coverage(variant_plan, question_text)
    return 0.6 * forward + 0.4 * backward


def _best_score(plan: QueryPlan, text: str) -> float:
    if plan.empty:
        return 0.0
    faqs = match_faqs(plan, text, 1)
    passages = match_passages(plan, 1)
    return max([m.score for m in faqs] + [m.score for m in passages] + [0.0])


def has_content_words(plan: QueryPlan) -> bool:
    """Does the question say anything (a word of two or more characters)? "号", "0", "-1" do not."""
    return any(len(t) >= 2 for g in [*plan.groups, *plan.optional] for t in _tokens(g))


def match_faqs(plan: QueryPlan, text: str, limit: int = MAX_SUGGESTIONS) -> list[FaqMatch]:
    ids: set[str] = set()
    entry_ids = [pk for pk, _ in search_faq_candidates(plan, 30)]
    if entry_ids:
        ids.update(SearchEntry.objects.filter(pk__in=entry_ids).values_list("source_pk", flat=True))
    faqs = list(
        Faq.objects.public().filter(pk__in=[int(i) for i in ids if i.isdigit()]).select_related("agency")
    )
    if Faq.objects.public().count() <= 300:
        # A small knowledge base is scored whole: no answer is missed because the index lags behind.
        faqs = list(Faq.objects.public().select_related("agency"))
    found: list[FaqMatch] = []
    for faq in faqs:
        scored = [(_faq_score(plan, text, q), q) for q in faq.all_questions()]
        score, matched = max(scored)
        found.append(FaqMatch(faq, score, matched))
    found.sort(key=lambda m: m.score, reverse=True)
    return found[:limit]


def match_passages(plan: QueryPlan, limit: int = MAX_CITATIONS) -> list[PassageMatch]:
    """Articles/paragraphs of in-force entries (never FAQ entries), best first.

    A passage's score is the share of the question's words it contains, each word weighted by how rare it is
    among the candidate passages (申请 / 政府信息 say less than 区分处理 or 保存期限), with a small part of the
    engine's score to break ties."""
    ranked = get_backend().ranked_passages(
        plan.expression("any"), Filters(exclude_kinds=[KIND_QA]), PASSAGE_CANDIDATES, in_force_only=True
    )
    if not ranked:
        return []
    top_engine = max(score for _, score in ranked) or 1.0
    passages = (
        SearchPassage.objects.defer("tsv", "entry__tsv", "entry__body")
        .select_related("entry")
        .in_bulk([pk for pk, _ in ranked])
    )
    texts = {
        pk: (normalize(f"{p.heading}\n{p.text}"), normalize(p.entry.title)) for pk, p in passages.items()
    }
    groups = [(g, _weight(g)) for g in plan.groups] + [(o, 0.2) for o in plan.optional]
    n = len(texts) or 1
    weights = []
    for group, base in groups:
        df = sum(1 for text, _ in texts.values() if _matches(group, text))
        weights.append(base * (math.log(1.0 + n / (1 + df)) + 0.2))
    total = sum(weights) or 1.0
    scored: list[PassageMatch] = []
    needed = min(2, len([g for g in plan.groups if _weight(g) >= 1.0]) or 1)
    for pk, engine_score in ranked:
        passage = passages.get(pk)
        if passage is None:
            continue
        text, title = texts[pk]
        got, hits = 0.0, 0
        for (group, base), weight in zip(groups, weights, strict=True):
            if _matches(group, text):
                got += weight
                hits += 1 if base >= 1.0 else 0
            elif _matches(group, title):
                got += weight * 0.5
        share = got / total
        if hits < needed:
            share *= 0.5
        scored.append(PassageMatch(passage, share * 0.9 + 0.1 * (engine_score / top_engine)))
    scored.sort(key=lambda m: m.score, reverse=True)
    chosen: list[PassageMatch] = []
    per_entry: dict[int, int] = {}
    for match in scored:
        entry_id = match.passage.entry_id
        if per_entry.get(entry_id, 0) >= 2:
            continue
        per_entry[entry_id] = per_entry.get(entry_id, 0) + 1
        chosen.append(match)
        if len(chosen) >= limit:
            break
    return chosen


def faq_citations(faq: Faq) -> list[Citation]:
    """The FAQ's linked sources that are still public (a source pointing at a withdrawn entry is left out)."""
    citations = []
    for source in faq.sources.all():
        if source.entry_key and not _entry_exists(source.entry_key):
            continue
        citations.append(Citation(source.title, source.doc_number, source.article, source.url))
    return citations


def _entry_exists(key: str) -> bool:
    source, _, rest = key.partition(":")
    pk, _, seq = rest.partition("#")
    return SearchEntry.objects.filter(source=source, source_pk=pk, seq=int(seq or 0)).exists()


def entry_key_for_url(url: str) -> str:
    entry = SearchEntry.objects.filter(url=url).only("source", "source_pk", "seq").first() if url else None
    return entry.key if entry else ""


def channels() -> list[dict[str, str]]:
    """Where to turn when the answer is not good enough: 依申请公开, the hotline, the agency directory."""
    found: list[dict[str, str]] = []
    for slot, label, url_name in registry.public_nav():
        if slot in ("apply", "interaction"):
            try:
                found.append(
                    {"label": "申请政府信息公开" if slot == "apply" else label, "url": reverse(url_name)}
                )
            except NoReverseMatch:
                continue
    found.append(
        {"label": f"拨打政务服务便民热线 {settings.QA_HOTLINE}", "url": f"tel:{settings.QA_HOTLINE}"}
    )
    found.append({"label": "查看各单位咨询电话", "url": reverse("agencies:directory")})
    return found


def _compose_from_passages(passages: list[PassageMatch]) -> str:
    lines = ["根据现行有效的文件，以下条款与您的问题最相关（以原文为准）："]
    for index, match in enumerate(passages, start=1):
        c = match.citation
        number = f"（{c.doc_number}）" if c.doc_number else ""
        text = (
            c.text.removeprefix(c.article).strip() if c.article and c.text.startswith(c.article) else c.text
        )
        text = text if len(text) <= 300 else text[:300] + "…"
        lines.append(f"{index}. {c.book_title}{number}{c.article}：{text}")
    return "\n".join(lines)


def log_question(text: str, topic: str, answered: bool) -> None:
    question = mask_personal(text)[:200]
    if not question:
        return
    bump_daily(
        AskedQuestion,
        {"day": timezone.localdate(), "question": question},
        {"count": 1, "answered_count": 1 if answered else 0},
        on_create={"topic": topic},
    )


def ask(question: str, *, log: bool = True, generative: bool | None = None) -> Answer:
    text, _ = clean_query(question or "")
    answer = Answer(question=text)
    if not text or not has_word_chars(text):
        answer.message = "请输入您的问题，例如“灵活就业人员怎么交社保”。"
        answer.answer = NOT_FOUND_TEXT
        return answer
    lexicon = get_lexicon()
    plan = build_plan(text, lexicon.segmenter, lexicon.synonyms)
    # Pinyin typed for Chinese (shengyu jintie) is read as meant; a homophone slip (交前 → 交钱) is corrected
    # when the question as typed has no good answer and the corrected one matches better.
    if is_pinyin_query(text):
        corrected = lexicon.pinyin().from_ascii(text)
        if corrected:
            text, plan = corrected, build_plan(corrected, lexicon.segmenter, lexicon.synonyms)
    elif not plan.empty and (typed_score := _best_score(plan, text)) < min(FAQ_THRESHOLD, PASSAGE_THRESHOLD):
        corrected = lexicon.pinyin().correct(text)
        other = build_plan(corrected, lexicon.segmenter, lexicon.synonyms) if corrected else None
        if (
            corrected
            and other is not None
            and not other.empty
            and _best_score(other, corrected) > typed_score
        ):
            text, plan = corrected, other
    answer.topic = detect_topic(text)
    if plan.empty or not has_content_words(plan):
        answer.message = "请把问题说得更具体一些，例如“生育津贴怎么领取”。"
        answer.answer = NOT_FOUND_TEXT
        if log:
            log_question(text, answer.topic, False)
        return answer

    closest = match_faqs(plan, text)
    faqs = [m for m in closest if m.score >= FAQ_THRESHOLD]
    if not faqs:
        answer.suggestions = [m for m in closest if m.score >= SUGGEST_THRESHOLD][:MAX_SUGGESTIONS]
    matched = match_passages(plan)
    passages = [m for m in matched if m.score >= PASSAGE_THRESHOLD]
    answer.faqs, answer.passages = faqs, passages
    if not faqs and not passages:
        # Not good enough to answer; the closest articles are still listed as "可能相关的条款".
        answer.related = [m for m in matched if m.score >= RELATED_THRESHOLD]
    if faqs:
        best = faqs[0].faq
        answer.found = True
        answer.answer = best.answer
        answer.topic = best.topic
        answer.citations = faq_citations(best)
    elif passages:
        answer.found = True
        answer.answer = _compose_from_passages(passages)
    else:
        answer.answer = NOT_FOUND_TEXT
    for match in passages or answer.related:
        if len(answer.citations) >= MAX_CITATIONS:
            break
        answer.citations.append(match.citation)

    use_llm = settings.QA_GENERATIVE if generative is None else generative
    if answer.found and use_llm:
        generated = generate(text, answer)
        if generated is not None:
            answer.answer, answer.citations = generated
            answer.generated = True
    if log:
        log_question(text, answer.topic, answer.found)
    return answer
