"""Pinyin input and homophone typos → the words a citizen meant ("did you mean"; pure: no Django).

A vocabulary of known words (government dictionary, synonyms, unit names, words of indexed titles) is keyed by
toneless pinyin. `from_ascii("shebao jiaofei")` finds the best cover of the letters by known words (社保缴费);
`correct("公基金贷款")` re-reads the query syllable by syllable and replaces runs that sound like a known word
but are written differently (公积金贷款). Tones are ignored: that is how people mistype on a pinyin keyboard.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from zwgk.search.text import is_cjk


def _lazy_pinyin(text: str) -> list[str]:
    # pypinyin's phrase dictionary costs 1–3 s to import: loaded on the first conversion (issue 22: cold start;
    # the web workers build the pinyin index at preload, CLI commands that never convert never load it).
    from pypinyin import Style, lazy_pinyin

    return list(lazy_pinyin(text, style=Style.NORMAL, errors="ignore"))


MAX_WORD_SYLLABLES = 10
MASK_MIN_CHARS = 4


def syllables(text: str) -> list[str]:
    """Toneless pinyin of each character (non-Chinese characters are kept as they are, lower-cased)."""

    result: list[str] = []
    for ch in text:
        if is_cjk(ch):
            # A CJK character pypinyin has no reading for (rare extension-block or compatibility ideographs) comes
            # back as nothing with errors="ignore": keep the character itself.
            converted = _lazy_pinyin(ch)
            result.append(converted[0] if converted else ch)
        else:
            result.append(ch.lower())
    return result


def word_syllables(word: str) -> list[str]:
    """Toneless pinyin of a word, using pypinyin's phrase data for polyphonic characters (重庆 → chong qing)."""

    return [s.lower() for s in _lazy_pinyin(word)]


def word_pinyin(word: str) -> str:
    return " ".join(word_syllables(word))


def is_pinyin_query(query: str) -> bool:
    letters = re.sub(r"[\s']", "", query)
    return len(letters) >= 2 and bool(re.fullmatch(r"[a-zA-Z]+", letters))


@dataclass
class PinyinIndex:
    """Known words keyed by toneless pinyin; the heavier word wins when several sound the same."""

    by_pinyin: dict[str, tuple[str, float]] = field(default_factory=dict)
    by_syllables: dict[tuple[str, ...], tuple[str, float]] = field(default_factory=dict)
    words: set[str] = field(default_factory=set)
    longest: int = 0
    # Words of 4+ characters with one character masked: a slip of one character that does not sound the same
    # (政府信息公开条列 → 政府信息公开条例).
    masked: dict[str, tuple[str, float]] = field(default_factory=dict)

    @classmethod
    def build(cls, weighted_words: Iterable[tuple[str, float]]) -> PinyinIndex:
        index = cls()
        for word, weight in weighted_words:
            index.add(word, weight)
        return index

    def add(self, word: str, weight: float = 1.0, pinyin: str | None = None) -> None:
        """Add a word; `pinyin` is its space-separated toneless syllables when already known."""
        if len(word) < 2 or len(word) > MAX_WORD_SYLLABLES or not all(is_cjk(ch) for ch in word):
            return
        syl = tuple(pinyin.split()) if pinyin else tuple(word_syllables(word))
        if len(syl) != len(word):
            return
        self.words.add(word)
        key = "".join(syl)
        if key not in self.by_pinyin or self.by_pinyin[key][1] < weight:
            self.by_pinyin[key] = (word, weight)
        if syl not in self.by_syllables or self.by_syllables[syl][1] < weight:
            self.by_syllables[syl] = (word, weight)
        self.longest = max(self.longest, len(key))
        if len(word) >= MASK_MIN_CHARS:
            for k in range(len(word)):
                masked = word[:k] + "?" + word[k + 1 :]
                if masked not in self.masked or self.masked[masked][1] < weight:
                    self.masked[masked] = (word, weight)

    def from_ascii(self, query: str) -> str | None:
        """Chinese words for letters typed as pinyin; None unless most of the letters form known words."""
        letters = re.sub(r"[^a-z]", "", query.lower())
        if len(letters) < 2:
            return None
        n = len(letters)
        # best[i] = (score, matched letters, words) for letters[:i]
        best: list[tuple[float, int, list[str]] | None] = [None] * (n + 1)
        best[0] = (0.0, 0, [])
        for i in range(n):
            current = best[i]
            if current is None:
                continue
            score, matched, words = current
            # Skip one letter (penalised), so a stray letter does not spoil the rest.
            skip = (score - 4.0, matched, words)
            if best[i + 1] is None or best[i + 1][0] < skip[0]:  # type: ignore[index]
                best[i + 1] = skip
            for j in range(i + 2, min(n, i + self.longest) + 1):
                hit = self.by_pinyin.get(letters[i:j])
                if hit is None:
                    continue
                candidate = (
                    score + (j - i) ** 1.5 + math.log1p(hit[1]) * 0.1,
                    matched + j - i,
                    [*words, hit[0]],
                )
                if best[j] is None or best[j][0] < candidate[0]:  # type: ignore[index]
                    best[j] = candidate
        final = best[n]
        if final is None or not final[2] or final[1] < 0.8 * n:
            return None
        return "".join(final[2])

    def _one_slip(self, original: str) -> str | None:
        """The known word that differs from `original` in exactly one (Chinese) character, if any."""
        best: tuple[str, float] | None = None
        for k, ch in enumerate(original):
            if not is_cjk(ch):
                continue
            hit = self.masked.get(original[:k] + "?" + original[k + 1 :])
            if hit is not None and hit[0] != original and (best is None or hit[1] > best[1]):
                best = hit
        return best[0] if best else None

    def correct(self, text: str) -> str | None:
        """Replace runs of characters that sound like a known word but are not it; None if nothing changes."""
        chars = list(text)
        syl = syllables(text)
        n = len(chars)
        best: list[tuple[float, list[str]] | None] = [None] * (n + 1)
        best[0] = (0.0, [])
        for i in range(n):
            current = best[i]
            if current is None:
                continue
            score, pieces = current
            keep = (score, [*pieces, chars[i]])
            if best[i + 1] is None or best[i + 1][0] < keep[0]:  # type: ignore[index]
                best[i + 1] = keep
            if not is_cjk(chars[i]):
                continue
            for j in range(i + 2, min(n, i + MAX_WORD_SYLLABLES) + 1):
                original = "".join(chars[i:j])
                if original in self.words:
                    candidate = (score + (j - i) ** 2 + 0.5, [*pieces, original])
                else:
                    hit = self.by_syllables.get(tuple(syl[i:j]))
                    if hit is None and j - i >= MASK_MIN_CHARS:
                        slip = self._one_slip(original)
                        if slip is not None:
                            candidate = (score + (j - i) ** 2 - 1.0, [*pieces, slip])
                            if best[j] is None or best[j][0] < candidate[0]:  # type: ignore[index]
                                best[j] = candidate
                        continue
                    if hit is None:
                        continue
                    # A replacement must differ in at most half of its characters: 养老保显 → 养老保险.
                    changed = sum(1 for a, b in zip(original, hit[0], strict=False) if a != b)
                    if changed * 2 > (j - i):
                        continue
                    candidate = (score + (j - i) ** 2, [*pieces, hit[0]])
                if best[j] is None or best[j][0] < candidate[0]:  # type: ignore[index]
                    best[j] = candidate
        final = best[n]
        if final is None:
            return None
        suggestion = "".join(final[1])
        return suggestion if suggestion != text else None
