"""Pure helpers: normalisation, 文号 keys, query plans that can never inject FTS syntax, safe highlighting."""

from hypothesis import given
from hypothesis import strategies as st

from zwgk.search.passages import split_passages
from zwgk.search.pinyin import PinyinIndex
from zwgk.search.query import SynonymMap, build_plan, render_fts5, render_tsquery
from zwgk.search.segmenter import Segmenter
from zwgk.search.text import (
    clean_query,
    doc_number_key,
    highlight,
    looks_like_identifier,
    mask_personal,
    snippet,
)

SEG = Segmenter(["六税两费"])


def test_traditional_and_full_width_are_normalised():
    assert clean_query("  養老保險　ＡＢＣ１２３ ")[0] == "养老保险 abc123"


def test_doc_number_keys_ignore_bracket_style_prefix_and_numerals():
    assert (
        doc_number_key("国办发[2019]19号")
        == doc_number_key("国办发〔2019〕19号")
        == doc_number_key("國辦發（2019）19號")
    )
    assert doc_number_key("中华人民共和国国务院令第711号") == doc_number_key("国务院令711号")
    assert doc_number_key("主席令第九十一号") == doc_number_key("主席令第91号")
    assert looks_like_identifier("津东政办发〔2022〕12号")
    assert not looks_like_identifier("社保怎么交")


def test_synonyms_expand_within_a_group():
    synonyms = SynonymMap.build([(["社保", "社会保险"], False)])
    plan = build_plan("社保怎么交", SEG, synonyms)
    rendered = plan.fts5()
    assert '"社保"' in rendered and '"社会保险"' in rendered
    assert "交" not in rendered  # a single character is optional, not required


def test_one_way_synonyms_expand_only_the_head():
    synonyms = SynonymMap.build([(["双减", "减轻学生负担"], True)])
    assert '"减轻"' in build_plan("双减", SEG, synonyms).fts5()
    assert '"双减"' not in build_plan("减轻学生负担", SEG, synonyms).fts5()


@given(st.text(max_size=300))
def test_rendered_queries_contain_only_quoted_word_tokens(raw):
    plan = build_plan(raw, SEG, SynonymMap())
    if plan.empty:
        return
    for token in plan.fts5().replace("(", " ").replace(")", " ").split():
        assert token in ("AND", "OR") or (
            token.startswith('"') and token.endswith('"') and '"' not in token[1:-1]
        )
    for token in plan.tsquery().replace("(", " ").replace(")", " ").split():
        assert token in ("&", "|") or (
            token.startswith("'") and token.endswith("'") and "'" not in token[1:-1]
        )
    assert render_fts5(plan.expression()) == plan.fts5()
    assert render_tsquery(plan.expression()) == plan.tsquery()


@given(st.text(max_size=200), st.lists(st.text(min_size=1, max_size=5), max_size=4))
def test_highlight_never_emits_markup_from_the_text(text, terms):
    html = highlight(text, terms).replace("<mark>", "").replace("</mark>", "")
    assert "<" not in html and ">" not in html


def test_snippet_shows_the_window_with_the_terms():
    text = "前言。" * 80 + "行政机关收到政府信息公开申请，能够当场答复的，应当当场予以答复。" + "后记。" * 80
    html = snippet(text, ["答复"])
    assert "<mark>答复</mark>" in html and html.startswith("…")


def test_personal_numbers_are_masked_before_logging():
    assert mask_personal("身份证120110199001011234查询") == "身份证[身份证号]查询"
    assert mask_personal("电话13812345678") == "电话[号码]"
    assert mask_personal("国办发〔2019〕19号") == "国办发〔2019〕19号"


def test_articles_and_long_articles_become_citable_passages():
    text = (
        "## 第一章 总则\n\n第一条 为了……制定本条例。\n\n第二条 "
        + "很长的内容。" * 80
        + "\n\n第二款内容。\n\n第三条 短。"
    )
    passages = split_passages(text)
    assert [p.label for p in passages] == ["第一条", "第二条第一款", "第二条第二款", "第三条"]
    assert passages[0].heading == "第一章 总则"
    assert split_passages("第一段文字。" * 20 + "\n\n第二段。" * 3)[0].label == "第1段"


def test_pinyin_and_homophone_typos_map_to_known_words():
    index = PinyinIndex.build([("社保", 5), ("公积金", 5), ("贷款", 3), ("养老保险", 4)])
    assert index.from_ascii("shebao") == "社保"
    assert index.from_ascii("gongjijin daikuan") == "公积金贷款"
    assert index.correct("公基金贷款") == "公积金贷款"
    assert index.correct("养老保显") == "养老保险"
    assert index.correct("社保") is None
    assert index.from_ascii("xyz") is None


def test_pinyin_keeps_a_cjk_character_without_a_reading():
    # pypinyin has no reading for some extension-block ideographs (the hostile form fuzzer found one: a 500 on /qa/).
    from zwgk.search import pinyin

    assert pinyin.syllables("㐂天") == ["㐂", "tian"]
