"""The decision stage machine (pure)."""

import pytest

from zwgk.decisions import stages
from zwgk.decisions.stages import CURRENT, DONE, PLANNED, SKIPPED, StageError, StageState, advance


def fresh():
    return [StageState(s, PLANNED) for s in stages.ORDER]


def test_stages_run_in_order_one_at_a_time():
    states = advance(fresh(), stages.PUBLIC_PARTICIPATION, CURRENT)
    with pytest.raises(StageError, match="请先完成“公众参与”"):
        advance(states, stages.EXPERT_REVIEW, CURRENT)
    with pytest.raises(StageError, match="尚未开始"):
        advance(fresh(), stages.PUBLIC_PARTICIPATION, DONE)
    states = advance(states, stages.PUBLIC_PARTICIPATION, DONE)
    states = advance(states, stages.EXPERT_REVIEW, CURRENT)
    # A later stage can be marked not applicable while an earlier one runs; the next still waits for it.
    states = advance(states, stages.RISK_ASSESSMENT, SKIPPED, reason="无社会稳定风险")
    with pytest.raises(StageError, match="请先完成“专家论证”"):
        advance(states, stages.LEGALITY_REVIEW, CURRENT)
    assert [s.status for s in states][:3] == [DONE, CURRENT, SKIPPED]


def test_done_is_final_and_skipping_needs_a_reason():
    states = advance(
        advance(fresh(), stages.PUBLIC_PARTICIPATION, CURRENT), stages.PUBLIC_PARTICIPATION, DONE
    )
    with pytest.raises(StageError, match="不能再改"):
        advance(states, stages.PUBLIC_PARTICIPATION, CURRENT)
    with pytest.raises(StageError, match="须说明理由"):
        advance(states, stages.RISK_ASSESSMENT, SKIPPED)
    with pytest.raises(StageError, match="未知"):
        advance(states, "nope", CURRENT)
