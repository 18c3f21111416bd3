"""Names resolved across outlets, on hand-built records (invented sentences, no model):
every kind of variant that must join, and the look-alikes that must stay apart."""

from __future__ import annotations

import re

from crosscheck.compare.names import resolve_entities
from crosscheck.records import Analysis, Article, Entity, Mention, NameDescriptor, Span
from crosscheck.settings import DEFAULT
from tests.test_compare_records import sentences_of

SETTINGS = DEFAULT.compare


def article(article_id: str, text: str, names: dict[str, tuple[str, list[str]]],
            descriptors: list[tuple[str, str, str]] = ()) -> tuple[Article, Analysis]:
    """An article and its analysis. names: entity name -> (label, the forms it is written as);
    descriptors: (kind, words, the form they describe)."""
    record = Article(id=article_id, source=article_id, format="text", text=text,
                     title=text.split("\n")[0], outlet=article_id, cleaned=True)
    found: list[tuple[Span, str, str, int]] = []
    for index, (name, (label, forms)) in enumerate(names.items()):
        for form in forms:
            for match in re.finditer(r"(?<!\w)" + re.escape(form) + r"(?!\w)", text):
                span = Span(match.start(), match.end())
                if not any(span.overlaps(other[0]) for other in found):
                    found.append((span, form, label, index))
    found.sort()
    mentions = tuple(Mention(span, form, label, index) for span, form, label, index in found)
    entities = tuple(
        Entity(index, name, label, tuple(i for i, m in enumerate(mentions) if m.entity == index))
        for index, (name, (label, _)) in enumerate(names.items()))
    kept = tuple(_descriptor(text, mentions, *d) for d in descriptors)
    return record, Analysis(article_id, sentences_of(text), mentions, entities, descriptors=kept)


def _descriptor(text: str, mentions, kind: str, words: str, form: str) -> NameDescriptor:  # type: ignore[no-untyped-def]
    """A title or premodifier written right before ``form``; an apposition anywhere, of the
    first mention written ``form``."""
    if kind == "apposition":
        start = text.index(words)
        position = next(i for i, m in enumerate(mentions) if m.text == form)
    else:
        start = text.index(words + " " + form)
        position = next(i for i, m in enumerate(mentions) if m.text == form and m.span.start > start)
    return NameDescriptor(position, kind, Span(start, start + len(words)))


def resolved(*articles: tuple[Article, Analysis]):  # type: ignore[no-untyped-def]
    entities, index = resolve_entities([a for a, _ in articles], [an for _, an in articles],
                                       settings=SETTINGS)
    return entities, index


def same(index, *keys: tuple[str, int]) -> bool:  # type: ignore[no-untyped-def]
    return len({index[key] for key in keys}) == 1


def forms_of(entities, index, key: tuple[str, int]) -> set[str]:  # type: ignore[no-untyped-def]
    entity = entities[index[key]]
    return {form for variant in entity.variants for form in variant.forms}


# --- variants that join ---------------------------------------------------------------------


def test_hyphenation_and_spacing_join():
    _, index = resolved(
        article("a", "Title\nKim Jong Un inspected six AK 47 rifles.",
                {"Kim Jong Un": ("PERSON", ["Kim Jong Un"]), "AK 47": ("PRODUCT", ["AK 47"])}),
        article("b", "Title\nKim Jong-un was handed an AK-47.",
                {"Kim Jong-un": ("PERSON", ["Kim Jong-un"]), "AK-47": ("PRODUCT", ["AK-47"])}))
    assert same(index, ("a", 0), ("b", 0))
    assert same(index, ("a", 1), ("b", 1))


def test_middle_names_and_second_surnames_join_under_the_same_first_name():
    _, index = resolved(
        article("a", "Title\nPress secretary Marta Quiroga Lind spoke. Tomas Ruiz Bello left.",
                {"Marta Quiroga Lind": ("PERSON", ["Marta Quiroga Lind"]),
                 "Tomas Ruiz Bello": ("PERSON", ["Tomas Ruiz Bello"])}),
        article("b", "Title\nMarta Lind spoke. Tomas Ruiz left. Tomas Ruiz Jr stayed.",
                {"Marta Lind": ("PERSON", ["Marta Lind"]), "Tomas Ruiz": ("PERSON", ["Tomas Ruiz"]),
                 "Tomas Ruiz Jr": ("PERSON", ["Tomas Ruiz Jr"])}),
        article("c", "Title\nElena Lind arrived.", {"Elena Lind": ("PERSON", ["Elena Lind"])}))
    assert same(index, ("a", 0), ("b", 0))  # a middle name left out
    assert same(index, ("a", 1), ("b", 1))  # a second surname left out
    assert not same(index, ("b", 1), ("b", 2))  # "Jr" is his son
    assert not same(index, ("a", 0), ("c", 0))  # another first name


def test_a_shortened_name_that_fits_two_people_joins_neither():
    _, index = resolved(
        article("a", "Title\nGeorge H. W. Bush and George W. Bush met.",
                {"George H. W. Bush": ("PERSON", ["George H. W. Bush"]),
                 "George W. Bush": ("PERSON", ["George W. Bush"])}),
        article("b", "Title\nGeorge Bush spoke.", {"George Bush": ("PERSON", ["George Bush"])}))
    assert not same(index, ("a", 0), ("a", 1))
    assert not same(index, ("b", 0), ("a", 0)) and not same(index, ("b", 0), ("a", 1))


def test_titles_and_honorifics_are_not_part_of_the_name_but_are_listed_as_forms():
    text_a = "Title\nPolice Inspector Dalia Brenner said the road was closed."
    text_b = "Title\nInspector Dalia Brenner spoke. Det. Brenner said more. Mrs. Brenner left."
    entities, index = resolved(
        article("a", text_a, {"Police Inspector Dalia Brenner": (
            "PERSON", ["Police Inspector Dalia Brenner"])}),
        article("b", text_b, {"Dalia Brenner": ("PERSON", ["Dalia Brenner", "Brenner"])},
                descriptors=[("title", "Inspector", "Dalia Brenner"), ("title", "Det.", "Brenner"),
                             ("title", "Mrs.", "Brenner")]))
    assert same(index, ("a", 0), ("b", 0))
    assert {"Police Inspector Dalia Brenner", "Inspector Dalia Brenner", "Det. Brenner",
            "Mrs. Brenner"} <= forms_of(entities, index, ("b", 0))


def test_a_title_is_listed_only_when_written_right_before_the_name():
    text = "Title\nDalia Brenner, the minister, spoke."
    entities, index = resolved(article(
        "a", text, {"Dalia Brenner": ("PERSON", ["Dalia Brenner"])},
        descriptors=[("apposition", "the minister", "Dalia Brenner")]))
    assert forms_of(entities, index, ("a", 0)) == {"Dalia Brenner"}


def test_transliterations_join_whatever_label_each_outlet_got():
    _, index = resolved(
        article("a", "Title\nThe quake hit Hormozgan province near Korran.",
                {"Hormozgan": ("GPE", ["Hormozgan"]), "Korran": ("GPE", ["Korran"])}),
        article("b", "Title\nRescuers reached Hormuzgan and Korran.",
                {"Hormuzgan": ("PERSON", ["Hormuzgan"]), "Korran": ("ORG", ["Korran"])}))
    assert same(index, ("a", 0), ("b", 0))  # one letter apart, tagged GPE and PERSON
    assert same(index, ("a", 1), ("b", 1))  # the same name tagged GPE and ORG


def test_acronyms_join_their_expansions():
    _, index = resolved(
        article("a", "Title\nThe International Atomic Energy Agency met. World War II ended. "
                     "The United States Embassy opened.",
                {"International Atomic Energy Agency": ("ORG", ["International Atomic Energy Agency"]),
                 "World War II": ("EVENT", ["World War II"]),
                 "United States Embassy": ("ORG", ["United States Embassy"])}),
        article("b", "Title\nThe IAEA met. After WWII it grew. The U.S. Embassy opened.",
                {"IAEA": ("ORG", ["IAEA"]), "WWII": ("EVENT", ["WWII"]),
                 "U.S. Embassy": ("ORG", ["U.S. Embassy"])}))
    assert same(index, ("a", 0), ("b", 0))
    assert same(index, ("a", 1), ("b", 1))
    assert same(index, ("a", 2), ("b", 2))


def test_an_acronym_defined_in_brackets_joins_the_name_beside_it():
    _, index = resolved(
        article("a", "Title\nFighters of the Islamic State (ISIS) withdrew.",
                {"Islamic State": ("ORG", ["Islamic State"]), "ISIS": ("ORG", ["ISIS"])}),
        article("b", "Title\nISIS claimed the attack.", {"ISIS": ("ORG", ["ISIS"])}))
    assert same(index, ("a", 0), ("a", 1), ("b", 0))


def test_misspellings_join_but_other_endings_and_short_names_stay_apart():
    _, index = resolved(
        article("a", "Title\nShips crossed the Gulf of Varna. Technicolor films. Austria and Iran.",
                {"Gulf of Varna": ("LOC", ["Gulf of Varna"]), "Technicolor": ("ORG", ["Technicolor"]),
                 "Austria": ("GPE", ["Austria"]), "Iran": ("GPE", ["Iran"])}),
        article("b", "Title\nShips crossed the Gulf of Verna. Technicolour films. Austrian and Iraq.",
                {"Gulf of Verna": ("LOC", ["Gulf of Verna"]), "Technicolour": ("NORP", ["Technicolour"]),
                 "Austrian": ("NORP", ["Austrian"]), "Iraq": ("GPE", ["Iraq"])}))
    assert same(index, ("a", 0), ("b", 0))
    assert same(index, ("a", 1), ("b", 1))
    assert not same(index, ("a", 2), ("b", 2))  # a country and its people
    assert not same(index, ("a", 3), ("b", 3))  # one letter apart, but short: two countries


def test_spellings_of_one_name_listed_with_the_same_company_join_whatever_their_labels():
    villages = "Selvorin, Tosbek and Merrodin"
    _, index = resolved(
        article("a", f"Title\nThe worst-hit villages were {villages}.",
                {"Selvorin": ("GPE", ["Selvorin"]), "Tosbek": ("GPE", ["Tosbek"]),
                 "Merrodin": ("PERSON", ["Merrodin"])}),
        article("b", "Title\nThe most affected were Sebordin, Tosbek, Karvel and Merodin.",
                {"Sebordin": ("ORG", ["Sebordin"]), "Tosbek": ("GPE", ["Tosbek"]),
                 "Karvel": ("ORG", ["Karvel"]), "Merodin": ("ORG", ["Merodin"])}))
    assert same(index, ("a", 0), ("b", 0))  # two letters changed in eight, labels GPE and ORG
    assert same(index, ("a", 2), ("b", 3))


def test_alike_names_stay_apart_without_a_shared_list_or_when_one_article_writes_both():
    _, index = resolved(
        article("a", "Title\nThe villages were Selvorin, Tosbek and Merrodin. Sebordin too.",
                {"Selvorin": ("GPE", ["Selvorin"]), "Tosbek": ("GPE", ["Tosbek"]),
                 "Merrodin": ("GPE", ["Merrodin"]), "Sebordin": ("GPE", ["Sebordin"])}),
        article("b", "Title\nSebordin, Karvel and Ostrun were hit. Selvorin Brewing said so.",
                {"Sebordin": ("GPE", ["Sebordin"]), "Karvel": ("GPE", ["Karvel"]),
                 "Ostrun": ("GPE", ["Ostrun"]), "Selvorin Brewing": ("ORG", ["Selvorin Brewing"])}))
    assert not same(index, ("a", 0), ("a", 3))  # one article names both: two villages
    assert not same(index, ("a", 0), ("b", 0))  # no list-mate in common


def test_a_codename_joins_the_undertaking_named_with_its_kind_word():
    entities, index = resolved(
        article("a", 'Title\nThe plan, codenamed "Halcyon", was dropped in 2004.',
                {"Halcyon": ("PERSON", ["Halcyon"])}),
        article("b", 'Title\nThe files describe "Project Halcyon," a weapons plan.',
                {"Project Halcyon": ("WORK_OF_ART", ["Project Halcyon"])}),
        article("c", 'Title\nThe Halcyon Trust funds song. Its "Ode to Joy" tour ended.',
                {"Halcyon Trust": ("ORG", ["Halcyon Trust"]),
                 "Ode to Joy": ("WORK_OF_ART", ["Ode to Joy"])}))
    assert same(index, ("a", 0), ("b", 0))
    assert {"Halcyon", "Project Halcyon"} <= forms_of(entities, index, ("a", 0))
    assert not same(index, ("a", 0), ("c", 0))
    assert ("c", 1) not in index  # other works are no entities of the dossier


def test_acronyms_are_not_joined_by_their_letters():
    _, index = resolved(
        article("a", "Title\nAP reported it.", {"AP": ("ORG", ["AP"])}),
        article("b", "Title\nAFP reported it.", {"AFP": ("ORG", ["AFP"])}))
    assert not same(index, ("a", 0), ("b", 0))


def test_a_name_ending_a_longer_one_joins_it_and_a_fuller_name_joins_its_short_form():
    _, index = resolved(
        article("a", "Title\n10 Harcourt Square said so. The New York Police Department agreed.",
                {"10 Harcourt Square": ("ORG", ["10 Harcourt Square"]),
                 "New York Police Department": ("ORG", ["New York Police Department"])}),
        article("b", "Title\nHarcourt Square said so. The New York City Police Department agreed.",
                {"Harcourt Square": ("FAC", ["Harcourt Square"]),
                 "New York City Police Department": ("ORG", ["New York City Police Department"])}))
    assert same(index, ("a", 0), ("b", 0))
    assert same(index, ("a", 1), ("b", 1))


def test_abbreviations_inside_names_are_written_out():
    _, index = resolved(
        article("a", "Title\nThey reached Mt Cook Village.", {"Mt Cook Village": ("FAC", ["Mt Cook Village"])}),
        article("b", "Title\nThey reached Mount Cook Village.",
                {"Mount Cook Village": ("LOC", ["Mount Cook Village"])}))
    assert same(index, ("a", 0), ("b", 0))


# --- look-alikes that stay apart ------------------------------------------------------------


def test_two_committees_of_one_chamber_stay_apart():
    _, index = resolved(
        article("a", "Title\nThe Senate Intelligence Committee met the Senate Judiciary Committee.",
                {"Senate Intelligence Committee": ("ORG", ["Senate Intelligence Committee"]),
                 "Senate Judiciary Committee": ("ORG", ["Senate Judiciary Committee"])}),
        article("b", "Title\nThe Senate Judicial Committee and the House Intelligence Committee.",
                {"Senate Judicial Committee": ("ORG", ["Senate Judicial Committee"]),
                 "House Intelligence Committee": ("ORG", ["House Intelligence Committee"])}),
        article("c", "Title\nThe Intelligence Committee said nothing.",
                {"Intelligence Committee": ("ORG", ["Intelligence Committee"])}))
    assert not same(index, ("a", 0), ("a", 1))
    assert not same(index, ("a", 1), ("b", 0))  # two words differ: not a slip of one letter
    assert not same(index, ("a", 0), ("b", 1))  # another chamber's committee
    assert not same(index, ("c", 0), ("a", 0)) and not same(index, ("c", 0), ("b", 1))


def test_words_inserted_in_a_name_join_only_with_two_content_words_each_side():
    _, index = resolved(
        article("a", "Title\nThe National Institute of Health funded it.",
                {"National Institute of Health": ("ORG", ["National Institute of Health"])}),
        article("b", "Title\nThe National Institute of Mental Health funded it.",
                {"National Institute of Mental Health": ("ORG", ["National Institute of Mental Health"])}))
    assert not same(index, ("a", 0), ("b", 0))


# --- forms as written -----------------------------------------------------------------------


def test_forms_drop_a_leading_article_except_on_one_word_names_heading_their_phrase():
    entities, index = resolved(article(
        "a", "Title\nIt hit the Persian Gulf. Ships left the Gulf. The Gulf states agreed. "
             "The Iran deal held, the Iranian envoy said. It was the Iran's aim.",
        {"Persian Gulf": ("LOC", ["the Persian Gulf", "Gulf"]), "Iran": ("GPE", ["Iran"]),
         "Iranian": ("NORP", ["Iranian"])}))
    assert forms_of(entities, index, ("a", 0)) == {"Persian Gulf", "the Gulf", "Gulf"}
    assert forms_of(entities, index, ("a", 1)) == {"Iran"}  # "the" is the deal's
    assert forms_of(entities, index, ("a", 2)) == {"Iranian"}


def test_a_place_is_also_listed_with_the_place_that_locates_it():
    text = "Title\nShe died in Beverly Hills, Calif., on Thursday."
    entities, index = resolved(article(
        "a", text, {"Beverly Hills": ("GPE", ["Beverly Hills"]), "Calif.": ("GPE", ["Calif."])},
        descriptors=[("apposition", "Calif.", "Beverly Hills")]))
    assert "Beverly Hills, Calif." in forms_of(entities, index, ("a", 0))


def test_a_name_repeated_across_many_articles_still_joins_its_fuller_form():
    many = [article(f"a{n}", "Title\nThey died in Mount Cook National Park.",
                    {"Mount Cook National Park": ("FAC", ["Mount Cook National Park"])})
            for n in range(6)]
    fuller = article("b", "Title\nThey died in Aoraki Mount Cook National Park.",
                     {"Aoraki Mount Cook National Park": ("FAC", ["Aoraki Mount Cook National Park"])})
    entities, index = resolved(*many, fuller)
    assert len(entities) == 1 and same(index, ("a0", 0), ("a5", 0), ("b", 0))


def test_a_place_stays_apart_from_what_is_named_after_it():
    """"Transport for Dunmere" (tagged a place by the parse) is not Dunmere."""
    _, index = resolved(
        article("a", "Title\nTransport for Dunmere runs the trams of Dunmere.",
                {"Transport for Dunmere": ("GPE", ["Transport for Dunmere"]),
                 "Dunmere": ("GPE", ["Dunmere"])}),
        article("b", "Title\nTrams stopped in Dunmere.", {"Dunmere": ("GPE", ["Dunmere"])}),
        article("c", "Title\nThe Kellan Times and Hollis said so. Rebecca Hollis agreed.",
                {"Hollis": ("PERSON", ["Hollis"]), "Rebecca Hollis": ("PERSON", ["Rebecca Hollis"])}))
    assert not same(index, ("a", 0), ("a", 1))
    assert same(index, ("a", 1), ("b", 0))
    assert same(index, ("c", 0), ("c", 1))  # a surname still joins its full name


def test_a_two_word_name_joins_the_one_longer_name_around_it():
    _, index = resolved(
        article("a", "Title\nThieves struck at the Harlow Grand Hotel on Sunday.",
                {"Harlow Grand Hotel": ("FAC", ["Harlow Grand Hotel"])}),
        article("b", "Title\nThe Harlow Hotel said guests were safe.",
                {"Harlow Hotel": ("ORG", ["Harlow Hotel"])}))
    assert same(index, ("a", 0), ("b", 0))
    # two longer names around it: which one is meant is unknown
    _, index = resolved(
        article("a", "Title\nThe Harlow Grand Hotel and the Harlow Park Hotel closed.",
                {"Harlow Grand Hotel": ("FAC", ["Harlow Grand Hotel"]),
                 "Harlow Park Hotel": ("FAC", ["Harlow Park Hotel"])}),
        article("b", "Title\nThe Harlow Hotel said guests were safe.",
                {"Harlow Hotel": ("ORG", ["Harlow Hotel"])}))
    assert not same(index, ("b", 0), ("a", 0)) and not same(index, ("b", 0), ("a", 1))
