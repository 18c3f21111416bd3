"""Per-Doc arrays built once and shared by the extractors.

spaCy builds a new ``Token`` object, and looks each string attribute up in the string
store, on every access; ``Doc.text`` joins every token's text again on every access and
``Token.sent`` walks the sentences from the start of the Doc. The extractors read the same
few attributes of every token, so ``DocIndex.of(doc)`` reads each of them once, by token
index, and answers "which sentence holds token i" by bisection over sentence starts.

The index is a snapshot: build it after the Doc is parsed and do not change the Doc after
(``analyze_doc`` builds one per article and passes it to every stage).
"""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass


@dataclass(frozen=True, eq=False)
class DocIndex:
    doc: object  # the spaCy Doc
    text: str
    tokens: tuple  # type: ignore[type-arg]  # Token objects; tokens[i].i == i
    pos: tuple[str, ...]
    dep: tuple[str, ...]
    tag: tuple[str, ...]
    lower: tuple[str, ...]
    lemma: tuple[str, ...]  # lower-cased lemma
    is_alpha: tuple[bool, ...]
    is_word: tuple[bool, ...]  # neither punctuation nor white space
    heads: tuple[int, ...]
    children: tuple[tuple[int, ...], ...]  # in order, as Token.children

    @classmethod
    def of(cls, doc) -> DocIndex:  # type: ignore[no-untyped-def]
        tokens = tuple(doc)
        heads = tuple(token.head.i for token in tokens)
        children: list[list[int]] = [[] for _ in tokens]
        for i, head in enumerate(heads):
            if head != i:
                children[head].append(i)
        return cls(
            doc=doc,
            text=doc.text,
            tokens=tokens,
            pos=tuple(token.pos_ for token in tokens),
            dep=tuple(token.dep_ for token in tokens),
            tag=tuple(token.tag_ for token in tokens),
            lower=tuple(token.lower_ for token in tokens),
            lemma=tuple(token.lemma_.lower() for token in tokens),
            is_alpha=tuple(token.is_alpha for token in tokens),
            is_word=tuple(not (token.is_punct or token.is_space) for token in tokens),
            heads=heads,
            children=tuple(map(tuple, children)),
        )

    # Read on first use: a Doc without sentence boundaries raises on ``doc.sents`` as before.
    @functools.cached_property
    def sents(self) -> tuple:  # type: ignore[type-arg]
        """The spaCy sentence Spans, as ``doc.sents``."""
        return tuple(self.doc.sents)  # type: ignore[attr-defined]

    @functools.cached_property
    def sent_starts(self) -> tuple[int, ...]:
        """Token index of each sentence's first token."""
        return tuple(sent.start for sent in self.sents)

    @functools.cached_property
    def _walked(self) -> tuple[list[int], list[int], list[int]]:
        return _walk(self.heads, self.children)

    def sent_start(self, i: int) -> int:
        """Token index where the sentence holding token ``i`` starts (``doc[i].sent.start``)."""
        return self.sent_starts[bisect.bisect_right(self.sent_starts, i) - 1]

    def subtree(self, i: int) -> list[int]:
        """Token indices of ``doc[i].subtree``, in the same order (left subtrees, the token,
        right subtrees: not always sorted when the parse is not projective)."""
        walk, begin, end = self._walked
        return walk[begin[i] : end[i]]


def _walk(
    heads: tuple[int, ...], children: tuple[tuple[int, ...], ...]
) -> tuple[list[int], list[int], list[int]]:
    """Every tree walked as ``Token.subtree`` walks it, roots in order, in one list; each
    token's subtree is the stretch ``walk[begin[i]:end[i]]`` of it."""
    walk: list[int] = []
    begin, end = [0] * len(heads), [0] * len(heads)
    # An explicit stack, not recursion: a long sentence without punctuation can parse into
    # a chain deeper than Python's recursion limit.
    OPEN, EMIT, CLOSE = 0, 1, 2
    for root, head in enumerate(heads):
        if head != root:
            continue
        stack = [(root, OPEN)]
        while stack:
            i, step = stack.pop()
            if step == EMIT:
                walk.append(i)
            elif step == CLOSE:
                end[i] = len(walk)
            else:
                begin[i] = len(walk)
                kids = children[i]
                stack.append((i, CLOSE))
                stack.extend((child, OPEN) for child in reversed(kids) if child > i)
                stack.append((i, EMIT))
                stack.extend((child, OPEN) for child in reversed(kids) if child < i)
    return walk, begin, end
