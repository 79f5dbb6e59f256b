"""The genre table: every work type zhiku knows, once, with its code in every vocabulary.

A genre is one row (``Genre``): the code stored in ``Work.type``, its labels, the words that
name it in imported text and in search queries, and what it is called in CSL, RIS, BibTeX,
schema.org, GB/T 7714, OAI ``dc:type`` (DCMI and ``info:eu-repo/semantics``) and Highwire
``citation_*`` tags. Citation styles, crawler metadata, OAI, the readers and search all read it,
so a new genre is one row here plus its translations (docs/architecture.md).

This module imports nothing of Django at import time: the Django-free readers and citation
styles use it without configured settings. ``Genre.label`` translates lazily when asked.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal

#: How a work is cited: in a journal, as a book, inside a book, as a report, or as a piece
#: that appeared in a newspaper, on a site or at an event ("web": dated to the day).
Form = Literal["journal", "book", "chapter", "report", "web"]


def gettext_noop(message: str) -> str:
    """Marks a msgid for ``makemessages`` (it extracts ``gettext_noop``) without Django."""
    return message


@dataclass(frozen=True)
class Genre:
    """One work type and its name in every vocabulary zhiku reads or writes."""

    #: The stored value of ``Work.type``.
    code: str
    #: English label, also the msgid translated by ``label``; ``label_zh`` is its translation.
    label_en: str
    label_zh: str
    form: Form
    #: Labels that are evidence of the type in imported text ("类型：报告", a CMS column
    #: "时事评论", "[Report]"), lower case. The first is what readers hand on as evidence.
    aliases: tuple[str, ...]
    #: Words a searcher types after ``type:`` / ``类型：`` (besides the code), lower case.
    query_aliases: tuple[str, ...]
    #: CSL type written for the work, and when it is only online (it has a URL).
    csl: str
    csl_online: str
    #: RIS ``TY`` written, and when it is only online.
    ris: str
    ris_online: str
    #: BibTeX entry type written.
    bibtex: str
    #: schema.org ``@type`` of the work page.
    schema_org: str
    #: GB/T 7714-2015 document-type code (without the /OL suffix).
    gbt7714: str
    #: OAI ``dc:type``: the DCMI type vocabulary term, and the ``info:eu-repo/semantics`` value.
    dcmi_type: str
    eu_repo: str
    #: Highwire tags this genre adds to the common ones (title, author, date …); () for none.
    highwire: tuple[str, ...] = ()
    #: Appears in newspapers: cited as a newspaper item when its outlet is one (文汇报).
    newspaper: bool = False
    #: Codes read back as this genre: RIS ``TY``, BibTeX entry types (lower case), schema.org
    #: types (as written), Highwire tags whose presence is evidence.
    ris_read: tuple[str, ...] = ()
    bibtex_read: tuple[str, ...] = ()
    schema_org_read: tuple[str, ...] = ()
    highwire_read: tuple[str, ...] = ()
    #: Title prefixes that name the genre only before a separator (对话｜…), lower case.
    title_prefixes: tuple[str, ...] = ()
    #: When a page's Highwire tags are evidence of several genres, the highest rank wins.
    evidence_rank: int = 0

    @property
    def label(self) -> Any:
        """The label in the active language (a lazy translation of ``label_en``)."""
        from django.utils.translation import gettext_lazy

        return gettext_lazy(self.label_en)

    @property
    def evidence(self) -> str:
        """The label a reader hands on as type evidence; it resolves to this genre."""
        return self.aliases[0] if self.aliases else self.code


def _web(code: str, **kwargs: Any) -> dict[str, Any]:
    """Codes shared by the pieces cited as web or newspaper items."""
    return {
        "code": code,
        "form": "web",
        "csl": "article",
        "csl_online": "webpage",
        "ris": "GEN",
        "ris_online": "ELEC",
        "bibtex": "misc",
        "gbt7714": "EB",
        "dcmi_type": "Text",
        **kwargs,
    }


#: The genres, in the order of the type vocabulary (``Work.Type``, profile pages, OAI sets).
BUILTIN: tuple[Genre, ...] = (
    Genre(
        **_web("article"),
        label_en=gettext_noop("article"),
        label_zh="文章",
        aliases=(),  # the type without evidence: no label makes a work an article
        query_aliases=("文章",),
        schema_org="ScholarlyArticle",
        eu_repo="info:eu-repo/semantics/contributionToPeriodical",
        newspaper=True,
        ris_read=("NEWS", "MGZN", "ELEC", "BLOG", "GEN"),
    ),
    Genre(
        **_web("commentary"),
        label_en=gettext_noop("commentary"),
        label_zh="评论",
        aliases=(
            "评论", "时评", "commentary", "op-ed", "时事评论", "時事評論", "观点", "觀點",
            "专家观点", "媒体评论", "analysis", "opinion", "op-eds",
        ),
        query_aliases=("comment", "评论", "评论文章"),
        schema_org="OpinionNewsArticle",
        eu_repo="info:eu-repo/semantics/contributionToPeriodical",
        newspaper=True,
        schema_org_read=("AnalysisNewsArticle", "OpinionNewsArticle"),
    ),
    Genre(
        code="journal_paper",
        label_en=gettext_noop("journal paper"),
        label_zh="期刊论文",
        form="journal",
        aliases=(
            "论文", "期刊论文", "paper", "journal article", "学术论文", "學術論文", "期刊文章",
            "journal paper", "journal articles", "peer-reviewed article",
        ),
        query_aliases=("paper", "journal", "论文", "期刊论文"),
        csl="article-journal",
        csl_online="article-journal",
        ris="JOUR",
        ris_online="JOUR",
        bibtex="article",
        schema_org="ScholarlyArticle",
        gbt7714="J",
        dcmi_type="Text",
        eu_repo="info:eu-repo/semantics/article",
        highwire=("citation_journal_title",),
        ris_read=("JOUR", "JFULL", "EJOUR", "INPR"),
        bibtex_read=("article",),
        highwire_read=("citation_journal_title",),
        evidence_rank=1,
    ),
    Genre(
        code="book",
        label_en=gettext_noop("book"),
        label_zh="著作",
        form="book",
        aliases=("著作", "专著", "book", "專著", "译著", "图书", "書籍", "books"),
        query_aliases=("著作", "专著", "书"),
        csl="book",
        csl_online="book",
        ris="BOOK",
        ris_online="BOOK",
        bibtex="book",
        schema_org="Book",
        gbt7714="M",
        dcmi_type="Text",
        eu_repo="info:eu-repo/semantics/book",
        highwire=("citation_publisher",),
        ris_read=("BOOK", "EBOOK", "EDBOOK"),
        bibtex_read=("book", "mvbook", "collection", "proceedings"),
        schema_org_read=("Book",),
    ),
    Genre(
        code="chapter",
        label_en=gettext_noop("book chapter"),
        label_zh="书章",
        form="chapter",
        aliases=("book chapter", "chapter"),
        query_aliases=("章节",),
        csl="chapter",
        csl_online="chapter",
        ris="CHAP",
        ris_online="CHAP",
        bibtex="incollection",
        schema_org="Chapter",
        gbt7714="M",
        dcmi_type="Text",
        eu_repo="info:eu-repo/semantics/bookPart",
        highwire=("citation_publisher",),
        ris_read=("CHAP", "ECHAP", "CONF", "CPAPER"),
        bibtex_read=("inbook", "incollection", "inproceedings", "conference"),
        schema_org_read=("Chapter",),
        highwire_read=("citation_book_title", "citation_inbook_title"),
    ),
    Genre(
        code="report",
        label_en=gettext_noop("report"),
        label_zh="研究报告",
        form="report",
        aliases=(
            "报告", "研究报告", "report", "研究報告", "報告", "research report", "reports",
            "policy brief", "working paper", "white paper",
        ),
        query_aliases=("报告", "研究报告"),
        csl="report",
        csl_online="report",
        ris="RPRT",
        ris_online="RPRT",
        bibtex="techreport",
        schema_org="Report",
        gbt7714="R",
        dcmi_type="Text",
        eu_repo="info:eu-repo/semantics/report",
        highwire=("citation_technical_report_institution",),
        ris_read=("RPRT", "GOVDOC"),
        bibtex_read=("techreport", "report"),
        schema_org_read=("Report",),
        highwire_read=(
            "citation_technical_report_institution",
            "citation_technical_report_number",
        ),
        evidence_rank=2,
    ),
    Genre(
        **_web("conference_summary", csl="speech", csl_online="speech"),
        label_en=gettext_noop("conference summary"),
        label_zh="会议综述",
        aliases=(
            "综述", "会议综述", "会议纪要", "會議綜述", "event summary", "conference summary",
            "meeting summary",
        ),
        query_aliases=("conference", "summary", "会议综述", "综述"),
        schema_org="ScholarlyArticle",
        eu_repo="info:eu-repo/semantics/conferenceObject",
    ),
    Genre(
        **_web("interview", csl="interview", csl_online="interview"),
        label_en=gettext_noop("interview"),
        label_zh="访谈",
        aliases=("访谈", "采访", "interview", "专访", "專訪", "媒体访谈", "訪談", "interviews"),
        query_aliases=("访谈", "采访"),
        schema_org="NewsArticle",
        eu_repo="info:eu-repo/semantics/contributionToPeriodical",
        newspaper=True,
        title_prefixes=("对话", "q&a", "q & a"),
    ),
    Genre(
        **_web("other"),
        label_en=gettext_noop("other"),
        label_zh="其他",
        aliases=("testimony", "podcast"),
        query_aliases=("其他",),
        schema_org="ScholarlyArticle",
        eu_repo="info:eu-repo/semantics/other",
        ris_read=("THES", "PAT"),
        bibtex_read=("thesis", "phdthesis", "mastersthesis", "manual", "patent"),
    ),
)  # fmt: skip

#: What a newspaper item is called, whatever its genre (``Genre.newspaper`` says which may be).
NEWSPAPER_CSL = "article-newspaper"
NEWSPAPER_RIS = "NEWS"
NEWSPAPER_BIBTEX = "article"
NEWSPAPER_GBT7714 = "N"
#: schema.org type of a work whose genre is unknown.
UNKNOWN_SCHEMA_ORG = "CreativeWork"


class GenreRegistry:
    """The genres by code, with lookups by alias and by each vocabulary's code."""

    def __init__(self, genres: tuple[Genre, ...] = ()) -> None:
        self._genres: dict[str, Genre] = {}
        self._index: dict[str, dict[str, str]] | None = None
        for genre in genres:
            self.register(genre)

    # --- the table ------------------------------------------------------------------------

    def register(self, genre: Genre) -> None:
        """Add a genre (ValueError when its code is taken)."""
        if genre.code in self._genres:
            raise ValueError(f"genre {genre.code!r} is already registered")
        self._genres[genre.code] = genre
        self._index = None

    def unregister(self, code: str) -> None:
        del self._genres[code]
        self._index = None

    @contextmanager
    def temporary(self, genre: Genre) -> Iterator[Genre]:
        """Register ``genre`` for the ``with`` block only (tests: one row is enough)."""
        self.register(genre)
        try:
            yield genre
        finally:
            self.unregister(genre.code)

    def __iter__(self) -> Iterator[Genre]:
        return iter(self._genres.values())

    def __contains__(self, code: object) -> bool:
        return code in self._genres

    def __getitem__(self, code: str) -> Genre:
        return self._genres[code]

    def get(self, code: str | None) -> Genre | None:
        return self._genres.get(code or "")

    def codes(self) -> tuple[str, ...]:
        return tuple(self._genres)

    def label(self, code: str) -> Any:
        """The translated label of ``code``; the code itself when no genre has it."""
        genre = self._genres.get(code)
        return genre.label if genre else code

    # --- lookups ----------------------------------------------------------------------------

    def _lookup(self, vocabulary: str) -> dict[str, str]:
        if self._index is None:
            index: dict[str, dict[str, str]] = {
                k: {} for k in ("alias", "query", "prefix", "ris", "bibtex", "csl", "schema")
            }
            for g in self._genres.values():
                for alias in g.aliases:
                    index["alias"].setdefault(alias, g.code)
                index["query"].setdefault(g.code, g.code)
                for alias in g.query_aliases:
                    index["query"].setdefault(alias, g.code)
                for alias in g.title_prefixes:
                    index["prefix"].setdefault(alias, g.code)
                for code in g.ris_read:
                    index["ris"].setdefault(code, g.code)
                for code in g.bibtex_read:
                    index["bibtex"].setdefault(code, g.code)
                for code in (g.csl, g.csl_online):
                    index["csl"].setdefault(code, g.code)
                for name in g.schema_org_read:
                    index["schema"].setdefault(name.casefold(), g.code)
            self._index = index
        return self._index[vocabulary]

    def by_alias(self, label: str | None) -> str | None:
        """The genre a label in imported text names ("研究报告", "Op-Ed"), or None."""
        return self._lookup("alias").get((label or "").strip().casefold())

    def aliases(self) -> tuple[str, ...]:
        """Every label that is type evidence in imported text."""
        return tuple(self._lookup("alias"))

    def by_title_prefix(self, label: str) -> str | None:
        """The genre a title prefix names (对话｜…), by its own prefixes then by alias."""
        return self._lookup("prefix").get(label) or self.by_alias(label)

    def by_query(self, word: str) -> str | None:
        """The genre a searcher means by ``type:word`` (a code, or a query alias)."""
        return self._lookup("query").get(word)

    def from_ris(self, code: str) -> str | None:
        return self._lookup("ris").get(code.strip().upper())

    def from_bibtex(self, entry_type: str) -> str | None:
        return self._lookup("bibtex").get(entry_type.strip().lower())

    def from_csl(self, csl_type: str) -> str | None:
        """The first genre (in table order) written as this CSL type."""
        return self._lookup("csl").get(csl_type.strip())

    def from_schema_org(self, schema_type: str) -> str | None:
        """The genre a schema.org type is evidence of (``Report``), or None (``Article``)."""
        return self._lookup("schema").get(schema_type.casefold())

    def highwire_evidence(self) -> list[tuple[str, str]]:
        """(citation_* tag, genre) pairs whose presence is type evidence, strongest first."""
        ranked = sorted(self._genres.values(), key=lambda g: -g.evidence_rank)
        return [(tag, g.code) for g in ranked for tag in g.highwire_read]

    def choices(self) -> list[tuple[str, tuple[str, Any]]]:
        """(NAME, (code, lazy label)) pairs for ``models.TextChoices``'s functional form."""
        return [(g.code.upper(), (g.code, g.label)) for g in self._genres.values()]


#: The genres zhiku knows: what every mapping reads.
GENRES = GenreRegistry(BUILTIN)


def genre_of(code: str | None) -> Genre:
    """The genre of a stored type; ``other`` for a code no genre has."""
    return GENRES.get(code) or GENRES["other"]
