"""Names resolved across a story's articles.

Each article's analysis already resolves its own mentions into entities. Here those
per-article entities are merged into ``CrossEntity`` records when they name the same
person, organisation, place or thing. Names are first written one way: anyascii spelling,
possessives dropped, hyphens and dots as word breaks ("Kim Jong-un" = "Kim Jong Un", "AK-47"
= "AK 47"), initials joined ("U.S." = "US"), common abbreviations written out ("Mt" =
"Mount"), a leading article dropped, and for people the titles before the name ("Police
Inspector Ruth Ambler" -> "ruth ambler"). Then two entities merge when:

- they write the same name, whatever label spaCy gave each (ORG in one outlet, GPE in
  another), or the same letters ("Al Homoud" / "AlHomoud");
- people: a compatible first name and the shorter name's words in order in the longer one, or
  its surname transliterated (a middle name or a second surname left out: "Maria Duval" /
  "Maria Lenoir Duval"), when only one person in the story fits ("George Bush" joins
  neither "George H. W. Bush" nor "George W. Bush" when both are named);
- people: transliterations ("Tsikhanouskaya" / "Tikhanovskaya"): rapidfuzz ratio at or above
  the variant threshold, and context: compatible first names (and middle initials) when both
  are given, otherwise at least two co-occurring entities in common; a gendered surname
  ending on one side and the other gender on the other blocks the merge ("Tsikhanouski" is
  not "Tsikhanouskaya");
- other names, one word each: the same transliteration rule (ratio and shared context);
- one-word names of any label listed with a name in common in different articles and spelled
  alike (two transliterations of one village in two lists of the worst-hit villages,
  compare/name_lists.py);
- an undertaking's name with and without its kind word ("Operation Sea Lion" / "Sea Lion"),
  whatever the labels;
- other names: one letter apart inside the name, not at its ends ("Technicolour" /
  "Technicolor", "Gulf of Varna" / "Gulf of Verna"; "Austria" / "Austrian" differ at the end
  and stay apart), at least six letters;
- an acronym and its expansion: "IAEA" / "International Atomic Energy Agency", "WWII" /
  "World War II", "U.S. Embassy" / "United States Embassy", or an acronym an article defines
  in brackets beside the name ("the Islamic State (ISIS)");
- short forms: a name that ends a longer name joins it when it ends only one group of longer
  names ("Putin" -> "Vladimir Putin", "Harcourt Square" -> "10 Harcourt Square"); when two
  different things share that ending nothing is attached;
- a fuller name of one organisation, words inserted in the middle with at least two content
  words kept on each side ("New York Police Department" / "New York City Police
  Department").

Two organisations that merely share words ("Senate Intelligence Committee" / "Senate
Judiciary Committee") match none of these and stay apart.

Each article's variant lists the forms it writes: names as written without a leading
article; for people, the name with the title written before it ("Prime Minister May",
"Mr. Trump"); for other names, the name with the place that locates it ("Beverly Hills,
Calif."). Both come from the descriptors the analysis stored.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from anyascii import anyascii
from rapidfuzz import fuzz
from rapidfuzz.distance import DamerauLevenshtein

from crosscheck.compare.name_lists import list_mates, listed_spellings
from crosscheck.compare.offices import office_holders, office_mentions
from crosscheck.compare.records import CrossEntity, EntityVariant
from crosscheck.records import Analysis, Article, Span
from crosscheck.settings import CompareSettings

NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT"})
ARTICLES = frozenset({"the", "a", "an"})
# Kind words that open the name of an undertaking: "Operation Sea Lion" is the operation
# called "Sea Lion", "Project Halcyon" the project "Halcyon", and outlets write the codename
# alone as often as with its kind. spaCy tags such names as works of art, events or people.
UNDERTAKING_WORDS = frozenset({"operation", "project", "programme", "program", "mission"})
PLACE_LABELS = frozenset({"GPE", "LOC"})
# Words after which a name has ended its noun phrase: prepositions, conjunctions, auxiliaries
# and report verbs ("the Gulf in", "the Kremlin said"). General English.
PHRASE_BREAK_WORDS = frozenset(
    "in on at of to and or but for from with by as into onto over under near off during after "
    "before since until while where which that who whose is was were are has have had will "
    "would could can may might must said says told".split()
)
# Words that are roles, not names ("Russian President Vladimir Putin" -> "vladimir putin"):
# honorifics, offices, and the ranks of the police and the forces, written out and abbreviated.
TITLE_WORDS = frozenset(
    "the a an mr mrs ms mx miss dr president prime minister sen senator rep gov governor gen "
    "general king queen prince princess pope chancellor secretary leader former opposition "
    "foreign deputy chief ambassador spokesman spokeswoman spokesperson publicist state mayor "
    "judge justice sheikh sir dame lord lady rev reverend prof professor director chairman "
    "chairwoman commissioner councillor congressman congresswoman inspector insp detective det "
    "sergeant sgt constable const superintendent supt captain capt lieutenant lt colonel col "
    "major maj commander cmdr cdr admiral adm corporal cpl private pte officer marshal "
    "brigadier commodore sheriff rabbi imam bishop archbishop cardinal emperor empress duke "
    "duchess asst assistant ch con pc dc dci".split()
)
# A title longer than this is a parse that ran on ("U.S. Secretary of State" is four words).
MAX_TITLE_WORDS = 4
# Gentile adjectives before a title ("Belarusian President ...") are roles too.
GENTILE_SUFFIXES = ("ian", "ese", "ish", "ean", "ic")
FEMININE_ENDINGS = ("skaya", "tskaya", "ska", "aya", "ova", "eva", "ina", "yna")
MASCULINE_ENDINGS = ("ski", "sky", "skiy", "skyi", "ov", "ev", "in", "iy", "yi")
GENERATION_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
# Context needed before merging two similar names when one lacks a first name.
MIN_SHARED_CONTEXT = 2
# Abbreviations newsrooms use inside names, written out so both spellings compare equal.
ABBREVIATIONS = {
    "mt": "mount", "mtn": "mountain", "ft": "fort", "ave": "avenue", "rd": "road",
    "blvd": "boulevard", "hwy": "highway", "dept": "department", "govt": "government",
    "univ": "university", "intl": "international", "natl": "national", "assn": "association",
}
# Words an acronym usually skips: "National Aeronautics and Space Administration" = NASA.
NAMED_AFTER_WORDS = frozenset({"of", "for", "in", "at", "on", "de"})
ACRONYM_SKIPS = frozenset({"of", "and", "the", "for", "on", "in", "at", "to", "de"})
ROMAN_NUMERAL = re.compile(r"^(?=[ivxlc]+$)c{0,3}(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
# A one-letter slip is only read as a misspelling in a name this long (shorter names one
# letter apart are often different places: Iran / Iraq, Mali / Bali).
MISSPELLING_MIN_LETTERS = 6


@dataclass(frozen=True)
class LocalEntity:
    """One article's entity with what the resolver needs to compare it."""

    article_id: str
    index: int
    name: str
    label: str
    tokens: tuple[str, ...]
    forms: tuple[str, ...]
    mentions: tuple[Span, ...]
    context: frozenset[str]  # surnames of entities in the same or adjacent sentences
    words: tuple[str, ...] = ()  # the name's words as written (case kept), titles removed
    list_mates: frozenset[str] = frozenset()  # names listed beside it ("A, B and C")
    articles: frozenset[str] = frozenset()  # every article writing it (distinct names)

    @property
    def is_person(self) -> bool:
        return self.label == "PERSON"

    @property
    def letters(self) -> str:
        return "".join(self.tokens)


# --- writing a name one way ---------------------------------------------------------------


def name_words(name: str) -> list[str]:
    """The name's words in newspaper spelling, case kept: possessives dropped, hyphens and
    dots as breaks, and runs of single letters joined ("U.S." -> "US")."""
    text = anyascii(name)
    text = re.sub(r"['’]s\b", "", text).replace("'", "")
    words: list[str] = []
    for word in re.split(r"[^A-Za-z0-9]+", text):
        if not word:
            continue
        if len(word) == 1 and word.isalpha() and words and _is_initials(words[-1]):
            words[-1] += word
        else:
            words.append(word)
    return words


def surname(name: str) -> str:
    """The last capitalised word of a name as written, lower case, possessive dropped:
    "smith" of "Asst Ch Con Robin Smith's"; "" when no word is capitalised ("officials")."""
    words = [word for word in name_words(name) if word[:1].isupper()]
    return words[-1].lower() if words else ""


def _is_initials(word: str) -> bool:
    return word.isalpha() and word.isupper() and len(word) <= 4


@functools.lru_cache(maxsize=1 << 16)  # the quote and name stages ask for the same names often
def name_tokens(name: str) -> tuple[str, ...]:
    """Newspaper spelling, lower case, leading titles and possessives removed."""
    words = [_written_out(word) for word in name_words(name)]
    while len(words) > 1 and (words[0] in TITLE_WORDS or _is_gentile(words[0], words[1:])):
        words = words[1:]
    return tuple(words)


def _written_out(word: str) -> str:
    lower = word.lower()
    return ABBREVIATIONS.get(lower, lower)


def _names_an_undertaking(name: str) -> bool:
    """"Operation Sea Lion", "Project Halcyon": a kind word, then a capitalised codename."""
    words = name_words(name)
    while len(words) > 1 and words[0].lower() in ARTICLES:
        words = words[1:]
    return len(words) >= 2 and words[0].lower() in UNDERTAKING_WORDS and words[1][:1].isupper()


def entity_words(name: str, label: str) -> list[str]:
    """The words that identify an entity: a leading article dropped; an undertaking's kind
    word ("Operation Sea Lion" -> "Sea Lion"); for a person, the titles and the office's words
    before the last title too ("City Mayor Mira Castell")."""
    words = name_words(name)
    while len(words) > 1 and words[0].lower() in ARTICLES:
        words = words[1:]
    if _names_an_undertaking(" ".join(words)):
        return words[1:]
    if label != "PERSON":
        return words
    lowered = [_written_out(word) for word in words]
    last_title = max((k for k, word in enumerate(lowered[:-1]) if word in TITLE_WORDS),
                     default=-1)
    words = words[last_title + 1:]
    while len(words) > 1 and _is_gentile(words[0].lower(), [w.lower() for w in words[1:]]):
        words = words[1:]
    return words


def _is_gentile(word: str, rest: Sequence[str]) -> bool:
    return word.endswith(GENTILE_SUFFIXES) and bool(rest) and rest[0] in TITLE_WORDS


# --- people -------------------------------------------------------------------------------


def _gender(surname: str) -> str | None:
    if surname.endswith(FEMININE_ENDINGS):
        return "f"
    if surname.endswith(MASCULINE_ENDINGS):
        return "m"
    return None


def _ratio(a: str, b: str) -> float:
    return fuzz.ratio(a, b)


def _skeleton(name: str) -> str:
    """Consonants with doubles collapsed: transliterations differ mostly in vowels
    (Youssef / Yusuf -> "sf")."""
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiouy]", "", name))


def first_names_compatible(a: str, b: str, *, settings: CompareSettings) -> bool:
    if len(a) == 1 or len(b) == 1:  # an initial
        return a[0] == b[0]
    return _ratio(a, b) >= settings.first_name_ratio or (
        len(_skeleton(a)) >= 2 and _skeleton(a) == _skeleton(b))


def shortened_name(short: LocalEntity, full: LocalEntity, *, settings: CompareSettings) -> bool:
    """One person's name written with fewer of its words: a middle name or a second surname
    left out ("Maria Duval" / "Maria Lenoir Duval", "Andres Lopez" / "Andres Manuel
    Lopez Obrador"), the surname perhaps transliterated ("Pieter Vossberg" / "Pieter Jan
    Vossberg"). The first name is the context: it must be compatible; a generation suffix
    ("Jr", "III") makes another person. Joined only when one person fits (``_attach``)."""
    a, b = short.tokens, full.tokens
    if not (short.is_person and full.is_person) or len(a) < 2 or len(b) <= len(a):
        return False
    if GENERATION_SUFFIXES & {a[-1], b[-1]}:
        return False
    if not first_names_compatible(a[0], b[0], settings=settings):
        return False
    rest = iter(b[1:])
    if all(word in rest for word in a[1:]):  # in order, as a subsequence
        return True
    return len(a) == 2 and _surnames_alike(a[-1], b[-1], settings)


def _surnames_alike(a: str, b: str, settings: CompareSettings) -> bool:
    gender_a, gender_b = _gender(a), _gender(b)
    return (_ratio(a, b) >= settings.name_variant_ratio
            and not (gender_a and gender_b and gender_a != gender_b))


def similar_names(a: LocalEntity, b: LocalEntity, *, settings: CompareSettings) -> bool:
    """Transliteration variants of one name, with the context the merge needs."""
    if not a.tokens or not b.tokens or a.label != b.label:
        return False
    if not _surnames_alike(a.tokens[-1], b.tokens[-1], settings):
        return False
    if len(a.tokens) > 1 and len(b.tokens) > 1:
        # A name without the other's middle names is left to ``shortened_name``, which joins
        # it only when one person fits ("George Bush" with "George H. W." and "George W.").
        return (first_names_compatible(a.tokens[0], b.tokens[0], settings=settings)
                and _middle_names_compatible(a.tokens[1:-1], b.tokens[1:-1]))
    return len(a.context & b.context) >= MIN_SHARED_CONTEXT


def _middle_names_compatible(a: Sequence[str], b: Sequence[str]) -> bool:
    """Middle names agree initial by initial ("George H. W. Bush" is not "George W. Bush");
    names with middle names on one side only are ``shortened_name``'s to judge."""
    if not a or not b:
        return not a and not b
    initials_a = "".join(word if _is_initials_token(word) else word[0] for word in a)
    initials_b = "".join(word if _is_initials_token(word) else word[0] for word in b)
    return initials_a == initials_b


def _is_initials_token(word: str) -> bool:
    return len(word) <= 3 and word.isalpha() and word not in ("al", "el", "de", "da", "di")


# --- other names --------------------------------------------------------------------------


def misspelled(a: LocalEntity, b: LocalEntity) -> bool:
    """One letter apart (added, dropped, changed or swapped) inside a name that is not a
    person's: the first and last letters agree, so a demonym or plural ending ("Austria" /
    "Austrian") is no slip. People's names need context and go through ``similar_names``."""
    if a.is_person and b.is_person or _has_acronym(a) or _has_acronym(b):
        return False
    x, y = a.letters, b.letters
    if min(len(x), len(y)) < MISSPELLING_MIN_LETTERS or x == y:
        return False
    return x[0] == y[0] and x[-1] == y[-1] and DamerauLevenshtein.distance(x, y) == 1


def _initials(words: Sequence[str]) -> str:
    """An acronym of the words: first letters, numerals and acronyms whole ("World War II"
    -> "wwii", "National Weather Service" -> "nws"), short joining words skipped."""
    letters = []
    for word in words:
        lower = word.lower()
        if lower in ACRONYM_SKIPS:
            continue
        whole = word.isdigit() or ROMAN_NUMERAL.match(lower) or (word.isupper() and len(word) > 1)
        letters.append(lower if whole else lower[0])
    return "".join(letters)


def abbreviated_forms(words: Sequence[str]) -> set[tuple[str, ...]]:
    """The name with one run of two or more words written as its acronym: "United States
    Embassy" -> ("us", "embassy"), ("united", "se"), ("use",)."""
    lowered = [_written_out(word) for word in words]
    found = set()
    for start in range(len(words)):
        for end in range(start + 2, len(words) + 1):
            acronym = _initials(words[start:end])
            if len(acronym) >= 2:
                found.add((*lowered[:start], acronym, *lowered[end:]))
    return found


def _has_acronym(item: LocalEntity) -> bool:
    return any(word.isupper() and len(word) >= 2 for word in item.words)


def _ends_with(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    return len(short) < len(full) and full[-len(short):] == short


def fuller_name(short: LocalEntity, full: LocalEntity) -> bool:
    """``full`` is ``short`` with words inserted in the middle, at least two content words kept
    on each side: "New York Police Department" / "New York City Police Department"."""
    if short.is_person or full.is_person or len(full.tokens) <= len(short.tokens):
        return False
    a, b = short.tokens, full.tokens
    prefix = next((k for k in range(len(a)) if a[k] != b[k]), len(a))
    suffix = next((k for k in range(len(a)) if a[-1 - k] != b[-1 - k]), len(a))
    if prefix + suffix < len(a) or prefix == len(a):
        return False
    head, tail = a[:prefix], a[len(a) - suffix:]
    return (sum(word not in ACRONYM_SKIPS for word in head) >= 2
            and sum(word not in ACRONYM_SKIPS for word in tail) >= 2)


def named_with_inserted_words(short: LocalEntity, full: LocalEntity) -> bool:
    """A two-word name of a place or body ("Carlton Hotel") inside a longer one that keeps
    its first and last words ("Carlton Intercontinental Hotel"); joined only when one such
    longer name is in the story."""
    a, b = short.tokens, full.tokens
    return (not full.is_person and len(b) > len(a) and a[0] == b[0] and a[-1] == b[-1]
            and a[0] not in ACRONYM_SKIPS and not any(w in ACRONYM_SKIPS for w in b[1:-1]))


# --- the article's entities ---------------------------------------------------------------


def _sentence_finder(analysis: Analysis):  # type: ignore[no-untyped-def]
    starts = [sentence.span.start for sentence in analysis.sentences]

    def find(span: Span) -> int:
        return max(0, bisect.bisect_right(starts, span.start) - 1)

    return find


def _without_article(form: str) -> str:
    return re.sub(r"^(?:the|The|THE)\s+", "", form) or form


def name_form(text: str, span: Span, label: str) -> str:
    """A name as the article writes it: without a leading article ("Persian Gulf"), except a
    one-word name that heads its phrase, which is written with the article the text gives it
    ("across the Gulf in ...", "the Kremlin said": "Gulf" alone is not how anyone names it).
    A name that modifies a noun ("the Iran nuclear deal") or a nationality does not own the
    article before it."""
    form = _without_article(span.of(text))
    if " " in form or "-" in form or label == "NORP":
        return form
    before = re.search(r"(?<!\w)(the|The)\s+$", text[max(0, span.start - 5):span.start])
    return f"{before.group(1)} {form}" if before and _ends_phrase(text, span.end) else form


def _ends_phrase(text: str, offset: int) -> bool:
    """The name ends its noun phrase: punctuation, the end, or a function word comes next."""
    following = re.match(r"\s*([A-Za-z]+|\S)?", text[offset:offset + 40])
    word = following.group(1) if following else None
    if word in ("'", "’"):  # a possessive: the name modifies what follows
        return False
    return word is None or not word.isalpha() or word in PHRASE_BREAK_WORDS


def titled_forms(article: Article, analysis: Analysis, positions: Iterable[int]) -> list[str]:
    """A person's name with the title written just before it, as the article writes it:
    "Prime Minister May", "Mr. Trump", "family spokesman Harlan Boll" (the analysis stored
    the titles, descriptions such as "36-year-old" left out)."""
    wanted = set(positions)
    found = []
    for descriptor in analysis.descriptors:
        if descriptor.kind == "title" and descriptor.mention in wanted:
            name = analysis.mentions[descriptor.mention].span
            if len(descriptor.span.of(article.text).split()) > MAX_TITLE_WORDS:
                continue  # a caption run on: "Queen Elizabeth II greetin President X"
            if article.text[descriptor.span.end:name.start].isspace():
                found.append(article.text[descriptor.span.start:name.end])
    return found


def qualified_place_forms(article: Article, analysis: Analysis,
                          positions: Iterable[int]) -> list[str]:
    """A name with the place that locates it in apposition, as the article writes it:
    "Beverly Hills, Calif.", "Mill Lane, Dunmere" (a list, "Arvo, Keldin and
    Morrat", is no apposition)."""
    wanted = set(positions)
    places = {m.span for m in analysis.mentions if m.label in PLACE_LABELS}
    found = []
    for descriptor in analysis.descriptors:
        if (descriptor.kind == "apposition" and descriptor.mention in wanted
                and descriptor.span in places):
            name = analysis.mentions[descriptor.mention].span
            if article.text[name.end:descriptor.span.start] == ", ":
                found.append(article.text[name.start:descriptor.span.end])
    return found


def local_entities(article: Article, analysis: Analysis) -> list[LocalEntity]:
    """The article's named entities with their forms, mentions and sentence context."""
    find = _sentence_finder(analysis)
    by_sentence: dict[int, set[int]] = defaultdict(set)
    kept = [ent for ent in analysis.entities
            if ent.label in NAME_LABELS or _names_an_undertaking(ent.name)]
    for ent in kept:
        for mention_index in ent.mentions:
            by_sentence[find(analysis.mentions[mention_index].span)].add(ent.index)
    surname = {ent.index: (name_tokens(ent.name) or ("",))[-1] for ent in kept}
    mates = list_mates(article, analysis)
    result = []
    for ent in kept:
        mentions = tuple(analysis.mentions[i] for i in ent.mentions)
        named = [i for i in ent.mentions if analysis.mentions[i].label not in ("PRON", "NOMINAL")]
        sentences = {find(m.span) for m in mentions}
        near = {s + delta for s in sentences for delta in (-1, 0, 1)}
        context = {surname[other] for s in near for other in by_sentence.get(s, ())}
        context.discard(surname[ent.index])
        forms = _written_forms(article, analysis, named, person=ent.label == "PERSON")
        words = entity_words(ent.name, ent.label)
        result.append(LocalEntity(
            article_id=article.id, index=ent.index, name=ent.name, label=ent.label,
            tokens=tuple(_written_out(word) for word in words),
            forms=tuple(dict.fromkeys(forms)) or (ent.name,),
            mentions=tuple(m.span for m in mentions), context=frozenset(context - {""}),
            words=tuple(words), list_mates=frozenset(mates.get(ent.index, ())),
            articles=frozenset({article.id}),
        ))
    return result


def _written_forms(article: Article, analysis: Analysis, named: Sequence[int], *,
                   person: bool) -> list[str]:
    """The forms of one entity in one article: its names as written, then a person's titled
    forms or another name's place-qualified ones."""
    if person:  # a person's one-word name is a surname, written without an article
        return ([_without_article(analysis.mentions[i].text) for i in named]
                + titled_forms(article, analysis, named))
    return ([name_form(article.text, analysis.mentions[i].span, analysis.mentions[i].label)
             for i in named]
            + [_without_article(form) for form in qualified_place_forms(article, analysis, named)])


def bracketed_acronyms(article: Article, analysis: Analysis) -> list[tuple[int, int]]:
    """(entity, entity) index pairs an article defines as one: a name and an acronym written
    in brackets right after it, either way round ("the Islamic State (ISIS)", "IRTC
    (Internationally Recognised Transit Corridor)")."""
    named = [m for m in analysis.mentions
             if m.entity is not None and m.label not in ("PRON", "NOMINAL")]
    pairs = []
    for first, second in zip(named, named[1:]):
        between = article.text[first.span.end:second.span.start]
        after = article.text[second.span.end:second.span.end + 1]
        if between.strip() == "(" and after == ")" and first.entity != second.entity and (
                _is_acronym(first.text) or _is_acronym(second.text)):
            pairs.append((first.entity, second.entity))
    return pairs


def _is_acronym(text: str) -> bool:
    letters = text.replace(".", "")
    return 2 <= len(letters) <= 8 and letters.isalpha() and letters.isupper()


# --- grouping -----------------------------------------------------------------------------


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: int, b: int) -> None:
        self.parent[self.find(a)] = self.find(b)


class _GroupsView:
    """``_UnionFind`` operations on a subset of its items, by their position in the subset."""

    def __init__(self, groups: _UnionFind, positions: list[int]) -> None:
        self.groups, self.positions = groups, positions

    def find(self, item: int) -> int:
        return self.groups.find(self.positions[item])

    def union(self, a: int, b: int) -> None:
        self.groups.union(self.positions[a], self.positions[b])


Groups = _UnionFind | _GroupsView


def _distinct_names(items: list[LocalEntity], groups: _UnionFind
                    ) -> tuple[list[LocalEntity], _GroupsView]:
    """One item per (name, label), carrying the context, list-mates and articles of every
    article that writes it."""
    first: dict[tuple[tuple[str, ...], str], int] = {}
    context: dict[int, set[str]] = defaultdict(set)
    mates: dict[int, set[str]] = defaultdict(set)
    articles: dict[int, set[str]] = defaultdict(set)
    for i, item in enumerate(items):
        position = first.setdefault((item.tokens, item.label), i)
        context[position] |= item.context
        mates[position] |= item.list_mates
        articles[position].add(item.article_id)
    positions = sorted(context)
    distinct = [replace(items[i], context=frozenset(context[i]),
                        list_mates=frozenset(mates[i]), articles=frozenset(articles[i]))
                for i in positions]
    return distinct, _GroupsView(groups, positions)


def _merge_same_names(items: list[LocalEntity], groups: Groups) -> None:
    """The same words, or the same letters ("Al Homoud" / "AlHomoud"), whatever the label."""
    for key in (lambda item: item.tokens, lambda item: item.letters):
        first: dict[object, int] = {}
        for i, item in enumerate(items):
            if not item.tokens:
                continue
            k = key(item)
            if k in first:
                groups.union(i, first[k])
            else:
                first[k] = i


def _merge_variants(items: list[LocalEntity], groups: Groups, settings: CompareSettings) -> None:
    """Transliterations of people and one-word names; one-letter slips in other names."""
    for i, a in enumerate(items):
        for j in range(i + 1, len(items)):
            b = items[j]
            if groups.find(i) == groups.find(j):
                continue
            if _transliterated(a, b, settings) or misspelled(a, b) or _listed_alike(a, b):
                groups.union(i, j)


def _listed_alike(a: LocalEntity, b: LocalEntity) -> bool:
    """Two spellings of one little-known name, listed with the same company in different
    articles (compare/name_lists.py): the labels, which spaCy guesses for such names, are not
    asked to agree; an article writing both names makes them two."""
    if len(a.tokens) != 1 or len(b.tokens) != 1 or a.articles & b.articles:
        return False
    if "NORP" in (a.label, b.label) or _has_acronym(a) or _has_acronym(b):
        return False
    return listed_spellings(a.letters, b.letters, set(a.list_mates), set(b.list_mates))


def _transliterated(a: LocalEntity, b: LocalEntity, settings: CompareSettings) -> bool:
    if a.is_person or b.is_person:
        return similar_names(a, b, settings=settings)
    # Two names of several words that share an end word are two things ("Senate Intelligence
    # Committee", "Senate Judiciary Committee"): only one-word names are compared so, and
    # not acronyms ("AP" / "AFP"), nor a place and its people ("India" / "Indian").
    if len(a.tokens) != 1 or len(b.tokens) != 1 or not _may_be_spellings_of_one(a, b):
        return False
    return similar_names(a, replace(b, label=a.label), settings=settings)


def _may_be_spellings_of_one(a: LocalEntity, b: LocalEntity) -> bool:
    """Two names that letters alone may join: not acronyms, not a nationality beside another
    kind of name, and not one name extended at its end ("London" / "Londoners")."""
    if _has_acronym(a) or _has_acronym(b) or ("NORP" in (a.label, b.label) and a.label != b.label):
        return False
    x, y = sorted((a.letters, b.letters), key=len)
    return not y.startswith(x)


def _attach(items: list[LocalEntity], groups: Groups, short: int,
            fits: Iterable[int]) -> None:
    """Join ``short`` to the one group among ``fits``; with several groups, to none."""
    member = {groups.find(j): j for j in fits}  # a group -> one of its items in ``fits``
    member.pop(groups.find(short), None)
    if len(member) == 1:
        groups.union(short, member.popitem()[1])


def _attach_acronyms(items: list[LocalEntity], groups: Groups) -> None:
    """An acronym joins the one group whose name it abbreviates."""
    expansions: dict[tuple[str, ...], set[int]] = defaultdict(set)
    for j, full in enumerate(items):
        if len(full.words) >= 2 and not full.is_person:
            for form in abbreviated_forms(full.words):
                expansions[form].add(j)
    for i, item in enumerate(items):
        if not item.is_person and _has_acronym(item) and item.tokens in expansions:
            _attach(items, groups, i, expansions[item.tokens])


def _attach_defined_acronyms(items: list[LocalEntity], groups: Groups,
                             pairs: dict[str, list[tuple[int, int]]]) -> None:
    position = {(item.article_id, item.index): i for i, item in enumerate(items)}
    for article_id, found in pairs.items():
        for a, b in found:
            if (article_id, a) in position and (article_id, b) in position:
                groups.union(position[(article_id, a)], position[(article_id, b)])


def _attach_short_forms(items: list[LocalEntity], groups: Groups,
                        settings: CompareSettings) -> None:
    """Names that end a longer name join the one group of longer names ending so; one-word
    names also by a transliterated end word ("Tikhanovskaya" of "Sviatlana Tsikhanouskaya")."""
    for i, short in enumerate(items):
        if not short.tokens:
            continue
        if len(short.tokens) == 1:
            fits = [j for j, full in enumerate(items)
                    if len(full.tokens) > 1 and _label_compatible(short, full)
                    and not _named_after(full.tokens)
                    and _ends_like(short.tokens[0], full.tokens[-1], short, full, settings)]
        else:
            fits = [j for j, full in enumerate(items) if _ends_with(short.tokens, full.tokens)
                    and not (short.is_person and full.is_person)]
        _attach(items, groups, i, fits)


def _named_after(tokens: tuple[str, ...]) -> bool:
    """A name ending "of / for / in <name>" is named after that name, not another form of
    it: "Transport for London" is not London, "Bank of England" not England."""
    return len(tokens) >= 3 and tokens[-2] in NAMED_AFTER_WORDS


def _attach_fuller_names(items: list[LocalEntity], groups: Groups,
                         settings: CompareSettings) -> None:
    """Fuller names of one organisation or place, and of one person ("George Bush" joins
    "George W. Bush" only when no "George H. W. Bush" is in the story too)."""
    for i, short in enumerate(items):
        if len(short.tokens) >= 4 and not short.is_person:
            _attach(items, groups, i,
                    [j for j, full in enumerate(items) if fuller_name(short, full)])
        elif len(short.tokens) == 2 and not short.is_person:
            _attach(items, groups, i,
                    [j for j, full in enumerate(items) if named_with_inserted_words(short, full)])
        elif short.is_person and len(short.tokens) >= 2:
            _attach(items, groups, i, [j for j, full in enumerate(items)
                                       if shortened_name(short, full, settings=settings)])


def _label_compatible(a: LocalEntity, b: LocalEntity) -> bool:
    return a.label == b.label or {a.label, b.label} <= {"ORG", "PERSON"}


def _ends_like(word: str, surname: str, a: LocalEntity, b: LocalEntity, settings: CompareSettings) -> bool:
    if word == surname:
        return True
    return similar_names(replace(a, label=b.label, tokens=(word,)),
                         replace(b, tokens=(surname,)), settings=settings)


def resolve_entities(
    articles: Sequence[Article], analyses: Sequence[Analysis], *, settings: CompareSettings
) -> tuple[tuple[CrossEntity, ...], dict[tuple[str, int], int]]:
    """Cross-article entities, and a map (article id, local entity index) -> CrossEntity id."""
    items = [item for article, analysis in zip(articles, analyses)
             for item in local_entities(article, analysis)]
    groups = _UnionFind(len(items))
    _merge_same_names(items, groups)
    _attach_defined_acronyms(items, groups, {
        article.id: bracketed_acronyms(article, analysis)
        for article, analysis in zip(articles, analyses)})
    # The same name in many articles is compared once: one item per name and label, with
    # the context of all its articles (pairs of items grow with the square of the story).
    distinct, view = _distinct_names(items, groups)
    _merge_variants(distinct, view, settings)
    _attach_acronyms(distinct, view)
    _attach_fuller_names(distinct, view, settings)
    _attach_short_forms(distinct, view, settings)
    members: dict[int, list[LocalEntity]] = defaultdict(list)
    for i, item in enumerate(items):
        members[groups.find(i)].append(item)
    ordered = sorted(members.values(), key=lambda group: -sum(len(m.mentions) for m in group))
    _add_office_references(ordered, articles, analyses)
    entities, index = [], {}
    for cross_id, group in enumerate(ordered):
        entities.append(_cross_entity(cross_id, group))
        for item in group:
            if item.index >= 0:  # an office reference has no entity of its article
                index[(item.article_id, item.index)] = cross_id
    return tuple(entities), index


def _add_office_references(groups: list[list[LocalEntity]], articles: Sequence[Article],
                           analyses: Sequence[Analysis]) -> None:
    """"the Queen" added to the one person of the story titled Queen, in every article that
    writes it (``offices``), as a mention of that article."""
    people = {n: [form for item in group for form in item.forms]
              for n, group in enumerate(groups) if group[0].is_person}
    holders = office_holders(people)
    if not holders:
        return
    for article, analysis in zip(articles, analyses):
        taken = [m.span for m in analysis.mentions if m.entity is not None]
        for office, span, written in office_mentions(article, taken):
            if office in holders:
                group = groups[holders[office]]
                group.append(LocalEntity(
                    article_id=article.id, index=-1, name=group[0].name, label="PERSON",
                    tokens=(), forms=(written,), mentions=(span,), context=frozenset()))


def _cross_entity(cross_id: int, group: list[LocalEntity]) -> CrossEntity:
    weight: Counter[str] = Counter()
    for item in group:
        weight[item.name] += len(item.mentions) + 100 * (len(item.tokens) > 1)
    name = max(weight, key=lambda n: (weight[n], len(n)))
    labels = Counter(item.label for item in group)
    variants: dict[str, list[LocalEntity]] = defaultdict(list)
    for item in group:
        variants[item.article_id].append(item)
    return CrossEntity(
        id=cross_id, name=name, label=labels.most_common(1)[0][0],
        variants=tuple(_variant(article_id, items) for article_id, items in variants.items()),
        mention_count=sum(len(item.mentions) for item in group),
    )


def _variant(article_id: str, items: list[LocalEntity]) -> EntityVariant:
    fullest = max(items, key=lambda item: (len(item.tokens), len(item.mentions)))
    forms = tuple(dict.fromkeys(form for item in items for form in item.forms))
    mentions = tuple(sorted(span for item in items for span in item.mentions))
    return EntityVariant(article_id=article_id, name=fullest.name, forms=forms, mentions=mentions)


def same_source(a: str, b: str, *, settings: CompareSettings) -> bool:
    """Two upstream source names that name one source ("the Times" / "The New York Times")."""
    ta, tb = name_tokens(a), name_tokens(b)
    if not ta or not tb:
        return False
    if ta == tb:
        return True
    shorter, longer = sorted((ta, tb), key=len)
    return len(shorter) < len(longer) and longer[-len(shorter):] == shorter
