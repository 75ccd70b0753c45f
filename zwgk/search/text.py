"""Text normalisation, 文号/索引号 keys, query cleaning and HTML-safe highlighting (pure: no Django import).

Everything the index stores and everything a citizen types passes through `normalize` first, so that full-width
characters, traditional characters (OpenCC t2s) and letter case never decide whether a document is found.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

import opencc

# A citizen's query is cut to this many characters (a 2,000-character paste still gets a normal page).
MAX_QUERY_CHARS = 100


@lru_cache(maxsize=1)
def _t2s() -> object:

    return opencc.OpenCC("t2s")


def t2s(text: str) -> str:
    """Traditional → simplified Chinese (OpenCC); a no-op on text without traditional characters."""
    if not text:
        return text
    return str(_t2s().convert(text))  # type: ignore[attr-defined]


def normalize(text: str) -> str:
    """NFKC (full-width → half-width), traditional → simplified, lower case."""
    if not text:
        return ""
    return t2s(unicodedata.normalize("NFKC", text)).lower()


def is_word_char(ch: str) -> bool:
    """Letters and digits of any script (what both index tokenizers treat as part of a token)."""
    return unicodedata.category(ch)[0] in ("L", "N")


def is_cjk(ch: str) -> bool:
    code = ord(ch)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0x20000 <= code <= 0x2A6DF


_WORD_RE = re.compile(r"[^\W_]+")
_NOT_WORD_RE = re.compile(r"[\W_]+")


def clean_token(token: str) -> str:
    """Keep only letters and digits: what is left can never be FTS5 / tsquery syntax."""
    if token.isalnum() or _WORD_RE.fullmatch(token):
        return token
    return _NOT_WORD_RE.sub("", token)


def has_word_chars(text: str) -> bool:
    return _WORD_RE.search(text) is not None


def clean_query(raw: str) -> tuple[str, bool]:
    """Normalise a typed query; returns (query, truncated). Control characters and emoji are dropped."""
    text = normalize(raw or "")
    kept = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat[0] == "C" or cat == "So" or cat == "Sk":
            kept.append(" ")
        else:
            kept.append(ch)
    text = re.sub(r"\s+", " ", "".join(kept)).strip()
    truncated = len(text) > MAX_QUERY_CHARS
    return text[:MAX_QUERY_CHARS].strip(), truncated


# --- 文号 and 索引号 -------------------------------------------------------------------------------------------

_OPEN_BRACKETS = "〔［[（(【｛{〖"
_CLOSE_BRACKETS = "〕］]）)】｝}〗"
_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


def chinese_number(text: str) -> int | None:
    """二十 → 20, 一百零五 → 105, 七一一 → 711 (digit-by-digit style); None when not a number."""
    if not text or any(ch not in _CN_DIGITS and ch not in "十百千" for ch in text):
        return None
    if all(ch in _CN_DIGITS for ch in text):
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    total, current = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        else:
            unit = {"十": 10, "百": 100, "千": 1000}[ch]
            total += (current or 1) * unit
            current = 0
    return total + current


def doc_number_key(value: str) -> str:
    """A comparable key for a 文号 or 索引号: 国办发[2019]19号 == 国办发〔2019〕19号 == 國辦發（2019）19號.

    Also 国务院令第711号 == 国务院令711号 == 中华人民共和国国务院令第711号, and 主席令第二十号 == 主席令第20号.
    """
    text = normalize(value or "")
    text = re.sub(r"\s+", "", text)
    for ch in _OPEN_BRACKETS:
        text = text.replace(ch, "〔")
    for ch in _CLOSE_BRACKETS:
        text = text.replace(ch, "〕")
    text = text.removeprefix("中华人民共和国")

    def _number(match: re.Match[str]) -> str:
        n = chinese_number(match.group(1))
        return f"{n}号" if n is not None else match.group(0)

    text = re.sub(r"第?([零〇一二两三四五六七八九十百千]+)号$", _number, text)
    text = re.sub(r"第(\d+)号$", r"\1号", text)
    return text.upper()[:100]


_DOC_NUMBER_RE = re.compile(
    r"(〔\d{4}〕\s*\d+\s*号|令\s*第?\s*[\d零〇一二三四五六七八九十百千]+\s*号|^\S{0,20}\d+号$)"
)
_INDEX_NO_RE = re.compile(r"^[0-9a-z]{4,}[-/][0-9a-z\-/]{4,}$", re.IGNORECASE)


_DOC_NUMBER_FRAGMENT_RE = re.compile(r"^\S{0,20}〔\d{4}〕\d*$")


def looks_like_doc_number_fragment(query: str) -> bool:
    """True for the start of a 文号 such as 东丽政办发〔2022〕 (agency code and year, no serial yet)."""
    key = doc_number_key(query)
    return bool(key) and not looks_like_identifier(query) and bool(_DOC_NUMBER_FRAGMENT_RE.match(key))


def looks_like_identifier(query: str) -> bool:
    """True when the query could be a 文号 or a 索引号 (worth an exact look-up before full-text search)."""
    key = doc_number_key(query)
    return bool(key) and len(key) <= 60 and bool(_DOC_NUMBER_RE.search(key) or _INDEX_NO_RE.match(key))


# A complete 文号 in key form: 机关代字〔年份〕序号号, or an order 国务院令711号 / 主席令20号.
_FULL_DOC_NUMBER_RE = re.compile(
    r"^(?:[\u4e00-\u9fffA-Z·]{2,20}〔\d{4}〕\d{1,6}号|[\u4e00-\u9fff·]{0,20}令\d{1,6}号)$"
)
# The 机关代字 of a 文号 typed alone (东丽政办发, 津东人社发, 国办函): ends like a 文号 code, never a word to correct.
_DOC_NUMBER_PREFIX_RE = re.compile(r"^[\u4e00-\u9fff]{1,10}(?:发|函|字|规|办发|办函|电)$")
# 文号 as printed inside a text (the prefix run may start earlier; the key comparison is by suffix).
_MENTION_RE = re.compile(
    r"[\u4e00-\u9fffA-Za-z·]{1,24}(?:[〔［\[（(【]\s*\d{4}\s*[〕］\]）)】]\s*第?\s*\d{1,6}\s*号"
    r"|令\s*[（(〔]?\s*第?\s*[\d零〇一二两三四五六七八九十百千]{1,12}\s*号[）)〕]?)"
)


def looks_like_doc_number(query: str) -> bool:
    """True for a complete, well-formed 文号 (agency code, year and serial, or an order number)."""
    return bool(_FULL_DOC_NUMBER_RE.match(doc_number_key(query)))


def looks_like_doc_number_prefix(query: str) -> bool:
    """True for an agency's 文号 code typed alone, such as 东丽政办发 (never typo-corrected)."""
    return bool(_DOC_NUMBER_PREFIX_RE.match(normalize(query).strip()))


def doc_number_mentions(text: str, key: str) -> int | None:
    """Position of the first 文号 in `text` whose key ends with `key` (a doc_number_key), or None."""
    if not key:
        return None
    for match in _MENTION_RE.finditer(normalize(text)):
        if doc_number_key(match.group(0)).endswith(key):
            return match.start()
    return None


# --- Highlighting ----------------------------------------------------------------------------------------------


def _terms_pattern(terms: Iterable[str]) -> re.Pattern[str] | None:
    unique = sorted({t for t in terms if t and has_word_chars(t)}, key=len, reverse=True)
    if not unique:
        return None
    return re.compile("|".join(re.escape(t) for t in unique[:60]), re.IGNORECASE)


def _display_and_search_text(text: str) -> tuple[str, str]:
    """(text shown, text searched): positions agree whenever normalisation kept the length."""
    searched = normalize(text)
    if len(searched) == len(text):
        return text, searched
    return searched, searched


def highlight(text: str, terms: Iterable[str]) -> str:
    """HTML-escaped `text` with every occurrence of `terms` wrapped in <mark>."""
    shown, searched = _display_and_search_text(text or "")
    pattern = _terms_pattern(terms)
    if pattern is None:
        return html.escape(shown)
    out: list[str] = []
    last = 0
    for match in pattern.finditer(searched):
        start, end = match.span()
        out.append(html.escape(shown[last:start]))
        out.append(f"<mark>{html.escape(shown[start:end])}</mark>")
        last = end
    out.append(html.escape(shown[last:]))
    return "".join(out)


def snippet(text: str, terms: Sequence[str], width: int = 120) -> str:
    """The `width`-character window of `text` with the most distinct matched terms, highlighted and escaped."""
    shown, searched = _display_and_search_text(re.sub(r"\s+", " ", text or "").strip())
    if not shown:
        return ""
    pattern = _terms_pattern(terms)
    if pattern is None or len(shown) <= width:
        window_start = 0
    else:
        matches = [(m.start(), m.group(0).lower()) for m in pattern.finditer(searched)]
        if not matches:
            window_start = 0
        else:
            best_start, best_score = matches[0][0], -1
            for index, (start, _) in enumerate(matches):
                seen = {term for pos, term in matches[index:] if pos < start + width}
                score = len(seen) * 10 + sum(1 for pos, _ in matches[index:] if pos < start + width)
                if score > best_score:
                    best_start, best_score = start, score
            window_start = max(0, best_start - width // 5)
            # Start at a sentence or clause boundary when one is close.
            boundary = max(shown.rfind(p, max(0, window_start - 20), best_start) for p in "。；，;,")
            if boundary >= 0 and best_start - boundary < width // 2:
                window_start = boundary + 1
    window_end = min(len(shown), window_start + width)
    piece = shown[window_start:window_end]
    body = highlight(piece, terms)
    prefix = "…" if window_start > 0 else ""
    suffix = "…" if window_end < len(shown) else ""
    return f"{prefix}{body}{suffix}"


# --- Privacy of logged queries -----------------------------------------------------------------------------------

_ID_CARD_RE = re.compile(r"(?<!\d)\d{17}[\dxX](?!\d)")
_LONG_DIGITS_RE = re.compile(r"(?<!\d)\d{11,}(?!\d)")


def mask_personal(text: str) -> str:
    """Mask 身份证号 and phone-length digit runs before a query or question is stored in statistics."""
    text = _ID_CARD_RE.sub("[身份证号]", text)
    return _LONG_DIGITS_RE.sub("[号码]", text)
