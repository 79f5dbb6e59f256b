"""How sure an extraction is of each field, and why: what ``zhiku extract --explain`` prints and
what makes ``zhiku ingest`` keep a page as a draft for an editor to check.

A field's confidence says what kind of evidence gave its value: a labelled line or the page's
markup is strong, a bare byline under the title or a dateline's credit good, a date guessed by
htmldate weaker, nothing at all none. The title's comes from how its candidate scored
(``article.choose_title``); the body's from how much prose the text block holds.
"""

from __future__ import annotations

from zhiku.ingest.readers.article import CONFIDENT_TITLE, TITLE_SCORE_AGREES, ArticleLayout, units
from zhiku.ingest.records import Extraction, WorkRecord

#: Confidence by where a value was read (the start of its evidence note).
SOURCE_CONFIDENCE = (
    ("line", 0.9),  # a labelled line or a byline in the metadata block
    ("the page's markup", 0.85),
    ("byline in the main text", 0.8),
    ("the dateline", 0.8),
    ("htmldate", 0.6),
)
#: Below this a field is weak: a work with a weak title, or with neither an author, a date nor
#: a source, is imported as a draft for review (a weak body adds to those reasons; alone, a
#: short text with its metadata is a catalogue entry).
WEAK = 0.5
#: A body this long (units: Han characters, three Latin characters) is surely text, not a caption.
FULL_BODY_UNITS = 40


def field_confidence(evidence: str | None) -> float:
    """The confidence of a value read from ``evidence`` (None: the field is empty)."""
    if not evidence:
        return 0.0
    return next((score for start, score in SOURCE_CONFIDENCE if evidence.startswith(start)), 0.7)


def title_confidence(layout: ArticleLayout | None) -> float:
    """How sure the title is: agreement with the markup, or sitting right above the metadata."""
    if layout is None:
        return 0.8  # named by the markup and found on the page
    if layout.title_score >= TITLE_SCORE_AGREES:
        return 1.0
    return 0.7 if layout.title_score >= CONFIDENT_TITLE else 0.4


def judge_confidence(
    work: WorkRecord, layout: ArticleLayout | None, evidence: dict[str, str], ex: Extraction
) -> None:
    """Set ``work.confidence`` and ``work.evidence``; warn ``low_confidence`` with the reasons."""
    size = sum(units(p) for p in work.body)
    title, body = title_confidence(layout), min(1.0, size / FULL_BODY_UNITS) if work.body else 0.0
    confidence: dict[str, float | None] = {
        "title": title,
        "authors": field_confidence(evidence.get("authors") if work.authors else None),
        "date": field_confidence(evidence.get("date") if work.date else None),
        "source": field_confidence(evidence.get("source")) if work.source else None,
        "body": body,
    }
    work.confidence = {k: round(v, 2) for k, v in confidence.items() if v is not None}
    notes = [{"field": f, "value": _shown(work, f), "from": w} for f, w in evidence.items()]
    if layout is not None:
        notes += [e.to_dict() for e in layout.evidence]
        notes.append(
            {
                "field": "body",
                "from": f"the densest run of prose: content lines {layout.body_start + 1}–"
                f"{layout.body_end}, {len(work.body)} paragraphs, {size:.0f} units",
            }
        )
    work.evidence = notes
    reasons = []
    if not work.authors and not work.date and not work.source:
        reasons.append("no byline, date or source found")
    if title < WEAK:
        reasons.append("the title is not confirmed by the markup or a metadata block under it")
    if body < WEAK and reasons:  # a short text alone is a catalogue entry, not a doubt
        reasons.append("little or no body text")
    work.review_reasons = reasons
    if reasons:
        ex.warn("low_confidence", "; ".join(reasons))


def _shown(work: WorkRecord, name: str) -> object:
    if name == "type_label":
        return work.type
    value = getattr(work, name, None)
    if name == "source" and value is None:
        return "(dropped: the site's own name or 本站原创)"
    return value
