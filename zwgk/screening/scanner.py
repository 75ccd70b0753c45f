"""The screener: finds classified markings and personal data in text before it is published.

One walk of the text per pass: a numeric-token regex (ID, mobile, landline, bank card, all-digit USCC), an
alphanumeric-token regex (USCC with letters, passports and permits), a plate regex, '@' for e-mail, and one
Aho-Corasick automaton for the lexicon and the trigger words of the context rules (markings, name labels,
salutations, table headers). Candidates are few, so validation (check digits, dates, context) is cheap.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from zwgk.screening import checks, contacts
from zwgk.screening.findings import CATEGORY_LABELS, IDENTIFIER_CATEGORIES, Category, Finding, Severity
from zwgk.screening.lexicon import KeywordIndex, LexiconEntry, default_lexicon
from zwgk.screening.masking import mask_value
from zwgk.screening.names import is_name, name_end_at, surnames
from zwgk.screening.wording import WordingEntry, WordingIndex

# Full-width digits, letters and + - . @ map one-to-one onto ASCII (U+FF01-FF5E = ASCII + 0xFEE0), so offsets
# do not move; they are rare, so substituting only them is much faster than str.translate over all the text.
_HAS_FULLWIDTH = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a－＋＠．]")


def _halfwidth(match: re.Match[str]) -> str:
    return chr(ord(match.group()) - 0xFEE0)


# A run of at least seven digits (single spaces or hyphens between groups), optionally after +86 or a
# parenthesised area code. The pattern starts with a character class so the regex engine skips ahead fast.
_NUMERIC = re.compile(
    r"[+（(\d](?:(?<=\+)86[ -]?\d|(?<=[（(])0\d{2,3}[)）] ?\d|(?<=\d))(?:\d|[ -](?=\d)){6,}+[Xx]?"
)
_ALNUM = re.compile(r"[0-9A-Z]{8,18}")
_PLATE = re.compile(
    r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z][·・. ]?[A-HJ-NP-Z0-9]{4,6}[挂学警]?"
)
_EMAIL_LOCAL = re.compile(r"[A-Za-z0-9._%+-]{1,64}$")
_EMAIL_DOMAIN = re.compile(r"[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}")
_SEP = re.compile(r"[ -]")
_LANDLINE_PAREN = re.compile(r"[（(](0\d{2,3})[)）] ?([2-8]\d{6,7})")

_TOKEN_CHARS = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_NUM_BEFORE_BLOCKERS = _TOKEN_CHARS | frozenset("+-./@_\\%")
_NUM_AFTER_BLOCKERS = _TOKEN_CHARS | frozenset("@_\\")
# Units and words after a number that make it an amount, a date, a count or a serial (never personal data).
_QUANTITY_AFTER = re.compile(
    r" ?(?:元|万|亿|%|％|‰|美元|平方|㎡|亩|公顷|吨|公里|千米|米|年|月|日|时|分|秒|个|人|户|次|件|页|册|份|辆|套|间|条|项|号(?!码))"
)
_EXCLUDING_LABELS = ("索引号", "发文字号", "文号", "邮政编码", "邮编", "统计编号", "项目代码", "项目编号")
_MONEY_BEFORE = ("￥", "¥", "人民币", "金额", "资金")
_LANDLINE_CONTEXT = ("电话", "座机", "传真", "热线", "Tel", "TEL", "tel", "电 话")

_MARK_WORDS = (
    "绝密",
    "机密",
    "秘密",
    "内部",
    "内部资料",
    "内部文件",
    "内部使用",
    "工作秘密",
    "注意保存",
    "不予公开",
    "涉密",
    "此件不公开",
    "此件不予公开",
    "密级",
)
_MARK_LINE = re.compile(
    r"(?:绝密|机密|秘密|内部资料|内部文件|内部使用|内部|工作秘密|注意保存|不予公开|涉密|此件不予公开|此件不公开|"
    r"严禁外传|严禁复制|密级)+"
)
_MARK_NOISE = re.compile(r"[\s　【】\[\]〔〕（）()★☆*＊:：·、，,.。—\-]|\d+年|\d+个月|长期|\d+")
_MARK_STRONG = re.compile(r"(?:绝密|机密|秘密)[ 　]*[★☆][ 　]*(?:\d+(?:年|个月)|长期)?")
_MARK_LABEL = re.compile(r"密级[ 　:：\t]*(?:绝密|机密|秘密)")
_MARK_NOTICE = re.compile(r"[（(]?此件不(?:予)?公开[）)]?")
# Markings written into a sentence: 本文件内部资料, 此件属工作秘密, 内部资料，注意保存.
_MARK_INLINE = re.compile(
    r"(?:本|此|该)(?:文件|文|件|材料|资料|通知|报告)(?:系|为|属|属于|是|均为|仅供)?"
    r"(?:内部资料|内部文件|内部使用|内部参阅|工作秘密|绝密|机密|秘密|涉密(?:文件|材料|资料)?)"
    r"|(?:内部资料|内部文件)[，,、 　]*(?:请?注意保存|严禁外传|不得外传|请勿外传|不得公开|不予公开)"
)
# A home address in running text: a living-place word, then place words ending in numbered building parts
# (幸福里3号楼2单元501室, 津塘路12号). 住房/住建/住院/住宿/住宅/住户/住所 are not addresses of a person.
_ADDRESS = re.compile(
    r"(?:家庭住址|住址|家住|现住|暂住|居住(?:在|于|地)?|住在|住于|(?:(?<=[，,、。；;\s（(])|^)住(?![房建院宿宅户所持]))"
    r"[为是]?[:：]?[ 　]*"
    r"(?P<address>[\u4e00-\u9fffA-Za-z0-9#\-－（）()]{0,30}?\d+[A-Za-z]?(?:号楼|号院|号|栋|幢|楼|单元|室|户)"
    r"(?:[0-9A-Za-z\-－]+(?:号楼|号|栋|幢|楼|单元|室|层|户))*)",
    re.MULTILINE,
)

_NAME_LABELS = (
    "姓名",
    "申请人",
    "患者",
    "病例",
    "确诊病例",
    "无症状感染者",
    "密切接触者",
    "密接者",
    "次密接者",
    "户主",
    "受助人",
    "补贴对象",
    "救助对象",
    "低保对象",
    "当事人",
    "投诉人",
    "举报人",
    "来信人",
    "死者",
)
_NAME_LABEL_GAP = re.compile(r"(?:\d{1,3}|[一二三四五六七八九十]{1,3})?[ 　]*[:：]?[ 　]*")
_NAME_HEADERS = frozenset(
    {
        "姓名",
        "户主姓名",
        "申请人姓名",
        "受助人姓名",
        "患者姓名",
        "学生姓名",
        "考生姓名",
        "补贴对象",
        "救助对象",
        "受助人",
        "户主",
        "申请人",
        "领取人",
        "收款人",
        "持卡人",
        "被补贴人",
        "姓 名",
    }
)
_NAME_AFTER_BARE_LABEL = frozenset("，,（(于在向等男女")
_DEMOGRAPHIC = re.compile(r"[，,、 　]*(?:男|女)[，,、 　]*\d{1,3}岁")
_SALUTATION = re.compile(
    r"(?:^|\n)[ \t　]*([\u4e00-\u9fff]{2,4}?)(?:先生|女士|同志)?[:：][ \t　]*\n?[ \t　]*$"
)

_TRIGGERS: dict[str, str] = (
    {w: "mark" for w in _MARK_WORDS}
    | {w: "name_label" for w in _NAME_LABELS}
    | {"岁": "demographic", "您": "salutation"}
)

_ROW_FIELDS = re.compile(r"\S+")


@dataclass(frozen=True)
class _Reasons:
    texts: dict[str, str] = field(
        default_factory=lambda: {
            Category.CLASSIFIED_MARK: "文件标有密级或“内部”“不予公开”等限制标志，不得公开；确已解密或经批准公开的，请说明依据",
            Category.ID_CARD: "居民身份证号码（校验位、地址码、出生日期均有效），属个人信息，公开前须脱敏",
            Category.ID_LIKE: "形似身份证号码但校验位不符，很可能是录入错误的身份证号码，仍属个人信息：公开前须脱敏，"
            "确认不是身份证号码的请标记误报或确认可以公开",
            Category.USCC: "统一社会信用代码（校验位有效）；机构代码属公开信息，请确认不是个体工商户等个人信息",
            Category.MOBILE: "手机号码，属个人信息，公开前须脱敏；确为公开的办事电话的，请说明理由",
            Category.LANDLINE: "固定电话号码，不在本单位公开指南所列电话之内，请确认可以公开",
            Category.BANK_CARD: "银行卡号（Luhn 校验有效），属个人金融账户信息，公开前须脱敏",
            Category.EMAIL: "电子邮箱，属个人信息，公开前须脱敏",
            Category.PASSPORT: "护照或往来港澳台通行证号码，属个人信息，公开前须脱敏",
            Category.PLATE: "机动车号牌，可识别车辆所有人，公开前须脱敏",
            Category.PERSON_NAME: "个人姓名出现在申请人、患者、补贴对象等会暴露个人隐私的语境中，公开前须脱敏",
            Category.ADDRESS: "个人住址（楼号、单元、门牌号），属个人信息，公开前须脱敏",
            Category.AGGREGATION: "表格列出多人的身份证号、手机号等身份信息，汇聚后存在泄露风险（工作要点第十一项）",
        }
    )


REASONS = _Reasons().texts


@dataclass
class Screener:
    """Configured screening: lexicon, the agency's published numbers and e-mails, enabled categories.

    `scan(text)` returns findings sorted by position. Build one Screener per configuration and reuse it:
    the automaton is built once.
    """

    lexicon: Sequence[LexiconEntry] | None = None
    allowed_numbers: Iterable[str] = ()
    allowed_emails: Iterable[str] = ()
    categories: Iterable[str] | None = None
    aggregation_min_rows: int = 5
    today: date | None = None
    # 规范表述 (wording.py): none unless given; the review step passes the staff list.
    wording: Sequence[WordingEntry] = ()

    def __post_init__(self) -> None:
        entries = default_lexicon() if self.lexicon is None else tuple(self.lexicon)
        self._wording = WordingIndex(self.wording)
        self._index = KeywordIndex(entries, _TRIGGERS)
        self._allowed_numbers = _number_variants(self.allowed_numbers)
        self._allowed_emails = frozenset(e.strip().lower() for e in self.allowed_emails if e.strip())
        self._enabled = (
            frozenset(self.categories) if self.categories is not None else frozenset(CATEGORY_LABELS)
        )
        unknown = self._enabled - set(CATEGORY_LABELS)
        if unknown:
            raise ValueError(f"unknown screening categories: {sorted(unknown)}")

    # ------------------------------------------------------------------ public

    def scan(self, text: str) -> list[Finding]:
        norm = _HAS_FULLWIDTH.sub(_halfwidth, text)
        found: list[Finding] = []
        self._numbers(text, norm, found)
        self._alnum_tokens(text, norm, found)
        if Category.PLATE in self._enabled:
            self._plates(text, norm, found)
        if Category.EMAIL in self._enabled:
            self._emails(text, norm, found)
        if Category.ADDRESS in self._enabled:
            self._addresses(text, norm, found)
        self._keywords(text, norm, found)
        if Category.PERSON_NAME in self._enabled:
            aggregate = Category.AGGREGATION in self._enabled
            found.extend(
                contacts.contact_findings(
                    text, norm, found, aggregation=aggregate, identifier_rows=self.aggregation_min_rows
                )
            )
        found = [f for f in found if f.category in self._enabled]
        found = _dedupe(found)
        if Category.AGGREGATION in self._enabled:
            found.extend(self._aggregation(text, found))
        if Category.WORDING in self._enabled:
            found.extend(self._wording.scan(text))
        found.sort(key=lambda f: (f.start, -f.end, f.category))
        return found

    # ------------------------------------------------------------------ helpers

    def _finding(
        self, text: str, start: int, end: int, category: str, severity: str, reason: str | None = None
    ) -> Finding:
        value = text[start:end]
        return Finding(
            category=category,
            start=start,
            end=end,
            text=value,
            severity=severity,
            reason=reason or REASONS[category],
            masked=mask_value(category, value),
        )

    def _excluded_number(self, norm: str, start: int, end: int) -> bool:
        """Amounts, dates, counts, index and document numbers, postal codes, decimals: never personal data."""
        following = norm[end : end + 4]
        if following[:1] in (".", "/") and following[1:2].isdigit():
            return True
        if _QUANTITY_AFTER.match(following):
            return True
        line_start = norm.rfind("\n", max(0, start - 24), start) + 1
        before = norm[max(line_start, start - 24) : start]
        if any(label in before for label in _EXCLUDING_LABELS):
            return True
        return before.rstrip(" ：:").endswith(_MONEY_BEFORE)

    def _allowed_number(self, digits: str) -> bool:
        """A published number, also with an extension appended (022-84370001-8002)."""
        candidates = [digits]
        if len(digits) >= 10 and digits.startswith("0"):
            candidates.append(_local_part(digits))
        for candidate in candidates:
            if candidate in self._allowed_numbers:
                return True
            if any(len(v) >= 7 and candidate.startswith(v) for v in self._allowed_numbers):
                return True
        return False

    # ------------------------------------------------------------------ numeric tokens

    def _numbers(self, text: str, norm: str, found: list[Finding]) -> None:
        for match in _NUMERIC.finditer(norm):
            start, end = match.span()
            if start and norm[start - 1] in _NUM_BEFORE_BLOCKERS:
                continue
            if end < len(norm) and norm[end] in _NUM_AFTER_BLOCKERS:
                continue
            raw = match.group()
            if sum(c.isdigit() for c in raw) < 7 or self._excluded_number(norm, start, end):
                continue
            for rel_start, rel_end, category, severity in self._classify_number(norm, start, raw):
                digits = "".join(c for c in raw[rel_start:rel_end] if c.isdigit())
                if category in (Category.MOBILE, Category.LANDLINE) and self._allowed_number(
                    digits.removeprefix("86") if raw.startswith("+86") else digits
                ):
                    continue
                found.append(self._finding(text, start + rel_start, start + rel_end, category, severity))

    def _classify_number(self, norm: str, start: int, raw: str) -> list[tuple[int, int, str, str]]:
        if raw[0] in "（(":
            paren = _LANDLINE_PAREN.match(raw)
            if paren:
                return [(0, paren.end(), Category.LANDLINE, Severity.WARN)]
            return []
        offset = 0
        body = raw
        if raw.startswith("+86"):
            offset = 4 if raw[3:4] in (" ", "-") else 3
            body = raw[offset:]
        groups = _SEP.split(body)
        sizes = [len(g) for g in groups]
        compact = "".join(groups)
        if (
            len(groups) == 3
            and groups[0].startswith("0")
            and sizes[0] in (3, 4)
            and sizes[1] in (7, 8)
            and groups[1][0] in "2345678"
            and sizes[2] <= 5
        ):
            return [(0, len(raw), Category.LANDLINE, Severity.WARN)]  # area code, number, extension
        if len(groups) == 1 or _known_grouping(sizes, compact):
            category = self._classify_compact(norm, start + offset, compact)
            if category is not None:
                return [(0, len(raw), category[0], category[1])]
        if len(groups) == 1:
            return []
        # An unknown grouping (a date next to a number, a list of numbers): judge each group alone.
        results: list[tuple[int, int, str, str]] = []
        position = offset
        for group in groups:
            if len(group) >= 7:
                category = self._classify_compact(norm, start + position, group)
                if category is not None:
                    results.append((position, position + len(group), category[0], category[1]))
            position += len(group) + 1
        return results

    def _classify_compact(self, norm: str, start: int, digits: str) -> tuple[str, str] | None:
        size = len(digits)
        if digits[-1] in "Xx":
            if size == 18 and checks.valid_id18(digits, today=self.today):
                return Category.ID_CARD, Severity.BLOCK
            if size == 18 and checks.id_shape(digits, today=self.today):
                return Category.ID_LIKE, Severity.BLOCK
            return None
        if size == 18:
            if checks.valid_id18(digits, today=self.today):
                return Category.ID_CARD, Severity.BLOCK
            # 18-digit cards are rare, IDs always have 18: a real region and birth date with a wrong check
            # digit is a mistyped ID, even if the digits happen to pass Luhn.
            if checks.id_shape(digits, today=self.today):
                return Category.ID_LIKE, Severity.BLOCK
            if checks.valid_bank_card(digits):
                return Category.BANK_CARD, Severity.BLOCK
            if checks.valid_uscc(digits):
                return Category.USCC, Severity.WARN
            return None
        if size == 15 and checks.valid_id15(digits, today=self.today):
            return Category.ID_CARD, Severity.BLOCK
        if 16 <= size <= 19 and checks.valid_bank_card(digits):
            return Category.BANK_CARD, Severity.BLOCK
        if size == 11 and checks.valid_mobile(digits):
            return Category.MOBILE, Severity.BLOCK
        if digits.startswith("0") and _landline_digits(digits):
            return Category.LANDLINE, Severity.WARN
        if size in (7, 8) and digits[0] in "2345678":
            before = norm[max(0, start - 12) : start]
            if any(word in before for word in _LANDLINE_CONTEXT):
                return Category.LANDLINE, Severity.WARN
        return None

    # ------------------------------------------------------------------ alphanumeric tokens

    def _alnum_tokens(self, text: str, norm: str, found: list[Finding]) -> None:
        for match in _ALNUM.finditer(norm):
            start, end = match.span()
            if start and norm[start - 1] in _NUM_BEFORE_BLOCKERS:
                continue
            if end < len(norm) and norm[end] in _NUM_AFTER_BLOCKERS:
                continue
            token = match.group()
            if token.isdigit() or not any(c.isdigit() for c in token):
                continue
            if (
                len(token) == 18
                and token[:17].isdigit()
                and token[17] == "X"
                and (checks.valid_id18(token, today=self.today) or checks.id_shape(token, today=self.today))
            ):
                continue  # an ID number ending in X: the numeric pass owns it
            category: tuple[str, str] | None = None
            if len(token) == 18 and checks.valid_uscc(token):
                category = (Category.USCC, Severity.WARN)
            elif _is_passport(token):
                category = (Category.PASSPORT, Severity.BLOCK)
            if category is None or self._excluded_number(norm, start, end):
                continue
            found.append(self._finding(text, start, end, *category))

    def _addresses(self, text: str, norm: str, found: list[Finding]) -> None:
        for match in _ADDRESS.finditer(norm):
            start, end = match.span("address")
            found.append(self._finding(text, start, end, Category.ADDRESS, Severity.BLOCK))

    def _plates(self, text: str, norm: str, found: list[Finding]) -> None:
        for match in _PLATE.finditer(norm):
            start, end = match.span()
            if end < len(norm) and norm[end] in _TOKEN_CHARS:
                continue
            raw_tail = re.sub(r"[·・. ]", "", match.group()[2:])
            tail = raw_tail.rstrip("挂学警")
            if len(tail) == 4:  # trailers, coach-school and police plates: four characters and a suffix
                ok = raw_tail != tail and sum(c.isdigit() for c in tail) >= 3
            elif len(tail) == 5:
                ok = sum(c.isdigit() for c in tail) >= 3
            else:  # new-energy plates: D/F first (small) or last (large)
                ok = bool(re.fullmatch(r"[DF][A-HJ-NP-Z0-9]\d{4}|\d{5}[DF]", tail))
            if ok:
                found.append(self._finding(text, start, end, Category.PLATE, Severity.BLOCK))

    def _emails(self, text: str, norm: str, found: list[Finding]) -> None:
        position = norm.find("@")
        while position != -1:
            local = _EMAIL_LOCAL.search(norm, max(0, position - 64), position)
            domain = _EMAIL_DOMAIN.match(norm, position + 1)
            if local and domain and not local.group().startswith("."):
                start, end = local.start(), domain.end()
                address = norm[start:end].lower()
                if address not in self._allowed_emails:
                    official = address.endswith((".gov.cn", ".gov"))
                    found.append(
                        self._finding(
                            text,
                            start,
                            end,
                            Category.EMAIL,
                            Severity.WARN if official else Severity.BLOCK,
                            "政府机关电子邮箱，不在本单位公开指南所列邮箱之内，请确认可以公开"
                            if official
                            else None,
                        )
                    )
                position = norm.find("@", end)
            else:
                position = norm.find("@", position + 1)

    # ------------------------------------------------------------------ keyword rules

    def _keywords(self, text: str, norm: str, found: list[Finding]) -> None:
        terms: list[tuple[int, int, LexiconEntry]] = []
        mark_lines: set[int] = set()
        name_spans: set[tuple[int, int]] = set()
        header_lines: set[int] = set()
        salutations: set[int] = set()
        for start, end, payloads in self._index.iter(norm):
            for kind, value in payloads:
                if kind == "term":
                    assert isinstance(value, LexiconEntry)
                    terms.append((start, end, value))
                elif value == "mark":
                    mark_lines.add(norm.rfind("\n", 0, start) + 1)
                elif value == "name_label":
                    if norm[start:end] == "姓名" or "\t" in _line_at(norm, start):
                        header_lines.add(norm.rfind("\n", 0, start) + 1)
                    span = _labelled_name(norm, end)
                    if span:
                        name_spans.add(span)
                elif value == "demographic":
                    span = _demographic_name(norm, start)
                    if span:
                        name_spans.add(span)
                elif value == "salutation":
                    span = _salutation_name(norm, start)
                    if span and span[0] not in salutations:
                        salutations.add(span[0])
                        name_spans.add(span)
        for line_start in header_lines:
            name_spans.update(_table_names(norm, line_start))
        for start, end in name_spans:
            found.append(self._finding(text, start, end, Category.PERSON_NAME, Severity.BLOCK))
        for line_start in sorted(mark_lines):
            for start, end in _marks_in_line(norm, line_start):
                found.append(self._finding(text, start, end, Category.CLASSIFIED_MARK, Severity.BLOCK))
        for start, end, entry in _longest_terms(terms):
            reason = f"敏感词“{entry.term}”（{entry.category}）" + (f"：{entry.note}" if entry.note else "")
            found.append(self._finding(text, start, end, Category.SENSITIVE_TERM, entry.severity, reason))

    # ------------------------------------------------------------------ aggregation

    def _aggregation(self, text: str, found: list[Finding]) -> list[Finding]:
        rows: dict[int, int] = {}
        for finding in found:
            if finding.category not in IDENTIFIER_CATEGORIES:
                continue
            line_start = text.rfind("\n", 0, finding.start) + 1
            if line_start in rows:
                continue
            line_end = text.find("\n", finding.end)
            line_end = len(text) if line_end == -1 else line_end
            line = text[line_start:line_end]
            if "\t" in line or len(_ROW_FIELDS.findall(line)) >= 3:
                rows[line_start] = line_end
        if len(rows) < self.aggregation_min_rows:
            return []
        start, end = min(rows), max(rows.values())
        reason = (
            f"表格中有 {len(rows)} 行列出个人身份证号、手机号、银行卡号等身份信息，汇聚后存在泄露风险"
            "（工作要点第十一项），请逐项脱敏或确认可以公开"
        )
        return [
            Finding(Category.AGGREGATION, start, end, text[start:end], Severity.BLOCK, reason, masked=None)
        ]


# ---------------------------------------------------------------------- module helpers


def _number_variants(numbers: Iterable[str]) -> frozenset[str]:
    """Digits of each published number, with and without its area code (022-84370001 → 84370001 too)."""
    variants: set[str] = set()
    for number in numbers:
        for part in re.split(r"[,，;；/、]", number or ""):
            digits = "".join(c for c in _HAS_FULLWIDTH.sub(_halfwidth, part) if c.isdigit())
            digits = digits.removeprefix("86") if part.strip().startswith("+86") else digits
            if len(digits) >= 5:
                variants.add(digits)
                if digits.startswith("0") and len(digits) >= 10:
                    variants.add(_local_part(digits))
    return frozenset(variants)


def _local_part(digits: str) -> str:
    if digits.startswith(("010", "02")):
        return digits[3:]
    return digits[4:]


def _landline_digits(digits: str) -> bool:
    """Area code + local number: 010/02x + 8 digits, or 0xxx + 7-8 digits; the local number starts 2-8."""
    if digits.startswith(("010", "02")):
        return len(digits) == 11 and digits[3] in "2345678"
    return digits[1] in "3456789" and len(digits) in (11, 12) and digits[4] in "2345678"


def _known_grouping(sizes: list[int], compact: str) -> bool:
    """Groupings in which people write identifiers, so that the groups form one number."""
    if compact.startswith("0") and sizes[0] in (3, 4) and len(sizes) <= 3:
        return (len(sizes) == 2 and sizes[1] in (7, 8)) or sizes[1:] in ([3, 4], [4, 4])
    if compact.startswith("1") and sizes in ([3, 4, 4], [3, 8]):
        return True
    if sizes in ([6, 8, 4], [6, 8, 3], [6, 4, 4, 4], [6, 4, 4, 3], [6, 6, 3]):
        return True
    return (len(sizes) >= 4 and all(s == 4 for s in sizes[:-1]) and 1 <= sizes[-1] <= 4) or sizes == [6, 13]


_PASSPORT = re.compile(
    r"[EGDSP]\d{8}|E[A-HJ-NP-Z]\d{7}"  # 普通护照 E/G, 外交 D, 公务 S/P
    r"|C\d{8}|C[A-HJ-NP-Z]\d{7}"  # 往来港澳通行证
    r"|T\d{8}"  # 往来台湾通行证
    r"|[HM]\d{8}(?:\d{2})?"  # 港澳居民来往内地通行证
)


def _is_passport(token: str) -> bool:
    return bool(_PASSPORT.fullmatch(token))


def _line_at(norm: str, position: int) -> str:
    start = norm.rfind("\n", 0, position) + 1
    end = norm.find("\n", position)
    return norm[start : len(norm) if end == -1 else end]


def _labelled_name(norm: str, label_end: int) -> tuple[int, int] | None:
    gap = _NAME_LABEL_GAP.match(norm, label_end)
    start = gap.end() if gap else label_end
    end = name_end_at(norm, start)
    if not end:
        return None
    if start == label_end and norm[end : end + 1] not in _NAME_AFTER_BARE_LABEL:
        # 申请人张三，… / 申请人张三于…: without a colon the name needs a clear ending, so that
        # 申请人查阅、… or 救助对象范围。 are not taken for names.
        return None
    return start, end


def _demographic_name(norm: str, age_end: int) -> tuple[int, int] | None:
    window_start = max(0, age_end - 14)
    window = norm[window_start : age_end + 1]
    match = None
    for candidate in _DEMOGRAPHIC.finditer(window):
        if candidate.end() == len(window):
            match = candidate
    if match is None:
        return None
    name_end = window_start + match.start()
    # Longest first: 刘江华，男 is 刘江华, not 江华; 其中孙丽，女 falls through to 孙丽.
    for length in (4, 3, 2):
        start = name_end - length
        if start >= 0 and name_end_at(norm, start) == name_end:
            if length == 4 and norm[start : start + 2] not in surnames()[1]:
                continue
            return start, name_end
    return None


def _salutation_name(norm: str, you: int) -> tuple[int, int] | None:
    window_start = max(0, you - 24)
    match = _SALUTATION.search(norm[window_start:you])
    if not match:
        return None
    start = window_start + match.start(1)
    if match.group(1).endswith(("先生", "女士", "同志", "老师")):
        return None
    end = name_end_at(norm, start)
    return (start, end) if end == window_start + match.end(1) else None


def _table_names(norm: str, header_start: int) -> list[tuple[int, int]]:
    header_end = norm.find("\n", header_start)
    if header_end == -1:
        return []
    header = norm[header_start:header_end].split("\t")
    columns = [i for i, cell in enumerate(header) if cell.strip() in _NAME_HEADERS]
    if not columns or len(header) < 2:
        return []
    spans: list[tuple[int, int]] = []
    position = header_end + 1
    while position < len(norm):
        line_end = norm.find("\n", position)
        line_end = len(norm) if line_end == -1 else line_end
        line = norm[position:line_end]
        if "\t" not in line:
            break
        cells = line.split("\t")
        offset = position
        for index, cell in enumerate(cells):
            if index in columns:
                stripped = cell.strip()
                if is_name(stripped):
                    cell_start = offset + cell.index(stripped)
                    spans.append((cell_start, cell_start + len(stripped)))
            offset += len(cell) + 1
        position = line_end + 1
    return spans


def _marks_in_line(norm: str, line_start: int) -> list[tuple[int, int]]:
    """Classification markings on one line: ★ markings and 密级 labels anywhere; otherwise the line (or
    table cell) must consist of marking words only, so that sentences about secrets are not flagged."""
    line_end = norm.find("\n", line_start)
    line_end = len(norm) if line_end == -1 else line_end
    line = norm[line_start:line_end]
    spans = [(line_start + m.start(), line_start + m.end()) for m in _MARK_STRONG.finditer(line)]
    spans += [(line_start + m.start(), line_start + m.end()) for m in _MARK_LABEL.finditer(line)]
    spans += [(line_start + m.start(), line_start + m.end()) for m in _MARK_NOTICE.finditer(line)]
    spans += [(line_start + m.start(), line_start + m.end()) for m in _MARK_INLINE.finditer(line)]
    if spans:
        return _merge(spans)
    if "\t" in line or len(line) > 40:
        return []
    core = _MARK_NOISE.sub("", line)
    if core and _MARK_LINE.fullmatch(core):
        stripped = line.strip(" \t　")
        first = line_start + line.index(stripped)
        return [(first, first + len(stripped))]
    return []


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _longest_terms(terms: list[tuple[int, int, LexiconEntry]]) -> list[tuple[int, int, LexiconEntry]]:
    """Leftmost-longest, non-overlapping lexicon matches (家庭住址： wins over 家庭住址)."""
    chosen: list[tuple[int, int, LexiconEntry]] = []
    cursor = -1
    for start, end, entry in sorted(terms, key=lambda t: (t[0], -(t[1] - t[0]))):
        if start >= cursor:
            chosen.append((start, end, entry))
            cursor = end
    return chosen


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """One finding per span; a span inside a stronger identifier of another category is dropped."""
    seen: set[tuple[int, int]] = set()
    result: list[Finding] = []
    for finding in sorted(findings, key=lambda f: (f.start, -f.end, f.severity != Severity.BLOCK)):
        key = (finding.start, finding.end)
        if key in seen:
            continue
        seen.add(key)
        result.append(finding)
    return result
