"""The stages of a major administrative decision (《重大行政决策程序暂行条例》, 2019) — pure Python, no Django.

公众参与 (Art 14–18), 专家论证 (Art 19–21), 风险评估 (Art 22–24), 合法性审查 (Art 25–28), 集体讨论决定 (Art 30–32),
公布 (Art 32), 决策后评估 (Art 35). A decision moves through them in this order; a stage can be skipped only with a
reason (e.g. 风险评估 where the decision has no risk of social instability, Art 22), and nothing is done twice.
"""

from __future__ import annotations

from dataclasses import dataclass

PUBLIC_PARTICIPATION = "participation"
EXPERT_REVIEW = "expert"
RISK_ASSESSMENT = "risk"
LEGALITY_REVIEW = "legality"
COLLECTIVE_DECISION = "collective"
PUBLICATION = "publication"
EVALUATION = "evaluation"

STAGES: list[tuple[str, str, str]] = [
    (PUBLIC_PARTICIPATION, "公众参与", "第十四条至第十八条"),
    (EXPERT_REVIEW, "专家论证", "第十九条至第二十一条"),
    (RISK_ASSESSMENT, "风险评估", "第二十二条至第二十四条"),
    (LEGALITY_REVIEW, "合法性审查", "第二十五条至第二十八条"),
    (COLLECTIVE_DECISION, "集体讨论决定", "第三十条至第三十二条"),
    (PUBLICATION, "决策公布", "第三十二条"),
    (EVALUATION, "决策后评估", "第三十五条"),
]
LABELS = {key: label for key, label, _ in STAGES}
ORDER = [key for key, _, _ in STAGES]

# The documents a stage holds (each a platform record, so screening, sign-off, search and the leak rules apply).
DOCUMENT_ROLES: list[tuple[str, str]] = [
    ("draft", "决策草案全文"),
    ("explanation", "草案说明"),
    ("background", "决策背景"),
    ("expert_summary", "专家论证意见摘要"),
    ("risk_conclusion", "风险评估结论"),
    ("result", "决策结果"),
    ("evaluation", "决策后评估报告"),
    ("other", "其他"),
]

PLANNED, CURRENT, DONE, SKIPPED = "planned", "current", "done", "skipped"
STATUS_LABELS = {PLANNED: "未开始", CURRENT: "进行中", DONE: "已完成", SKIPPED: "不适用"}


@dataclass(frozen=True)
class StageState:
    stage: str
    status: str


class StageError(ValueError):
    """A move the stage machine refuses; the message is Chinese."""


def advance(states: list[StageState], stage: str, to: str, *, reason: str = "") -> list[StageState]:
    """The stage list after moving `stage` to `to` (current / done / skipped), or StageError.

    Rules: stages run in order — a stage can start only when every earlier one is done or skipped; a done or skipped
    stage is final; skipping needs a reason. (So at most one stage is current at a time.)
    """
    if stage not in ORDER:
        raise StageError(f"未知的决策阶段：{stage}")
    if to not in (CURRENT, DONE, SKIPPED):
        raise StageError("阶段只能改为进行中、已完成或不适用。")
    by_stage = {s.stage: s.status for s in states}
    current = by_stage.get(stage, PLANNED)
    if current in (DONE, SKIPPED):
        raise StageError(f"“{LABELS[stage]}”已{STATUS_LABELS[current]}，不能再改。")
    if to == SKIPPED and not reason.strip():
        raise StageError(f"“{LABELS[stage]}”不适用的，须说明理由。")
    earlier = ORDER[: ORDER.index(stage)]
    open_before = [s for s in earlier if by_stage.get(s, PLANNED) not in (DONE, SKIPPED)]
    if open_before and to != SKIPPED:
        raise StageError(f"请先完成“{LABELS[open_before[0]]}”。")
    if to == DONE and current != CURRENT:
        raise StageError(f"“{LABELS[stage]}”尚未开始。")
    by_stage[stage] = to
    return [StageState(s, by_stage.get(s, PLANNED)) for s in ORDER]
