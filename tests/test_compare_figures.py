"""Figures compared across a story (compare/figures.py), on hand-built articles: what counts
as one thing, which figures are compatible, and how a conflict is reported."""

from __future__ import annotations

from dataclasses import replace

from test_compare_records import SETTINGS, make, span_of

from crosscheck.compare.figures import compare_figures, story_figures
from crosscheck.compare.names import resolve_entities
from crosscheck.records import DateRef, Quantity


def fig(words: str, value: float, counted: str, head: str | None = None,
        qualifier: str | None = None, *, whose: str | None = None,
        subject: str | None = None) -> dict:
    """A figure as written: its words, value, counted noun, head word, qualifier; for an
    age, ``whose`` is the name it belongs to; ``subject`` the name its clause is about."""
    return {"words": words, "value": value, "counted": counted, "head": head,
            "qualifier": qualifier, "whose": whose, "subject": subject}


def built(article_id: str, text: str, figures: list[dict], *, places=(), people=(),
          published: str | None = None, dates=()):
    names = {name: [name] for name in (*places, *people)}
    article, analysis = make(article_id, text, outlet=article_id.upper(), people=names)
    quantities = tuple(
        Quantity(span_of(text, f["words"]), f["value"], counted=f["counted"],
                 qualifier=f["qualifier"], head=f["head"], low=f.get("low"), high=f.get("high"),
                 counted_span=span_of(text, f["whose"]) if f["whose"] else None,
                 subject_span=span_of(text, f["subject"]) if f["subject"] else None)
        for f in figures)
    entities = tuple(replace(e, label="GPE") if e.name in places else e
                     for e in analysis.entities)
    date_refs = tuple(DateRef(span_of(text, phrase), phrase, resolved, "absolute",
                              sentence=_sentence_at(analysis, span_of(text, phrase)))
                      for phrase, resolved in dates)
    analysis = replace(analysis, quantities=quantities, entities=entities, dates=date_refs)
    return replace(article, published=published), analysis


def _sentence_at(analysis, span) -> int:  # type: ignore[no-untyped-def]
    return next(s.index for s in analysis.sentences if s.span.contains(span))


def conflicts_of(*articles, use_embeddings: bool = False):
    """The story's figure conflicts (by default TF-IDF only: frames match when they are
    equal; with the embedding model, frames near in meaning match too)."""
    arts = [a for a, _ in articles]
    analyses = [an for _, an in articles]
    _, index = resolve_entities(arts, analyses, settings=SETTINGS)
    figures = story_figures(arts, analyses, entity_index=index, settings=SETTINGS)
    return compare_figures(figures, original={}, published={a.id: a.published for a in arts},
                           use_embeddings=use_embeddings).conflicts


def test_two_outlets_giving_different_tolls_conflict_with_both_spans():
    (conflict,) = conflicts_of(
        built("a", "Title A\nThe blast killed 12 people.", [fig("12", 12, "people", "kill")]),
        built("b", "Title B\nThe blast killed 30 people.", [fig("30", 30, "people", "kill")]))
    assert [[f.evidence.text for f in v] for v in conflict.versions] == [["12"], ["30"]]
    assert [[f.article_id for f in v] for v in conflict.versions] == [["a"], ["b"]]
    assert conflict.about == "people (kill)"
    assert conflict.conflict().about == "people (kill)"
    assert conflict.conflict().reason == "number"


def test_bounds_approximations_and_rounding_are_compatible():
    assert conflicts_of(
        built("a", "Title A\nAt least 5 civilians were killed.",
              [fig("At least 5", 5, "civilian", "kill", "at least")]),
        built("b", "Title B\nStrikes killed 7 civilians.", [fig("7", 7, "civilian", "kill")]),
    ) == []
    assert conflicts_of(
        built("a", "Title A\nAbout 50 homes burned.", [fig("About 50", 50, "home", "burn", "about")]),
        built("b", "Title B\nFifty-five homes burned.", [fig("Fifty-five", 55, "home", "burn")]),
    ) == []
    assert conflicts_of(
        built("a", "Title A\nThe index lost 1,861.81 points.", [fig("1,861.81", 1861.81, "point", "lose")]),
        built("b", "Title B\nThe index lost 1,861.82 points.", [fig("1,861.82", 1861.82, "point", "lose")]),
    ) == []


def test_figures_of_different_things_are_not_compared():
    # killed and injured are both people; a total and a yearly rate are both euros
    assert conflicts_of(
        built("a", "Title A\nThe quake killed 10 people.", [fig("10", 10, "people", "kill")]),
        built("b", "Title B\nThe quake injured 80 people.", [fig("80", 80, "people", "injure")]),
    ) == []
    assert conflicts_of(
        built("a", "Title A\nThe strike cost shops 12 million euros.",
              [fig("12 million", 12e6, "euro", "cost")]),
        built("b", "Title B\nThe demand would cost 38 million euros a year.",
              [fig("38 million", 38e6, "euro", "cost")]),
    ) == []


def test_units_are_converted_before_comparing():
    assert conflicts_of(
        built("a", "Title A\nIt lies 1,500 kilometres south of the capital.",
              [fig("1,500", 1500, "kilometre", "south")]),
        built("b", "Title B\nIt lies about 940 miles south of the capital.",
              [fig("about 940", 940, "mile", "south", "about")]),
    ) == []
    (conflict,) = conflicts_of(
        built("a", "Title A\nIt lies 1,500 kilometres south of the capital.",
              [fig("1,500", 1500, "kilometre", "south")]),
        built("b", "Title B\nIt lies 1,150 kilometres south of the capital.",
              [fig("1,150", 1150, "kilometre", "south")]))
    assert conflict.about == "distance (from)"  # a direction is a distance from a place


def test_an_article_giving_both_figures_is_compatible_with_either():
    (conflict,) = conflicts_of(
        built("a", "Title A\nMarrowby put it at 5.9 while the survey put it at 6.1.",
              [fig("5.9", 5.9, "magnitude", "put"), fig("6.1", 6.1, "magnitude", "put")]),
        built("b", "Title B\nThe survey put it at 6.1.", [fig("6.1", 6.1, "magnitude", "put")]),
        built("c", "Title C\nMarrowby put it at 5.9.", [fig("5.9", 5.9, "magnitude", "put")]))
    assert sorted(f.article_id for v in conflict.versions for f in v) == ["b", "c"]


def test_a_persons_age_given_two_ways_conflicts():
    (conflict,) = conflicts_of(
        built("a", "Title A\nTomas Halloran, 32, died on the mountain.",
              [fig("32", 32, "age", whose="Tomas Halloran")], people=["Tomas Halloran"]),
        built("b", "Title B\nThe 31-year-old Tomas Halloran died on the mountain.",
              [fig("31", 31, "age", whose="Tomas Halloran")], people=["Tomas Halloran"]))
    assert conflict.about == "age of Tomas Halloran"


def test_an_age_at_a_moment_of_a_life_is_not_the_persons_age():
    died = built("a", "Title A\nThe singer Ada Wren has died, aged 85.",
                 [fig("85", 85, "age", whose="Ada Wren")], people=["Ada Wren"])
    began = built("b", "Title B\nAt the age of 10, Ada Wren began to sing in clubs.",
                  [fig("10", 10, "age", whose="Ada Wren")], people=["Ada Wren"])
    assert conflicts_of(died, began) == []
    # the age she died at is the story's own: 85 against 91 disagree
    at_death = built("c", "Title C\nAda Wren died at the age of 91 in her sleep.",
                     [fig("91", 91, "age", whose="Ada Wren")], people=["Ada Wren"])
    assert len(conflicts_of(died, at_death)) == 1


def test_figures_of_other_places_are_other_things():
    assert conflicts_of(
        built("a", "Title A\nThe quake killed 10 people in Korran.",
              [fig("10", 10, "people", "kill")], places=["Korran"]),
        built("b", "Title B\nA quake killed 612 people in Felsham.",
              [fig("612", 612, "people", "kill")], places=["Felsham"]),
    ) == []


def test_figures_of_sentences_dated_long_before_the_article_are_background():
    earlier = "Title B\nA quake in December 2003 killed 61 people."
    assert conflicts_of(
        built("a", "Title A\nThe quake killed 10 people.", [fig("10", 10, "people", "kill")],
              published="2005-11-28"),
        built("b", earlier, [fig("61", 61, "people", "kill")], published="2005-11-28",
              dates=[("December 2003", "2003-12")]),
    ) == []
    # the same figure undated is a conflict: the date is what set it apart
    (conflict,) = conflicts_of(
        built("a", "Title A\nThe quake killed 10 people.", [fig("10", 10, "people", "kill")],
              published="2005-11-28"),
        built("b", earlier, [fig("61", 61, "people", "kill")], published="2005-11-28"))
    assert conflict.about == "people (kill)"


def test_a_count_given_on_different_days_is_a_change_not_a_conflict():
    sunday = built("a", "Title A\nThe quake killed at least 3 people.",
                   [fig("at least 3", 3, "people", "kill", "at least")], published="2005-11-27")
    sunday_exact = built("a", "Title A\nThe quake killed 3 people.",
                         [fig("3", 3, "people", "kill")], published="2005-11-27")
    tuesday = built("b", "Title B\nThe quake killed 10 people.", [fig("10", 10, "people", "kill")],
                    published="2005-11-29")
    arts = [sunday_exact[0], tuesday[0]]
    analyses = [sunday_exact[1], tuesday[1]]
    _, index = resolve_entities(arts, analyses, settings=SETTINGS)
    figures = story_figures(arts, analyses, entity_index=index, settings=SETTINGS)
    found = compare_figures(figures, original={}, published={"a": "2005-11-27", "b": "2005-11-29"},
                            use_embeddings=False)
    assert found.conflicts == []
    (change,) = found.changes
    assert (change.earlier.text, change.earlier_published) == ("3", "2005-11-27")
    assert (change.later.text, change.later_published) == ("10", "2005-11-29")
    # a lower bound that the later figure meets is no change at all
    assert conflicts_of(sunday, tuesday) == []
    # reports a day apart give one moment: a conflict
    next_day = {"a": "2005-11-27", "b": "2005-11-28"}
    assert len(compare_figures(figures, original={}, published=next_day,
                               use_embeddings=False).conflicts) == 1


def test_a_dossier_shows_disputed_figures_as_claims_and_changes(tmp_path):
    from crosscheck.compare import build_dossier, dossier_to_markdown

    a = built("a", "Title A\nThe blast killed 12 people.", [fig("12", 12, "people", "kill")],
              published="2025-03-12")
    b = built("b", "Title B\nThe blast killed 30 people.", [fig("30", 30, "people", "kill")],
              published="2025-03-12")
    c = built("c", "Title C\nThe blast killed 41 people.", [fig("41", 41, "people", "kill")],
              published="2025-03-15")
    dossier = build_dossier([a[0], b[0], c[0]], [a[1], b[1], c[1]], use_embeddings=False)
    (claim,) = [claim for claim in dossier.claims if claim.status == "conflict"]
    assert claim.conflict.about == "people (kill)"
    assert [v.text for v in claim.conflict.versions] == ["12", "30"]
    assert {(ch.earlier_published, ch.later.text) for ch in dossier.changes} == {
        ("2025-03-12", "41")}
    markdown = dossier_to_markdown(dossier)
    assert "over people (kill)" in markdown and "## Changes over time" in markdown
    # the summary tells the dispute as such, never one side of it as agreed
    told = [(s.status, s.text) for s in dossier.summary]
    assert any(status == "conflict" and "on people (kill)" in text for status, text in told)
    sides = {"The blast killed 12 people.", "The blast killed 30 people."}
    assert not any(status != "conflict" and text in sides for status, text in told)


def test_figures_of_two_named_subjects_are_two_things():
    """"Halloran fell 700 metres" and "Vossberg fell 150 metres": two climbers, two falls, though
    the first sentence names both."""
    people = ["Halloran", "Vossberg"]
    assert conflicts_of(
        built("a", "Title A\nA day after Vossberg died, Halloran fell 700 metres on Saturday.",
              [fig("700", 700, "metre", "fall", subject="Halloran")], people=people),
        built("b", "Title B\nVossberg fell 150 metres on Friday.",
              [fig("150", 150, "metre", "fall", subject="Vossberg")], people=people),
    ) == []
    (conflict,) = conflicts_of(
        built("a", "Title A\nHalloran fell 700 metres on Saturday.",
              [fig("700", 700, "metre", "fall", subject="Halloran")], people=people),
        built("b", "Title B\nHalloran fell 600 metres on Saturday.",
              [fig("600", 600, "metre", "fall", subject="Halloran")], people=people))
    assert conflict.about == "distance (fall)"


def test_almost_is_a_little_under_not_anything_under():
    (conflict,) = conflicts_of(
        built("a", "Title A\nAlmost 2,000 homes burned.", [fig("Almost 2,000", 2000, "home", "burn", "almost")]),
        built("b", "Title B\nSome 1,000 homes burned.", [fig("1,000", 1000, "home", "burn")]))
    assert [[f.evidence.text for f in v] for v in conflict.versions] == [["Almost 2,000"], ["1,000"]]
    assert conflicts_of(
        built("a", "Title A\nNearly 80 homes burned.", [fig("Nearly 80", 80, "home", "burn", "nearly")]),
        built("b", "Title B\nSeventy-nine homes burned.", [fig("Seventy-nine", 79, "home", "burn")]),
    ) == []


def test_figures_of_what_may_be_are_not_compared():
    from crosscheck.records import Hedge

    a = built("a", "Title A\nThe shed held 500 tonnes.", [fig("500", 500, "tonne", "hold")])
    generic = built("b", "Title B\nA shed that held 900 tonnes can cause severe damage.",
                    [fig("900", 900, "tonne", "hold")])
    assert conflicts_of(a, generic) == []
    text = "Title C\nThe toll could rise to 40 people, officials said."
    could = built("c", text, [fig("40", 40, "people", "rise")])
    hedge = Hedge(span_of(text, "could"), "modal", could[1].sentences[1].span)
    could = (could[0], replace(could[1], hedges=(hedge,)))
    toll = built("d", "Title D\nThe toll could rise to 12 people.", [fig("12", 12, "people", "rise")])
    assert conflicts_of(could, toll) == []


def test_distances_from_two_places_and_areas_are_not_compared():
    assert conflicts_of(
        built("a", "Title A\nIt lies 1,500 kilometres from Marrowby.",
              [fig("1,500", 1500, "kilometre", "from marrowby")]),
        built("b", "Title B\nIt lies 60 kilometres from Elsby Bay.",
              [fig("60", 60, "kilometre", "from elsby bay")]),
    ) == []
    assert conflicts_of(
        built("a", "Title A\nIt is a 1,500-square-kilometre island.",
              [fig("1,500", 1500, "kilometre", "island")]),
        built("b", "Title B\nIt is a 1,200-square-kilometre island.",
              [fig("1,200", 1200, "kilometre", "island")]),
    ) == []


def test_a_count_of_the_seriously_hurt_is_a_part_not_another_total():
    whole = built("a", "Title A\nAbout 40 people were injured in the crash.",
                  [fig("About 40", 40, "people", "injure", "about")])
    part = built("b", "Title B\nThe hospital said four are seriously injured.",
                 [fig("four", 4, "people", "injure")])
    assert conflicts_of(whole, part) == []
    # a degree in the next clause belongs to the next figure, not to this one
    mixed = built("c", "Title C\nSome 25 people were injured, and two seriously.",
                  [fig("Some 25", 25, "people", "injure", "some")])
    assert len(conflicts_of(whole, mixed)) == 1


def test_frames_far_apart_as_words_are_two_things_whatever_their_key():
    """"two passengers died" and "27 million passengers used the line" share the key, which
    brings their phrases near; the frames' words alone are far apart (MiniLM model)."""
    died = built("a", "Title A\nTwo passengers died when the tram overturned at Elmsby.",
                 [fig("Two", 2, "passenger", "die")])
    used = built("b", "Title B\nMore than 27 million passengers used the Elmsby tram network.",
                 [fig("More than 27 million", 27e6, "passenger", "use", "more than")])
    assert conflicts_of(died, used, use_embeddings=True) == []
    # synonyms of a frame still match: 12 killed against 30 dead is a conflict
    killed = built("c", "Title C\nThe overturned tram at Elmsby killed 12 passengers.",
                   [fig("12", 12, "passenger", "kill")])
    died30 = built("d", "Title D\nAt Elmsby 30 passengers died in the overturned tram.",
                   [fig("30", 30, "passenger", "die")])
    assert len(conflicts_of(killed, died30, use_embeddings=True)) == 1


def test_the_critically_hurt_are_a_part_of_the_seriously_hurt():
    assert conflicts_of(
        built("a", "Title A\nDozens of people were seriously injured.",
              [fig("Dozens", 24, "people", "injure")]),
        built("b", "Title B\nDoctors said 18 are critically injured.",
              [fig("18", 18, "people", "injure")])) == []


def test_people_who_merely_were_somewhere_are_not_one_crowd():
    """"there were thousands of people out" and "there were about 100 people who jumped":
    a light frame says nothing of which people."""
    assert conflicts_of(
        built("a", "Title A\nThere were thousands of people out on the quay.",
              [fig("thousands", 2000, "people", "be")]),
        built("b", "Title B\nThere were about 100 people on the beach below.",
              [fig("about 100", 100, "people", "be", "about")])) == []


def test_a_sum_over_a_stretch_of_time_is_its_own_figure():
    assert conflicts_of(
        built("a", "Title A\nThe club won just 15 games over that span.",
              [fig("15", 15, "game", "win")]),
        built("b", "Title B\nThe coach won 50 games in his five seasons with the club.",
              [fig("50", 50, "game", "win")])) == []
    # the same stretch said alike is compared
    assert len(conflicts_of(
        built("a", "Title A\nThe coach won 48 games in his five seasons there.",
              [fig("48", 48, "game", "win")]),
        built("b", "Title B\nThe coach won 50 games in his five seasons with the club.",
              [fig("50", 50, "game", "win")]))) == 1


def test_a_sentence_going_on_about_a_dated_launch_is_background_too():
    earlier = ("Title B\nOn the launch of May 2 it reached 2,300 miles up. "
               "But it flew only 998 miles.")
    assert conflicts_of(
        built("a", "Title A\nThe missile flew 1,700 miles.", [fig("1,700", 1700, "mile", "fly")],
              published="2017-06-20"),
        built("b", earlier, [fig("998", 998, "mile", "fly")], published="2017-06-20",
              dates=[("May 2", "2017-05-02")])) == []


def test_an_article_giving_two_values_reports_two_happenings_not_a_dispute():
    """The third report gives the city's toll and, later, one killed in another town: its
    second figure is another happening, not a third version."""
    city = built("a", "Title A\nAt least 40 people were killed in the attack in Vellan.",
                 [fig("At least 40", 40, "people", "kill", "at least")])
    early = built("b", "Title B\nNearly 30 people were killed in the attack in Vellan.",
                  [fig("Nearly 30", 30, "people", "kill", "nearly")])
    both = built("c", "Title C\nThe attack in Vellan killed at least 40 people. "
                      "A driver in Vellan had run over ten people, killing one.",
                 [fig("at least 40", 40, "people", "kill", "at least"),
                  fig("one", 1, "people", "kill")])
    (conflict,) = conflicts_of(city, early, both)
    values = [[f.evidence.text for f in version] for version in conflict.versions]
    assert sorted(map(sorted, values)) == [["At least 40", "at least 40"], ["Nearly 30"]]


def test_two_falls_told_by_one_article_make_two_disputes_not_one():
    both = built("a", "Title A\nOne climber fell 150 metres. His partner fell 700 metres.",
                 [fig("150", 150, "metre", "fall"), fig("700", 700, "metre", "fall")])
    short = built("b", "Title B\nA climber fell 200 metres.", [fig("200", 200, "metre", "fall")])
    long = built("c", "Title C\nA climber fell 600 metres.", [fig("600", 600, "metre", "fall")])
    disputes = [sorted(f.evidence.text for version in c.versions for f in version)
                for c in conflicts_of(both, short, long)]
    assert sorted(disputes) == [["150", "200"], ["600", "700"]]


def test_subjects_the_names_missed_still_set_figures_apart():
    """The parse names each clause's subject, but only one of them is a known person."""
    assert conflicts_of(
        built("a", "Title A\nHalloran retired after five seasons as coach.",
              [fig("five", 5, "season", "retire", subject="Halloran")], people=["Halloran"]),
        built("b", "Title B\nPell is retiring after 15 seasons.",
              [fig("15", 15, "season", "retire", subject="Pell")])) == []


def test_a_pound_that_weighs_is_a_weight_and_a_pound_of_money_is_not():
    load = built("a", "Title A\nThe lorry carried a 36,000-pound load.",
                 [fig("36,000", 36000, "pound", "carry")])
    same_in_kilos = built("b", "Title B\nThe lorry carried 16,300 kilograms.",
                          [fig("16,300", 16300, "kilogram", "carry")])
    other_in_kilos = built("c", "Title C\nThe lorry carried 25,000 kilograms.",
                           [fig("25,000", 25000, "kilogram", "carry")])
    assert conflicts_of(load, same_in_kilos) == []  # 36,000 lb is 16,329 kg
    (conflict,) = conflicts_of(load, other_in_kilos)
    assert conflict.about == "weight (carry)"
    money = built("d", "Title D\nThe lorry carried 25,000 pounds for the bank.",
                  [fig("25,000", 25000, "pound", "carry")])
    assert conflicts_of(money, other_in_kilos) == []  # money is never a weight


def test_what_a_machine_is_capable_of_is_not_what_happened():
    spec = built("a", "Title A\nThe rocket is capable of lifting 60,000 kilograms.",
                 [fig("60,000", 60000, "kilogram", "lift")])
    flight = built("b", "Title B\nThe rocket lifted 20,000 kilograms.",
                   [fig("20,000", 20000, "kilogram", "lift")])
    assert conflicts_of(spec, flight) == []


def test_figures_the_text_dates_to_other_days_are_other_happenings():
    text = "Title A\nThe navy fired three missiles on Saturday. Two of them flew about 250 km."
    saturday = built("a", text, [fig("about 250", 250, "km", "fly", "about")],
                     dates=[("Saturday", "2017-08-26")], published="2017-08-29")
    tuesday = built("b", "Title B\nThe missile flew 2,700 km.", [fig("2,700", 2700, "km", "fly")],
                    published="2017-08-29")
    assert conflicts_of(saturday, tuesday) == []
    # an undated report published within two days of that Saturday may be of it: a conflict
    next_day = built("b", "Title B\nThe missile flew 2,700 km.",
                     [fig("2,700", 2700, "km", "fly")], published="2017-08-28")
    (conflict,) = conflicts_of(saturday, next_day)
    assert [[f.evidence.text for f in v] for v in conflict.versions] == [["about 250"], ["2,700"]]


def test_counts_of_differently_named_things_are_not_one_count():
    fire = built("a", "Title A\nThere were four fire crews and eight engines.",
                 [fig("four", 4, "crew", "engine")])
    ambulance = built("b", "Title B\nThere were 22 ambulance crews and eight engines.",
                      [fig("22", 22, "crew", "engine")])
    assert conflicts_of(fire, ambulance) == []
    rescue = built("c", "Title C\nThere were four rescue units and eight engines.",
                   [fig("four", 4, "unit", "engine")])
    fire_rescue = built("d", "Title D\nThere were five fire rescue units and eight engines.",
                        [fig("five", 5, "unit", "engine")])
    (conflict,) = conflicts_of(rescue, fire_rescue)
    assert conflict.about == "unit (engine)"


def test_figures_of_what_would_or_must_be_are_not_compared():
    needs = built("a", "Title A\nShe needs to take the north for 279 votes.",
                  [fig("279", 279, "vote", "take")])
    projected = built("b", "Title B\nShe is projected to take 270 votes.",
                      [fig("270", 270, "vote", "take")])
    took = built("c", "Title C\nShe took 253 votes.", [fig("253", 253, "vote", "take")])
    assert conflicts_of(needs, took) == [] and conflicts_of(projected, took) == []
    assert len(conflicts_of(built("d", "Title D\nShe took 270 votes.",
                                  [fig("270", 270, "vote", "take")]), took)) == 1


def test_a_toll_counting_the_attacker_agrees_with_the_victims_toll():
    victims = built("a", "Title A\nThe gunman killed three people.",
                    [fig("three", 3, "people", "kill")])
    with_him = built("b", "Title B\nFour people were killed, including the gunman, police said.",
                     [fig("Four", 4, "people", "kill")])
    assert conflicts_of(victims, with_him) == []
    without = built("c", "Title C\nFive people were killed, police said.",
                    [fig("Five", 5, "people", "kill")])
    assert len(conflicts_of(victims, without)) == 1


def test_changes_measured_from_different_bases_are_two_changes():
    from_june = built("a", "Title A\nSales rose 36 percent from June, the agency said.",
                      [fig("36", 36, "percent", "rise")])
    from_2019 = built("b", "Title B\nSales rose 25 percent from a record in March 2019.",
                      [fig("25", 25, "percent", "rise")])
    assert conflicts_of(from_june, from_2019) == []
    also_june = built("c", "Title C\nSales rose 25 percent from June.",
                      [fig("25", 25, "percent", "rise")])
    assert len(conflicts_of(from_june, also_june)) == 1


def test_a_figure_dated_to_another_month_is_another_happening():
    august = built("a", "Title A\nThe tariffs covered $16 billion of goods in August.",
                   [fig("$16 billion", 16e9, "dollar", "cover")],
                   dates=[("August", "2018-08")], published="2018-09-18")
    monday = built("b", "Title B\nThe tariffs covered $200 billion of goods on Monday.",
                   [fig("$200 billion", 200e9, "dollar", "cover")],
                   dates=[("Monday", "2018-09-17")], published="2018-09-18")
    assert conflicts_of(august, monday) == []
    also_august = built("c", "Title C\nThe tariffs covered $200 billion of goods in August.",
                        [fig("$200 billion", 200e9, "dollar", "cover")],
                        dates=[("August", "2018-08")], published="2018-09-18")
    assert len(conflicts_of(august, also_august)) == 1  # the same month: one happening


def test_sums_in_two_currencies_are_compared_at_the_years_rate():
    # £600,000 was about $0.94m at 2013's average rate: "almost $1.3 million" cannot be it
    pounds = built("a", "Title A\nThieves stole £600,000 of jewellery.",
                   [fig("£600,000", 600_000, "pound", "steal")], published="2013-09-09")
    dollars = built("b", "Title B\nThieves stole almost $1.3 million of jewellery.",
                    [fig("almost $1.3 million", 1_300_000, "dollar", "steal", "almost")],
                    published="2013-09-09")
    (conflict,) = conflicts_of(pounds, dollars)
    assert [[f.evidence.text for f in v] for v in conflict.versions] == [
        ["£600,000"], ["almost $1.3 million"]]
    assert conflict.about.startswith("sum of money")
    # €50m, £43m and $66m are one sum converted (2013: $1.33 a euro, $1.56 a pound)
    euros = built("c", "Title C\nThe thief stole jewels worth 50 million euros.",
                  [fig("50 million", 50e6, "euro", "steal")], published="2013-09-09")
    sterling = built("d", "Title D\nThe thief stole jewels worth £43m.",
                     [fig("£43m", 43e6, "pound", "steal")], published="2013-09-09")
    usd = built("e", "Title E\nThe thief stole jewels worth $66M.",
                [fig("$66M", 66e6, "dollar", "steal")], published="2013-09-09")
    assert conflicts_of(euros, sterling, usd) == []


def test_sums_are_not_converted_without_a_year_or_from_another_dollar():
    # no publication year anywhere in the story: the rate is unknown, so no comparison
    pounds = built("a", "Title A\nThieves stole £600,000 of jewellery.",
                   [fig("£600,000", 600_000, "pound", "steal")])
    dollars = built("b", "Title B\nThieves stole $2 million of jewellery.",
                    [fig("$2 million", 2_000_000, "dollar", "steal")])
    assert conflicts_of(pounds, dollars) == []
    # "NZ$2 million" is not a sum in US dollars
    kiwi = built("c", "Title C\nThieves stole NZ$2 million of jewellery.",
                 [fig("$2 million", 2_000_000, "dollar", "steal")], published="2013-09-09")
    dated = replace(pounds[0], published="2013-09-09"), pounds[1]
    assert conflicts_of(dated, kiwi) == []


def test_a_sum_given_in_another_currency_is_known_to_its_article():
    # b gives the haul as "2 million euros" (= $2.66m) and a's "$2.6 million" is the same sum
    a = built("a", "Title A\nThe robbers stole $2.6 million in jewellery.",
              [fig("$2.6 million", 2.6e6, "dollar", "steal")], published="2013-09-09")
    b = built("b", "Title B\nThe robbers took 2 million euros. They stole $2 million more in May.",
              [fig("2 million", 2e6, "euro", "take"), fig("$2 million", 2e6, "dollar", "steal")],
              published="2013-09-09")
    assert conflicts_of(a, b) == []


def test_tens_of_thousands_and_hundreds_of_thousands_disagree():
    few = built("a", "Title A\nIsrael obtained tens of thousands of files.",
                [{**fig("tens of thousands", 0, "file", "obtain"), "value": None,
                  "low": 20_000, "high": 99_999, "qualifier": "tens of thousands"}])
    many = built("b", "Title B\nIsrael obtained hundreds of thousands of files.",
                 [{**fig("hundreds of thousands", 0, "file", "obtain"), "value": None,
                   "low": 200_000, "high": 999_999, "qualifier": "hundreds of thousands"}])
    assert len(conflicts_of(few, many)) == 1
    # the round figure at the top of a vague amount is that amount told precisely
    round_figure = built("c", "Title C\nIsrael obtained 100,000 files.",
                         [fig("100,000", 100_000, "file", "obtain")])
    assert conflicts_of(few, round_figure) == []


def test_a_magnitude_is_compared_however_little_its_sentence_says():
    """"it had a magnitude of six" names its quake only through "it": the sentences are far
    apart in meaning, but a magnitude (like an age) is one thing by its key (MiniLM model)."""
    bare = built("a", "Title A\nBoth agencies said it had a magnitude of six.",
                 [fig("six", 6, "magnitude")])
    full = built("b", "Title B\nThe magnitude-7 quake struck the island of Dunmere, home to "
                      "120,000 fishermen, and the port of Korran, state television said.",
                 [fig("7", 7, "magnitude")])
    assert len(conflicts_of(bare, full, use_embeddings=True)) == 1


def test_opposite_judgements_of_one_person_conflict():
    well = built("a", "Title A\nPolice said Anna Vey was well equipped for the climb.", [],
                 people=["Anna Vey"])
    ill = built("b", "Title B\nThe climber Anna Vey was poorly equipped, a guide said.", [],
                people=["Anna Vey"])
    (conflict,) = conflicts_of(well, ill)
    assert [[f.evidence.text for f in v] for v in conflict.versions] == [
        ["well equipped"], ["poorly equipped"]]
    assert conflict.about == "how well equipped"
    assert conflict.conflict().reason == "judgement"  # not a number, though read as one
    # "not well equipped" agrees with "poorly equipped"
    negated = built("c", "Title C\nAnna Vey was not well equipped for the climb.", [],
                    people=["Anna Vey"])
    assert conflicts_of(negated, ill) == []
    # judgements of two different people, or a description ("well known"), are no dispute
    other = built("d", "Title D\nHer partner Tom Ash was poorly equipped, a guide said.", [],
                  people=["Tom Ash"])
    assert conflicts_of(well, other) == []
    known = built("e", "Title E\nAnna Vey was a badly known climber.", [], people=["Anna Vey"])
    assert conflicts_of(well, known) == []


def test_opposite_expectations_of_one_happening_conflict():
    will = built("a", "Title A\nReports suggest the envoy will meet the King during the visit.", [])
    unlikely = built("b", "Title B\nThe envoy is unlikely to meet King Osric on this trip.", [])
    (conflict,) = conflicts_of(will, unlikely)
    assert [[f.evidence.text for f in v] for v in conflict.versions] == [
        ["will meet"], ["unlikely to meet"]]
    assert conflict.about == "whether to meet"
    assert conflict.conflict().reason == "expectation"
    # another meeting ("will meet the Mayor"), or the same expectation twice, is no dispute
    mayor = built("c", "Title C\nThe envoy will not meet the Mayor of Dunmere.", [])
    assert conflicts_of(will, mayor) == []
    expected = built("d", "Title D\nThe envoy is expected to meet the King on Monday.", [])
    assert conflicts_of(will, expected) == []
    # "due to the" / "set to a" give a cause or a value, never what will happen
    cause = built("e", "Title E\nThe fire was held due to the Arlow Brigade's crews.", [])
    other_cause = built("f", "Title F\nThe save was not due to the Arlow Brigade, a report said.", [])
    assert conflicts_of(cause, other_cause) == []


def test_without_publication_dates_a_weekday_against_a_month_is_two_happenings():
    # neither report is dated: "on Monday" and "in August" cannot be resolved, but they name
    # two different times, so $200m and $16m are two rounds of duties, not a dispute
    monday = built("a", "Title A\nThe duties hit $200 million of goods on Monday.",
                   [fig("$200 million", 200e6, "dollar", "hit")], dates=[("Monday", None)])
    august = built("b", "Title B\nThe duties hit $16 million of goods in August.",
                   [fig("$16 million", 16e6, "dollar", "hit")], dates=[("August", None)])
    assert conflicts_of(monday, august) == []
    # the same weekday in both undated reports is one time: the figures conflict
    again = built("c", "Title C\nThe duties hit $16 million of goods on Monday.",
                  [fig("$16 million", 16e6, "dollar", "hit")], dates=[("Monday", None)])
    assert len(conflicts_of(monday, again)) == 1


def test_an_earlier_happening_two_reports_recall_is_compared_by_what_only_it_names():
    # two reports of today's raid recall a theft of May, tied by the jeweller no lead names
    may = built("a", "Title A\nThieves raided a store in Dunmere on Monday. They fled. "
                     "In May, thieves stole £600,000 of jewels from Halvor Jewels in Korran.",
                [fig("£600,000", 600_000, "pound", "steal")], published="2013-09-10",
                dates=[("May", "2013-05")])
    recalled = built("b", "Title B\nA Dunmere store was raided on Monday. Police came. "
                          "Thieves also hit Halvor Jewels, stealing almost $2 million of jewels.",
                     [fig("almost $2 million", 2e6, "dollar", "steal", "almost")],
                     published="2013-09-10")
    (conflict,) = conflicts_of(may, recalled, use_embeddings=True)
    assert sorted(f.evidence.text for v in conflict.versions for f in v) == [
        "almost $2 million", "£600,000"]
    # the same earlier theft, not tied by any name outside the leads: nothing to compare
    untied = built("c", "Title C\nA Dunmere store was raided on Monday. Police came. "
                        "Thieves stole almost $2 million of jewels in Dunmere.",
                   [fig("almost $2 million", 2e6, "dollar", "steal", "almost")],
                   published="2013-09-10")
    assert conflicts_of(may, untied, use_embeddings=True) == []


def test_the_place_a_recalled_distance_is_measured_from_ties_nothing():
    earlier = built("a", "Title A\nA quake hit Dunmere on Sunday. It was strong. In March, "
                         "a quake struck 600 miles south of Korran.",
                    [fig("600", 600, "mile", "from korran")], published="2013-09-10",
                    dates=[("March", "2013-03")])
    today = built("b", "Title B\nA quake hit Dunmere on Sunday. It was strong. Dunmere lies "
                       "1,150 kilometers south of Korran.",
                  [fig("1,150", 1150, "kilometer", "from korran")], published="2013-09-10")
    assert conflicts_of(earlier, today, use_embeddings=True) == []


def test_signatures_count_the_people_who_signed():
    signed = built("a", "Title A\nA petition signed by more than 1.8 million people was sent.",
                   [fig("more than 1.8 million", 1.8e6, "people", "sign", "more than")])
    received = built("b", "Title B\nThe petition received hundreds of thousands of signatures.",
                     [fig("hundreds of thousands", 200_000, "signature", "receive")])
    (conflict,) = conflicts_of(signed, received)
    assert conflict.about == "people (sign)"


def test_a_paragraph_that_dates_an_earlier_happening_goes_on_about_it():
    today = built("a", "Title A\nA gunman killed 50 people and wounded over 400 at a fair.",
                  [fig("over 400", 400, "people", "wound", "over")], published="2017-10-03")
    history = built("b", "Title B\nA gunman killed 50 people at a fair. Police came.\n"
                         "A man opened fire in a cinema in Velmark in July 2012. Twelve were "
                         "killed and 70 wounded.",
                    [fig("70", 70, "people", "wound")], published="2017-10-03",
                    dates=[("July 2012", "2012-07")])
    assert conflicts_of(today, history) == []
    # a date that names something ("the 2012 treaty") dates no happening of the paragraph
    named = built("c", "Title C\nA gunman killed 50 people at a fair. Police came.\n"
                       "The 2012 treaty did not help. 70 people were wounded.",
                  [fig("70", 70, "people", "wound")], published="2017-10-03",
                  dates=[("2012", "2012")])
    assert len(conflicts_of(today, named)) == 1


def test_a_count_narrowed_by_origin_is_a_part_of_the_whole():
    whole = built("a", "Title A\nThe 23 pirates were taken on board.",
                  [fig("23", 23, "pirate", "take")])
    part = built("b", "Title B\nCommandos took 12 Somali and 11 Yemeni pirates.",
                 [fig("12", 12, "pirate", "take")])
    assert conflicts_of(whole, part) == []
    # the part cannot outnumber the whole
    more = built("c", "Title C\nCommandos took 26 Somali pirates.", [fig("26", 26, "pirate", "take")])
    assert len(conflicts_of(whole, more)) == 1


def test_an_increment_is_compared_only_with_another_increment():
    total = built("a", "Title A\nThe singer married three times.", [fig("three", 3, "time", "marry")])
    more = built("b", "Title B\nShe married two more times after that.",
                 [fig("two", 2, "time", "marry")])
    assert conflicts_of(total, more) == []
    further = built("c", "Title C\nCrews called in a further four engines.",
                    [fig("four", 4, "engine", "call")])
    additional = built("d", "Title D\nCrews called in an additional six engines.",
                       [fig("six", 6, "engine", "call")])
    assert len(conflicts_of(further, additional)) == 1


def test_a_conflict_is_named_by_what_it_counts_not_by_the_parses_list():
    a = built("a", "Title A\nSailors seized six rifles, 12 magazines and some rope.",
              [fig("six", 6, "rifle", "seize"), fig("12", 12, "magazine", "rifle")])
    b = built("b", "Title B\nSailors seized nine rifles, 31 magazines and some rope.",
              [fig("nine", 9, "rifle", "seize"), fig("31", 31, "magazine", "rifle")])
    assert sorted(c.about for c in conflicts_of(a, b)) == ["magazine", "rifle (seize)"]


def test_a_statistic_an_article_lists_for_many_is_compared_only_for_one_named_subject():
    box = built("a", "Title A\nThe Hawks won 80-70. Ada Wren scored 23 points, Tom Ash had 14 "
                     "points and Ina Voss added 9 points.",
                [fig("23", 23, "point", "score"), fig("14", 14, "point", "score"),
                 fig("9", 9, "point", "score")], people=["Ada Wren", "Tom Ash", "Ina Voss"])
    unnamed = built("b", "Title B\nThe Hawks won. The bench scored 31 points.",
                    [fig("31", 31, "point", "score")])
    assert conflicts_of(box, unnamed) == []
    same_player = built("c", "Title C\nThe Hawks won. Ada Wren scored 25 points.",
                        [fig("25", 25, "point", "score")], people=["Ada Wren"])
    assert len(conflicts_of(box, same_player)) == 1


def test_figures_told_exactly_orders_of_magnitude_apart_are_two_things():
    game = built("a", "Title A\nAda Wren scored 23 points in the final.",
                 [fig("23", 23, "point", "score")], people=["Ada Wren"])
    career = built("b", "Title B\nAda Wren has scored 2,129 points.",
                   [fig("2,129", 2129, "point", "score")], people=["Ada Wren"])
    assert conflicts_of(game, career) == []
    close = built("c", "Title C\nAda Wren scored 31 points in the final.",
                  [fig("31", 31, "point", "score")], people=["Ada Wren"])
    assert len(conflicts_of(game, close)) == 1
    # vague amounts keep their bounds: "tens" against "hundreds of thousands" disagree
    few = built("d", "Title D\nIsrael obtained tens of thousands of files.",
                [{**fig("tens of thousands", 0, "file", "obtain"), "value": None,
                  "low": 20_000, "high": 99_999, "qualifier": "tens of thousands"}])
    one = built("e", "Title E\nIsrael obtained 1,000,000 files.",
                [fig("1,000,000", 1_000_000, "file", "obtain")])
    assert len(conflicts_of(few, one)) == 1


def test_a_count_over_part_of_the_happening_is_not_its_total():
    total = built("a", "Title A\nAda Wren finished with 23 points.", [fig("23", 23, "point", "finish")],
                  people=["Ada Wren"])
    early = built("b", "Title B\nAda Wren had 10 points in the first seven minutes.",
                  [fig("10", 10, "point", "finish")], people=["Ada Wren"])
    assert conflicts_of(total, early) == []
    half = built("c", "Title C\nAda Wren had 12 points in the second half.",
                 [fig("12", 12, "point", "finish")], people=["Ada Wren"])
    assert conflicts_of(total, half) == []


def test_the_size_of_one_thing_is_not_a_distance_told_plainly():
    boat = built("a", "Title A\nThe mother ship, a 10-metre craft, was seized.",
                 [fig("10", 10, "metre", "craft")])
    away = built("b", "Title B\nThe merchant ship, 13 nautical miles away, fired back.",
                 [fig("13", 13, "metre", "craft")])
    assert conflicts_of(boat, away) == []
    other_size = built("c", "Title C\nThe mother ship, a 30-metre craft, was seized.",
                       [fig("30", 30, "metre", "craft")])
    assert len(conflicts_of(boat, other_size)) == 1
