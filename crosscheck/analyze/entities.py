"""Entity mentions and their resolution inside one article.

Mentions come from spaCy's named entities (names), plus personal pronouns ("he", "she") and
role nouns ("the president") that refer to a person the article has named. Names are grouped
into entities by exact form, short forms ("Lukashenko" = "Alexander Lukashenko", "the Times" =
"The New York Times") and acronyms ("NATO"); an entity's name is the fullest form the article
uses, without titles. Titles and appositions stay in the text (mention spans point at the
name only) and are read here as an entity's roles, so "the president" can be resolved.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field, replace

from crosscheck.analyze.doc_index import DocIndex
from crosscheck.analyze.quotes.marks import quoted_spans
from crosscheck.nlp.spacy_model import word_classes
from crosscheck.records import Entity, Mention, Span
from crosscheck.settings import AnalyzeSettings

MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_PATRONYMIC = frozenset({"bin", "bint", "ibn", "binti"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


@dataclass
class _Draft:
    """An entity being built: its mentions (indices) and the name keys that reach it."""

    label_votes: Counter = field(default_factory=Counter)
    mentions: list[int] = field(default_factory=list)
    names: list[tuple[str, ...]] = field(default_factory=list)  # display tokens per mention
    keys: list[tuple[str, ...]] = field(default_factory=list)  # the names lower-cased


def find_entities(
    doc, *, settings: AnalyzeSettings, index: DocIndex | None = None  # type: ignore[no-untyped-def]
) -> tuple[tuple[Mention, ...], tuple[Entity, ...]]:
    """Name mentions resolved into entities, then pronoun and role mentions resolved to them;
    ``index`` is the Doc's ``DocIndex`` if built."""
    index = index if index is not None else DocIndex.of(doc)
    names = _name_mentions(doc, settings, index.text)
    drafts, owner = _group_names(names, settings, doc)
    entities = tuple(_entity(index, draft, names, doc) for index, draft in enumerate(drafts))
    mentions = [  # a name mention carries its entity's label once the evidence is weighed
        Mention(span=m.span, text=m.text, label=entities[owner[i]].label, entity=owner[i])
        for i, m in enumerate(names)
    ]
    mentions += _reference_mentions(index, tuple(mentions), entities, settings)
    mentions.sort(key=lambda mention: mention.span)
    return _reindex(tuple(mentions), entities)


# --- name mentions ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Name:
    span: Span
    text: str
    label: str
    tokens: tuple[str, ...]  # the name as display tokens, titles and "the" removed
    sentence_start: bool
    root: int = -1  # token index of the name's last word (its syntactic head, for evidence)


def _name_mentions(doc, settings: AnalyzeSettings, text: str) -> list[_Name]:  # type: ignore[no-untyped-def]
    titles = frozenset(settings.person_titles)
    names = []
    ents = with_country_sections([ent for ent in doc.ents if ent.label_ in settings.mention_labels])
    written = _WrittenNames.of(ents, text)
    for ent in ents:
        tokens = without_fragments(list(ent), written, titles, person=ent.label_ == "PERSON")
        if ent.label_ == "PERSON" and tokens:  # a name that was all fragments has none
            tokens = _given_names(doc, tokens, titles) + tokens
        owners = [k for k, token in enumerate(tokens[:-1]) if token.text in _POSSESSIVE]
        if owners and ent.label_ == "PERSON":
            tokens = tokens[owners[-1] + 1 :]  # "Belarus's Lukashenko": the person is after
        while tokens and (tokens[-1].text in _POSSESSIVE or tokens[-1].is_punct):
            tokens.pop()
        while tokens and tokens[0].is_punct:
            tokens.pop(0)
        if not tokens:
            continue
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        words = _words(tokens)
        sentence_start = tokens[0].is_sent_start is True
        if words[0].lower() == "the" and (words[0] == "the" or sentence_start and ent.label_ != "ORG"):
            words.pop(0)
        label = ent.label_
        if label != "PERSON" and _titled_person(words, doc[tokens[0].i - 1] if tokens[0].i else None):
            label = "PERSON"  # "Mayor Helena Marsh" tagged ORG: a title makes it a person
        if label == "PERSON":
            words = without_titles(words, titles)
            if len(words) == 1 and _abbreviated_title(words[0], titles):
                continue  # "Det" of "Det Con Mary Oakes", tagged a person of its own
        if words and any(ch.isupper() for word in words for ch in word):  # "the state news": no name
            names.append(_Name(Span(start, end), text[start:end], label,
                               tuple(words), sentence_start, tokens[-1].i))
    return names


# --- an organisation's national section ----------------------------------------------------



def with_country_sections(ents: list) -> list:  # type: ignore[type-arg]
    """An organisation's name followed by a country code spaCy tagged apart is one name: the
    national section ("Amnesty International UK", "Amnesty International U.K.'s director")."""
    merged: list = []
    for ent in ents:
        previous = merged[-1] if merged else None
        if previous is not None and _country_section(previous, ent):
            merged[-1] = ent.doc[previous.start:ent.end]
            merged[-1].label_ = previous.label_
        else:
            merged.append(ent)
    return merged


def _country_section(org, place) -> bool:  # type: ignore[no-untyped-def]
    code = place.text.replace(".", "")
    if (org.label_ != "ORG" or place.label_ != "GPE" or place.start != org.end or len(org) < 2
            or not (2 <= len(code) <= 3 and code.isalpha() and code.isupper())):
        return False
    # Only where the phrase ends there (punctuation or a possessive): a word after the code
    # may make it the start of a new phrase ("the EU US trade deal", "trade" read as a verb).
    after = place.doc[place.end] if place.end < len(place.doc) else None
    return after is None or after.is_punct or after.text in _POSSESSIVE


# --- fragments glued to a name -------------------------------------------------------------

# Words that open a photo credit: "Courtesy of <zoo> and ...", "Photo: <name>".
CREDIT_WORDS = frozenset({"courtesy", "photo", "photos", "photograph", "photographs",
                          "picture", "pictures", "image", "images", "credit", "credits",
                          "file", "video", "via"})
# Picture agencies as a class, as written in credits; matched as whole words at a name's ends.
PICTURE_AGENCIES = tuple(tuple(name.split()) for name in (
    "getty images", "afp", "ap", "reuters", "epa", "epa-efe", "efe", "shutterstock",
    "alamy", "pa", "pa images", "pa wire", "pa media", "xinhua", "rex features",
    "corbis", "nurphoto", "anadolu", "anadolu agency", "zuma", "zuma press", "sipa", "dpa",
    "ansa", "kyodo", "tass", "sopa images", "afp/getty images", "ap photo", "imago",
))
# Adjectives that often begin a name ("New York", "United Nations", "Free Syrian Army"):
# general English, never taken for a word glued to a name.
NAME_OPENING_WORDS = frozenset({
    "new", "united", "great", "grand", "old", "holy", "royal", "national", "federal",
    "central", "upper", "lower", "greater", "north", "south", "east", "west", "northern",
    "southern", "eastern", "western", "little", "free", "democratic", "republican", "liberal",
    "conservative", "socialist", "islamic", "catholic", "christian", "international", "global",
    "supreme", "high", "first", "second", "third", "red", "black", "white", "green", "blue",
    "golden", "silver", "sacred", "saint", "fort", "mount", "lake", "big", "general", "special",
})
# Lower-case words that never end a name: "<park> on", "<zoo> and".
FUNCTION_POS = frozenset({"ADP", "CCONJ", "SCONJ", "DET", "PART", "PRON", "AUX"})


@dataclass(frozen=True)
class _WrittenNames:
    """The article's text, and its entity texts written where a capital letter says nothing
    about the first word (neither at a sentence start nor in a headline)."""

    text: str
    mid_sentence: frozenset[str]

    @classmethod
    def of(cls, ents, text: str) -> _WrittenNames:  # type: ignore[no-untyped-def]
        return cls(text, frozenset(ent.text for ent in ents if not _opens_sentence(ent[0])))

    def elsewhere(self, words: str, start: int, end: int) -> bool:
        """``words`` are written on their own somewhere outside [start, end): as whole words,
        not after a capitalised word ("Street" of "10 Harcourt Square" is no name alone)."""
        pattern = r"(?<![\w\-])" + re.escape(words) + r"(?!\w)"
        return any(not (start <= m.start() < end) and not _after_capitalised(self.text, m.start())
                   for m in re.finditer(pattern, self.text))


def _after_capitalised(text: str, offset: int) -> bool:
    previous = text[:offset].rstrip().rsplit(None, 1)[-1:] or [""]
    return previous[0][:1].isupper() and previous[0][-1:].isalnum()


def _opens_sentence(token) -> bool:  # type: ignore[no-untyped-def]
    return token.i == 0 or token.is_sent_start is True


def without_fragments(tokens: list, written: _WrittenNames,  # type: ignore[type-arg]
                      titles: frozenset[str], *, person: bool) -> list:  # type: ignore[type-arg]
    """An entity's tokens without the words spaCy glued to the name: a photo credit's opening
    ("Courtesy of"), a picture agency glued to a person's name ("Getty Images <name>"), a
    trailing function word ("and"), and a verb or adjective that only has its capital from
    opening the sentence ("Tranquilizing <name>", "Controversial Maine")."""
    tokens = _without_credit_opening(tokens)
    if person:  # an agency's own entity ("Reuters Institute") keeps its name
        tokens = _without_agency(tokens)
    while tokens and tokens[-1].is_lower and tokens[-1].pos_ in FUNCTION_POS:
        tokens = tokens[:-1]
    if len(tokens) > 1 and _glued_word(tokens, written, titles):
        tokens = tokens[1:]
    return tokens


def _without_credit_opening(tokens: list) -> list:  # type: ignore[type-arg]
    if len(tokens) < 2 or tokens[0].lower_ not in CREDIT_WORDS:
        return tokens
    rest = tokens[1:]
    while rest and (rest[0].is_punct or rest[0].pos_ in FUNCTION_POS):
        rest = rest[1:]
    return rest


def _without_agency(tokens: list) -> list:  # type: ignore[type-arg]
    words = tuple(token.lower_ for token in tokens if not token.is_punct)
    for agency in sorted(PICTURE_AGENCIES, key=len, reverse=True):
        size = len(agency)
        if len(words) > size and words[:size] == agency:
            return _words_after(tokens, size)
        if len(words) > size and words[-size:] == agency:
            return _words_before(tokens, len(words) - size)
    return tokens


def _words_after(tokens: list, count: int) -> list:  # type: ignore[type-arg]
    """The tokens after the first ``count`` words, punctuation between them dropped."""
    seen = 0
    for k, token in enumerate(tokens):
        if seen == count and not token.is_punct:
            return tokens[k:]
        seen += not token.is_punct
    return []


def _words_before(tokens: list, count: int) -> list:  # type: ignore[type-arg]
    """The tokens of the first ``count`` words, trailing punctuation dropped."""
    kept, seen = [], 0
    for token in tokens:
        if seen == count:
            break
        kept.append(token)
        seen += not token.is_punct
    while kept and kept[-1].is_punct:
        kept.pop()
    return kept


def _glued_word(tokens: list, written: _WrittenNames,  # type: ignore[type-arg]
                titles: frozenset[str]) -> bool:
    """The first word is a gerund or an adjective (not also a noun, not a title, not a word
    that often begins a name) that opens the sentence, the rest of the name is written on its own
    elsewhere in the article, and the whole is never written in mid-sentence: "Tranquilizing
    Harambe", "Controversial Maine". ("Northern Ireland" stays: "northern" is a noun too.)"""
    first = tokens[0]
    lower = first.lower_
    if (not _opens_sentence(first) or lower in titles or lower in NAME_OPENING_WORDS
            or not first.text[:1].isupper()):
        return False
    classes = word_classes(lower)  # a noun too ("Harcourt", "Reading") may well be a name
    gerund = "verb" in classes and lower.endswith("ing")
    if "noun" in classes or not (gerund or "adj" in classes):
        return False
    end = tokens[-1].idx + len(tokens[-1].text)
    whole, rest = written.text[first.idx:end], written.text[tokens[1].idx:end]
    return written.elsewhere(rest, first.idx, end) and whole not in written.mid_sentence


def without_titles(words: list[str], titles: frozenset[str]) -> list[str]:
    """A person's name without the titles written before it: everything up to the last title
    word goes, so the office's own words go with it ("Police Inspector Ruth Ambler", "Korran
    Gov. Anton Rekke" -> "Ruth Ambler", "Anton Rekke"). The last word is always
    kept: "John Major" stays whole."""
    last_title = max((k for k, word in enumerate(words[:-1]) if word.lower() in titles),
                     default=-1)
    return words[last_title + 1:]


def _abbreviated_title(word: str, titles: frozenset[str]) -> bool:
    """A title written short ("Det", "Ch", "Sgt."): never a name alone, unlike the titles
    that are surnames too ("King", "Major")."""
    return word.lower() in titles and (word.endswith(".") or len(word) <= 3)


def _words(tokens) -> list[str]:  # type: ignore[no-untyped-def]
    """The name's words as written: tokens without space between them are one word
    ("Jong-un", not "Jong - un")."""
    words: list[str] = []
    glued = False
    for token in tokens:
        if glued and words:
            words[-1] += token.text
        else:
            words.append(token.text)
        glued = not token.whitespace_
    return words


def _given_names(doc, tokens, titles) -> list:  # type: ignore[no-untyped-def]
    """Capitalised name words spaCy left out just before a person's name ("Ana" of "Ana
    Diaz"): proper nouns compounded into the name, not titles, not part of another entity."""
    extra: list = []
    index = tokens[0].i - 1
    while index >= 0:
        token = doc[index]
        if (token.pos_ != "PROPN" or token.dep_ != "compound" or token.ent_type_
                or not token.text[:1].isupper() or token.lower_ in titles):
            break
        extra.insert(0, token)
        index -= 1
    return extra


def _group_names(names: list[_Name], settings: AnalyzeSettings, doc):  # type: ignore[no-untyped-def]
    """Group name mentions: longest names first, then short forms joined to a longer name."""
    drafts: list[_Draft] = []
    by_key: dict[tuple[str, ...], int] = {}
    owner: list[int | None] = [None] * len(names)
    order = sorted(range(len(names)), key=lambda i: (-len(names[i].tokens), i))
    for i in order:
        name = names[i]
        key = tuple(word.lower() for word in name.tokens)
        if _is_surname_of_person(name, key, drafts, doc):
            name = names[i] = replace(name, label="PERSON")  # "Terentiev" tagged ORG
        target = by_key.get(key)
        if target is None:
            target = _short_form_owner(name, i, names, owner, drafts)
        if target is None:
            drafts.append(_Draft())
            target = len(drafts) - 1
        by_key.setdefault(key, target)
        owner[i] = target
        drafts[target].mentions.append(i)
        drafts[target].names.append(name.tokens)
        drafts[target].keys.append(key)
        drafts[target].label_votes[name.label] += 1
    return drafts, owner


def _short_form_owner(name: _Name, index, names, owner, drafts) -> int | None:  # type: ignore[no-untyped-def]
    """The entity a shorter name belongs to: surname, suffix or acronym of a longer name.

    When several entities fit (two people called Smith), the one mentioned nearest before
    this mention wins; with none before it, the nearest after.
    """
    key = tuple(word.lower() for word in name.tokens)
    fits = []
    for target, draft in enumerate(drafts):
        if not _compatible(name.label, draft.label_votes):
            continue
        if any(_is_short_form(key, full, name) for full in draft.keys):
            fits.append(target)
    if not fits and name.label == "PERSON" and len(key) == 1:
        # a first name alone ("Hillary"): only when exactly one named person carries it
        fits = [target for target, draft in enumerate(drafts)
                if _compatible(name.label, draft.label_votes)
                and any(len(full) > 1 and full[0].lower() == key[0] for full in draft.names)]
        return fits[0] if len(fits) == 1 else None
    if len(fits) <= 1:
        return fits[0] if fits else None
    def distance(target: int) -> tuple[int, int]:
        gaps = [index - j for j in drafts[target].mentions]
        before = [gap for gap in gaps if gap > 0]
        return (0, min(before)) if before else (1, min(abs(gap) for gap in gaps))
    return min(fits, key=distance)


def _compatible(label: str, votes: Counter) -> bool:
    is_person = votes.most_common(1)[0][0] == "PERSON"
    return (label == "PERSON") == is_person


def _is_short_form(key: tuple[str, ...], full: tuple[str, ...], name: _Name) -> bool:
    if len(key) >= len(full):
        return False
    if full[-len(key):] == key:  # surname, "Times" of "New York Times"
        # ... but not the father's name in a patronymic ("Salman" of "Mohammed bin Salman")
        return full[-len(key) - 1] not in _PATRONYMIC

    if name.label != "PERSON" and len(key) == 1 and name.tokens[0].isupper() and len(key[0]) > 1:
        initials = "".join(word[0] for word in full if word[:1].isalpha())
        return initials == key[0]
    return False


def _is_surname_of_person(name: _Name, key: tuple[str, ...], drafts: list[_Draft],
                          doc) -> bool:  # type: ignore[no-untyped-def]
    """A one-word name spaCy tagged as a body or place that is the surname of a person the
    article names in full ("Terentiev" after "Mykhailo Terentiev"), with no organisation word
    and not used as a place ("in Jordan")."""
    if name.label not in NOT_PERSON_LABELS or len(key) != 1 or _has_org_word(name.tokens):
        return False
    root = doc[name.root]
    if root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPOSITIONS:
        return False
    return any(draft.label_votes.most_common(1)[0][0] == "PERSON"
               and any(len(full) > 1 and full[-1].lower() == key[0] for full in draft.names)
               for draft in drafts)


LOCATIVE_PREPOSITIONS = frozenset({"in", "near", "outside", "inside", "across", "throughout",
                                   "into", "to", "from", "at"})


def _entity(index: int, draft: _Draft, names: list[_Name], doc) -> Entity:  # type: ignore[no-untyped-def]
    label = draft.label_votes.most_common(1)[0][0]
    fullest = max(draft.names, key=len)  # first of the longest, as max keeps the first
    mentions = [names[i] for i in draft.mentions]
    if label == "PERSON" and _is_organisation(fullest, mentions, doc):
        label = "ORG"
    elif label == "PERSON" and _is_place(fullest, mentions, doc):
        label = "GPE"
    elif label in NOT_PERSON_LABELS and _is_person(fullest, mentions, doc):
        label = "PERSON"
    return Entity(index=index, name=" ".join(fullest), label=label, mentions=())


# --- places tagged as people ---------------------------------------------------------

# Prepositions whose object is a place far more often than a person: "in Kyiv", "near Dalmora".
PLACE_PREPOSITIONS = frozenset({"in", "into", "near", "across", "throughout", "outside"})
# Nouns a place name completes: "the capital of Kyiv", "the city, Dalmora".
PLACE_NOUNS = frozenset({
    "capital", "city", "town", "village", "region", "province", "district", "county", "state",
    "country", "port", "outskirts", "suburb", "suburbs", "centre", "center", "area", "island",
})


def _is_place(fullest: tuple[str, ...], names: list[_Name], doc) -> bool:  # type: ignore[no-untyped-def]
    """Evidence that a one-word name tagged PERSON names a place: a mention that is the object
    of "in"/"near"/... or completes a place noun ("the capital of Kyiv", "the city, Kyiv").
    Only one-word names: a person named in full is rarely found "in" a sentence's syntax so."""
    if len(fullest) != 1:
        return False
    return any(name.root >= 0 and _place_position(doc[name.root]) for name in names)


def _place_position(token) -> bool:  # type: ignore[no-untyped-def]
    head = token.head
    if token.dep_ == "pobj" and head.lower_ in PLACE_PREPOSITIONS:
        return True
    if token.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in PLACE_NOUNS:
        return True
    return token.dep_ == "appos" and head.lemma_.lower() in PLACE_NOUNS


# --- organisations tagged as people -----------------------------------------------------

# Words that end (or make up) the name of an organisation, never of a person: "Kessan Marine
# Works", "Veldhaven Rail", "Brennick Agri-Supply", "the Herald". General English, not names.
ORG_WORDS = frozenset({
    "works", "rail", "railway", "railways", "supply", "supplies", "group", "ministry", "council",
    "trust", "herald", "press", "company", "co", "co.", "corp", "corp.", "corporation", "inc",
    "inc.", "ltd", "ltd.", "llc", "plc", "bank", "union", "federation", "agency", "service",
    "services", "authority", "directorate", "office", "party", "association", "airlines",
    "airways", "energy", "industries", "holdings", "partners", "motors", "foods", "media",
    "news", "times", "post", "gazette", "courier", "observer", "ledger", "sentinel", "tribune",
    "chronicle", "telegraph", "journal", "university", "college", "hospital", "police",
    "court", "department", "commission", "committee", "institute", "foundation", "society",
    "league", "systems", "logistics", "shipping", "petroleum", "steel", "mining",
    "construction", "builders", "chamber", "bureau", "network", "broadcasting", "pharma",
    "pharmaceuticals", "technologies", "labs", "laboratories", "insurance", "airport", "port",
    "transport", "transit", "utilities", "water", "power", "telecom", "fund", "capital",
    "ventures", "enterprises", "consulting", "solutions", "studios", "records", "brewery",
    "farms", "agri", "mills", "foundry", "shipyard", "dockyard", "engineering", "electric",
    "images",  # picture agencies: "Getty Images", "PA Images"
})
# Nouns that describe an organisation in apposition or by the role it plays: "the contractor,
# Kessan Marine Works", "the operator Veldhaven Rail".
ORG_NOUNS = frozenset({
    "company", "firm", "contractor", "operator", "group", "business", "corporation",
    "supplier", "manufacturer", "employer", "carrier", "union", "ministry", "agency",
    "newspaper", "outlet", "broadcaster", "retailer", "subsidiary", "bank", "insurer",
    "lender", "charity", "organisation", "organization", "utility", "exporter", "importer",
    "airline",
})  # not "owner", "producer", "developer": people are those too


# Labels spaCy's small model gives to people's names by mistake ("Agnes Brandt" LOC).
NOT_PERSON_LABELS = frozenset({"ORG", "LOC", "GPE", "FAC", "NORP", "PRODUCT", "WORK_OF_ART"})
# Titles that only a person carries ("Mayor Helena Marsh"); not "St." (St. Petersburg),
# "General" (General Motors) or "State".
PERSON_TITLES = frozenset({
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "mayor", "governor", "gov.",
    "senator", "sen.", "president", "minister", "judge", "chancellor", "pope", "sheikh", "sir",
    "dame", "professor", "prof.", "ambassador", "commissioner", "councillor", "councilman",
    "councilwoman", "rep.", "congressman", "congresswoman",
})
# Nouns for a person in apposition: "Agnes Brandt, a Green councillor".
PERSON_NOUNS = frozenset({
    "councillor", "councilman", "councilwoman", "critic", "spokesman", "spokeswoman",
    "spokesperson", "director", "official", "leader", "chief", "head", "secretary", "minister",
    "mayor", "governor", "senator", "lawmaker", "politician", "resident", "worker", "driver",
    "father", "mother", "son", "daughter", "wife", "husband", "brother", "sister", "man",
    "woman", "activist", "lawyer", "prosecutor", "judge", "auditor", "chairman", "chairwoman",
    "president", "founder", "executive", "manager", "member", "candidate", "engineer",
    "economist", "analyst", "professor", "doctor", "survivor", "witness", "neighbour",
    "neighbor", "commuter", "officer", "reporter", "journalist", "correspondent", "editor",
})


def _titled_person(words: list[str], before) -> bool:  # type: ignore[no-untyped-def]
    """A name written with a person's title, inside it or just before it, and no
    organisation word: "Mayor Helena Marsh"."""
    title = words[0].lower() if len(words) > 1 else None
    if title not in PERSON_TITLES:
        title = before.lower_ if before is not None and before.text[:1].isupper() else None
        if title not in PERSON_TITLES:
            return False
    rest = words[1:] if words[0].lower() in PERSON_TITLES else words
    return all(word[:1].isupper() for word in rest) and not _has_org_word(tuple(rest))


def _is_person(fullest: tuple[str, ...], names: list[_Name], doc) -> bool:  # type: ignore[no-untyped-def]
    """Evidence that a name tagged as a place or body names a person: two words or more,
    no organisation word, and a person noun in apposition ("Agnes Brandt, a councillor")."""
    if len(fullest) < 2 or _has_org_word(fullest):
        return False
    return any(name.root >= 0 and _person_apposition(doc[name.root]) for name in names)


def _person_apposition(token) -> bool:  # type: ignore[no-untyped-def]
    related = [child for child in token.children if child.dep_ == "appos"]
    if token.dep_ == "appos":
        related.append(token.head)
    return any(noun.pos_ == "NOUN" and noun.lemma_.lower() in PERSON_NOUNS for noun in related)


def _has_org_word(words: tuple[str, ...]) -> bool:
    """A name with an organisation word after its first word ("Veldhaven Rail"), or one-word
    names that are such a word ("Herald"); hyphenated parts count ("Agri-Supply")."""
    lowered = [part for word in words for part in word.lower().split("-") if part]
    if not lowered:
        return False
    tail = lowered[1:] if len(lowered) > 1 else lowered
    return any(word in ORG_WORDS for word in tail)


def _is_organisation(fullest: tuple[str, ...], names: list[_Name], doc) -> bool:  # type: ignore[no-untyped-def]
    """Evidence that a name tagged PERSON names an organisation: an organisation word in the
    name, an organisation noun in apposition, or "its" referring back to it as a subject."""
    if _has_org_word(fullest):
        return True
    return any(name.root >= 0 and (_org_apposition(doc[name.root]) or _its_subject(doc[name.root]))
               for name in names)


def _org_apposition(token) -> bool:  # type: ignore[no-untyped-def]
    related = [child for child in token.children if child.dep_ == "appos"]
    if token.dep_ == "appos":
        related.append(token.head)
    return any(noun.pos_ == "NOUN" and noun.lemma_.lower() in ORG_NOUNS for noun in related)


def _its_subject(token) -> bool:  # type: ignore[no-untyped-def]
    """The name is the subject of a verb followed by "its" before any other noun: "Veldhaven
    Rail said its offer ...", "Kessan Marine Works said its staff ..."."""
    if token.dep_ != "nsubj" or token.head.i < token.i:
        return False
    for word in token.doc[token.head.i + 1 : token.head.i + 6]:
        if word.lower_ == "its":
            return True
        if word.pos_ in ("NOUN", "PROPN", "PRON") or word.is_sent_end:
            return False
    return False


def _reindex(
    mentions: tuple[Mention, ...], entities: tuple[Entity, ...]
) -> tuple[tuple[Mention, ...], tuple[Entity, ...]]:
    """Fill each entity's mention indices after the mentions were sorted by position."""
    members: dict[int, list[int]] = {}
    for position, mention in enumerate(mentions):
        if mention.entity is not None:
            members.setdefault(mention.entity, []).append(position)
    return mentions, tuple(
        Entity(e.index, e.name, e.label, tuple(members.get(e.index, ()))) for e in entities
    )


# --- pronouns and role nouns ------------------------------------------------------------


def _reference_mentions(index: DocIndex, mentions, entities, settings) -> list[Mention]:  # type: ignore[no-untyped-def]
    """Pronoun and role-noun mentions, each resolved to a person when one fits."""
    table = _references(index.doc, mentions, entities, settings, index=index)
    text = index.text
    found = []
    for token_index, (span, entity) in sorted(table.items()):
        label = "PRON" if index.pos[token_index] == "PRON" else "NOMINAL"
        found.append(Mention(span=span, text=text[span.start : span.end], label=label,
                             entity=entity))
    return found


def resolve_reference(doc, token_index: int, mentions, entities, *,  # type: ignore[no-untyped-def]
                      settings: AnalyzeSettings | None = None) -> int | None:
    """The entity (index) a pronoun or role noun at ``token_index`` refers to, if any.

    "he"/"she" go to the nearest person named before them whose known gender fits (subjects of
    a clause preferred); "the president" goes to the person the article last described as a
    president. Mentions inside quote marks are skipped unless the reference is in the same
    quotation. Results are computed once per Doc for all references and cached on it.
    """
    if settings is None:
        settings = AnalyzeSettings()
    table = _references(doc, tuple(mentions), tuple(entities), settings)
    if token_index in table:
        return table[token_index][1]
    head = doc[token_index]
    resolver = _Resolver(doc, tuple(mentions), tuple(entities), settings)
    return resolver.resolve(head)


def _references(doc, mentions, entities, settings, *, index: DocIndex | None = None) -> dict[int, tuple[Span, int | None]]:  # type: ignore[no-untyped-def]
    cache = doc.user_data.setdefault("crosscheck_references", {})
    key = (id(mentions), len(mentions), len(entities))
    if key not in cache:
        cache.clear()
        cache[key] = _Resolver(doc, mentions, entities, settings, index=index).table()
    return cache[key]


class _Resolver:
    """One pass over a Doc resolving pronouns and role nouns to named persons, in order."""

    def __init__(self, doc, mentions, entities, settings: AnalyzeSettings,  # type: ignore[no-untyped-def]
                 *, index: DocIndex | None = None) -> None:
        index = index if index is not None else DocIndex.of(doc)
        self.doc = doc
        self.index = index
        self.settings = settings
        self.quoted = quoted_spans(index.text)
        self.quote_starts = [region.start for region in self.quoted]
        self.token_starts = [token.idx for token in index.tokens]
        self.sentence_of = _sentence_numbers(index)
        self.persons = {e.index for e in entities if e.label == "PERSON"}
        self.names = [m for m in mentions
                      if m.entity in self.persons and m.label not in ("PRON", "NOMINAL")]
        self.name_starts = [m.span.start for m in self.names]
        self.gender: dict[int, str] = {}
        self.roles: dict[int, set[str]] = {}
        self._read_cues()

    def table(self) -> dict[int, tuple[Span, int | None]]:
        found: dict[int, tuple[Span, int | None]] = {}
        pos = self.index.pos
        for i, token in enumerate(self.index.tokens):
            lower = self.index.lower[i]
            if pos[i] == "PRON" and (lower in MALE_PRONOUNS or lower in FEMALE_PRONOUNS):
                found[token.i] = (Span(token.idx, token.idx + len(token.text)),
                                  self.resolve(token))
            elif pos[i] in ("NOUN", "PROPN") and self._is_role_reference(token):
                article = token.i - 1
                while self.doc[article].lower_ != "the":
                    article -= 1
                entity = self.resolve(token)
                if entity is not None:
                    found[token.i] = (Span(self.doc[article].idx, token.idx + len(token.text)),
                                      entity)
        return found

    def resolve(self, token) -> int | None:  # type: ignore[no-untyped-def]
        lower = token.lower_
        wanted = "m" if lower in MALE_PRONOUNS else "f" if lower in FEMALE_PRONOUNS else None
        role = None if wanted else token.lemma_.lower()
        if role and any(child.dep_ == "prep" and child.lower_ == "of" for child in token.children):
            return None  # "the president of Ukraine": someone the phrase itself names
        picked = self._nearest(token, wanted, role)
        if picked is not None and wanted and picked not in self.gender:
            self.gender[picked] = wanted  # later pronouns learn from this one
        return picked

    def _nearest(self, token, wanted: str | None, role: str | None) -> int | None:  # type: ignore[no-untyped-def]
        own_quote = self._quote_of(token.idx)
        here = self.sentence_of[token.i]
        end = bisect.bisect_left(self.name_starts, token.idx)
        best: tuple[int, int, int] | None = None  # (sentence, is-subject, position)
        mates = self._clause_mates(token) if wanted else set()
        for position in range(end - 1, -1, -1):
            mention = self.names[position]
            if position in mates:
                continue  # "Miller spoke after her": her is not Miller
            sentence = self.sentence_of[self._token_at(mention.span.start)]
            if here - sentence > self.settings.reference_window_sentences:
                break
            if best is not None and sentence < best[0]:
                break
            if self._quote_of(mention.span.start) not in (None, own_quote):
                continue
            if not self._fits(mention.entity, wanted, role):
                continue
            subject = self._is_subject(mention)
            if best is None or (subject and not best[1]):
                best = (sentence, subject, position)
        return None if best is None else self.names[best[2]].entity

    def _clause_mates(self, pronoun) -> set[int]:  # type: ignore[no-untyped-def]
        """Positions (in ``names``) of the names in the pronoun's own clause before it; a
        possessive or reflexive pronoun may refer to them ("Miller lost his seat")."""
        if pronoun.dep_ == "poss" or pronoun.lower_.endswith("self"):
            return set()
        verb = _clause_verb(pronoun)
        start = self.doc[verb].left_edge.idx
        first = bisect.bisect_left(self.name_starts, start)
        last = bisect.bisect_left(self.name_starts, pronoun.idx)
        return {position for position in range(first, last)
                if _clause_verb(self.doc[self._token_at(self.names[position].span.start)])
                == verb}

    def _fits(self, entity: int, wanted: str | None, role: str | None) -> bool:
        if role is not None:
            return role in self.roles.get(entity, ())
        known = self.gender.get(entity)
        return known is None or known == wanted

    def _is_subject(self, mention: Mention) -> int:
        token = self.doc[self._token_at(mention.span.end - 1)]
        while token.dep_ in ("compound", "flat") and token.head.i != token.i:
            token = token.head
        return int(token.dep_ in _SUBJECT_DEPS)

    def _token_at(self, offset: int) -> int:
        return max(bisect.bisect_right(self.token_starts, offset) - 1, 0)

    def _quote_of(self, offset: int) -> int | None:
        index = bisect.bisect_right(self.quote_starts, offset) - 1
        if index >= 0 and self.quoted[index].start <= offset < self.quoted[index].end:
            return index
        return None

    def _is_role_reference(self, token) -> bool:  # type: ignore[no-untyped-def]
        if token.pos_ not in ("NOUN", "PROPN") or token.i == 0 or token.dep_ == "compound":
            # ("the president" is often tagged PROPN; "trade" of "the trade adviser" is no head)
            return False
        lemma = token.lemma_.lower()
        if not any(lemma in roles for roles in self.roles.values()):
            return False
        left = [t for t in self.doc[max(token.i - 3, 0) : token.i]]
        if not any(t.lower_ == "the" for t in left):
            return False
        after = token.nbor() if token.i + 1 < len(self.doc) else None
        return after is None or after.pos_ != "PROPN"  # "the president Vladimir Putin": a name

    def _read_cues(self) -> None:
        """Roles (titles, appositions) and gender cues of each named person."""
        male, female = set(self.settings.male_cues), set(self.settings.female_cues)
        for mention in self.names:
            words = _descriptors(self.doc, self._token_at(mention.span.start),
                                 self._token_at(mention.span.end - 1))
            self.roles.setdefault(mention.entity, set()).update(words)
            if words & male:
                self.gender.setdefault(mention.entity, "m")
            elif words & female:
                self.gender.setdefault(mention.entity, "f")


def _clause_verb(token) -> int:  # type: ignore[no-untyped-def]
    """The index of the verb of the clause a token sits in."""
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
        token = token.head  # spaCy makes a new Token per access: compare indices
    return token.i


def _descriptors(doc, first: int, last: int) -> set[str]:  # type: ignore[no-untyped-def]
    """Lower-case words describing a name: titles before it and nouns in apposition."""
    words = set()
    index = first - 1
    while index >= 0 and doc[index].pos_ in ("PROPN", "NOUN", "ADJ") and doc[index].ent_type_ != "PERSON":
        words.add(doc[index].lower_.rstrip("."))
        words.add(doc[index].lemma_.lower())
        index -= 1
    root = doc[last]
    related = [child for child in root.children if child.dep_ == "appos"]
    if root.dep_ == "appos":
        related.append(root.head)
    for noun in related:
        if noun.pos_ == "NOUN":
            words.add(noun.lemma_.lower())
            words.update(c.lemma_.lower() for c in noun.children if c.dep_ == "compound")
    return words


def _sentence_numbers(index: DocIndex) -> list[int]:
    numbers = [0] * len(index.tokens)
    for number, sent in enumerate(index.sents):
        for i in range(sent.start, sent.end):
            numbers[i] = number
    return numbers
