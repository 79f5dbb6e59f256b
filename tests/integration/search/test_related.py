"""Related works share a work's distinctive terms; a term most works contain is not one."""

from tests.conftest import make_work
from zhiku.search.related import related_works


def test_related_works_share_rare_terms_not_common_ones(live_search):
    common = "全球治理是当今国际关系的重要议题。"
    arctic = make_work(title="北极航道与冰上丝绸之路", body=common + "北极航道的开通改变航运格局。")
    sibling = make_work(title="冰上丝绸之路的北极航道合作", body=common + "北极航道合作前景。")
    for n in range(6):
        make_work(title=f"全球治理研究之{n}", body=common * 3 + f"第{n}篇讨论多边机制。")
    found = [w["id"] for w in related_works(arctic.pk)]
    assert found == [sibling.pk]  # 全球治理, 国际关系, 议题 are in every work: they relate nothing
