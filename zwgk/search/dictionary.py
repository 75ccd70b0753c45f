"""The lexicon every process uses: segmenter (built-in dictionary + unit names + synonym words), the synonym map
and the pinyin vocabulary.

Staff edits (synonyms) and agency changes bump `IndexStatus.dictionary_version`; each process compares its copy
with that number at most every `CHECK_SECONDS` and rebuilds its lexicon when it moved, so a new synonym works
in every gunicorn worker within seconds without a restart.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F

from zwgk.agencies.models import Agency
from zwgk.search.models import IndexStatus, SearchTerm, Synonym
from zwgk.search.pinyin import PinyinIndex
from zwgk.search.query import SynonymMap, split_terms
from zwgk.search.segmenter import Segmenter, builtin_dictionary

CHECK_SECONDS = 5.0
PINYIN_TTL_SECONDS = 300.0


@dataclass
class Lexicon:
    version: int
    segmenter: Segmenter
    synonyms: SynonymMap
    _pinyin: PinyinIndex | None = None
    _pinyin_built: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def pinyin(self) -> PinyinIndex:
        """Vocabulary for pinyin/typo suggestions (built lazily, refreshed every few minutes)."""
        with self._lock:
            if self._pinyin is None or time.monotonic() - self._pinyin_built > PINYIN_TTL_SECONDS:
                self._pinyin = build_pinyin_index(self)
                self._pinyin_built = time.monotonic()
            return self._pinyin


_state: dict[str, object] = {"lexicon": None, "checked": 0.0}
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
    now = time.monotonic()
    with _state_lock:
        lexicon = _state["lexicon"]
        checked = float(_state["checked"])  # type: ignore[arg-type]
    if isinstance(lexicon, Lexicon) and now - checked < CHECK_SECONDS:
        return lexicon
    version = current_version()
    if not isinstance(lexicon, Lexicon) or lexicon.version != version:
        lexicon = build_lexicon(version)
    with _state_lock:
        _state["lexicon"] = lexicon
        _state["checked"] = now
    return lexicon


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
