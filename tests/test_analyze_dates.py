"""Date phrases resolved against a publication date, and kept unresolved without one."""

from __future__ import annotations

import datetime as dt

import pytest

from crosscheck.analyze.dates import resolve_phrase

PUBLISHED = dt.date(2022, 10, 12)  # a Wednesday


@pytest.mark.parametrize("phrase,resolved,kind", [
    ("Oct. 10, 2022", "2022-10-10", "absolute"),
    ("10 October", "2022-10-10", "absolute"),
    ("10 Oct 22", "2022-10-10", "absolute"),  # day, month, two-digit year: not "Oct 22"
    ("February", "2022-02", "absolute"),
    ("December", "2021-12", "absolute"),  # the most recent December before publication
    ("Monday", "2022-10-10", "relative"),
    ("last Wednesday", "2022-10-05", "relative"),
    ("yesterday", "2022-10-11", "relative"),
    ("earlier this year", "2022", "relative"),
    ("last month", "2022-09", "relative"),
    ("last week", "2022-W40", "relative"),
    ("the weekend", "2022-10-08", "relative"),
    ("three days ago", "2022-10-09", "relative"),
    ("the 1990s", "1990s", "period"),
    ("the past decade", None, "period"),
])
def test_resolved_against_publication(phrase, resolved, kind) -> None:  # type: ignore[no-untyped-def]
    assert resolve_phrase(phrase, PUBLISHED) == (resolved, kind)


def test_future_tense_looks_ahead() -> None:
    assert resolve_phrase("Monday", PUBLISHED, future=True) == ("2022-10-17", "relative")
    assert resolve_phrase("January", PUBLISHED, future=True) == ("2023-01", "absolute")


@pytest.mark.parametrize("phrase", ["Monday", "earlier this year", "the weekend", "February"])
def test_unresolved_without_publication_date(phrase) -> None:  # type: ignore[no-untyped-def]
    assert resolve_phrase(phrase, None)[0] is None


def test_a_verb_of_no_tense_takes_a_near_day_ahead() -> None:
    # "faces a June 3 deadline" in a report of May 20: the coming June 3
    assert resolve_phrase("June 3", dt.date(2018, 5, 20), nearest=True) == ("2018-06-03", "absolute")
    # a day long past this year stays the last one
    assert resolve_phrase("March 3", dt.date(2018, 5, 20), nearest=True) == ("2018-03-03", "absolute")
    # a day further ahead than a few weeks is last year's
    assert resolve_phrase("August 3", dt.date(2018, 5, 20), nearest=True) == ("2017-08-03", "absolute")
    # a verb in the past tense always looks back
    assert resolve_phrase("June 3", dt.date(2018, 5, 20)) == ("2017-06-03", "absolute")


def test_complete_dates_need_no_publication_date() -> None:
    assert resolve_phrase("Oct. 10, 2022", None) == ("2022-10-10", "absolute")


@pytest.mark.model
def test_dates_in_an_article() -> None:
    from crosscheck.analyze import analyze_article
    from crosscheck.records import Article

    text = "Talks collapse\nThe minister resigned on Monday. She will travel to Paris on Friday."
    article = Article(id="a", source="t", format="text", text=text, published="2022-10-12")
    dates = {d.phrase: d for d in analyze_article(article).dates}
    assert dates["Monday"].resolved == "2022-10-10"
    assert dates["Friday"].resolved == "2022-10-14"
    assert dates["Friday"].sentence == 2


class _Walked:
    """A spaCy token whose reads of ``pos_`` are logged; like spaCy, every ``head`` is a new
    object, so a walk that tests ``token.head is token`` never sees the root."""

    def __init__(self, token, seen: list[int]) -> None:  # type: ignore[no-untyped-def]
        self.token, self.seen, self.i = token, seen, token.i
        self.children = token.children

    @property
    def pos_(self) -> str:
        self.seen.append(self.i)
        return self.token.pos_

    @property
    def head(self) -> _Walked:
        return _Walked(self.token.head, self.seen)


def test_tense_walk_stops_at_the_root() -> None:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from crosscheck.analyze.dates import _tense

    doc = Doc(Vocab(), words=["Talks", "on", "Monday"], heads=[0, 0, 1],
              deps=["ROOT", "prep", "pobj"], pos=["NOUN", "ADP", "PROPN"])
    seen: list[int] = []
    assert _tense(_Walked(doc[2], seen)) is None
    assert seen == [2, 1, 0]  # the root is read once, not again as its own head
