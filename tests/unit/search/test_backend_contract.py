"""What every search backend must do: ``BackendContract``, subclassed once per engine.

A backend runs here on a temporary folder and documents prepared by zhiku's own analyzer (no
database), so the tests exercise exactly what zhiku hands an engine: analysed terms, the
engine-free query tree, resolved filters. A feature a backend lacks (``supports``) skips its
tests by name. To add an engine: subclass ``BackendContract`` with ``backend_class`` set (and
``damage`` if it can be damaged on purpose) and make every test pass.
"""

from __future__ import annotations

import ast
import datetime as dt
import threading
from pathlib import Path

import pytest

from tests.golden.search.conftest import snapshot
from zhiku.search.backends.base import (
    FEATURES,
    FilterSpec,
    IndexUnavailable,
    SearchBackend,
    State,
    WriterBusy,
)
from zhiku.search.backends.tantivy import TantivyBackend
from zhiku.search.documents import prepare
from zhiku.search.query import parse

DATABASE = "sqlite:::contract"
PEOPLE = ["林晓川", "苏慧敏", "陳志明", "Mark Wilson", "韩建明", "周海洋"]
PERSON = {name: number for number, name in enumerate(PEOPLE, 1)}
#: Units: 10 an institute, 11 and 12 its centres.
UNIT_CHAIN = {"林晓川": [11, 10], "苏慧敏": [12, 10], "陳志明": [12, 10]}
WORKS = [
    {"title": "中美关系的新阶段", "date": "2013-07-15", "type": "article", "authors": ["林晓川"]},
    {"title": "中美洲的移民问题", "date": "2020-01-01", "type": "report", "authors": ["苏慧敏"]},
    {
        "title": "網絡安全與數據",
        "date": "2018-05-05",
        "type": "journal_paper",
        "authors": ["陳志明", "林晓川"],
    },
    {"title": "网络空间与粮食安全", "date": "2016-03-03", "type": "article", "authors": ["林晓川"]},
    {
        "title": "The Belt and Road in Asia",
        "date": "2021-02-02",
        "type": "book",
        "language": "en",
        "authors": ["Mark Wilson"],
    },
    {
        "title": "一带一路与中亚",
        "date": "2015-09-09",
        "type": "article",
        "authors": ["林晓川"],
        "body": ["中国和美国都关注中亚。"],
    },
    {"title": "美国国会与对外政策", "date": "2011-11-11", "type": "article", "authors": ["韩建明"]},
    {
        "title": "海洋政策评论",
        "date": "2019-04-04",
        "type": "commentary",
        "authors": ["周海洋"],
        "body": ["北极航道的开通改变了全球航运格局。"],
    },
    {"title": "北极航道与冰上丝绸之路", "date": "2012-06-06", "type": "article", "authors": []},
]


def document(number: int, record: dict) -> dict:
    record = {"id": f"c{number}", "authors": [], "body": [], **record}
    data = snapshot(number, record, PERSON)
    units = [UNIT_CHAIN[name] for name in record["authors"] if name in UNIT_CHAIN]
    data["units"] = sorted({unit for chain in units for unit in chain})
    data["unit_chain"] = units[0] if units else []
    return prepare(data)


DOCUMENTS = [document(number, record) for number, record in enumerate(WORKS, 1)]
NAMES = [name for name in PEOPLE if not name.isascii()]


def build(backend: SearchBackend, documents=DOCUMENTS, database: str = DATABASE) -> State:
    now = dt.datetime.now(dt.UTC).isoformat()
    state = State(database=database, watermark={"id": 7}, built=now, applied=now)
    return backend.rebuild([list(documents)], state=state, names=NAMES)


class BackendContract:
    """The tests any backend passes. Subclasses set ``backend_class``."""

    backend_class: type[SearchBackend]

    def make_backend(self, location: Path) -> SearchBackend:
        return self.backend_class(location)

    def damage(self, backend: SearchBackend) -> None:
        """Damage the index's files (backends that cannot be damaged on purpose skip)."""
        pytest.skip(f"{self.backend_class.__name__} cannot be damaged on purpose")

    def needs(self, feature: str) -> None:
        assert feature in FEATURES
        if feature not in self.backend_class.supports:
            pytest.skip(f"{self.backend_class.__name__} does not support {feature}")

    @pytest.fixture
    def backend(self, tmp_path) -> SearchBackend:
        return self.make_backend(tmp_path)

    @pytest.fixture
    def indexed(self, backend) -> SearchBackend:
        build(backend)
        return backend

    def ids(self, backend: SearchBackend, q: str = "", **options) -> list[int]:
        searcher = backend.searcher()
        found = searcher.search(parse(q), **{"limit": 20, **options})
        return [data["id"] for data in searcher.payloads([ref for _, ref in found.hits])]

    # -- words, phrases, exclusions, OR, through the analyzer -----------------------------

    @pytest.mark.parametrize(
        ("q", "ids"),
        [
            ("中美", {1, 6}),  # 1 by the word, 6 by the synonym 中国和美国 — never 2 (中美洲)
            ("中美洲", {2}),
            ("美洲", {2}),  # a part of 中美洲; 美国 texts do not contain it
            ("网络安全", {3}),  # the Traditional text; 4 has 网络 and 安全 apart
            ("網絡安全", {3}),  # a Traditional query
            ("Belt and Road", {5, 6}),  # the English words and the synonym 一带一路
            ("一帶一路", {5, 6}),
            ("lin xiaochuan", {1, 3, 4, 6}),  # pinyin of an author
            ("林晓川 -中美", {3, 4}),  # the exclusion covers the synonym in 6 too
            ("中美洲 OR 美国", {2, 6, 7}),
            ("ไม่มี", set()),  # a script nothing is indexed in
        ],
    )
    def test_words(self, indexed, q, ids):
        assert set(self.ids(indexed, q)) == ids

    def test_phrases(self, indexed):
        self.needs("phrases")
        assert set(self.ids(indexed, '"网络空间"')) == {4}
        assert set(self.ids(indexed, '"空间网络"')) == set()

    def test_a_title_match_ranks_above_a_body_match(self, indexed):
        assert self.ids(indexed, "北极航道") == [9, 8]

    def test_a_query_finding_little_is_broadened(self, indexed):
        found = indexed.searcher().search(parse("中美关系 粮食安全"), limit=20)
        assert found.relaxed and found.total == 2

    def test_highlight_says_what_to_mark(self, indexed):
        found = indexed.searcher().search(parse("网络安全"))
        assert "网络安全" in found.highlight.terms

    # -- filters, sorting, paging -----------------------------------------------------------

    @pytest.mark.parametrize(
        ("filters", "ids"),
        [
            (FilterSpec(types=("article",)), {1, 4, 6, 7, 9}),
            (FilterSpec(types=("report", "book")), {2, 5}),
            (FilterSpec(languages=("en",)), {5}),
            (FilterSpec(years=(2015, 2018)), {3, 4, 6}),
            (FilterSpec(years=(None, 2012)), {7, 9}),
            (FilterSpec(authors=("Lin Xiaochuan",)), {1, 3, 4, 6}),
            (FilterSpec(person_ids=(PERSON["苏慧敏"], PERSON["韩建明"])), {2, 7}),
            (FilterSpec(unit_ids=(10,)), {1, 2, 3, 4, 6}),  # the institute: its centres' works
            (FilterSpec(unit_ids=(11,)), {1, 3, 4, 6}),
            (FilterSpec(authors=("林晓川",), types=("article",), years=(2014, 2030)), {4, 6}),
            (FilterSpec(person_ids=(99,)), set()),
            (FilterSpec(unit_ids=()), set()),
        ],
    )
    def test_filters(self, indexed, filters, ids):
        assert set(self.ids(indexed, "", filters=filters)) == ids

    def test_an_empty_query_lists_everything_newest_first(self, indexed):
        found = indexed.searcher().search(parse(""), sort="date", limit=3)
        assert found.total == len(WORKS)
        assert self.ids(indexed, "", sort="date", limit=3) == [5, 2, 8]

    def test_paging(self, indexed):
        first = self.ids(indexed, "林晓川", limit=2)
        second = self.ids(indexed, "林晓川", limit=2, offset=2)
        assert len(first) == len(second) == 2 and not set(first) & set(second)
        found = indexed.searcher().search(parse("林晓川"), offset=50)
        assert found.hits == [] and found.total == 4

    def test_payloads_and_first_authors(self, indexed):
        searcher = indexed.searcher()
        found = searcher.search(parse("網絡安全"))
        (data,) = searcher.payloads([ref for _, ref in found.hits])
        assert data["title"] == "網絡安全與數據" and data["external_id"] == "c3"
        assert [a[0] for a in data["authors"]] == ["陳志明", "林晓川"]
        self.needs("experts")
        assert searcher.first_authors([ref for _, ref in found.hits]) == [
            (PERSON["陳志明"], PERSON["林晓川"], 0)
        ]
        by_date = searcher.search(parse("林晓川"), sort="date")
        best = searcher.relevance_hits(by_date, 2)
        assert len(best) == 2 and best[0][0] >= best[1][0]

    # -- facets -----------------------------------------------------------------------------

    def test_facet_counts_cover_the_whole_result_set(self, indexed):
        self.needs("facets")
        searcher = indexed.searcher()
        found = searcher.search(parse(""), limit=1)
        sizes = {"type": 20, "year": 300, "language": 20, "unit": 12, "author": 12}
        counts = searcher.facet_counts(found, sizes)
        assert counts["type"] == {
            "article": 5,
            "report": 1,
            "journal_paper": 1,
            "book": 1,
            "commentary": 1,
        }
        assert next(iter(counts["type"])) == "article"  # most frequent first
        assert counts["language"] == {"zh": 8, "en": 1}
        assert counts["year"] == {
            y: 1 for y in (2013, 2020, 2018, 2016, 2021, 2015, 2011, 2019, 2012)
        }
        # the first linked author's unit and the unit above it
        assert counts["unit"] == {10: 5, 11: 3, 12: 2}
        # the first two linked authors
        lin = PERSON["林晓川"]
        assert counts["author"][lin] == 4 and counts["author"][PERSON["陳志明"]] == 1
        narrow = searcher.facet_counts(searcher.search(parse("中美洲 OR 美国")), {"type": 1})
        assert narrow == {"type": {"article": 2}}

    # -- suggestions and related works ------------------------------------------------------

    def test_suggest_titles_by_prefix(self, indexed):
        self.needs("suggest")
        searcher = indexed.searcher()
        assert searcher.suggest("网络空") == ["网络空间与粮食安全"]
        assert searcher.suggest("Belt and Ro") == ["The Belt and Road in Asia"]
        assert set(searcher.suggest("北极")) == {"北极航道与冰上丝绸之路"}
        assert searcher.suggest("") == [] and searcher.suggest("ไม่มี") == []
        assert len(searcher.suggest("中", limit=2)) <= 2

    def test_related_works_share_rare_terms(self, backend):
        self.needs("related")
        common = "全球治理是当今国际关系的重要议题。"
        records = [
            {"title": "北极航道与冰上丝绸之路", "body": [common + "北极航道的开通改变航运格局。"]},
            {"title": "冰上丝绸之路的北极航道合作", "body": [common + "北极航道合作前景。"]},
        ] + [
            {"title": f"全球治理研究之{n}", "body": [common * 3 + f"第{n}篇讨论多边机制。"]}
            for n in range(6)
        ]
        build(backend, [document(n, r) for n, r in enumerate(records, 1)])
        related = backend.searcher().related(1, 5)
        assert [data["id"] for data in related] == [2]
        assert backend.searcher().related(999, 5) == []

    # -- writing ----------------------------------------------------------------------------

    def test_replace_deletes_and_updates(self, indexed):
        with indexed.writer() as writer:
            changed = document(4, {**WORKS[3], "title": "数字经济与粮食安全"})
            assert writer.replace([1, 4], [changed]) == len(WORKS) - 1
        assert self.ids(indexed, "中美") == [6]
        assert self.ids(indexed, "网络空间") == []
        assert self.ids(indexed, "数字经济") == [4]
        assert indexed.searcher().documents == len(WORKS) - 1

    def test_one_writer_at_a_time_with_its_state_and_names(self, indexed):
        with indexed.writer() as writer:
            assert writer.state.database == DATABASE and writer.state.watermark == {"id": 7}
            assert set(NAMES) <= writer.names
            with pytest.raises(WriterBusy):
                indexed.writer()
            writer.state.watermark = {"id": 9}
            writer.save_state()
            writer.names.add("欧阳振宇")
            writer.save_names()
            assert writer.is_current()
        assert indexed.health(DATABASE).state.watermark == {"id": 9}
        assert "欧阳振宇" in indexed.names()
        with indexed.writer() as again:  # released
            assert again.state.watermark == {"id": 9}

    def test_no_writer_without_an_index(self, backend):
        with pytest.raises(IndexUnavailable):
            backend.writer()
        with pytest.raises(IndexUnavailable):
            backend.searcher()

    def test_rebuild_switches_atomically(self, indexed):
        self.needs("rebuild")
        before = indexed.searcher()
        writer = indexed.writer()
        state = build(indexed, DOCUMENTS[:3])
        assert state.documents == 3 and state.schema == indexed.schema_version
        assert before.documents == len(WORKS)  # a view opened before goes on answering
        assert set(self.ids(indexed, "林晓川")) == {1, 3}
        assert not writer.is_current()  # the writer of the old index must re-open
        writer.close()
        with indexed.writer() as fresh:
            assert fresh.state.documents == 3

    def test_a_failed_rebuild_changes_nothing(self, indexed):
        self.needs("rebuild")

        def failing():
            yield DOCUMENTS[:2]
            raise RuntimeError("the database went away")

        with pytest.raises(RuntimeError):
            indexed.rebuild(failing(), state=State(database=DATABASE), names=[])
        assert indexed.searcher().documents == len(WORKS)
        assert indexed.health(DATABASE).ok

    def test_one_rebuild_at_a_time(self, backend):
        with backend.build_lock() as held:
            assert held
            other = self.make_backend(backend.location)
            outcome = []
            thread = threading.Thread(
                target=lambda: outcome.append(other.build_lock(wait=False).__enter__())
            )
            thread.start()
            thread.join(10)
            assert outcome == [False]

    # -- health -----------------------------------------------------------------------------

    def test_health_of_a_missing_index(self, backend):
        health = backend.health(DATABASE)
        assert not health.present and not health.ok and health.problem
        assert backend.problem(DATABASE, 30) == "no index yet"

    def test_health_of_a_following_index(self, indexed):
        health = indexed.health(DATABASE)
        assert health.ok and health.readable and health.documents == len(WORKS)
        assert health.state.database == DATABASE and health.state.watermark == {"id": 7}
        assert indexed.problem(DATABASE, 30) == ""

    def test_health_of_an_index_of_another_database(self, indexed):
        health = indexed.health("postgresql:db:5432:other")
        assert health.present and health.readable and not health.ok
        assert "another database" in health.problem
        assert "another database" in indexed.problem("postgresql:db:5432:other", 30)

    def test_an_index_not_followed_for_long_must_be_rebuilt(self, backend):
        old = (dt.datetime.now(dt.UTC) - dt.timedelta(days=40)).isoformat()
        backend.rebuild([DOCUMENTS], state=State(database=DATABASE, applied=old), names=[])
        assert "not followed for 40 days" in backend.problem(DATABASE, 30)

    def test_health_of_a_damaged_index(self, indexed):
        self.damage(indexed)
        indexed.forget()
        health = indexed.health(DATABASE)
        assert health.present and not health.ok
        assert indexed.problem(DATABASE, 30)

    def test_a_rebuild_can_be_requested(self, indexed):
        assert indexed.rebuild_requested() == ""
        indexed.request_rebuild("unreadable segment")
        assert "unreadable segment" in indexed.rebuild_requested()
        indexed.clear_rebuild_request()
        assert indexed.rebuild_requested() == ""


class TestTantivyBackend(BackendContract):
    backend_class = TantivyBackend

    def damage(self, backend: SearchBackend) -> None:
        path = backend.current_path()
        (path / "meta.json").write_text("{ not json")


def test_tantivy_is_imported_only_by_its_backend():
    root = Path(__file__).resolve().parents[3] / "zhiku"
    allowed = root / "search" / "backends" / "tantivy"
    offenders = []
    for path in root.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            tantivy = any(n == "tantivy" or n.startswith("tantivy.") for n in names)
            if tantivy and allowed not in path.parents:
                offenders.append(str(path.relative_to(root.parent)))
    assert offenders == []
