"""The contributor-role table: what a person did for a work, with its name in each vocabulary.

One row per role (``Role``): labels, the words that name it in bylines (编, 译, ed., trans.),
and its code in CSL, RIS, BibTeX, MARC relators, GB/T 7714, schema.org and DataCite.
``Authorship.Role`` stores author, editor and translator today; the citation formats name
them through this table. ``contributor`` is the fallback for a role no row names.

Like ``genres``, this module imports nothing of Django at import time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from zhiku.catalog.genres import gettext_noop


@dataclass(frozen=True)
class Role:
    """One contributor role and its name in every vocabulary zhiku speaks."""

    code: str
    label_en: str
    label_zh: str
    #: Words that mark the role in a byline or a name field ("主编", "eds."), lower case.
    aliases: tuple[str, ...]
    #: CSL name variable.
    csl: str
    #: RIS tag (RIS names roles by position: AU first, A2 secondary, A3 tertiary, A4 subsidiary).
    ris: str
    #: BibTeX (biblatex) name field.
    bibtex: str
    #: MARC relator code (id.loc.gov/vocabulary/relators).
    marc: str
    #: GB/T 7714 responsibility word after the names (著, 编, 译 …).
    gbt7714: str
    #: schema.org property of a CreativeWork.
    schema_org: str
    #: DataCite: ``Creator`` for authors (they are creators), else the contributorType.
    datacite: str

    @property
    def label(self) -> Any:
        """The label in the active language (a lazy translation of ``label_en``)."""
        from django.utils.translation import gettext_lazy

        return gettext_lazy(self.label_en)


BUILTIN: tuple[Role, ...] = (
    Role(
        code="author",
        label_en=gettext_noop("author"),
        label_zh="作者",
        aliases=("author", "authors", "by", "作者", "著", "撰", "撰文", "文"),
        csl="author", ris="AU", bibtex="author", marc="aut", gbt7714="著",
        schema_org="author", datacite="Creator",
    ),
    Role(
        code="editor",
        label_en=gettext_noop("editor"),
        label_zh="编者",
        aliases=("editor", "editors", "ed.", "eds.", "edited by", "编", "編", "主编", "主編",
                 "编者", "編者"),
        csl="editor", ris="A2", bibtex="editor", marc="edt", gbt7714="编",
        schema_org="editor", datacite="Editor",
    ),
    Role(
        code="translator",
        label_en=gettext_noop("translator"),
        label_zh="译者",
        aliases=("translator", "translators", "trans.", "tr.", "translated by", "译", "譯",
                 "翻译", "翻譯", "译者", "譯者"),
        csl="translator", ris="A4", bibtex="translator", marc="trl", gbt7714="译",
        schema_org="translator", datacite="Translator",
    ),
    Role(
        code="interviewer",
        label_en=gettext_noop("interviewer"),
        label_zh="采访者",
        aliases=("interviewer", "interviewed by", "采访", "採訪", "采访人", "採訪人"),
        csl="interviewer", ris="A2", bibtex="editora", marc="ivr", gbt7714="采访",
        schema_org="contributor", datacite="Other",
    ),
    Role(
        code="compiler",
        label_en=gettext_noop("compiler"),
        label_zh="编纂者",
        aliases=("compiler", "compiled by", "comp.", "编译", "編譯", "编纂", "編纂", "辑", "輯"),
        csl="compiler", ris="A2", bibtex="editora", marc="com", gbt7714="编译",
        schema_org="contributor", datacite="DataCurator",
    ),
    Role(
        code="contributor",
        label_en=gettext_noop("contributor"),
        label_zh="贡献者",
        aliases=("contributor", "contributors", "参与", "參與"),
        csl="contributor", ris="A3", bibtex="editora", marc="ctb", gbt7714="参编",
        schema_org="contributor", datacite="Other",
    ),
)  # fmt: skip

#: The roles by code.
ROLES: dict[str, Role] = {role.code: role for role in BUILTIN}
_BY_ALIAS = {alias: role.code for role in BUILTIN for alias in (role.code, *role.aliases)}


def role_of(code: str | None) -> Role:
    """The role of a stored code; ``contributor`` for a code no row has."""
    return ROLES.get(code or "") or ROLES["contributor"]


def by_alias(word: str) -> str | None:
    """The role a byline word names (主编 → editor, "trans." → translator), or None."""
    return _BY_ALIAS.get(word.strip().casefold())
