"""Validity checks for Chinese identifiers (pure functions, no Django).

- 居民身份证号码: GB 11643-1999 (ISO 7064 MOD 11-2 check character, 6-digit region code, birth date).
- 统一社会信用代码: GB 32100-2015 (MOD 31 check character over a 31-symbol alphabet).
- Bank cards: the Luhn (ISO/IEC 7812) check.
- Mobile numbers: the 1[3-9]x number segments allocated by MIIT.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

# A birth date is valid up to today in China, whatever the zone of the machine running the screener.
CHINA = ZoneInfo("Asia/Shanghai")

# GB 11643 weights for the first 17 digits, and the check character for each sum mod 11.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

# First two digits of GB/T 2260 region codes (provinces), plus 71 台湾, 81 香港, 82 澳门 and the
# 83 prefix of residence permits for Taiwan residents.
PROVINCE_PREFIXES = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
        "83",
    ]
)

# GB 32100: the 31 symbols (no I, O, Z, S, V) and the weights of positions 1-17.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUE = {c: i for i, c in enumerate(USCC_ALPHABET)}
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# Position 1: registration authority (1 机构编制, 5 民政, 9 市场监管, Y 其他 …); position 2: kind of body.
_USCC_AUTHORITY = frozenset("123456789ANY")

# Mobile number segments (first three digits) in current use; 1[3-9] as the issue states, narrowed to
# allocated segments so that other 11-digit numbers are not taken for phones.
MOBILE_PREFIXES = frozenset(
    [f"13{d}" for d in range(10)]
    + ["145", "146", "147", "148", "149"]
    + [f"15{d}" for d in "012356789"]
    + ["162", "165", "166", "167"]
    + [f"17{d}" for d in "012345678"]
    + [f"18{d}" for d in range(10)]
    + [f"19{d}" for d in "0123456789"]
)

# Card issuer prefixes seen on cards in China and the lengths they are issued in: UnionPay 62 (16-19), Visa 4
# (16, 19), Mastercard 51-55 (16), JCB 35 (16-19), and the old 9xxxx debit cards (e.g. 95588…, 16-19).
_BANK_LENGTHS: dict[str, tuple[int, ...]] = {
    "62": (16, 17, 18, 19),
    "4": (16, 19),
    "51": (16,),
    "52": (16,),
    "53": (16,),
    "54": (16,),
    "55": (16,),
    "35": (16, 17, 18, 19),
    "9": (16, 17, 18, 19),
}


def id_check_char(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def real_date(year: int, month: int, day: int, *, today: date | None = None) -> bool:
    try:
        born = date(year, month, day)
    except ValueError:
        return False
    return date(1900, 1, 1) <= born <= (today or datetime.now(CHINA).date())


def id_shape(value: str, *, today: date | None = None) -> bool:
    """18 characters with a plausible region prefix and a real birth date (check character not verified)."""
    if len(value) != 18 or not value[:17].isdigit() or value[17] not in "0123456789Xx":
        return False
    if value[:2] not in PROVINCE_PREFIXES:
        return False
    return real_date(int(value[6:10]), int(value[10:12]), int(value[12:14]), today=today)


def valid_id18(value: str, *, today: date | None = None) -> bool:
    """A GB 11643 citizen ID number: region prefix, real birth date and the MOD 11-2 check character."""
    return id_shape(value, today=today) and id_check_char(value[:17]) == value[17].upper()


def valid_id15(value: str, *, today: date | None = None) -> bool:
    """A pre-1999 15-digit ID number: region prefix and a real birth date 19YYMMDD (no check digit)."""
    if len(value) != 15 or not value.isdigit() or value[:2] not in PROVINCE_PREFIXES:
        return False
    return real_date(1900 + int(value[6:8]), int(value[8:10]), int(value[10:12]), today=today)


def luhn_ok(digits: str) -> bool:
    if not digits.isdigit():
        return False
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def valid_bank_card(digits: str) -> bool:
    """16-19 digits, a known issuer prefix issued in that length, and the Luhn check."""
    lengths = next((v for k, v in _BANK_LENGTHS.items() if digits.startswith(k)), ())
    return len(digits) in lengths and luhn_ok(digits)


def uscc_check_char(first17: str) -> str | None:
    try:
        total = sum(_USCC_VALUE[c] * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    except KeyError:
        return None
    return USCC_ALPHABET[(31 - total % 31) % 31]


def valid_uscc(value: str) -> bool:
    """A GB 32100 unified social credit code: authority, region code digits and the MOD 31 check character."""
    if len(value) != 18 or value[0] not in _USCC_AUTHORITY or not value[2:8].isdigit():
        return False
    if value[2:4] not in PROVINCE_PREFIXES and value[2:8] != "100000":
        return False
    return uscc_check_char(value[:17]) == value[17]


def valid_mobile(digits: str) -> bool:
    return len(digits) == 11 and digits.isdigit() and digits[:3] in MOBILE_PREFIXES
