"""Who is speaking: the speaker phrase at a cue verb, and the person it refers to.

``speaker_phrase`` finds the subject of a cue (or the agent of a passive cue, or the subject
inherited from a coordinated verb). ``SpeakerResolver`` turns that phrase into a name:

- a name ("Sannikov") becomes the fullest name the article uses for that person;
- a pronoun ("he", "she") becomes the nearest preceding person of a compatible gender, the
  gender learnt from the pronouns and titles used earlier for the same person;
- a role noun ("the president") becomes the person described with that role (a title
  "President X", or an apposition "X, the president") mentioned most recently;
- anything else ("a source", "officials") stays as written.

Names inside quoted material are not candidates: a name in what someone said is rarely the
person who said it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from crosscheck.analyze.doc_index import DocIndex
from crosscheck.analyze.quotes.polarity import is_certainty_passive
from crosscheck.analyze.source_roles import is_document_head, is_unnamed_speaker_head
from crosscheck.analyze.source_roles import strip_possessive as _strip_possessive
from crosscheck.records import Entity, Mention, Span

MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
PERSONAL_PRONOUNS = MALE_PRONOUNS | FEMALE_PRONOUNS
PERSONAL_SUBJECTS = frozenset({"i", "we", "you", "he", "she", "they", "who"})
MALE_TITLES = frozenset({"mr", "mr.", "sir", "lord", "king", "prince", "father"})
FEMALE_TITLES = frozenset(
    {"mrs", "mrs.", "ms", "ms.", "miss", "madam", "lady", "queen", "princess"}
)
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
# Dependents that belong to a speaker phrase as written (not appositions or relative clauses).
PHRASE_DEPS = frozenset(
    {"compound", "det", "amod", "nummod", "poss", "case", "flat", "nmod", "quantmod"}
)
PERSON_LABELS = frozenset({"PERSON"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Person nouns that may stand for an unnamed speaker a pronoun refers to, by gender.
UNNAMED_PEOPLE = {
    "m": frozenset({"spokesman", "man", "chairman", "father", "brother", "son", "husband"}),
    "f": frozenset({"spokeswoman", "woman", "chairwoman", "mother", "sister", "daughter",
                    "wife"}),
    "": frozenset({"spokesperson", "official", "witness", "resident", "neighbour", "neighbor"}),
}


# Words that head a phrase but cannot say anything: times, swarms of things and
# abstractions ("Friday said", "a flurry said", "the facts show"): better no speaker than
# one of these. Counts of people do speak ("63 percent said", "one said", "a number of
# officials said": PolNeAR dev has such speakers), so amounts are not on the list.
TIME_WORDS = frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
    "yesterday", "tomorrow", "tonight", "week", "weekend", "month", "year", "morning",
    "afternoon", "evening", "night", "day",
})
SWARM_WORDS = frozenset({"flurry", "spate", "wave", "barrage", "raft", "slew", "series",
                         "string", "torrent", "avalanche"})
ABSTRACT_WORDS = frozenset({
    "fact", "truth", "reality", "idea", "notion", "issue", "question", "matter", "problem",
    "situation", "thing", "reason", "possibility", "likelihood",
})


def can_speak(phrase) -> bool:  # type: ignore[no-untyped-def]
    """A speaker phrase names a person, organisation, document or group: not a weekday or
    date, a swarm of things ("a flurry of"), or an abstract noun ("the facts")."""
    root = phrase.root
    lemma = root.lemma_.lower()
    if root.ent_type_ in ("DATE", "TIME") and root.pos_ != "PROPN" and not _is_age(root):
        return False
    if _is_dateline(root):
        return False  # "CLEVELAND, July 19 (UPI) — Ann Vey told ...": where, not who
    if root.pos_ == "VERB":
        return False  # a clause the parser made the subject ("Making her way in, X said")
    return not (lemma in TIME_WORDS or lemma in SWARM_WORDS or lemma in ABSTRACT_WORDS)


def _is_age(root) -> bool:  # type: ignore[no-untyped-def]
    """ "the 43-year-old": a person by their age, which the entity stage reads as a date."""
    return root.lower_ == "old" and any(
        child.lemma_.lower() in ("year", "month") for child in root.lefts)


QUOTE_MARKS = frozenset({'"', "“", "”", "''", "``", "‘", "’"})

# A dateline opening a paragraph: a place, maybe a date, maybe an agency in brackets, then
# a dash ("CLEVELAND, July 19 (UPI) — ", "Washington (AFP) – ").
DATELINE = re.compile(r"([A-Z][\w.' -]{0,30}?)(?:, [\w. ]{1,20}?)?\s*(\([A-Z][A-Za-z]{1,14}\))?\s*[—–-]\s")


def _is_dateline(token) -> bool:  # type: ignore[no-untyped-def]
    """A word of a paragraph's dateline: where the story was filed, not who speaks. The
    place is in capitals or followed by an agency in brackets."""
    # Doc.text joins every token on each call: kept once per Doc (a cost per speaker that
    # grew with the text made long articles quadratic)
    kept = token.doc.user_data
    if "crosscheck.text" not in kept:
        kept["crosscheck.text"] = token.doc.text
    text = kept["crosscheck.text"]
    reach = max(token.idx - 41, 0)  # bounded: a long paragraph is not searched per speaker
    start = text.rfind("\n", reach, token.idx) + 1
    if start == 0 and reach > 0:
        return False  # no paragraph start within 40 characters
    match = DATELINE.match(text, start, min(start + 60, len(text)))
    if match is None or token.idx >= match.end():
        return False
    first = match.group(1).split()[0]
    return match.group(2) is not None or (len(first) > 1 and first.isupper())


# How many quotes back an unresolved speaking pronoun may find its last speaker.
LAST_SPEAKER_REACH = 3


@dataclass(frozen=True)
class Resolved:
    name: str | None
    entity: int | None = None


def speaker_phrase(cue) -> tuple[object, object] | None:  # type: ignore[no-untyped-def]
    """(head token, phrase span) of the cue's speaker, or None when the parse shows none."""
    head = _speaker_head(cue)
    if head is None or not can_speak(phrase_span(head)):
        verb = head.head if head is not None and head.dep_ in SUBJECT_DEPS else cue
        head = _name_before(verb) or head
    if head is None:
        return None
    return head, phrase_span(head)


# Verbs whose passive subject holds the view: "X is convinced that", "X is worried about"
# (not those whose passive subject is spoken to, "X was assured that": polarity.ADDRESSED_VERBS).
EXPERIENCER_VERBS = frozenset({
    "convince", "persuade", "worry", "concern", "disappoint", "please", "satisfy",
    "surprise", "shock", "alarm", "frustrate", "determine", "commit", "resign",
    "incline", "interest", "thrill", "delight", "excite", "trouble", "dismay", "upset",
    "anger", "outrage", "offend", "annoy", "impress", "amaze", "confuse", "intrigue",
})


# Things that carry someone's words, beside papers: "a speech attacking", "banners
# proclaiming", "an op-ed defending", "ads criticizing".
CARRIER_NOUNS = frozenset({
    "speech", "address", "remark", "comment", "interview", "article", "column", "op-ed",
    "ed", "editorial", "essay", "book", "post", "tweet", "message", "video", "ad",
    "advertisement", "commercial", "sign", "banner", "placard", "poster", "petition",
    "resolution", "motion", "amendment", "bill", "lawsuit", "suit", "appeal", "order",
})
CARRIER_PREPOSITIONS = frozenset({"in", "during", "with", "through", "via", "by"})


# Dependencies of a name that make it someone's object, owner or place, not a subject.
NOT_SUBJECT_DEPS = frozenset({"poss", "pobj", "dobj", "dative", "iobj"})


def _name_before(cue):  # type: ignore[no-untyped-def]
    """The name of a person or body just before a cue the parse gives no subject that can
    speak, with no verb between ("On Saturday at the convention Sen. Ann Vey (D) said",
    where the parse makes "Saturday" the subject and the name an apposition)."""
    for token in reversed(cue.sent[: cue.i - cue.sent.start]):
        if token.text in QUOTE_MARKS or token.pos_ == "VERB" or (
                token.pos_ == "AUX" and token.dep_ not in ("aux", "auxpass")):
            return None
        if token.ent_type_ in ("PERSON", "ORG") and token.dep_ not in NOT_SUBJECT_DEPS and (
                token.ent_iob_ != "I" or token.i + 1 == cue.i or token.nbor().ent_iob_ != "I"):
            return token if token.dep_ not in ("compound", "flat") else token.head
    return None


def quoted_speaker(cue):  # type: ignore[no-untyped-def]
    """The person quoted in "X was quoted (by Y) as saying" or "Y quoted X as saying": the
    speaker is X, not the outlet that quoted X; None for any other cue."""
    verb = cue
    if cue.dep_ == "pcomp" and cue.head.lower_ == "as" and cue.head.head.i != cue.head.i:
        verb = cue.head.head
    if verb.lemma_.lower() != "quote":
        return None
    return next((c for c in verb.children if c.dep_ in ("nsubjpass", "dobj")), None)


def _speaker_head(cue):  # type: ignore[no-untyped-def]
    quoted = quoted_speaker(cue)
    if quoted is not None:
        return quoted
    if cue.pos_ == "ADP" and cue.head.i != cue.i and cue.head.pos_ in ("VERB", "AUX"):
        return _speaker_head(cue.head)  # "pointed to", "talked about": the verb's speaker
    if cue.dep_ == "acomp" and cue.head.i != cue.i:
        # "the White House, which has been lukewarm about ...": who is lukewarm
        return next((c for c in cue.head.children if c.dep_ in ("nsubj", "csubj")), None)
    if (cue.lemma_.lower() in EXPERIENCER_VERBS or is_certainty_passive(cue)) and not any(
            c.dep_ == "agent" for c in cue.children):
        # "Ann Vey is convinced that ...", "is assured of": the one convinced holds the view
        held = next((c for c in cue.children if c.dep_ == "nsubjpass"), None)
        if held is not None:
            return held
    held = _active_experiencer(cue)
    if held is not None:
        return held  # "it amazes me that ...", "the report convinced the judge that ..."
    if cue.pos_ == "NOUN":  # "Trump's claim that ...", "a statement from the party"
        owner = next((child for child in cue.children if child.dep_ in ("poss", "nsubj")),
                     None)  # a subject: a verb tagged as a noun ("Vey claims he won")
        return owner if owner is not None else _object_of(cue, ("from", "by"))
    for child in cue.children:
        if child.dep_ == "agent":  # "reported by the state news agency Belta"
            objects = [grand for grand in child.children if grand.dep_ == "pobj"]
            if objects:
                return objects[0]
    subjects = [child for child in cue.children if child.dep_ in ("nsubj", "csubj")]
    if subjects:  # "The mayor of Dalmora, Ann Vey warned": the subject next to the verb
        subject = min(subjects, key=lambda child: abs(cue.i - child.i))
        maker = _maker_of_it(cue, subject)
        return maker if maker is not None else subject
    inverted = _inverted_subject(cue)
    if inverted is not None:
        return inverted
    as_subject = _object_of(cue, ("as",))
    if as_subject is not None and as_subject.i < cue.i:
        return as_subject  # "As Ann Vey put it, ...", with "As Ann Vey" read as a preposition
    # "X has not sent troops and told ...", "X is expected to say": the subject of the verb
    # this one is coordinated with or depends on.
    # "after saying ...", "by arguing ...": through the preposition to the verb it modifies.
    current = cue
    for _ in range(3):
        if current.head.i == current.i:
            break
        if current.dep_ == "acl" and current.head.pos_ in ("PROPN", "NOUN") and current.i > current.head.i:
            issuer = _issuer(current.head)
            if issuer is None and _is_plan_infinitive(current):
                issuer = _planner(current.head)
            # "Trump, saying that ...": the noun the participle describes; "his office put
            # out a statement saying ...": the one who issued the paper; "led an effort to
            # paint X as ...": the one who leads it
            return issuer if issuer is not None else current.head
        if current.dep_ == "pcomp" and current.head.dep_ == "prep":
            current = current.head
        elif current.dep_ not in ("conj", "xcomp", "advcl"):
            break
        controller = _object_controller(current)
        if controller is not None:
            return controller  # "forced the senators to vote": the senators vote
        via = current.dep_
        current = current.head
        if current.pos_ == "ADV" and current.dep_ == "advmod" and current.head.i != current.i:
            current = current.head  # "went so far as to say": through "far" to "went"
        for child in current.children:
            if child.dep_ == "nsubj" or (child.dep_ == "nsubjpass" and via in ("xcomp", "conj")):
                return child  # "X was prompted to say", "X was elected and said": X
        inverted = _inverted_subject(current)
        if inverted is not None:
            return inverted  # "“...,” said Ann Vey, adding that ...": Ann Vey adds
    return None


# What the parser calls the subject of a verb that follows a quote ("“...,” said Ann Vey",
# "“...?” asked Mr. Reed", where it reads the name as an object or an adverb).
INVERTED_SUBJECT_DEPS = frozenset({"dobj", "advmod", "npadvmod", "attr", "dative", "oprd"})
CLOSING_QUOTE_MARKS = frozenset({'"', "”", "“", "''", "’", "'"})


def _inverted_subject(cue):  # type: ignore[no-untyped-def]
    """The name right after a speech verb that directly follows a quote's closing mark:
    in that order English puts the subject after the verb, whatever the parse says."""
    if cue.i == 0 or cue.i + 1 >= len(cue.doc):
        return None
    if cue.doc[cue.i - 1].text not in CLOSING_QUOTE_MARKS:
        return None  # "..., ” said X"; not "“...”, tweeted the news ..." after a clause
    if any(child.dep_ in ("ccomp", "conj", "xcomp") for child in cue.rights):
        return None  # the verb has words of its own after it: not an inversion
    following = next((child for child in cue.rights if child.dep_ in INVERTED_SUBJECT_DEPS),
                     None)
    if following is None or not (following.pos_ in ("PROPN", "NOUN") or following.is_title):
        return None
    return following if following.left_edge.i == cue.i + 1 else None


def _is_plan_infinitive(verb) -> bool:  # type: ignore[no-untyped-def]
    """ "an effort to paint", "a bid to win": an infinitive on a common noun that names no
    one (not "officials to press", where the noun's people act)."""
    noun = verb.head
    return (any(child.dep_ == "aux" and child.lower_ == "to" for child in verb.lefts)
            and noun.pos_ == "NOUN" and not noun.ent_type_
            and not is_unnamed_speaker_head(noun.lemma_.lower(), noun.lower_))


def _planner(noun):  # type: ignore[no-untyped-def]
    """Who makes the effort: its owner ("his bid to"), else the speaker of the verb it is the
    object of ("will lead a Democratic effort to ...")."""
    owner = next((child for child in noun.children if child.dep_ == "poss"), None)
    if owner is not None:
        return owner
    verb = noun.head
    if noun.dep_ == "pobj" and verb.dep_ == "prep":
        verb = verb.head
    elif noun.dep_ != "dobj":
        return None
    return _speaker_head(verb) if verb.pos_ in ("VERB", "AUX") else None


def _issuer(noun):  # type: ignore[no-untyped-def]
    """Who put out the paper or sign a participle describes: its owner ("Ann Vey's op-ed
    supporting ..."), or the speaker of the verb it is the object of ("the party issued a
    statement saying", "shot back in an article stating", "held banners proclaiming")."""
    lemma = noun.lemma_.lower()
    if not (is_document_head(lemma, noun.lower_) or lemma in CARRIER_NOUNS):
        return None
    owner = next((child for child in noun.children if child.dep_ == "poss"), None)
    if owner is not None:
        return owner
    while noun.dep_ == "conj" and noun.head.i != noun.i:
        noun = noun.head  # "radio and online ads criticizing": the first of them
    verb = noun.head
    if noun.dep_ == "pobj" and verb.dep_ == "prep" and verb.lower_ in CARRIER_PREPOSITIONS:
        verb = verb.head
    elif noun.dep_ != "dobj":
        return None
    return _speaker_head(verb) if verb.pos_ in ("VERB", "AUX") else None


def _maker_of_it(cue, subject):  # type: ignore[no-untyped-def]
    """In "Ann Vey made it clear that ...", the parse may make "it" the subject of "clear":
    the one who makes it clear speaks."""
    if subject.lower_ != "it" or cue.pos_ != "ADJ" or cue.head.pos_ != "VERB":
        return None
    return _speaker_head(cue.head)  # "..., making it clear": through to the maker


# Verbs of feeling whose active object feels it ("it amazes me that"): those of
# EXPERIENCER_VERBS a person does not do to another by speaking ("Vey convinced the
# council that ...": Vey argued it).
FEELING_VERBS = EXPERIENCER_VERBS - frozenset({
    "convince", "persuade", "determine", "commit", "resign", "incline", "interest"})


def _active_experiencer(cue):  # type: ignore[no-untyped-def]
    """The object of an active verb of feeling whose subject is a thing or "it" ("it
    amazes me that", "the timing does not surprise Ann Vey"): the one who feels it holds
    the view, not its cause."""
    if cue.pos_ != "VERB" or cue.lemma_.lower() not in FEELING_VERBS:
        return None
    subject = next((child for child in cue.children if child.dep_ == "nsubj"), None)
    if subject is None or subject.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or (
            subject.pos_ == "PROPN" or subject.lower_ in PERSONAL_SUBJECTS):
        return None
    return next((child for child in cue.children if child.dep_ == "dobj"
                 and child.pos_ in ("PRON", "PROPN", "NOUN")), None)


def _object_controller(verb):  # type: ignore[no-untyped-def]
    """The object of the verb an infinitive depends on, who does what the infinitive says
    ("pushed the senators to speak out", "prompting them to focus"); None for a verb with
    no object before the infinitive ("wants to speak": the subject speaks)."""
    if verb.dep_ != "xcomp" or not any(child.lower_ == "to" for child in verb.lefts):
        return None
    return next((child for child in verb.head.children
                 if child.dep_ == "dobj" and child.i < verb.i), None)


def _object_of(word, prepositions: tuple[str, ...]):  # type: ignore[no-untyped-def]
    for child in word.children:
        if child.dep_ == "prep" and child.lower_ in prepositions:
            return next((grand for grand in child.children if grand.dep_ == "pobj"), None)
    return None


def phrase_span(head):  # type: ignore[no-untyped-def]
    """The noun phrase of ``head`` as written: its modifiers and title, not appositions.

    A possessive outlet before a name ("The New York Times' Andrew Higgins") is left out: the
    speaker is the person; the outlet is found as an upstream source.
    """
    doc = head.doc
    start = head.i
    for child in head.lefts:
        if child.dep_ in PHRASE_DEPS or (child.dep_ == "npadvmod" and _is_age(head)):
            if child.dep_ == "poss" and head.pos_ == "PROPN" and child.pos_ == "PROPN":
                continue
            start = min(start, child.left_edge.i)
    end = head.i + 1
    for child in head.rights:
        if child.dep_ in ("flat", "compound") and child.i == end:
            end = child.i + 1
    name = _adjacent_name(head)
    if name is not None:
        end = max(end, name.right_edge.i + 1 if name.right_edge.i == name.i else name.i + 1)
    return doc[start:end]


def _adjacent_name(head):  # type: ignore[no-untyped-def]
    """A proper name in apposition right after a noun, with no comma: "the agency Belta"."""
    for child in head.rights:
        if child.dep_ == "appos" and child.pos_ == "PROPN" and child.left_edge.i == head.i + 1:
            return child
    return None


@dataclass
class _Person:
    name: str
    entity: int | None
    gender: str | None = None
    last_seen: int = -1


class SpeakerResolver:
    """Resolves speaker phrases in one document; build once per document."""

    def __init__(
        self,
        doc,
        mentions: tuple[Mention, ...],
        entities: tuple[Entity, ...],
        *,
        quoted: tuple[Span, ...] = (),
        index: DocIndex | None = None,
    ) -> None:  # type: ignore[no-untyped-def]
        self.doc = doc
        self.index = index if index is not None else DocIndex.of(doc)
        self.mentions = mentions
        self.entities = entities
        self.quoted = tuple(sorted(quoted))
        self.quote_starts = [span.start for span in self.quoted]
        # name mentions from the entity stage by start offset, for lookups at a speaker's head
        names = {entity.index: entity.name for entity in entities}
        self.named_mentions = sorted(
            (m.span.start, m.span.end, names[m.entity], m.entity)
            for m in mentions
            if m.label not in ("PRON", "NOMINAL") and m.entity in names
        )
        self.named_starts = [start for start, _, _, _ in self.named_mentions]
        self.people: dict[str, _Person] = {}
        self.roles: dict[str, list[str]] = {}
        # token index -> person name for every person mention and resolved pronoun, in order
        self.token_person: dict[int, str] = {}
        self._collect_people()
        self._collect_roles()
        self._pronouns_from_entities()
        self.person_positions: dict[str, list[int]] = {}
        for index in sorted(self.token_person):
            self.person_positions.setdefault(self.token_person[index], []).append(index)

    # --- building -----------------------------------------------------------------------

    def _in_quote(self, char: int) -> bool:
        index = bisect.bisect_right(self.quote_starts, char) - 1
        return index >= 0 and char < self.quoted[index].end

    def _person_spans(self) -> list[tuple[int, int, str, int | None]]:
        """(start token, end token, name, entity) of every person mention outside quotes."""
        found = []
        entity_names = {entity.index: entity.name for entity in self.entities}
        for mention in self.mentions:
            if mention.label not in PERSON_LABELS or self._in_quote(mention.span.start):
                continue
            span = self.doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
            if span is None:
                continue
            name = entity_names.get(mention.entity) if mention.entity is not None else None
            found.append((span.start, span.end, name or span.text, mention.entity))
        if not self.mentions:
            for ent in self.doc.ents:
                if ent.label_ in PERSON_LABELS and not self._in_quote(ent.start_char):
                    found.append((ent.start, ent.end, _strip_possessive(ent.text), None))
        return sorted(found)

    def _collect_people(self) -> None:
        spans = self._person_spans()
        full_names = _fullest_names([name for _, _, name, _ in spans])
        for start, end, name, entity in spans:
            full = full_names.get(name, name)
            person = self.people.setdefault(full, _Person(full, entity))
            if person.entity is None:
                person.entity = entity
            for index in range(start, end):
                self.token_person[index] = full
            title = self.doc[start - 1].lower_ if start > 0 else ""
            if title in MALE_TITLES:
                person.gender = person.gender or "m"
            elif title in FEMALE_TITLES:
                person.gender = person.gender or "f"

    def _collect_roles(self) -> None:
        """Role nouns used as titles ("President X") or appositions ("X, a leader")."""
        for index, name in self.token_person.items():
            token = self.doc[index]
            for child in token.children:
                if (
                    child.dep_ == "compound"
                    and child.pos_ in ("NOUN", "PROPN")
                    and child.i not in self.token_person
                ):
                    self._add_role(child.lemma_.lower(), name)
                if child.dep_ == "appos" and child.pos_ == "NOUN":
                    self._add_role(child.lemma_.lower(), name)
            if token.dep_ == "appos":
                role = token.head
                while (
                    role.pos_ != "NOUN" and role.dep_ in ("pobj", "prep") and role.head.i != role.i
                ):
                    role = role.head  # "the president of Belarus, Alexander Lukashenko"
                if role.pos_ == "NOUN":
                    self._add_role(role.lemma_.lower(), name)

    def _add_role(self, role: str, name: str) -> None:
        holders = self.roles.setdefault(role, [])
        if name not in holders:
            holders.append(name)

    def _pronouns_from_entities(self) -> None:
        """Each he/she outside quotes goes to the person the entity stage resolved it to
        (``entities``: the one pronoun resolver; nearest person of a fitting gender, a
        clause subject preferred); a pronoun it left unresolved stays unresolved."""
        mentions = self.mentions
        if not mentions:  # a caller without the entity stage (a test, a benchmark)
            from crosscheck.analyze.entities import find_entities
            from crosscheck.settings import AnalyzeSettings

            mentions, entities = find_entities(self.doc, settings=AnalyzeSettings(),
                                               index=self.index)
        else:
            entities = self.entities
        names = {entity.index: entity.name for entity in entities}
        full_names = _fullest_names(list(self.people))
        for mention in mentions:
            if mention.label != "PRON" or mention.entity not in names:
                continue
            if self._in_quote(mention.span.start) or mention.text.lower() not in PERSONAL_PRONOUNS:
                continue
            token = self.doc.char_span(mention.span.start, mention.span.end,
                                       alignment_mode="expand")
            name = names[mention.entity]
            person = self.people.get(full_names.get(name, name)) or self.people.get(name)
            if token is None or person is None:
                continue
            person.gender = person.gender or (
                "m" if mention.text.lower() in MALE_PRONOUNS else "f")
            self.token_person[token.start] = person.name

    def with_last_speakers(self, quotes: list, text: str) -> list:  # type: ignore[type-arg]
        """Quotes in reading order, each whose he/she the entity stage left unresolved given
        the last speaker before it when that is a person of the pronoun's gender, named at
        most ``LAST_SPEAKER_REACH`` quotes back ("...," Trump said. ... "...," he said)."""
        result = list(quotes)
        for i, quote in enumerate(result):
            pronoun = quote.speaker_span.of(text).lower() if quote.speaker_span else ""
            if quote.speaker is not None or pronoun not in PERSONAL_PRONOUNS:
                continue
            gender = "m" if pronoun in MALE_PRONOUNS else "f"
            for before in reversed(result[max(i - LAST_SPEAKER_REACH, 0) : i]):
                person = self._person_of(before)
                if person is not None:
                    if person.gender in (None, gender):
                        result[i] = replace(quote, speaker=person.name,
                                            speaker_entity=person.entity)
                    break
        return result

    def _person_of(self, quote) -> _Person | None:  # type: ignore[no-untyped-def]
        """The person a quote's speaker is, by name or by entity; None for a body."""
        person = self.people.get(quote.speaker or "")
        if person is None and quote.speaker_entity is not None:
            person = next((p for p in self.people.values()
                           if p.entity == quote.speaker_entity), None)
        return person

    # --- resolving ----------------------------------------------------------------------

    def resolve(self, phrase) -> Resolved:  # type: ignore[no-untyped-def]
        """The person or body a speaker phrase refers to."""
        root = phrase.root
        if root.lower_ in ("who", "that", "which") and root.head.dep_ == "relcl":
            antecedent = root.head.head  # "Sannikov, who told the Times ...": Sannikov
            if antecedent.dep_ == "appos":  # "Sannikov, a former minister who ..."
                antecedent = antecedent.head
            if root.lower_ == "who" and antecedent.dep_ == "pobj" and (
                    antecedent.head.lower_ == "of" and antecedent.head.head.pos_ == "NOUN"):
                antecedent = antecedent.head.head  # "residents of a town who": the residents
            return self.resolve(phrase_span(antecedent))
        stated = self._stated_entity(phrase.root)
        if stated is not None and stated.entity is not None and (
                self.entities[stated.entity].label in PLACE_LABELS and not _speaking_place(root)):
            return Resolved(None)  # "Dalmora blast: ...": a place (or its event) does not speak
        if stated is not None and stated.entity is not None and (
                self.entities[stated.entity].label == "NORP" and root.tag_ in ("NNP", "JJ")):
            return Resolved(None)  # "Belarusian said": a nationality word is no one
        if stated is not None:  # the entity stage already resolved this mention
            return stated
        for child in phrase.root.children:  # "the senator, Ruth Cole, said"
            if child.dep_ == "appos" and child.i in self.token_person:
                name = self.token_person[child.i]
                return Resolved(name, self.people[name].entity)
            if child.dep_ == "appos" and child.pos_ == "PROPN":  # "The contractor, Kessan ..."
                named = self._stated_entity(child)
                if named is not None and named.entity is not None and (
                        self.entities[named.entity].label not in PLACE_LABELS):
                    return named
        named_after_of = self._person_after_of(root)
        if named_after_of is not None:  # "the head of the port authority, Ann Vey"
            return named_after_of
        subject = self._subject_before(root) if root.lower_ in PERSONAL_PRONOUNS else None
        if subject is not None:  # "Sam Cole left a message for Tom Reed. "...," he said"
            return Resolved(subject, self.people[subject].entity)
        if root.lower_ in PERSONAL_PRONOUNS:
            unnamed = self._unnamed_person_before(root)
            if unnamed is not None:  # "A spokesman for the office said ... He declined"
                return Resolved(unnamed)
        if root.lower_ in PERSONAL_PRONOUNS and root.i not in self.token_person:
            return Resolved(None)  # no person fits: better no speaker than a wrong one
        for token in reversed(list(phrase)):
            name = self.token_person.get(token.i)
            if name is not None:
                return Resolved(name, self.people[name].entity)
        head = phrase.root
        if head.pos_ == "PROPN":  # a surname the tagger missed: the person with that surname
            known = [name for name in self.people if name.split()[-1] == head.text]
            if len(known) == 1:
                return Resolved(known[0], self.people[known[0]].entity)
        name_token = _adjacent_name(head)
        if name_token is not None:  # "the state news agency Belta": the name, not the noun
            name_phrase = self.doc[name_token.left_edge.i : phrase.end]
            return Resolved(_strip_possessive(name_phrase.text), self._entity_at(name_phrase))
        role = head.lemma_.lower()
        if role in self.roles and any(
            t.dep_ == "det" and t.lower_ in ("the", "this", "that") for t in phrase
        ):
            holder = self._role_holder(role, before=phrase.start)
            if holder is not None:
                return Resolved(holder, self.people[holder].entity)
        return Resolved(_strip_possessive(phrase.text), self._entity_at(phrase))

    def is_anonymous(self, phrase, resolved: Resolved | None) -> bool:  # type: ignore[no-untyped-def]
        """The speaker phrase names unnamed people ("a police source", "two residents",
        "some of the critics"), or is a pronoun resolved to such a phrase."""
        if phrase is None or resolved is None or resolved.name in self.people:
            return False
        root = phrase.root
        if root.pos_ == "PRON" and root.lower_ in PERSONAL_PRONOUNS | {"they"}:
            words = (resolved.name or "").split()
            return bool(words) and words[-1] != root.text and is_unnamed_speaker_head(
                words[-1].lower().rstrip("s"), words[-1].lower())
        if root.lower_ in ("some", "many", "several", "most", "few"):
            root = next((g for c in root.children if c.lower_ == "of"
                         for g in c.children if g.dep_ == "pobj"), root)
        if root.pos_ == "PROPN" or self._stated_entity(root) is not None:
            return False
        if any(child.dep_ == "appos" and child.pos_ == "PROPN" for child in root.children):
            return False
        return is_unnamed_speaker_head(root.lemma_.lower(), root.lower_)

    def _subject_before(self, pronoun) -> str | None:  # type: ignore[no-untyped-def]
        """The person a speaking he/she most likely is: the subject of the sentence before,
        when no person is named outside quotes between it and the pronoun and the gender
        fits. A speaker is the one the text has been about, not the last name it wrote (the
        listener of a message, the subject of someone's words)."""
        if pronoun.dep_ not in ("nsubj", "nsubjpass"):
            return None
        sent = pronoun.sent
        between = [i for i in range(sent.start, pronoun.i)
                   if i in self.token_person and not self._in_quote(self.doc[i].idx)]
        if between or sent.start == 0:
            return None
        previous = self.doc[sent.start - 1].sent
        subjects = [child for child in previous.root.children
                    if child.dep_ in ("nsubj", "nsubjpass")]
        gender = "m" if pronoun.lower_ in MALE_PRONOUNS else "f"
        for subject in subjects:
            name = next((self.token_person[t.i] for t in phrase_span(subject)
                         if t.i in self.token_person), None)
            if name is not None and self.people[name].gender in (None, gender):
                return name
        return None

    def _person_after_of(self, root) -> Resolved | None:  # type: ignore[no-untyped-def]
        """The person named in apposition to the object of a role's "of": in "the head of
        the port authority, Ann Vey" the parse hangs the name on "authority"."""
        if root.pos_ != "NOUN":
            return None
        for prep in (c for c in root.children if c.dep_ == "prep" and c.lower_ == "of"):
            for pobj in (g for g in prep.children if g.dep_ == "pobj"):
                for appos in (g for g in pobj.children if g.dep_ == "appos"):
                    name = self.token_person.get(appos.i)
                    if name is not None:
                        return Resolved(name, self.people[name].entity)
        return None

    def _stated_entity(self, head) -> Resolved | None:  # type: ignore[no-untyped-def]
        """The entity of a name mention (from the entity stage) at the speaker's head word.

        Pronouns and role nouns are resolved here rather than taken from the entity stage, so
        that a speaker follows the rules in this module's docstring.
        """
        index = bisect.bisect_right(self.named_starts, head.idx) - 1
        while index >= 0 and head.idx - self.named_mentions[index][0] < 200:
            start, end, name, entity = self.named_mentions[index]
            if start <= head.idx < end:
                return Resolved(name, entity)
            index -= 1
        return None

    def _unnamed_person_before(self, pronoun) -> str | None:  # type: ignore[no-untyped-def]
        """A person noun without a name ("A spokesman") that is a clause subject after the
        person the pronoun was resolved to was last seen (or, unresolved, within the last
        sixty words) and before the pronoun: the nearer referent."""
        named = self.token_person.get(pronoun.i)
        last = self.last_seen_before(named, pronoun.i) if named is not None else -1
        gender = "m" if pronoun.lower_ in MALE_PRONOUNS else "f"
        for token in reversed(self.doc[max(last + 1, pronoun.i - 60) : pronoun.i]):
            if token.dep_ not in ("nsubj", "nsubjpass") or token.pos_ != "NOUN":
                continue
            lemma = token.lemma_.lower()
            if lemma in UNNAMED_PEOPLE[gender] or lemma in UNNAMED_PEOPLE[""]:
                return _strip_possessive(phrase_span(token).text)
        return None

    def _role_holder(self, role: str, *, before: int) -> str | None:
        """The holder of ``role`` mentioned last before token ``before``."""
        holders = self.roles.get(role, [])
        seen = [(self.last_seen_before(name, before), name) for name in holders]
        best = max(seen, default=(-1, None))
        return best[1] if best[0] >= 0 else None

    def last_seen_before(self, name: str, before: int) -> int:
        positions = self.person_positions.get(name, [])
        index = bisect.bisect_left(positions, before) - 1
        return positions[index] if index >= 0 else -1

    def _entity_at(self, phrase) -> int | None:  # type: ignore[no-untyped-def]
        for mention in self.mentions:
            if (
                mention.entity is not None
                and mention.span.start < phrase.end_char
                and phrase.start_char < mention.span.end
            ):
                return mention.entity
        return None


def _speaking_place(head) -> bool:  # type: ignore[no-untyped-def]
    """A name that is itself the speaker ("Russia said": its government; or a person spaCy
    tagged as a place), not a place inside a common noun's phrase ("Dalmora blast")."""
    return head.pos_ == "PROPN"


def _fullest_names(names: list[str]) -> dict[str, str]:
    """Map each name to the longest name in the list that ends with the same word."""
    by_last: dict[str, str] = {}
    for name in names:
        words = name.split()
        if not words:
            continue
        last = words[-1].lower()
        if len(name) > len(by_last.get(last, "")):
            by_last[last] = name
    return {name: by_last.get(name.split()[-1].lower(), name) for name in names if name.split()}
