"""Writes the index: one object on `public_content_changed`, everything on `zwgk search-index rebuild`, and the
nightly reconciliation that removes whatever is no longer public (defence in depth).

Every write starts from `source.public_queryset()`: nothing reaches the index that is not public right now.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from zwgk.search.backends import get_backend
from zwgk.search.dictionary import Lexicon, current_version, get_lexicon
from zwgk.search.models import (
    VALIDITY_BOOST,
    BoilerplateSentence,
    IndexStatus,
    SearchEntry,
    SearchPassage,
    SearchTerm,
    Validity,
)
from zwgk.search.pinyin import word_pinyin
from zwgk.search.registry import IndexEntry, SearchSource, source_for, sources
from zwgk.search.text import doc_number_key, is_cjk, normalize

logger = logging.getLogger(__name__)

BATCH = 200
REUSE_ENTRIES = 20_000
# A sentence is template text of a kind when it appears in at least this many entries of the kind and in at
# least this share of them (the fixed wording of every annual report, the standard closing of every notice).
BOILERPLATE_MIN_DOCS = 5
BOILERPLATE_SHARE = 0.3
_SENTENCE_END = re.compile(r"[。！？；\n]+")
_DIGITS = re.compile(r"[0-9０-９〇零一二三四五六七八九十百千万.%％]+")
_SPACE = re.compile(r"\s+")


def _sentences(text: str, agency_name: str = "") -> list[tuple[str, str]]:
    """(sentence, digest) of a body; the digest ignores numbers and the entry's own unit name, so the same
    template sentence filled in with different figures or units has one digest."""
    out = []
    for sentence in _SENTENCE_END.split(text or ""):
        compact = _SPACE.sub("", sentence)
        if len(compact) < 8:
            continue
        if agency_name:
            compact = compact.replace(agency_name, "")
        key = _DIGITS.sub("0", compact)
        out.append((sentence, hashlib.md5(key.encode("utf-8"), usedforsecurity=False).hexdigest()))
    return out


def learn_boilerplate(items: Iterable[tuple[str, IndexEntry]]) -> int:
    """Find the sentences repeated across entries of a kind ((kind, entry) pairs of everything about to be
    indexed) and store them; `write_entries` then leaves them out of those entries' indexed body."""
    per_kind: dict[str, Counter[str]] = {}
    documents: Counter[str] = Counter()
    for kind, item in items:
        documents[kind] += 1
        digests = {d for _, d in _sentences(item.body, item.agency_name)}
        per_kind.setdefault(kind, Counter()).update(digests)
    rows: list[BoilerplateSentence] = []
    for kind, counter in per_kind.items():
        needed = max(BOILERPLATE_MIN_DOCS, BOILERPLATE_SHARE * documents[kind])
        rows.extend(
            BoilerplateSentence(kind=kind[:20], digest=digest, documents=n)
            for digest, n in counter.items()
            if n >= needed
        )
    with transaction.atomic():
        BoilerplateSentence.objects.all().delete()
        BoilerplateSentence.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def boilerplate_digests() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for kind, digest in BoilerplateSentence.objects.values_list("kind", "digest"):
        found.setdefault(kind, set()).add(digest)
    return found


def strip_boilerplate(body: str, agency_name: str, digests: set[str]) -> str:
    """The body without its template sentences (what is left is what this entry says of its own)."""
    if not digests or not body:
        return body
    return "。".join(s for s, d in _sentences(body, agency_name) if d not in digests)


@lru_cache(maxsize=200_000)
def _pinyin(term: str) -> str:
    return word_pinyin(term)


def _title_terms(tokens: Iterable[str]) -> set[str]:
    return {t for t in tokens if 2 <= len(t) <= 10 and all(is_cjk(ch) for ch in t)}


def upsert_terms(counter: Counter[str]) -> None:
    """Add title words to the did-you-mean vocabulary (weight = number of titles containing the word)."""
    if not counter:
        return
    rows = [(term, _pinyin(term), count) for term, count in counter.items() if _pinyin(term)]
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO search_searchterm (term, pinyin, weight) VALUES (%s, %s, %s) "
            "ON CONFLICT (term) DO UPDATE SET weight = search_searchterm.weight + excluded.weight",
            rows,
        )


def _passage_tokens(item: IndexEntry, lexicon: Lexicon) -> list[list[str]]:
    return [lexicon.segmenter.index_tokens(normalize(f"{p.heading}\n{p.text}")) for p in item.passages]


def _entry_model(
    label: str,
    default_kind: str,
    pk: object,
    item: IndexEntry,
    lexicon: Lexicon,
    backend: Any,
    passage_tokens: list[list[str]],
    boilerplate: dict[str, set[str]] | None = None,
) -> tuple[SearchEntry, list[str], list[str]]:
    segmenter = lexicon.segmenter
    kind = (item.kind or default_kind)[:20]
    title_tokens = segmenter.index_tokens(normalize(item.title))
    meta = " ".join(
        x for x in (item.doc_number, item.index_no, item.agency_name, item.theme, item.keywords) if x
    )
    if item.passages and sum(len(p.text) for p in item.passages) >= 0.9 * len(item.body):
        # The passages are the body cut into articles/paragraphs: segment once, reuse for the body. What comes
        # before the first article (a statute's promulgation note with its 令 numbers) is indexed as well.
        first = item.passages[0].text[:20]
        preamble = item.body[: max(0, item.body.find(first))] if first else ""
        body_tokens = segmenter.index_tokens(normalize(f"{meta}\n{item.summary}\n{preamble}"))
        for tokens in passage_tokens:
            body_tokens.extend(tokens)
    else:
        body = strip_boilerplate(item.body, item.agency_name, (boilerplate or {}).get(kind, set()))
        body_text = "\n".join(x for x in (meta, item.summary, body) if x)
        body_tokens = segmenter.index_tokens(normalize(body_text))
    validity = item.validity if item.validity in Validity.values else ""
    entry = SearchEntry(
        source=label,
        source_pk=str(pk),
        seq=item.seq,
        kind=kind,
        title=item.title[:500],
        body=item.body,
        summary=item.summary,
        doc_number=item.doc_number[:100],
        doc_number_key=doc_number_key(item.doc_number) if item.doc_number else "",
        index_no=item.index_no[:100],
        index_no_key=doc_number_key(item.index_no) if item.index_no else "",
        agency_name=item.agency_name[:100],
        agency_id=item.agency_id,
        date=item.date,
        year=item.date.year if item.date else None,
        validity=validity,
        theme=item.theme[:100],
        url=item.url[:500],
        boost=VALIDITY_BOOST.get(validity, 1.0),
        successor_url=item.successor_url[:500],
        tsv=backend.entry_vector(title_tokens, body_tokens),
    )
    return entry, title_tokens, body_tokens


def write_entries(
    label: str, default_kind: str, items: Sequence[tuple[object, IndexEntry]], lexicon: Lexicon | None = None
) -> int:
    """Insert entries (and their passages) for objects whose old entries were already deleted.

    `label` names the source ("app_label.model"); tests and benchmarks index corpora directly through this.
    """
    if not items:
        return 0
    lexicon = lexicon or get_lexicon()
    backend = get_backend()
    item_passage_tokens = [_passage_tokens(item, lexicon) for _, item in items]
    boilerplate = boilerplate_digests()
    built = [
        _entry_model(label, default_kind, pk, item, lexicon, backend, tokens, boilerplate)
        for (pk, item), tokens in zip(items, item_passage_tokens, strict=True)
    ]
    entries = SearchEntry.objects.bulk_create([b[0] for b in built])
    backend.add_entries([(e, b[1], b[2]) for e, b in zip(entries, built, strict=True)])
    passages: list[SearchPassage] = []
    passage_tokens: list[list[str]] = []
    for entry, (_, item), tokens_list in zip(entries, items, item_passage_tokens, strict=True):
        for ordinal, (passage, tokens) in enumerate(zip(item.passages, tokens_list, strict=True), start=1):
            passages.append(
                SearchPassage(
                    entry=entry,
                    ordinal=ordinal,
                    label=passage.label[:40],
                    heading=passage.heading[:100],
                    text=passage.text,
                    tsv=backend.passage_vector(tokens),
                )
            )
            passage_tokens.append(tokens)
    if passages:
        created = SearchPassage.objects.bulk_create(passages, batch_size=500)
        backend.add_passages([(p.pk, t) for p, t in zip(created, passage_tokens, strict=True)])
    terms: Counter[str] = Counter()
    for _, title_tokens, _ in built:
        terms.update(_title_terms(title_tokens))
    upsert_terms(terms)
    return len(entries)


def remove_object(source_label: str, pk: object) -> int:
    deleted, _ = SearchEntry.objects.filter(source=source_label, source_pk=str(pk)).delete()
    return deleted


def _entries_of(source: SearchSource, obj: Any) -> list[IndexEntry]:
    items = list(source.to_entries(obj))
    seqs = set()
    for index, item in enumerate(items):
        if item.seq in seqs:
            item.seq = index
        seqs.add(item.seq)
    return items


def index_object(source: SearchSource, pk: object) -> int:
    """Re-read one object through the source's public queryset and replace its entries (0 = removed)."""
    # Removal first, in its own transaction: a withdrawn object must leave the index even if reading fails.
    with transaction.atomic():
        remove_object(source.label, pk)
    obj = source.public_queryset().filter(pk=pk).first()
    if obj is None:
        return 0
    items = _entries_of(source, obj)
    for attempt in range(2):
        try:
            with transaction.atomic():
                remove_object(source.label, pk)
                return write_entries(source.label, source.kind, [(pk, item) for item in items])
        except IntegrityError:
            # Another process indexed the same object at the same moment; the second try replaces its rows.
            if attempt:
                raise
    return 0


def on_public_content_changed(sender: Any, instance_id: object = None, **kwargs: Any) -> None:
    """Receiver of zwgk.core.signals.public_content_changed."""
    source = source_for(sender) if isinstance(sender, type) else None
    if source is None or instance_id is None:
        return
    try:
        index_object(source, instance_id)
    except Exception:
        logger.exception(
            "search: indexing %s %s failed; the nightly reconciliation retries", source.label, instance_id
        )
        raise


def rebuild(progress: Callable[[int, int, str], None] | None = None) -> dict[str, int]:
    """Re-index every registered source from its public queryset. Serving continues during a rebuild: objects
    are replaced batch by batch, and entries whose object is no longer public are removed at the end."""
    started = time.monotonic()
    version = current_version()
    lexicon = get_lexicon()
    counts: dict[str, int] = {}
    known = {s.label for s in sources()}
    with transaction.atomic():
        SearchEntry.objects.exclude(source__in=known).delete()
        SearchTerm.objects.all().delete()
    # First pass: what is template text, from everything about to be indexed. The entries built for it are kept
    # for the second pass up to REUSE_ENTRIES objects (issue 22: building them twice was a third of the time).
    kept: dict[tuple[str, str], list[IndexEntry]] = {}

    def first_pass() -> Iterator[tuple[str, IndexEntry]]:
        for source in sources():
            for obj in source.public_queryset().iterator(chunk_size=BATCH):
                items = _entries_of(source, obj)
                if len(kept) < REUSE_ENTRIES:
                    kept[(source.label, str(obj.pk))] = items
                for item in items:
                    yield (item.kind or source.kind), item

    learn_boilerplate(first_pass())
    for source in sources():
        queryset = source.public_queryset()
        total = queryset.count()
        seen: set[str] = set()
        written = 0
        batch: list[Any] = []

        def flush(objects: list[Any], source: SearchSource = source) -> int:
            items = [
                (obj.pk, item)
                for obj in objects
                for item in (kept.pop((source.label, str(obj.pk)), None) or _entries_of(source, obj))
            ]
            with transaction.atomic():
                SearchEntry.objects.filter(
                    source=source.label, source_pk__in=[str(o.pk) for o in objects]
                ).delete()
                return write_entries(source.label, source.kind, items, lexicon)

        done = 0
        for obj in queryset.iterator(chunk_size=BATCH):
            seen.add(str(obj.pk))
            batch.append(obj)
            if len(batch) >= BATCH:
                written += flush(batch)
                done += len(batch)
                batch = []
                if progress:
                    progress(done, total, source.label)
        if batch:
            written += flush(batch)
            done += len(batch)
            if progress:
                progress(done, total, source.label)
        stale = [
            pk
            for pk in SearchEntry.objects.filter(source=source.label)
            .values_list("source_pk", flat=True)
            .distinct()
            if pk not in seen
        ]
        for start in range(0, len(stale), 500):
            with transaction.atomic():
                SearchEntry.objects.filter(
                    source=source.label, source_pk__in=stale[start : start + 500]
                ).delete()
        counts[source.label] = written
    IndexStatus.objects.get_or_create(name="main")
    IndexStatus.objects.filter(name="main").update(
        rebuilt_at=timezone.now(),
        rebuilt_entries=sum(counts.values()),
        rebuild_seconds=round(time.monotonic() - started, 2),
        indexed_dictionary_version=version,
    )
    return counts


def reconcile() -> dict[str, int]:
    """Remove entries whose object is no longer public and index public objects that are missing."""
    removed = added = 0
    known = {s.label for s in sources()}
    with transaction.atomic():
        removed += SearchEntry.objects.exclude(source__in=known).delete()[0]
    for source in sources():
        public = {str(pk) for pk in source.public_queryset().values_list("pk", flat=True)}
        indexed = set(SearchEntry.objects.filter(source=source.label).values_list("source_pk", flat=True))
        for pk in sorted(indexed - public):
            with transaction.atomic():
                removed += remove_object(source.label, pk)
        for pk in sorted(public - indexed):
            added += index_object(source, pk)
    return {"removed": removed, "added": added}
