"""Which attributions the dossier lists as someone's words (compare/quotes.is_statement):
invented sentences, quotes built by hand as the analysis would give them."""

from __future__ import annotations

from crosscheck.compare.quotes import is_statement
from crosscheck.records import Quote, Span


def quote(text: str, content: str, cue: str, cue_word: str, *, speaker: str | None = None,
          kind: str = "indirect") -> Quote:
    start = text.index(content)
    cue_start = text.index(cue_word)
    speaker_span = Span(text.index(speaker), text.index(speaker) + len(speaker)) \
        if speaker else None
    return Quote(Span(start, start + len(content)), kind, speaker, speaker_span, cue=cue,
                 cue_span=Span(cue_start, cue_start + len(cue_word)))


def test_reported_words_of_a_named_speaker_are_statements():
    text = "Mayor Ina Voss said the bridge would reopen in June."
    assert is_statement(quote(text, "the bridge would reopen in June", "say", "said",
                              speaker="Ina Voss"), text)


def test_intentions_seemings_and_unspoken_contents_are_not():
    text = "The climber Ada Wren was planning to do some ski touring."
    assert not is_statement(quote(text, "to do some ski touring", "plan", "planning",
                                  speaker="Ada Wren"), text)
    text = "Khan now seems to have moderated his tone."
    assert not is_statement(quote(text, "to have moderated his tone", "seem", "seems",
                                  speaker="Khan"), text)
    text = "It is not known how long the store will be closed."
    assert not is_statement(quote(text, "how long the store will be closed", "not know",
                                  "known"), text)


def test_a_passive_cue_names_the_one_spoken_about():
    text = "Tom Ash, 24, is accused of setting fire to the store."
    assert not is_statement(quote(text, "of setting fire to the store", "accuse", "accused",
                                  speaker="Tom Ash"), text)
    text = "Police accused Tom Ash of setting fire to the store."
    assert is_statement(quote(text, "of setting fire to the store", "accuse", "accused",
                              speaker="Police"), text)


def test_called_speaks_only_with_words_in_marks():
    text = "Fire crews called a further four appliances to help."
    assert not is_statement(quote(text, "a further four appliances to help", "call", "called",
                                  speaker="Fire crews"), text)
    text = "Ostrov called the plan “reckless” on Monday."
    assert is_statement(quote(text, "the plan “reckless”", "call", "called", speaker="Ostrov"),
                        text)


def test_words_in_quote_marks_are_always_listed():
    text = "“We will rebuild,” the owner said."
    assert is_statement(quote(text, "We will rebuild", "say", "said", kind="direct"), text)
