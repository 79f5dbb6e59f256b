"""BibTeX and biblatex publication lists, parsed by bibtexparser v2.

bibtexparser splits the file into blocks and keeps each field's raw value; this module does the
rest with the library's own pieces, in the order BibTeX itself does:

- field names and entry types in any case (``Title =``, ``@ARTICLE``);
- values expanded: ``@string`` macros (earlier definitions, case-insensitive), the month macros
  (``apr`` → 4), ``#`` concatenation; a macro the file never defines is kept as its name and
  reported once;
- ``crossref`` resolved: a child inherits every field it lacks from its parent, the parent's
  title as ``booktitle``;
- names split by bibtexparser (``split_multiple_persons_names``,
  ``parse_single_name_into_parts``): first / von / last / jr, a name braced whole
  (``{World Bank}``) kept whole as an organisation, ``and others`` read as et al.;
- LaTeX → Unicode (``latex.py``: pylatexenc, math made plain), except in URLs and DOIs, which
  are kept as written.

Each entry becomes a work with its contributors (editors, translators, …), container, edition,
series, report number, conference, thesis, identifiers and access date. An entry the parser
cannot read (a syntax error) is reported with its line and the reason, and the other entries
still load; a second entry with a key already used is read as the record it is, and reported;
a file where no entry can be read is refused with the first error.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

import bibtexparser
from bibtexparser.library import Library
from bibtexparser.middlewares.names import (
    InvalidNameError,
    parse_single_name_into_parts,
    split_multiple_persons_names,
)
from bibtexparser.model import (
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    ParsingFailedBlock,
    String,
)

from zhiku.ingest.readers import ReaderError
from zhiku.ingest.readers.batches import Batches
from zhiku.ingest.readers.biblio import (
    bibtex_type,
    contributor,
    date_from_parts,
    display_name,
    finish_work,
    language_of,
    normalize_date_text,
    normalize_doi,
    normalize_pages,
    split_keywords,
)
from zhiku.ingest.readers.latex import latex_to_text
from zhiku.ingest.readers.registry import ReaderFormat
from zhiku.ingest.records import Extraction, WorkRecord

# bibtexparser logs each syntax error itself; we report them with file and line instead.
logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)

#: BibTeX's predefined month macros.
MONTH_MACROS = {
    m: str(i) for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)
}
#: Fields kept as written (no LaTeX decoding): links and identifiers.
VERBATIM = frozenset({"url", "doi", "eprint", "file", "pdf", "urls"})
#: Name fields and the contributor role they hold (biblatex ``editortype`` may override).
NAME_ROLES = {
    "editor": "editor",
    "editora": "editor",
    "editorb": "editor",
    "editorc": "editor",
    "translator": "translator",
    "compiler": "compiler",
    "bookauthor": "container_author",
    "commentator": "contributor",
    "annotator": "contributor",
    "introduction": "contributor",
    "foreword": "contributor",
    "afterword": "contributor",
}
#: biblatex ``editortype`` values → contributor roles.
EDITOR_TYPES = {"editor": "editor", "compiler": "compiler", "translator": "translator"}
#: Entry types whose ``booktitle`` is their container (before any ``journal``).
IN_BOOK = frozenset({"inbook", "incollection", "inproceedings", "conference", "inreference"})
REPORTS = frozenset({"techreport", "report"})
THESES = {"phdthesis": "PhD", "mastersthesis": "Master's", "thesis": None}
#: biblatex's localisation keys for ``type`` (``type = {mathesis}``).
DEGREE_KEYS = {"phdthesis": "PhD", "mathesis": "Master's", "candthesis": "Candidate"}
ARTICLES = frozenset({"article", "periodical", "suppperiodical"})

_SUFFIX = re.compile(r"^(?:jr|sr|ii|iii|iv)\.?$", re.I)
_TOKEN = re.compile(r'\s*(?:(?P<brace>\{)|(?P<quote>")|(?P<word>[^\s#{}"]+))')


class BibtexError(ReaderError):
    """A BibTeX file with no readable entry; the message says where and why."""


def read_bibtex(text: str) -> Iterator[Extraction]:
    """Extractions of the file's entries; syntax errors become warnings with line numbers."""
    library = bibtexparser.parse_string(text, parse_stack=[])
    batches = Batches()
    entries, problems = _entries(library)
    if not entries:
        if problems:
            raise BibtexError(f"BibTeX syntax error: {problems[0][1]}; no entry could be read")
        raise BibtexError("no BibTeX entries found (expected @article{…}, @book{…}, …)")
    for code, message, line in problems:
        batches.current.warn(code, message, line=line)
    reader = _Reader(library, entries, batches.current)
    for entry in entries:
        reader.extraction = batches.current
        if (work := reader.work(entry)) is not None:
            work.line = (entry.start_line or 0) + 1
            batches.current.works.append(work)
        yield from batches.full()
    reader.extraction = batches.current
    reader.report_macros()
    yield from batches.rest()


def _entries(library: Library) -> tuple[list[Entry], list[tuple[str, str, int]]]:
    """The file's entries in order (a repeated key is an entry too) and its problems."""
    entries: list[Entry] = []
    problems = []
    for block in library.blocks:
        if isinstance(block, Entry):
            entries.append(block)
        elif isinstance(block, ParsingFailedBlock):
            problems.append(_problem(block))
            kept = getattr(block, "ignore_error_block", None)
            if isinstance(block, DuplicateBlockKeyBlock | DuplicateFieldKeyBlock) and isinstance(
                kept, Entry
            ):
                entries.append(kept)
    return entries, problems


def _problem(block: ParsingFailedBlock) -> tuple[str, str, int]:
    line = (block.start_line or 0) + 1
    if isinstance(block, DuplicateBlockKeyBlock):
        return "duplicate_entry", f"line {line}: a second entry with key {block.key!r}", line
    if isinstance(block, DuplicateFieldKeyBlock):
        fields = ", ".join(sorted(block.duplicate_keys))
        return "duplicate_field", f"line {line}: field(s) given twice: {fields}", line
    error = block.error
    reason = getattr(error, "abort_reason", "") or getattr(error, "message", "") or str(error)
    head = (block.raw or "").strip().splitlines()[0][:60] if block.raw else ""
    return "bad_entry", f"line {line}: syntax error in {head!r}: {reason.strip().rstrip('.')}", line


class _Reader:
    """The state one file's entries share: its macros, its entries by key, what was missed."""

    def __init__(self, library: Library, entries: list[Entry], extraction: Extraction) -> None:
        self.extraction = extraction
        self.macros: dict[str, str] = dict(MONTH_MACROS)
        self.undefined: dict[str, tuple[int, int]] = {}
        for block in library.blocks:
            if isinstance(block, String):
                self.macros[block.key.lower()] = self.expand(block.value, block.start_line)
        self.by_key: dict[str, Entry] = {}
        for entry in entries:
            self.by_key.setdefault(entry.key.lower(), entry)

    # values

    def expand(self, raw: str, line: int | None = 0) -> str:
        """A raw field value with its macros and ``#`` concatenation expanded (braces kept)."""
        out: list[str] = []
        position, raw = 0, raw.strip()
        while position < len(raw):
            match = _TOKEN.match(raw, position)
            if match is None:
                break
            if match["brace"] or match["quote"]:
                start = match.end()
                end = _closing(raw, start, "}" if match["brace"] else '"')
                out.append(raw[start:end])
                position = end + 1
            else:
                word = match["word"]
                position = match.end()
                if word.isdigit():
                    out.append(word)
                elif word.lower() in self.macros:
                    out.append(self.macros[word.lower()])
                else:
                    first, count = self.undefined.get(word, ((line or 0) + 1, 0))
                    self.undefined[word] = (first, count + 1)
                    out.append(word)
            hash_at = raw.find("#", position)
            if hash_at < 0 or raw[position:hash_at].strip():
                break
            position = hash_at + 1
        return "".join(out)

    def fields(self, entry: Entry) -> dict[str, str]:
        """The entry's fields by lower-case name, expanded, with a crossref parent's fields."""
        values: dict[str, str] = {}
        for f in entry.fields:
            name = f.key.strip().lower()
            if name not in values and isinstance(f.value, str):
                values[name] = self.expand(f.value, f.start_line)
        parent_key = values.get("crossref", "").strip().lower()
        parent = self.by_key.get(parent_key) if parent_key else None
        if parent is not None and parent is not entry:
            inherited = {
                f.key.strip().lower(): self.expand(f.value, f.start_line)
                for f in parent.fields
                if isinstance(f.value, str) and f.key.strip().lower() != "crossref"
            }
            for name, value in inherited.items():
                if name == "title":
                    values.setdefault("booktitle", value)
                elif name == "subtitle":
                    values.setdefault("booksubtitle", value)
                elif name not in ("ids", "key", "label", "shorthand"):
                    values.setdefault(name, value)
        return values

    def report_macros(self) -> None:
        for name, (line, count) in sorted(self.undefined.items(), key=lambda i: i[1][0]):
            times = f" ({count} uses)" if count > 1 else ""
            self.extraction.warn(
                "undefined_macro",
                f"line {line}: @string {name!r} is not defined in the file; kept as written{times}",
                line=line,
            )

    # records

    def work(self, entry: Entry) -> WorkRecord | None:
        line = (entry.start_line or 0) + 1
        where = f"line {line} (@{entry.entry_type}{{{entry.key}}})"
        raw = self.fields(entry)

        def text(*names: str) -> str | None:
            for name in names:
                value = raw.get(name)
                if value is not None and value.strip():
                    decoded = " ".join(value.split()) if name in VERBATIM else latex_to_text(value)
                    if decoded:
                        return decoded
            return None

        title = text("title")
        if not title:
            self.extraction.warn("bad_record", f"{where}: entry has no title", line=line)
            return None
        subtitle = text("subtitle")
        if subtitle:
            title = f"{title}: {subtitle}"
        entry_type = entry.entry_type.lower()
        authors, et_al = _names(raw.get("author", ""))
        contributors = []
        for name in NAME_ROLES:
            role = NAME_ROLES[name]
            if name.startswith("editor") and raw.get(f"{name}type"):
                role = EDITOR_TYPES.get(raw[f"{name}type"].strip().lower(), "contributor")
            people, _ = _names(raw.get(name, ""))
            contributors += [contributor(n, role, organisation=o) for n, o in people]
        if not authors:
            # an edited volume is cited by its editors (they stay among the contributors too)
            authors = [(c["name"], False) for c in contributors if c["role"] == "editor"]
        container_keys = (
            ("booktitle", "journaltitle", "journal")
            if entry_type in IN_BOOK
            else ("journaltitle", "journal", "booktitle")
        )
        container = text(*container_keys)
        container_sub = text("booksubtitle" if entry_type in IN_BOOK else "journalsubtitle")
        if container and container_sub:
            container = f"{container}: {container_sub}"
        number = text("number", "issue")
        work = WorkRecord(
            title=title,
            authors=[n for n, _ in authors],
            date=date_from_parts(
                self.extraction,
                where,
                date=text("date"),
                year=text("year"),
                month=text("month"),
                day=text("day"),
            ),
            type=bibtex_type(entry_type),
            language=language_of(text("language", "langid"), title),
            abstract=text("abstract"),
            keywords=split_keywords(text("keywords")),
            source=container if entry_type in ("inbook", "incollection") else None,
            contributors=contributors,
            authors_et_al=et_al,
        )
        thesis = entry_type in THESES
        # a book's number is its number in the series; an article's is its issue
        in_series = bool(text("series")) and entry_type not in REPORTS | ARTICLES
        degree = text("type") or THESES.get(entry_type)
        venue = {
            "journal": container,
            "volume": text("volume"),
            "issue": None if entry_type in REPORTS else (text("issue") or number),
            "report_number": number if entry_type in REPORTS else None,
            "pages": normalize_pages(text("pages")),
            "publisher": text("publisher", "institution", "organization", "school"),
            "place": text("address", "location"),
            "doi": normalize_doi(text("doi")),
            "url": text("url"),
            "isbn": text("isbn"),
            "issn": text("issn"),
            "edition": text("edition"),
            "series": text("series"),
            "series_number": number if in_series else None,
            "conference_name": text("eventtitle")
            or (container if entry_type in ("inproceedings", "conference") else None),
            "conference_place": text("venue"),
            "conference_date": normalize_date_text(text("eventdate")),
            "thesis_degree": DEGREE_KEYS.get((degree or "").lower(), degree) if thesis else None,
            "thesis_institution": text("school", "institution") if thesis else None,
            "access_date": normalize_date_text(text("urldate", "lastchecked", "accessed")),
        }
        if in_series:
            venue["issue"] = text("issue")
        return finish_work(work, venue)


def _closing(raw: str, start: int, closer: str) -> int:
    """The index of the ``closer`` that ends a value opened just before ``start``."""
    depth = 0
    for index in range(start, len(raw)):
        char = raw[index]
        if char == "{":
            depth += 1
        elif char == "}":
            if depth == 0 and closer == "}":
                return index
            depth -= 1
        elif char == '"' and closer == '"' and depth == 0:
            return index
    return len(raw)


def _names(value: str) -> tuple[list[tuple[str, bool]], bool]:
    """(name in reading order, is an organisation) for each name of a name field, and whether
    the list ends in ``and others``."""
    out: list[tuple[str, bool]] = []
    et_al = False
    if not value.strip():
        return out, et_al
    for raw in split_multiple_persons_names(value):
        raw = raw.strip()
        if raw.lower() == "others":
            et_al = True
            continue
        if raw.startswith("{") and _closing(raw, 1, "}") == len(raw) - 1:
            name = latex_to_text(raw[1:-1])
            if name:
                out.append((name, True))
            continue
        try:
            parts = parse_single_name_into_parts(raw)
        except InvalidNameError:
            name = latex_to_text(raw)
            if name:
                out.append((name, False))
            continue
        if len(parts.first) == 1 and _SUFFIX.match(parts.first[0]) and parts.jr:
            # "Sherry, John F., Jr.": the suffix written last, where BibTeX puts the first name
            parts.first, parts.jr = parts.jr, parts.first
        last = latex_to_text(" ".join([*parts.von, *parts.last]))
        first = latex_to_text(" ".join(parts.first))
        jr = latex_to_text(" ".join(parts.jr))
        name = display_name(f"{last} {jr}".strip(), first)
        if name:
            out.append((name, False))
    return out, et_al


#: The start of a BibTeX file: comment lines, then an entry ("@article{").
HEAD = re.compile(rb"^\s*(?:%[^\n]*\n\s*)*@[A-Za-z]+\s*[{(]")

FORMAT = ReaderFormat(
    name="bibtex",
    suffixes=(".bib", ".bibtex"),
    read=read_bibtex,
    sniff=lambda head: bool(HEAD.match(head)),
    sniff_wins=True,
    upload_check=lambda head: (
        None
        if re.search(rb"@[A-Za-z]+\s*[{(]", head)
        else "does not look like BibTeX (no @type{…} entry)"
    ),
)
