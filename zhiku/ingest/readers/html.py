"""HTML pages: main text by trafilatura, metadata by markup, and our own field rules on top.

Stages, in order:

1. parse (lxml recovers broken markup) and notice truncation (no ``</html>``/``</body>``);
2. reveal Cloudflare-protected e-mails (``markup.reveal_emails``) and read meta tags and JSON-LD
   (``markup.read_meta``);
3. prune furniture elements (``FURNITURE_TAGS``, ``FURNITURE_TOKENS`` in class/id) and render the
   rest as text-dump lines (blocks → lines, ``<li>`` → "- " items), so the expert-card and
   labelled-field rules of the text reader apply to HTML too (trafilatura reads neither 作者：
   nor 文献来源：, and would take "文/张三" for an author "文");
4. main text: trafilatura on the pruned tree; its leading title/field lines and trailing field
   lines are read as fields, the rest is the body (plain-text paragraphs, never markup);
5. merge: labelled fields on the page win, markup fills what they leave empty.
"""

from __future__ import annotations

import copy
import re

from lxml import etree
from lxml import html as lxml_html

from zhiku.ingest.bylines import split_byline
from zhiku.ingest.read import MAX_PAGE_BYTES
from zhiku.ingest.readers.article import (
    TITLE_SCORE_AGREES,
    ArticleLayout,
    TitleHints,
    locate_article,
)
from zhiku.ingest.readers.confidence import judge_confidence
from zhiku.ingest.readers.fields import ArticleFields, is_type_kicker, read_field_line
from zhiku.ingest.readers.html_tree import page_date, parse_page
from zhiku.ingest.readers.markup import PageMeta, read_meta, reveal_emails
from zhiku.ingest.readers.page import Line, drop_furniture, split_lines
from zhiku.ingest.readers.people import read_listing, read_people
from zhiku.ingest.readers.registry import ReaderFormat, single, strip_head
from zhiku.ingest.readers.text import (
    NotAPage,
    add_work,
    body_lines,
    content_lines,
    dense_lines,
    header_names,
    is_substantial,
    keep_what_is_there,
    locate_title,
    read_body,
    read_head,
)
from zhiku.ingest.records import Extraction, PersonRecord
from zhiku.text.keys import clean_inline, text_key

#: Elements that never hold content.
FURNITURE_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "nav", "button",
                  "select", "input", "textarea", "form", "object", "embed")  # fmt: skip
#: class/id words of page furniture (split on spaces, "-" and "_").
FURNITURE_TOKENS = frozenset(
    "nav navbar navigation menu menubar topbar breadcrumb breadcrumbs crumbs "
    "footer foot copyright share sharing social sns toolbar tools print pagination pager "
    "related recommend comments comment advert advertisement ads banner login subscribe "
    "newsletter cookie cookies skip modal popup search".split()
)
#: Page-level header/footer tags: furniture unless inside the article itself.
PAGE_CHROME_TAGS = ("header", "footer")
BLOCK_TAGS = frozenset(
    "p div section article main aside header footer h1 h2 h3 h4 h5 h6 ul ol dl dt dd table tr "
    "tbody thead blockquote pre figure figcaption address hr center body html li".split()
)
_TOKEN_SPLIT = re.compile(r"[\s\-_]+")
#: trafilatura's rendering of a layout table: "| cell | cell |" lines.
TABLE_DUMP = re.compile(r"^\|.*\|\s*$", re.MULTILINE)
_CLOSED = re.compile(r"</(?:html|body)\s*>", re.IGNORECASE)
#: Title separators before a site name: "标题 - 上海国际问题研究院", "Title | Brookings",
#: "标题--某研究所", "标题_研究成果_某研究院".
_TITLE_SUFFIX = re.compile(r"\s*(?:\s[-|–—_]\s|[|｜]|_|——|--|-)\s*")


def read_html_page(text: str) -> Extraction:
    """The Extraction of one HTML page; NotAPage for no content or a page cut mid-article."""
    # 1. parse
    try:
        tree = parse_page(text)
    except (etree.ParserError, ValueError) as exc:
        raise NotAPage(f"not HTML that can be parsed: {exc}") from exc
    truncated = not _CLOSED.search(text[-4096:])
    extraction = Extraction()
    # 2. e-mails and markup metadata
    reveal_emails(tree)
    meta = read_meta(tree)
    for problem in meta.problems:
        extraction.warn("bad_markup", problem)
    # 3. furniture out, page rendered as lines: the expert card and the fields around the title
    prune(tree)
    page = drop_furniture(split_lines(render(tree)))
    page = read_people(page, extraction)
    _person_from_markup(meta, extraction)
    content = content_lines(page)
    hints = title_hints(tree, meta)
    layout = locate_article(content, hints)
    title_index = _choose_title(content, tree, meta, layout)
    fields = ArticleFields()
    start = read_head(content, title_index, fields, extraction) if title_index is not None else 0
    # 4. main text
    main = _main_lines(tree)
    title = content[title_index].text if title_index is not None else _markup_title(meta)
    if main:
        text_lines = dense_lines(_skip_head(main, title, fields, extraction), fields, extraction)
        body = read_body(text_lines, main, fields, extraction)
    else:
        aligned = layout if layout is not None and layout.title_index == title_index else None
        lines = body_lines(content, start, aligned, fields, extraction)
        body = read_body(lines, page, fields, extraction) if title_index is not None else []
    # 5. merge with markup
    _fill_from_markup(fields, meta)
    if fields.date is None and title_index is not None:
        fields.reading("htmldate (dates in the markup and the URL)").date = page_date(text)
    labelled = bool(fields.authors or fields.date or fields.source)
    listing = not is_substantial(body) and not extraction.people and read_listing(page, extraction)
    if title and not listing and (labelled or (is_substantial(body) and not extraction.people)):
        site = [*hints.site_names, *header_names(content[:title_index] if title_index else [])]
        work = add_work(extraction, title, fields, body, site)
        aligned = layout if layout is not None and layout.title_index == title_index else None
        judge_confidence(work, aligned, fields.evidence, extraction)
        for key, value in meta.venue.items():
            setattr(work, key, value)
        work.keywords = work.keywords or meta.keywords
    if truncated:
        _check_truncation(text, extraction)
    if extraction.is_empty():
        keep_what_is_there(content, title, extraction)
    return extraction


def page_text(text: str) -> str:
    """An HTML page as the text dump the readers see (pruned of furniture elements)."""
    try:
        tree = parse_page(text)
    except (etree.ParserError, ValueError):
        return ""
    prune(tree)
    return render(tree)


def prune(tree: lxml_html.HtmlElement) -> None:
    """Remove furniture elements from ``tree``, keeping the text that follows each one."""
    doomed = []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            doomed.append(element)  # comments and processing instructions
            continue
        if element.tag in FURNITURE_TAGS or _is_chrome(element) or _has_furniture_token(element):
            doomed.append(element)
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()


def _is_chrome(element: lxml_html.HtmlElement) -> bool:
    if element.tag not in PAGE_CHROME_TAGS:
        return False
    return not any(a.tag in ("article", "main") for a in element.iterancestors())


def _has_furniture_token(element: lxml_html.HtmlElement) -> bool:
    if element.tag in ("html", "body", "main", "article"):
        return False
    words = f"{element.get('class', '')} {element.get('id', '')}".lower()
    return bool(words.strip()) and any(t in FURNITURE_TOKENS for t in _TOKEN_SPLIT.split(words))


def render(tree: lxml_html.HtmlElement) -> str:
    """The tree as a text dump: one line per block, "- " before list items, cells on a row."""
    parts: list[str] = []

    def walk(element: lxml_html.HtmlElement) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == "br":
            parts.append("\n")
        elif tag in BLOCK_TAGS:
            parts.append("\n- " if tag == "li" else "\n")
        elif tag in ("td", "th"):
            parts.append("\t")
        if element.text and tag not in ("script", "style"):
            parts.append(element.text)
        for child in element:
            walk(child)
        if tag in BLOCK_TAGS:
            parts.append("\n")
        if element.tail:
            parts.append(element.tail)

    body = tree.find("body")
    walk(body if body is not None else tree)
    return re.sub(r"[ \t\r\f\v]*\n[ \t\r\f\v]*", "\n", "".join(parts))


def _markup_title(meta: PageMeta) -> str | None:
    return meta.title


def _title_candidates(tree: lxml_html.HtmlElement, meta: PageMeta) -> list[str]:
    """Titles to look for on the page, most trusted first."""
    candidates = [meta.title] if meta.title else []
    candidates += [h.text_content().strip() for h in tree.iter("h1")]
    title_tag = tree.find(".//title")
    if title_tag is not None and title_tag.text:
        full = title_tag.text.strip()
        parts = _TITLE_SUFFIX.split(full)
        prefixes = [
            sep.join(parts[:n]) for n in range(len(parts) - 1, 0, -1) for sep in ("-", " - ", "")
        ]
        candidates += [full, *prefixes[:6]]
    return [c for c in candidates if c]


def title_hints(tree: lxml_html.HtmlElement, meta: PageMeta) -> TitleHints:
    """What the markup says the title is, and the site's name (to tell the two apart)."""
    hints = TitleHints()
    if meta.title:
        hints.titles.append(
            ("the markup title (og:title, citation_title, DC.title, JSON-LD)", meta.title)
        )
    hints.titles += [("<h1>", h.text_content().strip()) for h in tree.iter("h1")]
    if meta.site_name:
        hints.site_names.append(meta.site_name)
    title_tag = tree.find(".//title")
    if title_tag is not None and title_tag.text:
        parts = [p for p in _TITLE_SUFFIX.split(title_tag.text.strip()) if p]
        if len(parts) > 1:
            hints.prefixes += [parts[0], *(p for p in parts[1:] if len(parts) == 2)]
            hints.site_names += parts[-1:]
    return hints


def _choose_title(
    content: list[Line], tree: lxml_html.HtmlElement, meta: PageMeta, layout: ArticleLayout | None
) -> int | None:
    """The title line: the line a markup title names, unless that line is the site's name or
    the evidence around the text (``article.locate_article``) points elsewhere with agreement."""
    named = _locate_title(content, tree, meta)
    found = layout.title_index if layout is not None else None
    if layout is None or named is None or found is None or named == found:
        return named if named is not None else found
    hints = title_hints(tree, meta)
    site = {text_key(n) for n in hints.site_names}
    if text_key(content[named].text) in site or layout.title_score >= TITLE_SCORE_AGREES:
        return found
    return named


def _locate_title(content: list[Line], tree: lxml_html.HtmlElement, meta: PageMeta) -> int | None:
    for candidate in _title_candidates(tree, meta):
        index = locate_title(content, candidate)
        if index is not None:
            return index
    return None


def _main_lines(tree: lxml_html.HtmlElement) -> list[Line | None]:
    """The main text as trafilatura finds it, as lines with furniture dropped; empty when it
    found none, or only a table dump (legacy pages laid out in tables, which our own
    rendering reads line by line instead)."""
    import trafilatura  # here, not at the top: web processes import this module, never use it

    main = trafilatura.extract(
        copy.deepcopy(tree), fast=True, include_comments=False, include_images=False
    )
    if not main or TABLE_DUMP.search(main):
        return []
    return drop_furniture(split_lines(main))


def _skip_head(
    main: list[Line | None], title: str | None, fields: ArticleFields, extraction: Extraction
) -> list[Line]:
    """The main text without the title, kicker, byline and field lines it starts with."""
    lines = [line for line in main if line is not None]
    title_key = text_key(title or "")
    index = 0
    while index < len(lines):
        line = lines[index]
        if title_key and text_key(line.text) == title_key:
            pass
        elif is_type_kicker(line.text):
            fields.type_label = fields.type_label or line.text
        elif not read_field_line(line, fields, extraction):
            byline = split_byline(line.text) if len(line.text) <= 80 else None
            if not byline:
                break
            fields.reading(f"byline in the main text: {line.text[:80]}")
            fields.authors = fields.authors or byline
        index += 1
    return lines[index:]


def _fill_from_markup(fields: ArticleFields, meta: PageMeta) -> None:
    """Markup fills the fields the page's own labels left empty."""
    fields.reading("the page's markup (meta tags, JSON-LD)")
    if fields.authors is None and meta.authors:
        names = [b for b in (split_byline(a) for a in meta.authors) if b]
        if names:
            fields.authors = names[0]
            for extra in names[1:]:
                fields.authors.names += [n for n in extra.names if n not in fields.authors.names]
    fields.date = fields.date or meta.date
    fields.source = fields.source or meta.source
    fields.type_label = fields.type_label or meta.type_label
    fields.abstract = fields.abstract or meta.abstract


def _person_from_markup(meta: PageMeta, extraction: Extraction) -> None:
    """A JSON-LD Person fills the card the page's text gave (or is the card)."""
    data = meta.person
    if not data.get("name"):
        return
    person = next((p for p in extraction.people if p.name == data["name"]), None)
    if person is None:
        person = PersonRecord(name=data["name"])
        extraction.people.append(person)
        extraction.subject = extraction.subject or person.name
    person.title = person.title or data["title"] or None
    person.email = person.email or data["email"] or None
    person.units += [u for u in data["units"] if u not in person.units]


def _last_text(text: str) -> str:
    """The last words of the file's text (markup, and a tag cut in half, removed)."""
    tail = re.sub(r"<(script|style)\b.*?(?:</\1\s*>|$)", " ", text[-4096:], flags=re.I | re.S)
    tail = re.sub(r"<[^>]*(?:>|$)", "\n", tail)
    lines = [clean_inline(line) for line in tail.splitlines()]
    return next((line for line in reversed(lines) if line), "")


def _check_truncation(text: str, extraction: Extraction) -> None:
    """A page cut inside its article is refused; one cut after it is kept with a warning."""
    last = text_key(_last_text(text))
    for work in extraction.works:
        if last and work.body and last in text_key(work.body[-1]):
            raise NotAPage(
                "truncated HTML: the file ends inside the article text (no </html>); "
                "refusing to store a partial page"
            )
    if extraction.is_empty():
        raise NotAPage("truncated HTML: the file ends before any content (no </html>)")
    extraction.warn("truncated_html", "the file ends before </html>; the article text is complete")


#: The start of an HTML document: comments, then a doctype or one of the document's tags.
HEAD = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|meta|body)\b", re.I | re.S)
#: Tags an HTML fragment (an upload without a document head) shows early.
_FRAGMENT_TAGS = re.compile(rb"<(?:p|div|table|body|h1)\b", re.I)

FORMAT = ReaderFormat(
    name="html",
    suffixes=(".html", ".htm", ".xhtml", ".shtml", ".asp", ".aspx", ".php", ".jsp"),
    read=single(read_html_page),
    sniff=lambda head: bool(HEAD.match(head)),
    sniff_wins=True,
    size_limit=MAX_PAGE_BYTES,
    noun="page",
    upload_check=lambda head: (
        None
        if HEAD.match(strip_head(head)) or _FRAGMENT_TAGS.search(head)
        else "does not look like HTML"
    ),
)
