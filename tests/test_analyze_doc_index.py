"""DocIndex (crosscheck.analyze.doc_index) answers as the spaCy attributes it stands in for."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from crosscheck.analyze.doc_index import DocIndex
from crosscheck.nlp.spacy_model import parse


def _assert_matches_spacy(doc: Doc) -> None:
    index = DocIndex.of(doc)
    assert index.text == doc.text
    assert [token.i for token in index.tokens] == list(range(len(doc)))
    assert [sent.start for sent in index.sents] == [sent.start for sent in doc.sents]
    for token in doc:
        i = token.i
        assert index.sent_start(i) == token.sent.start
        assert index.subtree(i) == [t.i for t in token.subtree]
        assert index.children[i] == tuple(c.i for c in token.children)
        assert index.heads[i] == token.head.i
        assert (index.pos[i], index.dep[i], index.tag[i]) == (token.pos_, token.dep_, token.tag_)
        assert (index.lower[i], index.lemma[i]) == (token.lower_, token.lemma_.lower())
        assert index.is_word[i] == (not token.is_punct and not token.is_space)


def test_index_matches_spacy_on_the_example_articles(examples_dir: Path) -> None:
    paths = sorted((examples_dir / "text").glob("*.txt"))
    assert paths
    for path in paths:
        _assert_matches_spacy(parse(path.read_text(encoding="utf-8")))


def test_index_matches_spacy_on_headlines_quotes_and_blank_lines() -> None:
    _assert_matches_spacy(parse(
        "Mayor quits\n\n“We were waiting,” she said. \"The buyer delayed the ship.\n"
        "According to Reuters, talks resume on Monday: officials said so."
    ))


def test_subtree_order_follows_spacy_on_a_non_projective_parse() -> None:
    # arcs 2->0 and 3->1 cross: Token.subtree of the root is not in token order
    doc = Doc(Vocab(), words=["w0", "w1", "w2", "w3", "w4"], heads=[2, 3, 2, 0, 2],
              deps=["nsubj", "dobj", "ROOT", "relcl", "punct"], sent_starts=[1, 0, 0, 0, 0])
    assert DocIndex.of(doc).subtree(2) == [t.i for t in doc[2].subtree] == [0, 1, 3, 2, 4]
    _assert_matches_spacy(doc)


def test_a_doc_without_sentences_raises_only_when_they_are_read() -> None:
    index = DocIndex.of(Doc(Vocab(), words=["no", "parse"]))
    assert index.text == "no parse " and index.heads == (0, 1)
    with pytest.raises(ValueError):
        index.sents  # noqa: B018


def test_subtrees_of_a_chain_deeper_than_the_recursion_limit() -> None:
    count = sys.getrecursionlimit() + 500
    words = [f"w{i}" for i in range(count)]
    # Each word heads the next one: one chain, as deep as the Doc is long.
    heads = [i if i == 0 else i - 1 for i in range(count)]
    doc = Doc(Vocab(), words=words, heads=heads, deps=["dep"] * count,
              sent_starts=[True] + [False] * (count - 1))
    index = DocIndex.of(doc)
    assert index.subtree(0) == list(range(count))
    assert index.subtree(count - 2) == [count - 2, count - 1]
