"""The article page's blocks on hand-made text: sentences addressable, the cited span marked,
nothing lost or repeated."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crosscheck.web.article_text import article_blocks, parse_span

TEXT = "Flood hits Ashby\nA flood hit Ashby. It killed 12 people.\n"
SENTENCES = [(17, 35), (36, 56)]  # "A flood hit Ashby." and "It killed 12 people."


def joined(blocks) -> str:
    return "".join(piece.text for block in blocks for piece in block.pieces)


def test_sentences_become_anchored_blocks_and_the_rest_stays():
    blocks = article_blocks(TEXT, SENTENCES)
    assert [(b.anchor, joined([b])) for b in blocks] == [
        (None, "Flood hits Ashby\n"), ("s-17-35", "A flood hit Ashby."), (None, " "),
        ("s-36-56", "It killed 12 people."), (None, "\n"),
    ]
    assert not any(b.cited or p.cited for b in blocks for p in b.pieces)


def test_a_cited_sentence_is_the_anchored_block_itself():
    blocks = article_blocks(TEXT, SENTENCES, cited=(36, 56))
    cited = [b for b in blocks if b.cited]
    assert [(b.anchor, joined([b])) for b in cited] == [("s-36-56", "It killed 12 people.")]
    assert not any(p.anchor for b in blocks for p in b.pieces)  # one element per id


def test_a_cited_span_inside_a_sentence_is_a_marked_piece_with_the_anchor():
    blocks = article_blocks(TEXT, SENTENCES, cited=(46, 48))
    sentence = next(b for b in blocks if b.anchor == "s-36-56")
    assert [(p.text, p.cited, p.anchor) for p in sentence.pieces] == [
        ("It killed ", False, None), ("12", True, "s-46-48"), (" people.", False, None),
    ]


def test_a_cited_span_across_sentences_is_marked_in_each_anchored_once():
    blocks = article_blocks(TEXT, SENTENCES, cited=(29, 45))
    marked = [p for b in blocks for p in b.pieces if p.cited]
    assert "".join(p.text for p in marked) == TEXT[29:45]
    assert [p.anchor for p in marked] == ["s-29-45", None, None]


def test_overlapping_or_outside_sentences_are_ignored():
    blocks = article_blocks(TEXT, [(17, 35), (20, 40), (50, 999)])
    assert [b.anchor for b in blocks if b.anchor] == ["s-17-35"]
    assert joined(blocks) == TEXT


def test_an_article_without_sentences_is_one_block():
    blocks = article_blocks(TEXT, [], cited=(0, 5))
    assert len(blocks) == 1 and joined(blocks) == TEXT
    assert blocks[0].pieces[0].anchor == "s-0-5"


@pytest.mark.parametrize("value", ["1-0", "3-3", "0-999", "a-b", "-1-4", "4"])
def test_spans_that_are_not_a_range_of_the_text_are_refused(value):
    with pytest.raises(ValueError, match="span"):
        parse_span(value, text_length=len(TEXT))


def test_a_span_inside_the_text_parses():
    assert parse_span("17-35", text_length=len(TEXT)) == (17, 35)


@given(st.text(max_size=60), st.lists(st.tuples(st.integers(0, 70), st.integers(0, 70))),
       st.tuples(st.integers(0, 70), st.integers(0, 70)))
def test_blocks_always_give_back_the_text(text, sentences, cited):
    cited_span = cited if 0 <= cited[0] < cited[1] <= len(text) else None
    blocks = article_blocks(text, sentences, cited=cited_span)
    assert joined(blocks) == text
    anchors = [b.anchor for b in blocks if b.anchor] + [
        p.anchor for b in blocks for p in b.pieces if p.anchor]
    assert len(anchors) == len(set(anchors))
