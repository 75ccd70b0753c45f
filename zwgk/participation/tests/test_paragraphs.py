from zwgk.participation.paragraphs import split


def test_articles_and_chapters_are_units_with_their_labels():
    units = split(
        "关于某事的办法\n第一章 总则\n第一条 目的。\n第二条 范围，\n包括以下内容。\n第二章 附则\n第三条 施行。"
    )
    labels = [(u.label, u.heading) for u in units]
    assert labels == [
        ("总体", True),
        ("第一章", True),
        ("第一条", False),
        ("第二条", False),
        ("第二章", True),
        ("第三条", False),
    ]
    assert units[3].text == "第二条 范围，\n包括以下内容。"


def test_text_without_articles_is_split_by_paragraph():
    units = split("第一段内容。\n\n第二段内容。\n第三段。")
    assert [u.label for u in units] == ["第1段", "第2段", "第3段"]
    assert split("   ") == []
