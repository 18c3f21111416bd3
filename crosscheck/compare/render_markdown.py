"""The dossier as Markdown: the same data as the JSON, laid out for reading.

Every statement is followed by its references, written ``[A1 12-80]``: the article's
label in the story's article table and the character span in its cleaned text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from crosscheck.compare.records import ConflictVersion, Dossier, Evidence, QuoteVariant

STATUS_LABEL = {"agreed": "Agreed", "partial": "Reported by some",
                "conflict": "Conflicting", "single": "Single source"}


def _labels(dossier: Dossier) -> dict[str, str]:
    return {article.id: f"A{n}" for n, article in enumerate(dossier.story.articles, start=1)}


def _ref(evidence: Evidence, labels: dict[str, str]) -> str:
    return f"[{labels.get(evidence.article_id, evidence.article_id)} {evidence.span.start}-{evidence.span.end}]"


def _escape(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def dossier_to_markdown(dossier: Dossier) -> str:
    labels = _labels(dossier)
    # A dossier compares the reports of one event; the developing story holding it has
    # an id of its own (``crosscheck stories``).
    parts = [f"# {dossier.story.title or 'Event ' + dossier.story.id}", "",
             f"Event `{dossier.story.id}`, {len(dossier.story.articles)} article(s).", "",
             "| | outlet | title | published | id |", "|---|---|---|---|---|"]
    for article in dossier.story.articles:
        duplicate = f" (copy of {labels.get(article.duplicate_of, '')})" if article.duplicate_of else ""
        parts.append(f"| {labels[article.id]} | {article.outlet or '?'} | {_escape(article.title)}"
                     f"{duplicate} | {article.published or '?'} | `{article.id}` |")
    parts += ["", "## Summary", ""]
    for sentence in dossier.summary:
        refs = " ".join(_ref(e, labels) for e in sentence.evidence)
        parts.append(f"- {_escape(sentence.text)} {refs}")
    parts += _claims(dossier, labels) + _quotes(dossier, labels) + _sources(dossier, labels)
    parts += _entities(dossier, labels) + _framing(dossier, labels) + _timeline(dossier, labels)
    parts += _changes(dossier, labels)
    return "\n".join(parts) + "\n"


def _claims(dossier: Dossier, labels: dict[str, str]) -> list[str]:
    lines = ["", "## Claims"]
    by_status = defaultdict(list)
    for claim in dossier.claims:
        by_status[claim.status].append(claim)
    for status in ("agreed", "partial", "conflict", "single"):
        if not by_status[status]:
            continue
        lines += ["", f"### {STATUS_LABEL[status]}", ""]
        for claim in by_status[status]:
            refs = " ".join(_ref(s.evidence, labels) for s in claim.support)
            if claim.conflict and claim.conflict.versions:
                lines.append(f"- {_escape(claim.text)} {refs}")
                about = f" over {claim.conflict.about}" if claim.conflict.about else ""
                lines.append(f"  \n  conflict ({claim.conflict.reason}){about}: "
                             + " vs ".join(_version(v, labels) for v in claim.conflict.versions))
                continue
            sources = _names(claim.independent_sources, labels)
            text = _escape(claim.text)
            if claim.detail_of is not None:  # a stretch of a sentence other outlets share
                text = f"…{text}… (added inside a sentence others share: claim {claim.detail_of})"
            lines.append(f"- {text} {refs}  \n  independent sources "
                         f"({len(claim.independent_sources)}): {sources}")
            if claim.conflict:
                sides = " vs ".join(f"\"{_escape(e.text)}\" {_ref(e, labels)}"
                                    for e in claim.conflict.sides)
                lines.append(f"  \n  conflict ({claim.conflict.reason}): {sides}")
    return lines


def _names(sources: tuple[str, ...], labels: dict[str, str]) -> str:
    """Source names; an article of unknown outlet counts as its own source, shown by label."""
    return ", ".join(f"{labels[name]} (outlet unknown)" if name in labels else name
                     for name in sources)


def _version(version: ConflictVersion, labels: dict[str, str]) -> str:
    """One side of a conflict: its words, where each article gives them, and the
    independent sources behind it."""
    refs = " ".join(_ref(e, labels) for e in version.sides)
    sources = _names(version.independent_sources, labels)
    return (f"\"{_escape(version.text)}\" {refs} (independent sources "
            f"({len(version.independent_sources)}): {sources})")


def variant_notes(variant: QuoteVariant, labels: Mapping[str, str] | None = None
                  ) -> tuple[str, ...]:
    """What a reader must know before trusting a variant as the speaker's words: that it was
    not said (negated, declined, no response), to whom, that the speaker is unnamed, and
    that the article copies another of the story (it adds no second witness)."""
    notes = []
    if variant.copy_of:
        notes.append(f"copy of {(labels or {}).get(variant.copy_of, variant.copy_of)}")
    if variant.polarity != "positive":
        notes.append(variant.polarity.upper())
    if variant.anonymous:
        notes.append("anonymous source")
    if variant.addressee:
        notes.append(f"to {variant.addressee}")
    if variant.relay:
        notes.append(f"as reported by {variant.relay}")
    return tuple(notes)


def _quotes(dossier: Dossier, labels: dict[str, str]) -> list[str]:
    lines = ["", "## Quotes", ""]
    for group in dossier.quotes:
        lines.append(f"- **{group.speaker_name or 'unknown speaker'}**")
        for variant in group.variants:
            extra = ", ".join(x for x in (*variant_notes(variant, labels), variant.cue,
                                          variant.channel)
                              if x)
            lines.append(f"  - \"{_escape(variant.evidence.text)}\" {_ref(variant.evidence, labels)}"
                         + (f" ({extra})" if extra else ""))
        for difference in group.differences:
            same = " (same after normalisation)" if difference.equivalent else ""
            lines.append(f"  - {labels.get(difference.article_a)}: \"{difference.words_a}\" / "
                         f"{labels.get(difference.article_b)}: \"{difference.words_b}\"{same}")
        if group.missing_from and len(group.variants) < len(dossier.story.articles):
            lines.append("  - not in " + ", ".join(labels.get(a, a) for a in group.missing_from))
    return lines


def _sources(dossier: Dossier, labels: dict[str, str]) -> list[str]:
    lines = ["", "## Upstream sources", ""]
    for source in dossier.sources:
        refs = " ".join(_ref(e, labels) for e in source.evidence)
        lines.append(f"- **{source.name}** ({source.type}) cited by "
                     f"{', '.join(labels.get(a, a) for a in source.articles)} {refs}")
    return lines


def _entities(dossier: Dossier, labels: dict[str, str]) -> list[str]:
    lines = ["", "## Names across outlets", ""]
    for entity in dossier.entities:
        if len(entity.variants) < 2 and entity.mention_count < 2:
            continue
        forms = "; ".join(f"{labels.get(v.article_id)}: {', '.join(v.forms)}" for v in entity.variants)
        lines.append(f"- **{entity.name}** ({entity.label}): {forms}")
    return lines


def _framing(dossier: Dossier, labels: dict[str, str]) -> list[str]:
    lines = ["", "## Framing", "", "| actor | outlet | descriptors |", "|---|---|---|"]
    for framing in dossier.framing:
        words = "; ".join(f"{d.kind}: \"{_escape(d.evidence.text)}\" {_ref(d.evidence, labels)}"
                          for d in framing.descriptors)
        lines.append(f"| {framing.entity_name} | {framing.outlet} ({labels.get(framing.article_id)}) | {words} |")
    return lines


def _changes(dossier: Dossier, labels: dict[str, str]) -> list[str]:
    if not dossier.changes:
        return []
    lines = ["", "## Changes over time", ""]
    for change in dossier.changes:
        lines.append(f"- {change.about}: \"{_escape(change.earlier.text)}\" "
                     f"{_ref(change.earlier, labels)} on {change.earlier_published}, then "
                     f"\"{_escape(change.later.text)}\" {_ref(change.later, labels)} on "
                     f"{change.later_published}")
    return lines


def _timeline(dossier: Dossier, labels: dict[str, str]) -> list[str]:
    lines = ["", "## Timeline", ""]
    for event in dossier.timeline:
        refs = " ".join(_ref(e, labels) for e in event.evidence)
        lines.append(f"- {event.date} ({event.phrase}): {_escape(event.text)} {refs}")
    return lines
