"""A short cited summary: what is agreed first, then the main conflicting and single-source
points. Extractive: every sentence is a sentence of an article (or, for a conflict, the
two sides' sentences side by side), and it cites the articles whose aligned sentences
support it, so no summary sentence stands without support.

Importance of a claim: how many articles carry it, how central it is to the story
(cosine to the mean sentence vector) and how early it comes (news puts the main facts
first). Sentences that open with a pronoun or a quote mark, or that name someone only by
a pronoun ("Asked whether ..., he said"), and page remnants (a headline run into its teaser,
a telegraphic line with no subject) read badly out of context and are pushed down;
among a claim's wordings the one that stands alone is shown.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence

import numpy as np

from crosscheck.compare.quotes import normalise_words
from crosscheck.compare.records import (
    AGREED, CONFLICT, PARTIAL, SINGLE, Claim, ClaimSupport, SummarySentence,
)
from crosscheck.compare.similarity import EmbeddingCache, sentence_vectors
from crosscheck.settings import CompareSettings

OUT_OF_CONTEXT = re.compile(r"^\s*(?:[\"“‘'(]|(?:he|she|it|they|this|that|these|those|his|her|"
                            r"their|its|but|and|also|i|we|you|my|our)\b)|[\"”]\s*$",
                            re.IGNORECASE)


# A page's headline glued to its teaser ("Port turns 300 Trading place of global significance
# What started out as ..."): a lower-case word run into a capitalised pronoun or question word.
GLUED_HEADLINE = re.compile(r"\b[a-z]{3,}\s+(?:What|How|Why|When|Where|Who|This|These|It|He|"
                            r"She|They|We)\s+[a-z]")
# A line that opens on an auxiliary and asks nothing: a telegraphic fragment with no subject
# ("Will have double thrust of next largest rocket.").
TELEGRAPHIC = re.compile(r"^\s*(?:Will|Would|Can|Could|Has|Have|Had|Must|Should|Might)\b"
                         r"(?!.*\?[\"”’']?\s*$)")


def _standalone(support: ClaimSupport, dependent: Collection[tuple[str, int]]) -> bool:
    text = support.evidence.text
    return ((support.article_id, support.sentence) not in dependent
            and not OUT_OF_CONTEXT.match(text) and not GLUED_HEADLINE.search(text)
            and not TELEGRAPHIC.match(text))


def _importance(claims: Sequence[Claim], sentence_positions: Mapping[tuple[str, int], int],
                settings: CompareSettings, use_embeddings: bool,
                cache: EmbeddingCache | None,
                dependent: Collection[tuple[str, int]]) -> dict[int, float]:
    vectors = sentence_vectors([claim.text for claim in claims], use_embeddings=use_embeddings,
                               cache=cache)
    centroid = vectors.matrix.mean(axis=0)
    norm = float(np.linalg.norm(centroid)) or 1.0
    centrality = vectors.matrix @ (centroid / norm)
    scores = {}
    for claim, central in zip(claims, centrality):
        position = min(sentence_positions.get((s.article_id, s.sentence), 99) for s in claim.support)
        score = float(central) + settings.summary_position_weight / (1 + position)
        if not any(_standalone(support, dependent) for support in claim.support):
            score -= settings.summary_out_of_context_penalty
        if len(claim.text) > settings.summary_long_sentence_chars:
            score -= settings.summary_out_of_context_penalty / 2
        scores[claim.id] = score
    return scores


def _representative(claim: Claim, settings: CompareSettings,
                    dependent: Collection[tuple[str, int]], centrality: Sequence[float]) -> str:
    """The clearest wording among the supporting sentences: in context, not too long, and
    the one closest to the others (what every supporting article says, rather than a detail
    only one of them adds), shortest on a tie."""
    def badness(pair: tuple[ClaimSupport, float]) -> tuple[bool, bool, float, int]:
        support, central = pair
        text = support.evidence.text
        return (not _standalone(support, dependent),
                len(text) > settings.summary_long_sentence_chars, -round(central, 3), len(text))

    return min(zip(claim.support, centrality), key=badness)[0].evidence.text


def _centrality(claim: Claim, duplicates: Mapping[str, str], use_embeddings: bool,
                cache: EmbeddingCache | None) -> list[float]:
    """Each supporting sentence's mean cosine to the other articles' sentences (a
    near-duplicate's sentence is left out: its copy would vouch for it twice)."""
    originals = [s for s in claim.support if s.article_id not in duplicates] or list(claim.support)
    if len(originals) < 3:
        return [0.0] * len(claim.support)
    texts = [s.evidence.text for s in claim.support]
    matrix = sentence_vectors(texts, use_embeddings=use_embeddings, cache=cache).matrix
    keep = [n for n, s in enumerate(claim.support) if s in originals]
    similarity = matrix @ matrix[keep].T
    return [float((row.sum() - (1.0 if n in keep else 0.0)) / (len(keep) - (n in keep)))
            for n, row in enumerate(similarity)]


def _sentence(claim: Claim, outlets: Mapping[str, str], settings: CompareSettings,
              dependent: Collection[tuple[str, int]], centrality: Sequence[float]
              ) -> SummarySentence:
    if claim.status == CONFLICT and claim.conflict is not None:
        sides = " / ".join(f"{outlets.get(s.article_id, s.article_id)}: {s.evidence.text.strip()}"
                           for s in _one_per_version(claim))
        about = f" on {claim.conflict.about}" if claim.conflict.about else ""
        text = f"Reports differ ({claim.conflict.reason}){about}: {sides}"
        support = list(claim.support)
    else:
        text = _representative(claim, settings, dependent, centrality).strip()
        support = _giving_its_figures(claim.support, text)
    return SummarySentence(
        text=text, articles=tuple(a for a in claim.article_ids
                                  if any(s.article_id == a for s in support)),
        evidence=tuple(s.evidence for s in support), claim=claim.id, status=claim.status,
    )


def _figures(text: str) -> set[str]:
    words = normalise_words(re.findall(r"[\w,.]+", text))
    return {w for w in words if any(ch.isdigit() for ch in w)}


def _giving_its_figures(support: Sequence[ClaimSupport], text: str) -> list[ClaimSupport]:
    """The supporting sentences that back the figures the summary sentence gives: an article
    aligned with the claim on its topic but giving none of its numbers ("Eleven of them
    voted" beside "voted 31 to 12") is not cited for them."""
    wanted = _figures(text)
    if not wanted:
        return list(support)
    backing = [s for s in support if " ".join(s.evidence.text.split()) == " ".join(text.split())
               or _figures(s.evidence.text) & wanted]
    return backing or list(support)


def _one_per_version(claim: Claim) -> list:  # type: ignore[type-arg]
    """One supporting sentence per version of a conflict ("At least 12" / "Eight"), so
    that a conflict reads as its versions, not as every outlet repeating one of them."""
    if claim.conflict is None or not claim.conflict.versions:
        return list(claim.support)
    by_article = {s.article_id: s for s in claim.support}
    chosen = [by_article[version.articles[0]] for version in claim.conflict.versions
              if version.articles and version.articles[0] in by_article]
    return chosen or list(claim.support)


def build_summary(claims: Sequence[Claim], *, outlets: Mapping[str, str],
                  sentence_positions: Mapping[tuple[str, int], int],
                  settings: CompareSettings, use_embeddings: bool = True,
                  cache: EmbeddingCache | None = None,
                  duplicates: Mapping[str, str] | None = None,
                  dependent: Collection[tuple[str, int]] = frozenset()
                  ) -> tuple[SummarySentence, ...]:
    """``dependent``: (article id, sentence index) of sentences that need an earlier one to
    be understood (see ``build.dependent_sentences``)."""
    if not claims:
        return ()
    score = _importance(claims, sentence_positions, settings, use_embeddings, cache, dependent)
    duplicates = duplicates or {}

    def reach(claim: Claim) -> int:  # how many independent articles carry it
        return len({duplicates.get(a, a) for a in claim.article_ids})

    # A sentence giving one side of a conflict is not told as agreed beside it: the
    # conflict's line shows it with the other side.
    disputed = {(s.article_id, s.sentence) for c in claims if c.status == CONFLICT
                for s in c.support}

    def ranked(statuses: tuple[str, ...]) -> list[Claim]:
        chosen = [c for c in claims if c.status in statuses and (
            c.status == CONFLICT or not any((s.article_id, s.sentence) in disputed
                                            for s in c.support))]
        return sorted(chosen, key=lambda c: (-reach(c), -score[c.id]))

    agreed = ranked((AGREED, PARTIAL))[: settings.summary_max_agreed]
    conflicts = ranked((CONFLICT,))[: settings.summary_max_conflicts]
    # a detail is a stretch of a sentence, not a sentence a summary can tell
    singles = sorted((c for c in ranked((SINGLE,)) if c.detail_of is None),
                     key=lambda c: -score[c.id])
    room = settings.summary_max_sentences - len(agreed) - len(conflicts)
    wanted = max(settings.summary_min_sentences - len(agreed) - len(conflicts),
                 min(settings.summary_max_singles, room))
    picked = agreed + conflicts + singles[: max(0, min(wanted, room))]
    return tuple(_sentence(claim, outlets, settings, dependent,
                           _centrality(claim, duplicates, use_embeddings, cache))
                 for claim in picked)
