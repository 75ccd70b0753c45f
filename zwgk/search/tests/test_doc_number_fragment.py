"""Search over 文号 fragments: a series lists its documents, and a 文号 is never "corrected" as a typo."""

from zwgk.search.registry import IndexEntry
from zwgk.search.service import search


def test_a_doc_number_fragment_lists_that_series_and_is_never_corrected(db):
    from zwgk.testing import index_entries

    index_entries(
        [
            (1, IndexEntry(title="甲办法", url="/r/1/", body="内容一", doc_number="东丽建规〔2024〕1号")),
            (2, IndexEntry(title="乙办法", url="/r/2/", body="内容二", doc_number="东丽建规〔2024〕12号")),
            (3, IndexEntry(title="丙办法", url="/r/3/", body="内容三", doc_number="东丽建规〔2023〕1号")),
        ]
    )
    response = search("东丽建规[2024]", log=False)
    assert [r.entry.title for r in response.results] == ["甲办法", "乙办法"]
    assert response.jump is None and not response.corrected_from and not response.suggestion
    missing = search("东丽政办发〔2024〕", log=False)
    assert missing.results == [] and not missing.corrected_from and not missing.relaxed
    assert "东丽政办发〔2024〕" in missing.message
