"""What the screener reports: one `Finding` per suspicious span of text."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    BLOCK = "block"  # must be resolved before publication
    WARN = "warn"  # shown to the reviewer; does not block


class Category(StrEnum):
    CLASSIFIED_MARK = "classified_mark"
    ID_CARD = "id_card"
    ID_LIKE = "id_like"
    USCC = "uscc"
    MOBILE = "mobile"
    LANDLINE = "landline"
    BANK_CARD = "bank_card"
    EMAIL = "email"
    PASSPORT = "passport"
    PLATE = "plate"
    PERSON_NAME = "person_name"
    ADDRESS = "address"
    SENSITIVE_TERM = "sensitive_term"
    AGGREGATION = "aggregation"
    WORDING = "wording"


CATEGORY_LABELS: dict[str, str] = {
    Category.CLASSIFIED_MARK: "密级或限制公开标志",
    Category.ID_CARD: "居民身份证号码",
    Category.ID_LIKE: "疑似身份证号码（校验位不符）",
    Category.USCC: "统一社会信用代码",
    Category.MOBILE: "手机号码",
    Category.LANDLINE: "固定电话号码",
    Category.BANK_CARD: "银行卡号",
    Category.EMAIL: "电子邮箱",
    Category.PASSPORT: "护照或通行证号码",
    Category.PLATE: "机动车号牌",
    Category.PERSON_NAME: "个人姓名",
    Category.ADDRESS: "个人住址",
    Category.SENSITIVE_TERM: "敏感词",
    Category.AGGREGATION: "汇聚风险（表格列出多人身份信息）",
    Category.WORDING: "规范表述",
}

# Categories that identify an individual; a table row holding one of these counts towards aggregation.
IDENTIFIER_CATEGORIES = frozenset(
    {Category.ID_CARD, Category.ID_LIKE, Category.MOBILE, Category.BANK_CARD, Category.PASSPORT}
)


@dataclass(frozen=True, slots=True)
class Finding:
    """A suspicious span of `text[start:end]` (offsets in Unicode characters)."""

    category: str
    start: int
    end: int
    text: str
    severity: str
    reason: str
    masked: str | None = (
        None  # suggested masked form (same length as `text`), None when masking makes no sense
    )

    @property
    def label(self) -> str:
        return CATEGORY_LABELS.get(self.category, self.category)

    @property
    def blocks(self) -> bool:
        return self.severity == Severity.BLOCK

    def to_json(self, *, with_masked: bool = False) -> dict[str, Any]:
        """The `zwgk scan --json` contract: category, start, end, text, severity, reason."""
        data: dict[str, Any] = {
            "category": self.category,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "severity": self.severity,
            "reason": self.reason,
        }
        if with_masked:
            data["masked"] = self.masked
        return data
