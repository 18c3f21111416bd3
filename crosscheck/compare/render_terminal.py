"""The dossier in a terminal (rich): summary, claims by status, quotes, sources, framing."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from crosscheck.compare.records import Dossier, Evidence
from crosscheck.compare.render_markdown import variant_notes

STATUS_STYLE = {"agreed": "green", "partial": "cyan", "conflict": "bold red", "single": "yellow"}


def _labels(dossier: Dossier) -> dict[str, str]:
    return {article.id: f"A{n}" for n, article in enumerate(dossier.story.articles, start=1)}


def _ref(evidence: Evidence, labels: dict[str, str]) -> str:
    return f"{labels.get(evidence.article_id, evidence.article_id)}:{evidence.span.start}-{evidence.span.end}"


def render_terminal(dossier: Dossier, *, console: Console | None = None) -> None:
    console = console or Console()
    labels = _labels(dossier)
    console.rule(f"[bold]{dossier.story.title or dossier.story.id}")
    articles = Table("", "outlet", "title", "published", "id", show_edge=False)
    for article in dossier.story.articles:
        articles.add_row(labels[article.id], article.outlet or "?", article.title,
                         article.published or "?", article.id)
    console.print(articles)
    console.print("\n[bold]Summary")
    for sentence in dossier.summary:
        refs = " ".join(_ref(e, labels) for e in sentence.evidence)
        console.print(f" • {' '.join(sentence.text.split())} [dim]\\[{refs}][/dim]")
    _claims(dossier, labels, console)
    _quotes(dossier, labels, console)
    _sources_and_framing(dossier, labels, console)


def _claims(dossier: Dossier, labels: dict[str, str], console: Console) -> None:
    table = Table("status", "claim", "articles", "independent sources", title="Claims",
                  show_lines=False)
    for claim in dossier.claims:
        style = STATUS_STYLE.get(claim.status, "")
        text = " ".join(claim.text.split())
        if claim.detail_of is not None:
            text = f"…{text}… [dim](added inside claim {claim.detail_of}'s sentence)[/dim]"
        sources = ", ".join(claim.independent_sources)
        if claim.conflict and claim.conflict.versions:
            text += f"\n[red]{claim.conflict.reason}: " + " vs ".join(
                f"{' '.join(v.text.split())!r} ({' '.join(labels.get(a, a) for a in v.articles)})"
                for v in claim.conflict.versions) + "[/red]"
            sources = "\n".join(f"{' '.join(v.text.split())[:30]!r}: "
                                 f"{', '.join(v.independent_sources)}"
                                 for v in claim.conflict.versions)
        elif claim.conflict:
            text += f"\n[red]{claim.conflict.reason}: {claim.conflict.detail}[/red]"
        table.add_row(f"[{style}]{claim.status}[/{style}]", text,
                      " ".join(_ref(s.evidence, labels) for s in claim.support), sources)
    console.print(table)


def _quotes(dossier: Dossier, labels: dict[str, str], console: Console) -> None:
    table = Table("speaker", "variants", "differences", title="Quotes")
    for group in dossier.quotes:
        variants = "\n".join(
            f"{_ref(v.evidence, labels)} \"{v.evidence.text}\""
            + (f" ({', '.join(variant_notes(v))})" if variant_notes(v) else "")
            for v in group.variants)
        differences = "\n".join(
            f"{d.words_a!r} / {d.words_b!r}{' (=)' if d.equivalent else ''}"
            for d in group.differences)
        table.add_row(group.speaker_name or "?", variants, differences)
    console.print(table)


def _sources_and_framing(dossier: Dossier, labels: dict[str, str], console: Console) -> None:
    sources = Table("upstream source", "cited by", title="Upstream sources")
    for source in dossier.sources:
        sources.add_row(source.name, ", ".join(labels.get(a, a) for a in source.articles))
    console.print(sources)
    framing = Table("actor", "outlet", "descriptors", title="Framing")
    for item in dossier.framing:
        framing.add_row(item.entity_name, item.outlet,
                        "; ".join(f"{d.kind}: {d.evidence.text}" for d in item.descriptors))
    console.print(framing)
