"""No sentence, claim or summary line ends inside a quotation: a quotation of several
sentences stays in the sentence that opens it (crosscheck.analyze.sentences), so every
text the dossier shows has its quote marks balanced."""

from __future__ import annotations

import pytest

from crosscheck.analyze.sentences import closed_quotations, split_sentences
from crosscheck.nlp.spacy_model import parse
from crosscheck.settings import DEFAULT

pytestmark = pytest.mark.model


def _sentences(text: str) -> list[str]:
    return [s.span.of(text) for s in split_sentences(parse(text), text, settings=DEFAULT.analyze)]


def balanced(text: str) -> bool:
    return text.count('"') % 2 == 0 and text.count("“") == text.count("”")


@pytest.mark.parametrize("text", [
    'Asked whether the boat was late, she said: "The buyer delayed it. We were waiting." '
    'Officials said 31 people were hurt.',
    "“They said it would be the second bridge. This was brought to me,” the minister said. "
    "Talks resumed on Friday.",
    'The mayor, who visited on Friday, said: "This is a small town. Five families lost '
    'everything, and we will carry that." A vigil is planned.',
])
def test_a_quotation_of_several_sentences_stays_in_one_sentence(text):
    pieces = _sentences(text)
    assert all(balanced(piece) for piece in pieces), pieces
    assert len(pieces) == 2  # the quoting sentence, then the next one


def test_a_quotation_left_open_at_the_end_of_its_paragraph_does_not_swallow_it():
    text = 'He said: "We will go on. We will fight on the beaches.\n"Never surrender," he said.'
    assert closed_quotations(text) == [(text.index('\n"') + 1, text.index(',"') + 1)]
    assert len(_sentences(text)) == 3
