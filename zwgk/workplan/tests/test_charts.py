"""The SVG bar geometry (pure)."""

from zwgk.workplan.charts import stacked_bars


def test_bars_share_one_scale_and_stack_in_status_order():
    chart = stacked_bars(
        "t",
        [("甲", "/a", {"done": 2, "overdue": 2}), ("乙", "/b", {"in_progress": 1})],
        width=500,
        label_width=100,
    )
    first, second = chart.bars
    assert [s.css for s in first.segments] == ["bar-done", "bar-overdue"]
    plot = 500 - 100 - 50
    assert first.segments[0].x == 100 and first.segments[0].width == plot / 2
    assert first.segments[1].x == 100 + plot / 2
    assert second.segments[0].width == plot / 4
    assert first.counts == [("done", 2), ("in_progress", 0), ("overdue", 2), ("not_started", 0)]
    assert second.y > first.y and chart.height > second.y


def test_empty_chart_does_not_divide_by_zero():
    chart = stacked_bars("t", [("甲", "/a", {})])
    assert chart.bars[0].segments == [] and chart.bars[0].total == 0
