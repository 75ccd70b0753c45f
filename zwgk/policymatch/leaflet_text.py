"""政策明白纸: the first draft of its text, from the policy's conditions and dates (pure, no Django).

Staff edit every part before printing; these functions only make the draft that saves them typing. "Who it is for"
reads the parsed conditions (negation already pushed to the leaves) as numbered plain sentences.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from zwgk.policymatch.conditions import KINDS, Conditions, Group, Leaf, Node

MAX_CHARS = {
    "title": 120,
    "audience": 600,
    "benefits": 700,
    "how_to_apply": 500,
    "deadline": 120,
    "contacts": 300,
}
LABELS = {
    "title": "标题",
    "audience": "适用对象",
    "benefits": "政策内容",
    "how_to_apply": "怎么申请",
    "deadline": "申报期限",
    "contacts": "咨询电话",
}


@dataclass(frozen=True)
class LeafletText:
    title: str
    audience: str
    benefits: str
    how_to_apply: str
    deadline: str
    contacts: str

    def problems(self) -> list[str]:
        """What keeps the text from printing on one page, in Chinese."""
        out = []
        for name, limit in MAX_CHARS.items():
            value = getattr(self, name).strip()
            if not value:
                out.append(f"{LABELS[name]}不能为空")
            elif len(value) > limit:
                out.append(f"{LABELS[name]}不超过 {limit} 字（现 {len(value)} 字），否则一页印不下")
        return out


def _phrase(node: Node) -> str:
    if isinstance(node, Leaf):
        return node.text
    joiner = "，且" if node.mode == "all" else "，或"
    return joiner.join(
        _phrase(child) if isinstance(child, Leaf) else f"（{_phrase(child)}）" for child in node.children
    )


def audience(conditions: Conditions) -> str:
    """Numbered lines: every child of a top-level "all" is one line; the clause is cited at its end."""
    who = KINDS.get(conditions.kind, "")
    root = conditions.root
    parts: list[Node] = list(root.children) if isinstance(root, Group) and root.mode == "all" else [root]
    lines = [f"同时符合以下条件的{who}：" if len(parts) > 1 else f"符合以下条件的{who}："]
    for i, part in enumerate(parts, 1):
        clauses = sorted({leaf.clause for leaf in Conditions(conditions.kind, part).leaves()})
        lines.append(f"{i}. {_phrase(part)}（{'、'.join(clauses)}）")
    return "\n".join(lines)


def _day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def deadline(opens_on: date | None, closes_on: date | None) -> str:
    if opens_on and closes_on:
        return f"{_day(opens_on)}至{_day(closes_on)}"
    if closes_on:
        return f"即日起至{_day(closes_on)}"
    if opens_on:
        return f"{_day(opens_on)}起，截止日期以通知为准"
    return "常年受理"


def how_to_apply(channel: str, automatic: bool) -> str:
    if automatic:
        via = f"（{channel}）" if channel else ""
        return f"免申即享：符合条件的无需申请，由相关部门直接兑现{via}。"
    return f"向下列渠道提出申请：{channel or '（请填写申报渠道）'}。"


def draft(
    *,
    title: str,
    conditions: Conditions | None,
    summary: str,
    channel: str,
    automatic: bool,
    opens_on: date | None,
    closes_on: date | None,
    contacts: str,
) -> LeafletText:
    return LeafletText(
        title=title[: MAX_CHARS["title"]],
        audience=audience(conditions) if conditions is not None else "（请填写适用对象）",
        benefits=summary.strip()[: MAX_CHARS["benefits"]] or "（请填写能享受的政策内容）",
        how_to_apply=how_to_apply(channel, automatic),
        deadline=deadline(opens_on, closes_on),
        contacts=contacts or "（请填写咨询电话）",
    )
