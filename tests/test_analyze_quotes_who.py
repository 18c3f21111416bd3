"""Who said it (issue 14): every error kind the issue lists, on invented sentences.

Each test names the error it guards against: words credited to the listener, to a name in
the next sentence or to the subject of someone else's words; a negation, a refusal or a
non-response lost; a question read as a statement; content that reverses the speaker's view;
speakers that cannot speak; anonymous sources not marked.
"""

from __future__ import annotations

import pytest

from crosscheck.analyze import analyze_article
from crosscheck.records import Analysis, Article, Quote


def analysed(text: str) -> tuple[Article, Analysis]:
    article = Article(id="t", source="test", format="text", text=text)
    return article, analyze_article(article)


def quote_with(text: str, analysis: Analysis, words: str) -> Quote:
    found = [q for q in analysis.quotes if words in q.span.of(text)]
    assert found, [q.span.of(text) for q in analysis.quotes]
    return found[0]


def quotes_with(text: str, analysis: Analysis, words: str) -> list[Quote]:
    return [q for q in analysis.quotes if words in q.span.of(text)]


# --- speaker and addressee told apart ------------------------------------------------------


def test_a_message_is_its_senders_words_not_the_listeners() -> None:
    text = ("Sam Cole left a voicemail for Tom Reed on Monday.\n"
            '"I would like to talk to you about the levee," he said in the message.')
    _, analysis = analysed(text)
    quote = quote_with(text, analysis, "talk to you about the levee")
    assert quote.speaker == "Sam Cole"


def test_in_a_message_left_for_names_the_addressee() -> None:
    text = "In a message left for Dan Ford, Ruth Quill said she wanted to discuss the dam."
    _, analysis = analysed(text)
    quote = quote_with(text, analysis, "wanted to discuss the dam")
    assert quote.speaker == "Ruth Quill"
    assert quote.addressee == "Dan Ford"


@pytest.mark.parametrize("sentence, listener", [
    ("Ruth Quill told reporters the dam would hold.", "reporters"),
    ("Ruth Quill urged residents to leave the valley before dark.", "residents"),
    ("In a letter to the council, Ruth Quill said the dam would hold.", "the council"),
])
def test_told_urged_and_letters_to_name_the_addressee(sentence: str, listener: str) -> None:
    _, analysis = analysed(sentence)
    quote = next(q for q in analysis.quotes if q.speaker == "Ruth Quill")
    assert quote.addressee_span is not None and quote.addressee_span.of(sentence) == listener


def test_was_asked_makes_the_subject_the_addressee_not_the_speaker() -> None:
    text = ("Fire chief Omar Hale visited the depot on Tuesday. "
            "He was asked whether the drums should have been moved out sooner.")
    _, analysis = analysed(text)
    asked = quotes_with(text, analysis, "drums should have been moved")
    assert asked and all(q.speaker is None and q.addressee == "Omar Hale" for q in asked)


# --- speakers across sentences --------------------------------------------------------------


def test_a_quote_is_not_credited_to_a_name_in_the_next_sentence() -> None:
    text = ("Governor Ann Vey toured the flood zone on Tuesday. "
            '"We will rebuild every single house in this valley." '
            "House Speaker Jo Lin said the state fund was empty.")
    _, analysis = analysed(text)
    for quote in quotes_with(text, analysis, "rebuild every single house"):
        assert quote.speaker != "Jo Lin"


def test_paragraphs_of_a_quote_take_the_speaker_named_where_it_closes() -> None:
    text = ("The ship turned back at noon.\n"
            '"The skiffs fled when they saw us.\n'
            "Two got away before dark.\n"
            'We boarded the third," a navy spokesman said.')
    _, analysis = analysed(text)
    for words in ("The skiffs fled", "Two got away", "We boarded the third"):
        assert quote_with(text, analysis, words).speaker == "a navy spokesman", words


def test_a_quote_paragraph_after_x_said_is_xs() -> None:
    text = ("Inspector Jane Roe said the road would stay shut overnight\n"
            '"It will take days to clear all of the debris from the pass."')
    _, analysis = analysed(text)
    assert quote_with(text, analysis, "take days to clear").speaker == "Jane Roe"


def test_a_list_of_quotes_each_signed_after_a_dash_keeps_each_speaker() -> None:
    text = ("Voters spoke to us after the debate.\n"
            "“The debate showed me everything I needed to know about him.” ― Maria Lopez, "
            "a teacher in Tucson\n"
            "“I have never been more worried about this country than I am tonight.” ― Luis "
            "Ortega, a nurse in Reno")
    _, analysis = analysed(text)
    assert quote_with(text, analysis, "everything I needed").speaker == "Maria Lopez"
    assert quote_with(text, analysis, "never been more worried").speaker == "Luis Ortega"


def test_quoted_as_saying_credits_the_person_quoted_not_the_outlet() -> None:
    text = ("Mayor Lena Ortiz was quoted by Radio Vale as saying the bridge would reopen "
            "in May.")
    _, analysis = analysed(text)
    assert quote_with(text, analysis, "bridge would reopen").speaker == "Lena Ortiz"


def test_a_view_inside_someone_elses_words_is_theirs() -> None:
    text = ("Marek Holt, a former aide to Mayor Ivan Petrov, told the paper that Petrov is in "
            "a bind — the party, which is losing votes, is pressing him to raise taxes, but he "
            "knows that even his allies would balk if he did.")
    _, analysis = analysed(text)
    credited = quotes_with(text, analysis, "even his allies would balk")
    assert credited and all(q.speaker == "Marek Holt" for q in credited)


def test_a_named_believer_after_someone_elses_words_keeps_the_belief() -> None:
    text = ("Senator Ann Holt said the bill would pass this week, but Governor Jo Reyes "
            "believes that it will fail.")
    _, analysis = analysed(text)
    assert quote_with(text, analysis, "it will fail").speaker == "Jo Reyes"


def test_a_speaking_pronoun_far_from_any_name_is_the_last_speaker() -> None:
    text = ('"The levee will hold through the night," said Tom Reed, who runs the flood office.\n'
            "The river rose a metre on Sunday. Rain fell across the valley. Roads were closed "
            "near the bridge. Schools shut early. Shops stayed open.\n"
            '"We have sandbags on every street," he said.')
    _, analysis = analysed(text)
    assert quote_with(text, analysis, "sandbags on every street").speaker == "Tom Reed"


def test_an_unresolvable_pronoun_stays_unresolved() -> None:
    text = '"We are ready for the storm," she said.'
    _, analysis = analysed(text)
    assert quote_with(text, analysis, "ready for the storm").speaker is None


# --- polarity -----------------------------------------------------------------------------


@pytest.mark.parametrize("sentence, words, cue", [
    ("The agency has not independently confirmed the report of a second leak.",
     "the report of a second leak", "not confirm"),
    ("Senator Ivo Brandt did not directly dispute the figures on the new budget.",
     "the figures on the new budget", "not dispute"),
])
def test_a_negated_cue_keeps_its_negation(sentence: str, words: str, cue: str) -> None:
    _, analysis = analysed(sentence)
    quote = quote_with(sentence, analysis, words)
    assert (quote.polarity, quote.cue) == ("negated", cue)


def test_did_not_respond_to_a_request_for_comment_is_a_non_response() -> None:
    text = "The shipping firm did not immediately respond to a request for comment."
    _, analysis = analysed(text)
    records = quotes_with(text, analysis, "request for comment")
    assert records and all(quote.polarity == "no-response" for quote in records)
    assert all(quote.cue == "not respond" for quote in records)


@pytest.mark.parametrize("sentence, words", [
    ("The ministry declined to comment on reports that the minister would resign.",
     "the minister would resign"),
    ("The club would not say whether the coach had been dismissed.",
     "the coach had been dismissed"),
])
def test_refusals_are_declined(sentence: str, words: str) -> None:
    _, analysis = analysed(sentence)
    assert quote_with(sentence, analysis, words).polarity == "declined"


def test_dismissed_claims_that_x_records_x_as_rejected() -> None:
    text = "Mayor Lena Ortiz dismissed the claims that the river poses a threat to the town."
    _, analysis = analysed(text)
    quote = quote_with(text, analysis, "the river poses a threat")
    assert quote.span.of(text) == "the river poses a threat to the town"
    assert quote.polarity == "negated"


def test_a_negation_inside_the_content_is_still_positive() -> None:
    text = "Police said no one was hurt in the blaze."
    _, analysis = analysed(text)
    assert quote_with(text, analysis, "no one was hurt").polarity == "positive"


# --- speakers that can speak ---------------------------------------------------------------


@pytest.mark.parametrize("sentence, words", [
    ("Friday said the vote would go ahead as planned.", "the vote would go ahead"),
    ("A flurry said the border had been closed overnight.", "the border had been closed"),
    ("The facts show the plant was shut before the leak began.", "the plant was shut"),
])
def test_times_amounts_and_abstractions_are_not_speakers(sentence: str, words: str) -> None:
    _, analysis = analysed(sentence)
    for quote in quotes_with(sentence, analysis, words):
        assert quote.speaker is None


# --- anonymous sources ---------------------------------------------------------------------


@pytest.mark.parametrize("sentence, words", [
    ("Two federal law enforcement officials said the suspect had fled north.",
     "the suspect had fled north"),
    ("One person familiar with the matter said the talks had stalled.",
     "the talks had stalled"),
    ("Residents of the valley said the water rose within minutes.",
     "the water rose within minutes"),
])
def test_unnamed_people_are_anonymous_sources(sentence: str, words: str) -> None:
    _, analysis = analysed(sentence)
    quote = quote_with(sentence, analysis, words)
    assert quote.anonymous
    index = analysis.quotes.index(quote)
    assert any(a.kind == "anonymous" and a.quote == index for a in analysis.attributions)


def test_a_named_person_is_not_anonymous() -> None:
    text = "Inspector Jane Roe said the suspect had fled north."
    _, analysis = analysed(text)
    assert not quote_with(text, analysis, "the suspect had fled north").anonymous
