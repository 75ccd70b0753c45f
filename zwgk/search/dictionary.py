"""The lexicon every process uses: segmenter (built-in dictionary + unit names + synonym words), the synonym map
and the pinyin vocabulary.

Staff edits (synonyms) and agency changes bump `IndexStatus.dictionary_version`; each process compares its copy
with that number at most every `CHECK_SECONDS` and rebuilds its lexicon when it moved, so a new synonym works
in every gunicorn worker within seconds without a restart.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import F

from zwgk.agencies.models import Agency
from zwgk.search.models import IndexStatus, SearchTerm, Synonym
from zwgk.search.pinyin import PinyinIndex
from zwgk.search.query import SynonymMap, split_terms
from zwgk.search.segmenter import Segmenter, builtin_dictionary

logger = logging.getLogger(__name__)
CHECK_SECONDS = 5.0
PINYIN_TTL_SECONDS = 300.0


@dataclass
class Lexicon:
    version: int
    segmenter: Segmenter
    synonyms: SynonymMap
    _pinyin: PinyinIndex | None = None
    _pinyin_built: float = 0.0
    _refreshing: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def pinyin(self) -> PinyinIndex:
        """Vocabulary for pinyin/typo suggestions: built at worker start (`warm_up`) or on first use, and
        refreshed every few minutes in a background thread while requests keep using the previous index."""
        with self._lock:
            index = self._pinyin
            if index is None:
                self._pinyin = index = build_pinyin_index(self)
                self._pinyin_built = time.monotonic()
                return index
            stale = time.monotonic() - self._pinyin_built > PINYIN_TTL_SECONDS
            if stale and not self._refreshing:
                self._refreshing = True
                _in_background(self._refresh_pinyin)
            return index

    def _refresh_pinyin(self) -> None:
        try:
            index = build_pinyin_index(self)
            with self._lock:
                self._pinyin = index
                self._pinyin_built = time.monotonic()
        finally:
            self._refreshing = False


def _in_background(fn: Callable[[], None]) -> None:
    """Run fn in a daemon thread with its own database connection (closed when done)."""

    def run() -> None:
        try:
            fn()
        except Exception:  # a failed refresh keeps the previous lexicon; the next check tries again
            logger.exception("background refresh of the search lexicon failed")
        finally:
            connection.close()

    threading.Thread(target=run, name="zwgk-lexicon", daemon=True).start()


_state: dict[str, object] = {"lexicon": None, "checked": 0.0, "rebuilding": False}
_state_lock = threading.Lock()


def current_version() -> int:

    version = IndexStatus.objects.filter(name="main").values_list("dictionary_version", flat=True).first()
    return int(version or 1)


def bump_version() -> None:
    """Called by every change of synonyms or unit names (inside the caller's transaction)."""

    IndexStatus.objects.get_or_create(name="main")
    IndexStatus.objects.filter(name="main").update(dictionary_version=F("dictionary_version") + 1)
    # This process follows at once (other processes within CHECK_SECONDS); again after commit, in case a query
    # in between rebuilt the lexicon from the not-yet-committed state of another connection.
    reset()
    transaction.on_commit(reset)


def reset() -> None:
    """Forget this process's lexicon (the next query builds a new one)."""
    with _state_lock:
        _state["lexicon"] = None
        _state["checked"] = 0.0


def synonym_groups() -> list[tuple[list[str], bool]]:

    return [(split_terms(s.terms), s.one_way) for s in Synonym.objects.active().only("terms", "one_way")]


def agency_words() -> list[str]:

    words: list[str] = []
    for agency in Agency.objects.active().only("name", "short_name", "aliases"):
        words.extend(agency.names())
    return words


def build_lexicon(version: int) -> Lexicon:
    synonyms = SynonymMap.build(synonym_groups())
    segmenter = Segmenter([*agency_words(), *synonyms.words()])
    return Lexicon(version=version, segmenter=segmenter, synonyms=synonyms)


def get_lexicon() -> Lexicon:
    """This process's lexicon. Built once (at worker start by `warm_up`, else on first use); when another
    process changed the dictionary, rebuilt in a background thread while requests use the current one."""
    now = time.monotonic()
    with _state_lock:
        lexicon = _state["lexicon"]
        checked = float(_state["checked"])  # type: ignore[arg-type]
    if isinstance(lexicon, Lexicon) and now - checked < CHECK_SECONDS:
        return lexicon
    version = current_version()
    if not isinstance(lexicon, Lexicon):
        lexicon = build_lexicon(version)
    elif lexicon.version != version:
        with _state_lock:
            start = not _state["rebuilding"]
            _state["rebuilding"] = True
            _state["checked"] = now
        if start:
            _in_background(lambda: _rebuild(version))
        return lexicon
    with _state_lock:
        _state["lexicon"] = lexicon
        _state["checked"] = now
    return lexicon


def _rebuild(version: int) -> None:
    try:
        fresh = build_lexicon(version)
        fresh.pinyin()
        with _state_lock:
            _state["lexicon"] = fresh
            _state["checked"] = time.monotonic()
    finally:
        with _state_lock:
            _state["rebuilding"] = False


def warm_up() -> None:
    """Build the lexicon and its pinyin index now (gunicorn preload / worker start), not in a request."""
    get_lexicon().pinyin()


def build_pinyin_index(lexicon: Lexicon) -> PinyinIndex:

    index = PinyinIndex()
    for word in builtin_dictionary():
        index.add(word, 50)
    for word in lexicon.synonyms.words():
        index.add(word, 50)
    rows = SearchTerm.objects.order_by("-weight").values_list("term", "weight", "pinyin")[:200_000]
    for term, weight, pinyin in rows:
        index.add(term, weight, pinyin)
    return index


def on_agency_changed(sender: object, **kwargs: object) -> None:
    """Unit names are dictionary words: a renamed or new agency changes the dictionary."""
    bump_version()
