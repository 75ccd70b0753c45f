"""Chinese word segmentation for the index and for queries (rjieba + the government dictionary; no Django).

Documents are indexed in jieba's *search mode* (every dictionary word inside a longer word is emitted too:
社会保险费 → 社会 保险 保险费 社会保险 社会保险费) so that a query for any of those words finds them; queries are
cut in the default (precise) mode. Both index backends store the resulting tokens separated by spaces.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from zwgk.search.text import clean_token, is_cjk, normalize

DATA_DIR = Path(__file__).parent / "data"
# Words of this many characters are also indexed by their character pairs.
BIGRAM_MIN, BIGRAM_MAX = 4, 8


# Function words that carry no meaning in a government text; never indexed, never searched.
def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


INDEX_STOPWORDS = _words(
    "的 了 和 与 及 或 在 是 等 对 为 将 把 被 之 其 以 于 由 从 向 而 并 也 都 就 这 那 个 着 所 则"
)
# What citizens add around the words that matter in a question or query.
QUERY_STOPWORDS = INDEX_STOPWORDS | _words(
    """
    吗 呢 啊 吧 呀 嘛 哦 我 我们 你 您 他 她 它 他们 咱 俺 要 想 想要 请问 请 问 问下 问一下 一下 怎么 怎样 怎么样 如何 什么
    啥 哪些 哪里 哪儿 哪个 哪 多少 多久 几 是否 能否 能 能不能 可以 可不可以 可否 需要 需不需要 应该 该 应当 有没有 有 没有
    关于 的话 这个 那个 这些 那些 还是 吗 么 咋 咋办 怎么办 怎么弄 一个 会 会不会 给 得 地 啦 呗 谁 时候 现在 如果 因为 所以
    要不要 不要 是不是 听说 之前 以前 一份 一下子 到底 究竟 是什么 什么样 哪家 吗了 了吗 我家 我妈 我爸 家里 咱们 有关
    """
)


def _read_words(name: str) -> list[str]:
    path = DATA_DIR / name
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.append(line.split()[0])
    return words


def builtin_dictionary() -> list[str]:
    """Policy terms shipped with the platform (data/gov_dict.txt)."""
    return _read_words("gov_dict.txt")


INDEX_MEMO_SIZE = 500_000


def _index_forms(raw: str) -> tuple[str, ...]:
    """A raw search-mode token as indexed: cleaned, without stopwords, plus the character pairs of a long word."""
    token = clean_token(raw)
    if not token or token in INDEX_STOPWORDS:
        return ()
    if BIGRAM_MIN <= len(token) <= BIGRAM_MAX and all(is_cjk(ch) for ch in token):
        return (token, *(token[i : i + 2] for i in range(len(token) - 1)))
    return (token,)


_package_instance_taken = False


def _fresh_jieba(rjieba: Any) -> Any:
    """A Jieba with the default dictionary and nothing added. Importing rjieba (0.2.2, pinned) already builds one
    (`rjieba._DEFAULT_JIEBA`, behind its module-level `cut`): the first segmenter of a process takes that one
    instead of loading the dictionary a second time (0.1 s of every `zwgk search`, issue 15 item 6); any later
    one — a rebuilt dictionary — starts from a new instance, so words a rebuild dropped are gone."""
    global _package_instance_taken
    default = getattr(rjieba, "_DEFAULT_JIEBA", None)
    if default is not None and not _package_instance_taken:
        _package_instance_taken = True
        return default
    return rjieba.Jieba()


class Segmenter:
    """One rjieba instance with the default dictionary plus the government words added at start-up."""

    def __init__(self, words: Iterable[str] = ()) -> None:

        # Imported here: loading rjieba costs about a second, which commands and processes that never segment
        # (most of them) should not pay (issue 22, cold start); web workers build their segmenter at preload.
        import rjieba

        self._jieba = _fresh_jieba(rjieba)
        # raw jieba token -> its index forms (issue 22: the same few thousand words recur in every document,
        # so cleaning, stopwords and bigrams are worked out once per word, not once per occurrence)
        self._index_memo: dict[str, tuple[str, ...]] = {}
        self.words: frozenset[str] = frozenset()
        self.add_words([*builtin_dictionary(), *words])

    def add_words(self, words: Iterable[str]) -> None:
        added = set(self.words)
        for word in words:
            word = normalize(word).strip()
            # Only whole CJK terms go into the dictionary; a long unit name stays findable by its parts.
            if 2 <= len(word) <= 16 and all(is_cjk(ch) or ch.isalnum() for ch in word) and word not in added:
                self._jieba.add_word(word, None, None)
                added.add(word)
        self.words = frozenset(added)

    def index_tokens(self, text: str) -> list[str]:
        """Search-mode tokens of already-normalised text (stopwords and punctuation removed).

        A long Chinese word also gives its character pairs (老旧小区改造 → 老旧 旧小 小区 区改 改造): a query cut
        differently (老旧 / 小区 / 改造) still finds it.
        """
        tokens: list[str] = []
        memo = self._index_memo
        for raw in self._jieba.cut_for_search(text, True):
            out = memo.get(raw)
            if out is None:
                out = _index_forms(raw)
                if len(memo) < INDEX_MEMO_SIZE:
                    memo[raw] = out
            if out:
                tokens.extend(out)
        return tokens

    def cut(self, text: str) -> list[str]:
        """Precise-mode words of raw text with the government words kept whole (e.g. to count the topics of
        messages); nothing removed."""
        return list(self._jieba.cut(text, True))

    def query_tokens(self, text: str) -> list[str]:
        """Precise-mode tokens of a normalised query, without question words and punctuation."""
        tokens = []
        for raw in self._jieba.cut(text, True):
            token = clean_token(raw)
            if token and token not in QUERY_STOPWORDS:
                tokens.append(token)
        return tokens

    def parts(self, token: str) -> list[str]:
        """The shorter dictionary words inside a long token (中华人民共和国 → 中华 华人 人民 共和 共和国)."""
        if len(token) < 4:
            return []
        parts = [clean_token(p) for p in self._jieba.cut_for_search(token, True)]
        parts = [p for p in parts if p and p != token and len(p) <= 3]
        covered: set[int] = set()
        for part in parts:
            start = token.find(part)
            while start >= 0:
                covered.update(range(start, start + len(part)))
                start = token.find(part, start + 1)
        return parts if len(covered) == len(token) else []
