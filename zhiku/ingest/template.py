"""Template induction: what recurs across one site's pages is that site's furniture.

A batch of pages from one site (one folder of a mirror, or pages naming the same host) shares
its template: the site name, menus, sidebars, footers, newsletter boxes, disclaimers. A line that
recurs on most pages of the site, whatever its wording, is dropped from every page of it before
the readers look for the article, so a batch reads cleaner as it grows. ``zhiku extract PAGE``
on one page still works without it.

Lines the readers rely on are never furniture even when they recur: labelled fields, bylines
and dates, type kickers, profile labels and the headings of profiles, works and related lists.
A bare name under each of a columnist's titles recurs too, but alone between a unique title and
a date, never inside a block, so the block rule keeps it.

1. ``page_lines`` renders a page as the readers see it (an HTML page pruned and rendered);
2. ``learn_template`` counts, per line key, the pages it occurs on, and keeps the keys on at
   least ``RECURRING_SHARE`` of the site's pages (and on ``MIN_PAGES`` pages at least);
3. ``site_template`` makes the template active while a page of that site is read;
   ``readers.page.drop_furniture`` drops its lines.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from zhiku.ingest import rules
from zhiku.ingest.readers.article import is_prose
from zhiku.ingest.readers.fields import is_field_line, is_type_kicker
from zhiku.ingest.readers.page import PROFILE, RELATED, SITE_FURNITURE, WORKS, heading_key
from zhiku.text.keys import text_key

#: A site's template is learned from at least this many of its pages.
MIN_PAGES = 3
#: A line on at least this share of a site's pages is its furniture.
RECURRING_SHARE = 0.6
#: Longer lines are text, never furniture, however often they recur.
MAX_FURNITURE_CHARS = 200
#: Page formats a template applies to.
PAGE_FORMATS = ("text", "html")


@dataclass
class SiteTemplate:
    """The furniture learned for one site: line keys, and from how many pages."""

    site: str
    pages: int
    furniture: frozenset[str] = field(default_factory=frozenset)

    def to_dict(self) -> dict[str, object]:
        """What the run report says of this site."""
        return {
            "site": self.site,
            "pages": self.pages,
            "furniture_lines": len(self.furniture),
            "detail": self.describe(),
        }

    def describe(self) -> str:
        return (
            f"{len(self.furniture)} lines recur on the {self.pages} pages of {self.site} and are "
            "dropped as the site's furniture"
        )


def is_signal(text: str) -> bool:
    """True for a line the readers need even when every page has it."""
    key = heading_key(text)
    return bool(
        is_field_line(text)
        or is_type_kicker(text)
        or key in PROFILE
        or key in WORKS
        or key in RELATED
        or rules.PROFILE_LABEL.match(text)
        or is_prose(text)
    )


def learn_template(site: str, pages: Iterable[list[str]]) -> SiteTemplate:
    """The template of ``site`` from its pages' lines.

    A line is furniture when it recurs on ``RECURRING_SHARE`` of the pages *inside a block*:
    next to another recurring line. Templates come in blocks (menus, footers, sidebars); a
    title that a listing or a profile of the same site repeats stands alone among dates and
    kickers, and stays."""
    keyed = [_keys(lines) for lines in pages]
    if len(keyed) < MIN_PAGES:
        return SiteTemplate(site, len(keyed))
    needed = max(MIN_PAGES, RECURRING_SHARE * len(keyed))
    counts = Counter(key for keys in keyed for key in set(keys) if key)
    recurring = {key for key, n in counts.items() if n >= needed}
    in_blocks: Counter[str] = Counter()
    for keys in keyed:
        blocked = {
            key
            for i, key in enumerate(keys)
            if key in recurring
            and any(0 <= j < len(keys) and keys[j] in recurring for j in (i - 1, i + 1))
        }
        in_blocks.update(blocked)
    return SiteTemplate(site, len(keyed), frozenset(k for k in recurring if in_blocks[k] >= needed))


def _keys(lines: list[str]) -> list[str]:
    """A page's line keys in order; lines the readers need stand as empty keys (gaps)."""
    return [
        ""
        if not line.strip() or len(line) > MAX_FURNITURE_CHARS or is_signal(line)
        else text_key(line)
        for line in lines
    ]


def page_lines(text: str, fmt: str) -> list[str]:
    """The lines of a page as the readers see them (HTML pruned of furniture and rendered)."""
    if fmt == "html":
        from zhiku.ingest.readers.html import page_text

        text = page_text(text)
    from zhiku.ingest.readers.page import split_lines

    return [line.text for line in split_lines(text) if line is not None]


def site_of(path: Path) -> str:
    """The site a page belongs to in a batch: its folder."""
    return str(path.parent)


@contextlib.contextmanager
def site_template(template: SiteTemplate | None) -> Iterator[None]:
    """Make ``template``'s furniture active while the pages of its site are read."""
    token = SITE_FURNITURE.set(template.furniture if template else frozenset())
    try:
        yield
    finally:
        SITE_FURNITURE.reset(token)


def learn_site_templates(paths: Iterable[Path]) -> dict[str, SiteTemplate]:
    """The template of each site (folder) with at least ``MIN_PAGES`` pages among ``paths``."""
    from zhiku.ingest.read import ReadError, read_head, read_path
    from zhiku.ingest.readers import registry

    by_site: dict[str, list[tuple[Path, str]]] = {}
    for path in paths:
        try:
            fmt = registry.detect(path.suffix, read_head(path))
        except (OSError, ReadError):
            continue
        if fmt.name in PAGE_FORMATS:
            by_site.setdefault(site_of(path), []).append((path, fmt.name))
    templates = {}
    for site, members in by_site.items():
        if len(members) < MIN_PAGES:
            continue
        pages = []
        for path, name in members:
            try:
                _, decoded = read_path(path, registry.get(name).size_limit, "page")
            except (OSError, ReadError):
                continue
            pages.append(page_lines(decoded.text, name))
        templates[site] = learn_template(site, pages)
    return templates
