"""Quotes across sentence and paragraph breaks (crosscheck.analyze.quotes), on invented texts.

Plain text often separates paragraphs with a blank line; a quote's speaker must be found the
same way whether one line break or a blank line stands between two paragraphs, and a cue
verb the parser puts in a sentence of its own after the closing mark is still the quote's.
"""

from __future__ import annotations

import pytest

from crosscheck.analyze.entities import find_entities
from crosscheck.analyze.quotes import find_quotes
from crosscheck.analyze.quotes.continuations import paragraph_breaks, runs_on
from crosscheck.analyze.quotes.speakers import can_speak
from crosscheck.nlp.spacy_model import parse
from crosscheck.records import Article, Quote, Span
from crosscheck.settings import AnalyzeSettings


def quotes_of(text: str) -> tuple[Quote, ...]:
    doc = parse(text)
    article = Article(id="t", source="test", format="text", text=text)
    mentions, entities = find_entities(doc, settings=AnalyzeSettings())
    return find_quotes(doc, article, mentions, entities)


def speaker_of(text: str, words: str) -> str | None:
    quotes = quotes_of(text)
    found = [q for q in quotes if words in q.span.of(text)]
    assert found, [q.span.of(text) for q in quotes]
    return found[0].speaker


@pytest.mark.parametrize("gap", ["\n", "\n\n", "\n \n\n"])
def test_paragraph_breaks_count_a_blank_line_once(gap: str) -> None:
    text = f"One paragraph.{gap}Another.\nA third."
    assert paragraph_breaks(text, 0, len(text)) == 2


@pytest.mark.parametrize("gap", ["\n", "\n\n"])
def test_a_quote_runs_on_into_the_next_paragraph_over_a_blank_line(gap: str) -> None:
    text = f"“The port is shut.{gap}“It will open in May,” she said."
    first = Span(1, text.index(gap))
    second = Span(text.index("It will"), text.index(",”"))
    assert runs_on(text, first, second)
    assert not runs_on(text.replace(gap, gap + "Then.\n"), first, second)


@pytest.mark.parametrize("gap", ["\n", "\n\n"])
def test_a_quote_paragraph_takes_the_speaker_of_the_paragraph_before(gap: str) -> None:
    text = ("The harbour of Kessan was closed on Monday.\n\n"
            "“We have no choice,” said Ann Vey, the harbour master, as the last ferry of the "
            f"evening left the quay.{gap}"
            "“The storm will break the pier if we keep the ferries running.”")
    assert speaker_of(text, "storm will break the pier") == "Ann Vey"


@pytest.mark.parametrize("gap", ["\n", "\n\n"])
def test_a_colon_ending_the_paragraph_before_introduces_the_quote(gap: str) -> None:
    text = ("The council met on Tuesday night.\n\n"
            "Ruth Cole, the council leader, explained the reasons for the vote of the night "
            f"at some length:{gap}"
            "“Our budget cannot pay for a second bridge this year, whatever the vote says.”")
    assert speaker_of(text, "cannot pay for a second bridge") == "Ruth Cole"


def test_a_cue_after_the_closing_mark_in_a_sentence_of_its_own() -> None:
    text = ("The minister was asked about the grain prices.\n\n"
            "“Who do these traders think they are?” Tomas Brell said of the exporters on "
            "Friday, when the market closed early.")
    assert speaker_of(text, "Who do these traders") == "Tomas Brell"


# --- a quote no speech verb introduces, a subject the parse misses ------------------------


def test_a_quote_hanging_from_another_verb_is_that_verbs_subjects() -> None:
    text = ("The debate ran late into the night. Ann Vey called her rival “the least prepared "
            "candidate this county has ever seen” before the vote.")
    assert speaker_of(text, "least prepared candidate") == "Ann Vey"


def test_a_scare_quote_under_a_verb_has_no_speaker() -> None:
    text = "The mayor opened the “new” bridge to traffic on Monday after two years of work."
    assert not [q for q in quotes_of(text) if q.span.of(text) == "new"]


def test_a_name_before_a_cue_whose_parsed_subject_is_a_day() -> None:
    text = ("On Saturday at the state party convention Sen. Ruth Cole (D-Vt.) said the "
            "harbour tax was a failure from the start.")
    quotes = quotes_of(text)
    said = [q for q in quotes if "harbour tax" in q.span.of(text)]
    assert said and said[0].speaker == "Ruth Cole", [(q.span.of(text), q.speaker) for q in quotes]


def test_an_infinitive_after_an_object_is_the_objects_words() -> None:
    text = "The floods have prompted the farmers of Dalmora to demand that the dam be opened."
    quotes = quotes_of(text)
    demand = [q for q in quotes if "dam be opened" in q.span.of(text)]
    assert demand, [(q.span.of(text), q.speaker) for q in quotes]
    assert demand[0].speaker_span is not None
    assert "farmers" in demand[0].speaker_span.of(text)


def test_a_dateline_place_is_not_the_speaker() -> None:
    text = ("Harbour tax vote.\n\nKessan (AFP) – Mayor Ruth Cole has taken a swipe at the port "
            "board, saying that the harbour tax would be repealed before the summer.")
    quotes = quotes_of(text)
    told = [q for q in quotes if "harbour tax would be repealed" in q.span.of(text)]
    assert told and told[0].speaker == "Ruth Cole", [(q.span.of(text), q.speaker) for q in quotes]


@pytest.mark.parametrize("opening", ["KESSAN, March 3 (UPI) —", "Kessan (AFP) –"])
def test_a_place_opening_a_paragraph_as_a_dateline_cannot_speak(opening: str) -> None:
    doc = parse(f"Harbour tax vote.\n\n{opening} Mayor Ruth Cole spoke on Tuesday.\n\n"
                "Kessan said on Monday that the port would stay open.")
    places = [t for t in doc if t.lower_ == "kessan"]
    assert not can_speak(doc[places[0].i : places[0].i + 1])
    assert can_speak(doc[places[1].i : places[1].i + 1])  # a place that speaks: its government


def test_a_paper_speaks_for_whoever_issued_it() -> None:
    text = ("The harbour board put out a statement saying the port would reopen on Monday "
            "after the storm.")
    quotes = quotes_of(text)
    found = [q for q in quotes if "port would reopen" in q.span.of(text)]
    assert found and found[0].speaker_span is not None, [(q.span.of(text), q.speaker)
                                                         for q in quotes]
    assert "board" in found[0].speaker_span.of(text)


def test_whoever_makes_it_clear_speaks() -> None:
    text = ("Ruth Cole signed the harbour agreement on Monday, making it clear that the port "
            "would stay open all winter.")
    quotes = quotes_of(text)
    found = [q for q in quotes if "port would stay open" in q.span.of(text)]
    assert found and found[0].speaker == "Ruth Cole", [(q.span.of(text), q.speaker, q.cue)
                                                       for q in quotes]


def test_a_continuation_keeps_a_speaker_phrase_left_unresolved() -> None:
    text = ("The harbour was shut for a week.\n\n“Who is going to pay for the repairs?” she "
            "asked. “Not the fishermen, who have lost a whole season already.”")
    quotes = quotes_of(text)
    first = [q for q in quotes if "pay for the repairs" in q.span.of(text)]
    second = [q for q in quotes if "lost a whole season" in q.span.of(text)]
    assert first and second, [q.span.of(text) for q in quotes]
    assert second[0].speaker_span is not None and second[0].speaker_span.of(text) == "she"
    assert second[0].speaker == first[0].speaker


def test_a_question_with_its_own_attribution_sentence_is_continued() -> None:
    # the parser splits "Tom Reed replied." off after the question mark: it is the first
    # quote's attribution, not a sentence that parts the two quotes
    text = ("“Have you read the harbour report yet?” Tom Reed replied. “Look, the answer is "
            "yes, and it is a sobering thing to read about the winter ahead.”")
    assert speaker_of(text, "the answer is yes") == "Tom Reed"


def test_a_subject_prompted_to_speak_is_the_speaker() -> None:
    text = ("The meeting was so quiet that Ruth Cole was prompted to say, “So far, I cannot "
            "believe how calm it has been in here.”")
    assert speaker_of(text, "how calm it has been") == "Ruth Cole"


def test_the_one_convinced_holds_the_view() -> None:
    text = "Tom Reed is convinced that the harbour will reopen before the winter storms."
    assert speaker_of(text, "harbour will reopen") == "Tom Reed"


def test_the_one_lukewarm_about_something_holds_the_view() -> None:
    text = ("The harbour board, which has long been lukewarm about efforts to widen the "
            "channel, met on Monday.")
    quotes = quotes_of(text)
    found = [q for q in quotes if "widen the channel" in q.span.of(text)]
    assert found and found[0].speaker_span is not None, [(q.span.of(text), q.speaker)
                                                         for q in quotes]
    assert found[0].speaker_span.of(text) != "efforts"


def test_a_clause_as_subject_cannot_speak() -> None:
    doc = parse("Making her way around the harbour, Ann Vey thanked the fishermen.")
    making = next(t for t in doc if t.text == "Making")
    assert not can_speak(doc[making.i : making.i + 1])


def test_an_article_stating_speaks_for_who_wrote_it() -> None:
    text = ("The Harbour Gazette shot back in an article stating that the port had lost "
            "money for three years.")
    quotes = [q for q in quotes_of(text) if "port had lost money" in q.span.of(text)]
    assert quotes and quotes[0].speaker_span is not None
    assert quotes[0].speaker_span.of(text) == "The Harbour Gazette"


def test_ads_criticizing_speak_for_who_ran_them() -> None:
    text = ("This week, two fishing unions rolled out radio and online advertisements "
            "criticizing the mayor as careless.")
    quotes = quotes_of(text)
    found = [q for q in quotes if "as careless" in q.span.of(text)]
    assert found and found[0].speaker_span is not None, [(q.span.of(text), q.speaker)
                                                         for q in quotes]
    assert "unions" in found[0].speaker_span.of(text)


def test_a_verb_of_the_last_quotes_attribution_is_not_the_next_quotes_cue() -> None:
    text = ("“It is like a new harbour,” Ruth Cole said in a film that showed off the "
            "rebuilt docks. “The harbour is very much the heart of the town now.”")
    assert speaker_of(text, "heart of the town") == "Ruth Cole"


@pytest.mark.parametrize("verb", ["said", "asked", "added"])
def test_a_name_after_a_verb_after_the_quote_is_its_subject(verb: str) -> None:
    text = (f"“Having a harbour and people who understand it is valuable,” {verb} Skelly, "
            "explaining that he had worked there for years.")
    assert speaker_of(text, "people who understand it") == "Skelly"


def test_a_person_by_their_age_can_speak() -> None:
    text = "“What if Ann Vey had singing lessons?” the 43-year-old asked in the video."
    quotes = [q for q in quotes_of(text) if "singing lessons" in q.span.of(text)]
    assert quotes and quotes[0].speaker_span is not None
    assert quotes[0].speaker_span.of(text) == "the 43-year-old"


def test_a_verb_after_a_quote_ending_a_clause_keeps_its_own_subject() -> None:
    # not an inversion: the quote ends a relative clause, the comma stands outside the
    # marks, and the verb has words of its own after it
    text = ("Ann Vey, who said last year \"the only reason I would not go to the harbour is "
            "the risk of meeting Tom Reed\", tweeted the news about the new ferry was "
            "\"fantastic\".")
    tweeted = [q for q in quotes_of(text) if q.cue == "tweet"]
    assert tweeted and all(q.speaker == "Ann Vey" for q in tweeted), [
        (q.span.of(text), q.speaker) for q in tweeted]


def test_a_digest_excerpt_is_its_authors_after_the_dash() -> None:
    text = ("Pollsters agree - Ann Vey: “One of the biggest lessons was a simple one: keep "
            "on calling voters as late as possible.”")
    assert speaker_of(text, "biggest lessons") == "Ann Vey"


@pytest.mark.parametrize(("author", "speaker"), [
    ("PollWatch", "PollWatch"),  # a name in one word with capitals inside it
    ("Ann Vey and Tom Reed", "Ann Vey"),  # two authors: the phrase holds both
])
def test_a_digest_excerpt_credits_camel_case_and_joined_authors(author: str,
                                                                 speaker: str) -> None:
    text = (f"Media shares blame for the poll miss - {author}: “Pollsters are taking a lot "
            "of heat for missing the result. But some of those critics are wrong.”")
    quote = next(q for q in quotes_of(text) if "taking a lot" in q.span.of(text))
    assert quote.speaker == speaker
    assert quote.speaker_span is not None and quote.speaker_span.of(text) == author


def test_a_verb_before_the_colon_introduces_the_quote() -> None:
    # a short quote no speech verb governs is a scare quote, unless a colon after a verb
    # with a speaker introduces it
    text = "The crowd chanted all night. Ann Vey smiled and boomed: “We will win.”"
    assert speaker_of(text, "We will win") == "Ann Vey"


def test_whoever_leads_an_effort_to_speak_speaks() -> None:
    text = "On Monday Ann Vey launched a bid to portray the ferry company as reckless."
    assert speaker_of(text, "ferry company as reckless") == "Ann Vey"


def test_who_is_assured_of_something_holds_it_and_who_was_assured_that_was_told() -> None:
    sure = quotes_of("Ann Vey is now assured of winning at least 30 of the 80 seats.")
    assert [(q.speaker, q.addressee) for q in sure] == [("Ann Vey", None)]
    told = quotes_of("Tom Reed was assured that the pier would open again in May.")
    assert [(q.speaker, q.addressee) for q in told] == [(None, "Tom Reed")]


@pytest.mark.parametrize(("text", "words", "speaker"), [
    ("Some residents left. “What if the mayor had taken lessons?” the 43-year-old asked in "
     "the video.", "What if the mayor", "the 43-year-old"),
    ("Not everyone was happy. “We have had better fairs than this one,” Kessan delegate Tom "
     "Reed, wearing a straw hat and “Vey” campaign pins, said matter-of-factly.",
     "better fairs", "Kessan delegate Tom Reed"),
])
def test_the_phrase_after_the_closing_mark_speaks_when_the_parse_gives_no_subject(
        text: str, words: str, speaker: str) -> None:
    quotes = quotes_of(text)
    quote = next(q for q in quotes if words in q.span.of(text))
    assert quote.speaker_span is not None and quote.speaker_span.of(text) == speaker
    # a scare quote inside the phrase is nobody's words
    assert all(q.speaker is None for q in quotes if q.span.of(text) == "Vey")


def test_any_verb_of_a_bare_clause_after_the_closing_mark_attributes_the_quote() -> None:
    text = ("The mayor would not budge.\n\n“Would it be open to talks about the fees?” Reed "
            "pressed. “Maybe let some boats stay if they pay in time?”")
    assert [q.speaker for q in quotes_of(text)] == ["Reed", "Reed"]
    # a clause with an object of its own says something else
    other = "“We will win the vote,” Ann Vey said. “It is ours.” The council lost the vote."
    assert [q.speaker for q in quotes_of(other)] == ["Ann Vey", "Ann Vey"]
    bare = "The hall was full. “Not on my watch,” and the room fell silent."
    assert all(q.speaker is None for q in quotes_of(bare))


def test_who_goes_so_far_as_to_say_speaks() -> None:
    text = "The columnist Tom Reed went so far as to say: “The port as we know it is over.”"
    assert speaker_of(text, "port as we know it") == "Tom Reed"


@pytest.mark.parametrize(("text", "speaker"), [
    ("As Tom Reed, professor of law at Kessan and author of ''The Open Port,'' put it, "
     "''Council members should remember that a deal today may be far better for them.''",
     "Tom Reed"),
    ("~ As Portwatch put it, “Hello, it is the band again.” The singer has fans.",
     "Portwatch"),
])
def test_as_someone_put_it_credits_the_quote_after_the_frame(text: str, speaker: str) -> None:
    quotes = [q for q in quotes_of(text) if q.cue == "put"]
    assert [q.speaker for q in quotes] == [speaker]


@pytest.mark.parametrize(("text", "clause"), [
    ("The debate went on. Ann Vey said the mayor “is not going to sort it out” over the next "
     "four years if he is elected.",
     "the mayor “is not going to sort it out” over the next four years if he is elected"),
    ("Tom Reed said the old judge’s “mind is shot.”", "the old judge’s “mind is shot"),
])
def test_a_reported_clause_that_holds_a_partial_quote_is_reported_whole(text: str,
                                                                      clause: str) -> None:
    reported = [q for q in quotes_of(text) if q.kind == "indirect"]
    assert [q.span.of(text) for q in reported] == [clause]
    # a quote that is the whole clause stays a quote of its own, with no reported twin
    whole = "The pier closed. “It is over,” Tom Reed said."
    assert [q.kind for q in quotes_of(whole)] == ["direct"]


def test_who_feels_an_active_verb_of_feeling_holds_the_view() -> None:
    amazed = quotes_of("It amazes me that the council still thinks the pier is safe.")
    assert [q.speaker_span.of("It amazes me that the council still thinks the pier is safe.")
            for q in amazed if q.speaker_span is not None] == ["me"]
    # a person who does it to others by speaking is the speaker
    told = "Ann Vey convinced the council that the old pier had been built badly."
    assert speaker_of(told, "pier had been built") == "Ann Vey"
