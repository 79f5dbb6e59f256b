"""What an HTML page says about itself in markup: meta tags, JSON-LD, Cloudflare-hidden e-mails.

Meta tag names come from the conventions sites actually use: Highwire ``citation_*`` (Google
Scholar), Dublin Core ``DC.*``, Open Graph ``og:*``/``article:*``, and the TRS CMS names common on
Chinese institutional sites (``ArticleTitle``, ``PubDate``, ``ContentSource``). Each vocabulary
maps a tag name (lower case) to a field of ``PageMeta``; the first tag in vocabulary order wins.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from lxml import html as lxml_html

from zhiku.catalog.genres import GENRES
from zhiku.ingest.normalize import DateError, normalize_date

#: Meta names → PageMeta field, in order of trust (the first present wins).
META_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("citation_title", "dc.title", "articletitle", "og:title", "twitter:title"),
    "authors": ("citation_author", "dc.creator", "author", "article:author", "parsely-author"),
    "date": (
        "citation_publication_date", "citation_date", "citation_online_date", "dc.date.issued",
        "dc.date", "article:published_time", "pubdate", "publishdate", "firstpublishedtime",
        "parsely-pub-date", "og:published_time", "date",
    ),
    "source": ("citation_journal_title", "citation_conference_title", "dc.source", "contentsource"),
    "journal": ("citation_journal_title",),
    "volume": ("citation_volume", "prism.volume"),
    "issue": ("citation_issue", "prism.number"),
    "firstpage": ("citation_firstpage", "prism.startingpage"),
    "lastpage": ("citation_lastpage", "prism.endingpage"),
    "publisher": ("citation_publisher", "citation_technical_report_institution", "dc.publisher"),
    "doi": ("citation_doi", "prism.doi", "dc.identifier"),
    "isbn": ("citation_isbn",),
    "issn": ("citation_issn", "prism.issn"),
    "url": ("citation_abstract_html_url", "og:url"),
    # Not plain "keywords": CMS templates fill it with the site's own words on every page.
    "keywords": ("citation_keywords", "news_keywords", "article:tag"),
    "abstract": ("citation_abstract", "dc.description"),
    "site_name": ("og:site_name", "sitename", "application-name"),
}  # fmt: skip
#: Meta tags naming the section a page belongs to (TRS ``ColumnName``, ``article:section``).
META_TYPE_NAMES = ("columnname", "article:section", "dc.type")
#: schema.org types of a work that are no evidence of its genre (the genre table's
#: ``schema_org_read`` types are: Report, Book, OpinionNewsArticle …).
JSONLD_UNTYPED_WORKS = frozenset(
    {"article", "newsarticle", "blogposting", "webpage", "scholarlyarticle", "creativework"}
)
JSONLD_PERSON_TYPES = frozenset({"person", "profilepage"})
_DOI = re.compile(r"(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/\S+)", re.IGNORECASE)
#: Cloudflare's e-mail protection: a link to this path, or an element with data-cfemail.
CF_EMAIL_PATH = "/cdn-cgi/l/email-protection"


@dataclass
class PageMeta:
    """Metadata a page declares in its markup; empty fields were not declared."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    date: str | None = None
    source: str | None = None
    type_label: str | None = None
    venue: dict[str, str] = field(default_factory=dict)
    keywords: list[str] = field(default_factory=list)
    abstract: str | None = None
    site_name: str | None = None
    person: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def decode_cfemail(hex_text: str) -> str | None:
    """The address Cloudflare hid in ``data-cfemail`` (XOR with the first byte), or None."""
    try:
        data = bytes.fromhex(hex_text.strip())
    except ValueError:
        return None
    if len(data) < 2:
        return None
    decoded = bytes(b ^ data[0] for b in data[1:])
    try:
        text = decoded.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text if "@" in text else None


def reveal_emails(tree: lxml_html.HtmlElement) -> int:
    """Replace Cloudflare-protected e-mails in ``tree`` by the addresses; count those revealed."""
    revealed = 0
    for element in tree.xpath("//*[@data-cfemail] | //a[contains(@href, $p)]", p=CF_EMAIL_PATH):
        encoded = element.get("data-cfemail") or element.get("href", "").partition("#")[2]
        inner = element.find(".//*[@data-cfemail]")
        if not encoded and inner is not None:
            continue  # the inner element carries the address and is handled on its own
        address = decode_cfemail(encoded) if encoded else None
        if address:
            tail = element.tail
            for child in list(element):
                element.remove(child)
            element.text, element.tail = address, tail
            revealed += 1
    return revealed


def read_meta(tree: lxml_html.HtmlElement) -> PageMeta:
    """Everything the page's meta tags and JSON-LD declare."""
    tags: dict[str, list[str]] = {}
    for meta in tree.iter("meta"):
        name = (meta.get("name") or meta.get("property") or meta.get("itemprop") or "").lower()
        content = (meta.get("content") or "").strip()
        if name and content:
            tags.setdefault(name, []).append(content)
    meta = PageMeta()
    _from_tags(tags, meta)
    for data in _json_ld_blocks(tree, meta):
        _from_json_ld(data, meta)
    return meta


def _first(tags: dict[str, list[str]], field_name: str) -> str | None:
    for name in META_FIELDS[field_name]:
        if tags.get(name):
            return tags[name][0]
    return None


def _from_tags(tags: dict[str, list[str]], meta: PageMeta) -> None:
    meta.title = _first(tags, "title")
    for name in META_FIELDS["authors"]:
        values = [v for v in tags.get(name, []) if not v.startswith("http")]
        if values:
            meta.authors = values
            break
    meta.date = _iso(_first(tags, "date"))
    meta.source = _first(tags, "source")
    for key in ("journal", "volume", "issue", "publisher", "isbn", "issn", "url"):
        value = _first(tags, key)
        if value:
            meta.venue[key] = value
    first, last = _first(tags, "firstpage"), _first(tags, "lastpage")
    if first:
        meta.venue["pages"] = f"{first}-{last}" if last and last != first else first
    doi = _DOI.search(_first(tags, "doi") or "")
    if doi:
        meta.venue["doi"] = doi.group(1).rstrip(".")
    keywords = _first(tags, "keywords")
    if keywords:
        meta.keywords = [k.strip() for k in re.split(r"[,，;；、]", keywords) if k.strip()]
    meta.abstract = _first(tags, "abstract")
    meta.site_name = _first(tags, "site_name")
    # Highwire tags that are evidence of a genre (citation_journal_title …), strongest first.
    meta.type_label = next(
        (GENRES[code].evidence for name, code in GENRES.highwire_evidence() if name in tags),
        None,
    )
    for name in META_TYPE_NAMES:  # a CMS column such as 时事评论 is a label when we know it
        value = (tags.get(name) or [""])[0].strip()
        if GENRES.by_alias(value):
            meta.type_label = meta.type_label or value


def _iso(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = normalize_date(value.strip())
    except DateError:
        return None
    return parsed.iso if parsed else None


def _json_ld_blocks(tree: lxml_html.HtmlElement, meta: PageMeta) -> list[Any]:
    blocks = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        text = (script.text or "").strip()
        if not text:
            continue
        try:
            blocks.append(json.loads(text))
        except json.JSONDecodeError as exc:
            meta.problems.append(f"JSON-LD block is not JSON ({exc.msg} at line {exc.lineno})")
    return blocks


def _nodes(data: Any) -> list[dict[str, Any]]:
    """Every object of a JSON-LD document: top level, lists and ``@graph``."""
    if isinstance(data, list):
        return [n for item in data for n in _nodes(item)]
    if not isinstance(data, dict):
        return []
    return [data, *_nodes(data.get("@graph", []))]


def _types(node: dict[str, Any]) -> list[str]:
    kind = node.get("@type", [])
    return [str(k).lower() for k in (kind if isinstance(kind, list) else [kind])]


def _from_json_ld(data: Any, meta: PageMeta) -> None:
    nodes = _nodes(data)
    by_id = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str)}
    for node in nodes:
        kinds = _types(node)
        work_kinds = [k for k in kinds if _is_work_kind(k) and k != "webpage"]
        if work_kinds:
            _work_from_json_ld(node, work_kinds[0], by_id, meta)
            break
    for node in nodes:
        kinds = _types(node)
        if "profilepage" in kinds and isinstance(node.get("mainEntity"), dict):
            node = node["mainEntity"]
            kinds = _types(node)
        if "person" in kinds and not meta.person and node.get("jobTitle"):
            meta.person = _person_from_json_ld(node, by_id)


def _is_work_kind(kind: str) -> bool:
    """A schema.org type (lower case) of a work: a genre's, or a generic one."""
    return kind in JSONLD_UNTYPED_WORKS or GENRES.from_schema_org(kind) is not None


def _work_from_json_ld(
    node: dict[str, Any], kind: str, by_id: dict[str, dict[str, Any]], meta: PageMeta
) -> None:
    meta.title = meta.title or _text(node.get("headline") or node.get("name"))
    if not meta.authors:
        meta.authors = [n for n in (_name(a, by_id) for a in _as_list(node.get("author"))) if n]
    meta.date = meta.date or _iso(node.get("datePublished") or node.get("dateCreated"))
    typed = GENRES.from_schema_org(kind)
    meta.type_label = meta.type_label or (GENRES[typed].evidence if typed else None)
    part_of = node.get("isPartOf")
    if isinstance(part_of, dict) and "periodical" in _types(part_of):
        meta.source = meta.source or _text(part_of.get("name"))
    if not meta.keywords:
        keywords = node.get("keywords")
        if isinstance(keywords, str):
            keywords = re.split(r"[,，;；、]", keywords)
        meta.keywords = [k.strip() for k in _as_list(keywords) if isinstance(k, str) and k.strip()]
    meta.abstract = meta.abstract or _text(node.get("abstract"))


def _person_from_json_ld(node: dict[str, Any], by_id: dict[str, dict[str, Any]]) -> dict[str, Any]:
    units = [n for n in (_name(u, by_id) for u in _as_list(node.get("worksFor"))) if n]
    units += [n for n in (_name(u, by_id) for u in _as_list(node.get("affiliation"))) if n]
    email = _text(node.get("email")).removeprefix("mailto:")
    return {
        "name": _text(node.get("name")),
        "title": _text(node.get("jobTitle")),
        "units": list(dict.fromkeys(units)),
        "email": email if "@" in email else "",
    }


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _name(value: Any, by_id: dict[str, dict[str, Any]]) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dict):
        if "name" not in value and isinstance(value.get("@id"), str):
            value = by_id.get(value["@id"], {})
        return _text(value.get("name"))
    return ""


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""
