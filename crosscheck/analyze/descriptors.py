"""The words an article writes around each name: what framing reads and names resolve.

From the dependency parse the analysis already made, for every name mention:

- appositions to the name ("Lukashenko, a close ally of Putin's, ...");
- the noun phrase the name is in apposition to ("The authoritarian president of Belarus,
  Alexander Lukashenko, ...");
- the premodifiers inside the name's noun phrase ("Belarusian President Alexander
  Lukashenko", "Belarus's Lukashenko", "Police spokesman Ruth Ambler");
- the title among them: the premodifier words right before the name that name an office or
  an honorific, not a description ("Dr" of "the prophetic Dr Azm Al Homoud", "Englishman" of
  "32-year-old Englishman Tomas Halloran"): no figure, possessive, article or punctuation,
  and no lower-case adjective other than a title word ("former").

Done here, once per article in the analysis (which runs in parallel and is stored), so
building a dossier never parses a sentence again.
"""

from __future__ import annotations

from collections.abc import Iterator

from crosscheck.analyze.doc_index import DocIndex
from crosscheck.records import Mention, NameDescriptor, Span

PREMODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss"})
POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
REFERENCE_LABELS = frozenset({"PRON", "NOMINAL"})


def find_descriptors(index: DocIndex, mentions: tuple[Mention, ...], *,
                     titles: frozenset[str] = frozenset()) -> tuple[NameDescriptor, ...]:
    """Appositions, premodifiers and titles of every name mention (pronouns and role nouns
    have none); ``titles`` are the title words (``AnalyzeSettings.person_titles``)."""
    found: list[NameDescriptor] = []
    for position, mention in enumerate(mentions):
        if mention.label in REFERENCE_LABELS:
            continue
        piece = index.doc.char_span(  # type: ignore[attr-defined]
            mention.span.start, mention.span.end, alignment_mode="expand")
        if piece is None or len(piece) == 0:
            continue
        found.extend(NameDescriptor(position, kind, span)
                     for kind, span in _phrase_descriptors(index, piece, titles))
    return tuple(found)


def _phrase_descriptors(  # type: ignore[no-untyped-def]
        index: DocIndex, piece, titles: frozenset[str]) -> Iterator[tuple[str, Span]]:
    """(kind, Span) of the appositions, premodifiers and title of the name ``piece`` (a spaCy
    Span)."""
    doc, root = index.doc, piece.root
    inside = set(range(piece.start, piece.end))
    for token in inside:
        for child in index.children[token]:
            if index.dep[child] == "appos" and child not in inside:
                edge = doc[child]  # type: ignore[index]
                yield from _ranged(index, "apposition", edge.left_edge.i, edge.right_edge.i + 1)
    if root.dep_ == "appos" and root.head.i not in inside:
        head = _noun_phrase_head(root.head)
        if head.pos_ in ("NOUN", "PROPN") and head.i < piece.start:
            yield from _ranged(index, "apposition", head.left_edge.i, piece.start)
    modifiers = _premodifier_tokens(index, root.i, inside)
    start = piece.start
    while start > 0 and start - 1 in modifiers:
        start -= 1
    yield from _ranged(index, "premodifier", start, piece.start)
    title = piece.start
    while title > start and _title_word(index, title - 1, titles):
        title -= 1
    if title < piece.start and index.is_word[title]:
        yield from _ranged(index, "title", title, piece.start)


def _title_word(index: DocIndex, i: int, titles: frozenset[str]) -> bool:
    """A premodifier word that can be part of a title: "U.S.", "Secretary", "of", "Mid-South";
    not a figure, a possessive, an article, a quote mark or a lower-case adjective ("new",
    "prophetic") unless it is a title word itself ("former")."""
    token = index.tokens[i]
    if any(ch.isdigit() for ch in token.text) or token.text in POSSESSIVE:
        return False
    if index.dep[i] in ("det", "poss", "nummod") or token.ent_type_ == "PERSON":
        return False
    if token.is_punct:  # only a hyphen or a dot inside a word ("Mid-South", "U.S.")
        return not token.whitespace_ and i > 0 and not index.tokens[i - 1].whitespace_
    return not (index.pos[i] == "ADJ" and token.text.islower() and index.lower[i] not in titles)


def _ranged(index: DocIndex, kind: str, start: int, end: int) -> Iterator[tuple[str, Span]]:
    """The descriptor over tokens [start, end) without edge punctuation, if any is left."""
    tokens = index.tokens
    while start < end and tokens[start].is_punct:
        start += 1
    while end > start and tokens[end - 1].is_punct:
        end -= 1
    if end <= start:
        return
    if end < len(tokens) and tokens[end].text in POSSESSIVE and not tokens[end - 1].whitespace_:
        end += 1  # keep a possessive glued to the end ("Putin's")
    yield kind, Span(tokens[start].idx, tokens[end - 1].idx + len(tokens[end - 1].text))


def _noun_phrase_head(token):  # type: ignore[no-untyped-def]
    """From "Belarus" in "president of Belarus" up to "president"."""
    while token.dep_ == "pobj" and token.head.dep_ == "prep" and token.head.head.pos_ in (
            "NOUN", "PROPN"):
        token = token.head.head
    return token


def _premodifier_tokens(index: DocIndex, root: int, inside: set[int]) -> set[int]:
    """Tokens of the name's premodifiers, leaving out coordinated names ("X and Y")."""
    found: set[int] = set()
    stack = [child for child in index.children[root]
             if index.dep[child] in PREMODIFIER_DEPS and child not in inside]
    while stack:
        token = stack.pop()
        if index.dep[token] in ("conj", "cc") or token in inside:
            continue
        found.add(token)
        stack.extend(index.children[token])
    return found
