"""The value checks of the catalogue, shared by the forms and the action functions (issue 13, item 8).

A form shows each problem beside its field; an action raises `Refused` with the same Chinese text, so a bad
value from any caller (a view, a command, an import, another app) is a clear refusal and never reaches a
public page, the index or the annual report as a value nobody can render. Pure Python: no Django import.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from zwgk.core.errors import Refused
from zwgk.documents.grounds import (
    NON_DISCLOSURE_GROUNDS,
    ON_REQUEST_GROUND,
    STATUTORY_CATEGORIES,
    WITHHOLD_CODES,
)

PROACTIVE, ON_REQUEST, WITHHELD = "proactive", "on_request", "withheld"
GROUND_CODES = frozenset(NON_DISCLOSURE_GROUNDS) | {ON_REQUEST_GROUND[0]}
# A 成文日期 more than a year ahead is a typing error (the form said so first).
MAX_DAYS_AHEAD = 366

Problem = tuple[str, str]  # (field name, Chinese message)


def statutory_category(code: str, *, required: bool = False) -> str:
    """A known Art 20/21 category code ('' allowed unless `required`); Refused otherwise."""
    code = (code or "").strip()
    if not code:
        if required:
            raise Refused("转为主动公开时请选择所属的法定主动公开内容类别。")
        return ""
    if code not in STATUTORY_CATEGORIES:
        raise Refused(f"“{code}”不是《条例》第二十条、第二十一条规定的法定主动公开内容类别。")
    return code


def choice(value: Any, allowed: Iterable[str], *, label: str) -> str:
    """`value` must be one of `allowed` (an enum of the model); Refused names the field."""
    text = "" if value is None else str(value)
    if text not in set(allowed):
        raise Refused(f"“{label}”的取值“{text}”无效，请重新选择。")
    return text


def record_problems(data: Mapping[str, Any], *, today: date) -> list[Problem]:
    """Every value problem of a record's drafting fields, as (field, message) pairs, in form order.

    Only the keys present in `data` are checked for their own validity; the openness rules use whatever of
    openness / legal_ground / openness_reason is present.
    """
    problems: list[Problem] = []
    openness = data.get("openness")
    ground = data.get("legal_ground") or ""
    if "statutory_category" in data:
        try:
            statutory_category(data.get("statutory_category") or "")
        except Refused as exc:
            problems.append(("statutory_category", exc.message))
    if ground and ground not in GROUND_CODES:
        problems.append(("legal_ground", f"“{ground}”不是《条例》规定的法定依据。"))
    elif openness and openness != PROACTIVE:
        if not ground:
            problems.append(("legal_ground", "依申请公开或不予公开须选择《条例》规定的法定依据。"))
        elif openness == WITHHELD and ground not in WITHHOLD_CODES:
            problems.append(("legal_ground", "不予公开只能依据《条例》第十四、十五、十六条。"))
        if not str(data.get("openness_reason") or "").strip():
            problems.append(("openness_reason", "请说明不公开的理由。"))
    written, formed = data.get("written_on"), data.get("formed_on")
    if isinstance(written, date) and isinstance(formed, date) and formed < written:
        problems.append(("formed_on", "信息形成或变更日期不能早于成文日期。"))
    if isinstance(written, date) and written > today + timedelta(days=MAX_DAYS_AHEAD):
        problems.append(("written_on", "成文日期不合理。"))
    expires, effective = data.get("expires_on"), data.get("effective_on")
    if isinstance(expires, date) and isinstance(effective, date) and expires < effective:
        problems.append(("expires_on", "有效期届满日期不能早于施行日期。"))
    return problems


def refuse_problems(problems: list[Problem], message: str = "填写的内容有误，未保存：") -> None:
    """Raise one Refused listing `problems` (what an action does with `record_problems`)."""
    if len(problems) == 1:
        raise Refused(problems[0][1])
    if problems:
        raise Refused(message, [text for _, text in problems])
