"""Quantities: a number or a vague amount, what it counts, and its qualifier.

One pass over the tokens. A number phrase is a run of digits and number words ("1,000",
"2.5 million", "a thousand", "two hundred and fifty", "tens of thousands"); dates, times,
ordinals and numbers inside names are left out (spaCy's entity types say which). What is
counted is the lemma of the noun the number counts: the noun it modifies, the noun after
"of" ("tens of thousands of soldiers"), or, when nothing follows ("... five civilians in Kyiv
and more than a dozen in Zaporizhia"), the noun counted by the previous quantity in the same
sentence (ellipsis).
"""

from __future__ import annotations

import re
from dataclasses import replace

from crosscheck.analyze.doc_index import DocIndex
from crosscheck.records import Quantity, Span
from crosscheck.settings import AnalyzeSettings

UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
TENS = {w: 10 * (i + 2) for i, w in enumerate(
    "twenty thirty forty fifty sixty seventy eighty ninety".split())}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# Abbreviated scales, read only right after a currency figure ("£1.7m"): elsewhere "m" is metres.
SHORT_SCALES = {"m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "b": 1e9, "k": 1e3}
# Scales read glued to any figure ("943K jobs"); "m" and "b" are left to money ("100m" is a race).
GLUED_SCALES = frozenset({"k", "bn", "mn", "mln"})
GLUED_NUMBER = re.compile(r"^(\d+(?:\.\d+)?)(k|bn|mn|mln)$")
PLURAL_SCALES = {"hundreds": 100, "thousands": 1_000, "millions": 1e6, "billions": 1e9}
# Qualifiers, longest first so "no more than" wins over "more than".
QUALIFIERS = (
    "no more than", "no fewer than", "no less than", "as many as", "as few as", "just over",
    "just under", "more than", "less than", "fewer than", "at least", "at most", "up to",
    "close to", "an estimated", "nearly", "almost", "about", "around", "roughly",
    "approximately", "some", "over", "under",
)
_CURRENCY_WORDS = frozenset({"dollar", "euro", "pound", "yen", "ruble", "rouble", "rupee",
                             "yuan", "franc"})
_CURRENCY = {"$": "dollar", "€": "euro", "£": "pound", "¥": "yen", "₽": "ruble", "₴": "hryvnia"}
# Numbers inside these entity types are not counts (dates, clock times, ranks, names).
_SKIP_ENTS = frozenset({"DATE", "TIME", "ORDINAL", "PERSON", "ORG", "GPE", "FAC", "PRODUCT",
                        "LAW", "EVENT", "WORK_OF_ART", "LOC", "NORP", "LANGUAGE"})
_TIME_UNITS = frozenset({"second", "minute", "hour", "day", "night", "week", "weekend", "month",
                         "year", "decade", "century", "season", "term", "quarter", "time"})
_CALENDAR_WORDS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday "
    "friday saturday sunday year years day days week weeks month months ago".split())
_SEVERAL = frozenset({"several", "few", "many"})
_NOUN_SKIP = frozenset({"more", "additional", "other", "new", "further", "extra"})
# Durations short enough not to be read as dates ("30 seconds", "about a minute"); days and
# longer stay out, because "two days" is far more often a date than a measured length.
_DURATION_UNITS = frozenset({"second", "minute", "hour"})
# A figure written into a word ("magnitude-5.9", "level-3"): a lowercase word of four letters
# or more, so that names ("AK-47", "F-16", "COVID-19") stay names.
_WORD_NUMBER = re.compile(r"^([a-z]{4,})-(\d+(?:\.\d+)?)$")
_AGE_MAX = 125
_NAMED_SUBJECTS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})
_DIRECTIONS = frozenset({"north", "south", "east", "west", "northeast", "northwest",
                         "southeast", "southwest", "northnortheast"})
# The head of a figure is looked for this many steps up the parse; further up it is the
# sentence's main verb, which says little about what the figure measures.
_HEAD_STEPS = 4


def find_quantities(doc, *, settings: AnalyzeSettings,  # type: ignore[no-untyped-def]
                    index: DocIndex | None = None) -> tuple[Quantity, ...]:
    """Quantities in ``doc``, in text order; ``index`` is the Doc's ``DocIndex`` if built."""
    vague = {word: (low, high) for word, low, high in settings.vague_amounts}
    index = index if index is not None else DocIndex.of(doc)
    doc = index.tokens  # indexed like the Doc without building a Token per access
    found: list[Quantity] = []
    last_counted: tuple[int, str, Span] | None = None  # sentence start, lemma, span
    i, n = 0, len(doc)
    while i < n:
        end = _number_end(index, i, vague)
        if end == i or not _countable(doc, i, end):
            i += 1
            continue
        quantity, end = _with_range(index, i, end, _quantity(doc, i, end, vague), vague)
        sentence_start = index.sent_start(i)
        if (quantity.counted is None and last_counted and last_counted[0] == sentence_start
                and not _noun_headed(doc, end)):
            quantity = Quantity(quantity.span, quantity.value, quantity.low, quantity.high,
                                last_counted[1], quantity.qualifier, last_counted[2])
        if quantity.counted is not None and quantity.counted_span is not None:
            last_counted = (sentence_start, quantity.counted, quantity.counted_span)
        head, below = _head_token(doc, i, end)
        found.append(replace(quantity, head=_head_lemma(head, below),
                             subject_span=_named_subject(head)))
        i = end
    found.extend(_word_numbers(doc))
    ages = _ages(doc)
    aged = {age.span for age in ages}
    found = [q for q in found if not (q.counted is None and q.span in aged)] + ages
    return tuple(sorted(found, key=lambda q: (q.span.start, q.span.end)))


def _noun_headed(doc, end: int) -> bool:  # type: ignore[no-untyped-def]
    """The figure hangs on a noun of its own ("a population of more than 100,000"), so it
    does not count the previous figure's noun."""
    token = doc[end - 1]
    head = token.head.head if token.head.pos_ == "ADP" else token.head
    return bool(head.pos_ == "NOUN" and head.i != token.i)


def _head_lemma(head, token) -> str | None:  # type: ignore[no-untyped-def]
    """The word a figure hangs on: a participle describing the counted noun ("the 12
    worst-hit villages": hit), else the nearest verb, noun or adjective up the parse
    ("killing 10 people": kill; "50 were injured": injure; "a population of 120,000").
    ``head`` and ``token`` are what ``_head_token`` gives."""
    if head is None:
        return None
    if head.dep_ == "amod" and head.head.i == token.i:  # the participle
        return str(head.lemma_.lower())
    direction = next((c for c in (*token.children, *head.children) if _from_place(c)), head)
    return _from_place(direction) or str(head.lemma_.lower())


def _head_token(doc, start: int, end: int):  # type: ignore[no-untyped-def]
    """(the head word, the word below it on the path from the figure), or (None, None)."""
    token = doc[end - 1]
    glued = ((token.lower_ in GLUED_SCALES or GLUED_NUMBER.match(token.lower_))
             and token.dep_ in ("compound", "nmod", "amod"))
    if (token.dep_ == "nummod" or glued) and token.head.pos_ in ("NOUN", "PROPN"):
        token = token.head
        participle = next((child for child in token.children if child.dep_ == "amod"
                           and child.tag_ in ("VBN", "VBG")), None)
        if participle is not None:
            return participle, token
    for _ in range(_HEAD_STEPS):
        head = token.head
        if head.i == token.i:
            return None, None
        if _content_head(head) and not start <= head.i < end:
            return head, token
        token = head
    return None, None


def _named_subject(head) -> Span | None:  # type: ignore[no-untyped-def]
    """The name of who or what the figure is about, when the parse gives it as the subject
    of the verb the figure hangs on, or of the verb that clause depends on ("Halloran fell
    700 metres"; "Vossberg died after falling 150 metres"): the last word of a proper name.
    ``head`` is the word the figure hangs on (``_head_token``)."""
    for _ in range(_HEAD_STEPS):
        if head is None or head.pos_ not in ("VERB", "AUX"):
            return None
        subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None:
            named = subject.pos_ == "PROPN" or subject.ent_type_ in _NAMED_SUBJECTS
            return Span(subject.idx, subject.idx + len(subject.text)) if named else None
        if head.dep_ not in ("advcl", "xcomp", "conj", "pcomp"):
            return None
        head = head.head
        if head.dep_ == "prep":  # "died after falling": falling <- after <- died
            head = head.head
    return None


def _from_place(token) -> str | None:  # type: ignore[no-untyped-def]
    """A distance's reference point, when the figure hangs on a direction or on a word the
    direction qualifies: "1,500 km south of Marrowby", "located 1,150 km southeast of
    Marrowby" -> "from marrowby" (so that it is not compared with a distance from elsewhere)."""
    if token.lower_.replace("-", "") not in _DIRECTIONS:
        return None
    of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    place = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if place is None:
        return None
    if place.pos_ != "PROPN":  # "of the port of Elsby Bay": the name inside
        inner = next((c for c in place.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        named = next((c for c in inner.children if c.dep_ == "pobj"), None) if inner else None
        place = named if named is not None and named.pos_ == "PROPN" else place
    words = [t.text for t in place.children if t.dep_ == "compound" and t.i < place.i]
    return "from " + " ".join([*words, place.text]).lower()


def _content_head(token) -> bool:  # type: ignore[no-untyped-def]
    """A verb, noun or adjective; or an adverb with a preposition of its own ("home to")."""
    if token.pos_ in ("VERB", "NOUN", "ADJ"):
        return True
    return bool(token.pos_ == "ADV" and any(c.dep_ == "prep" for c in token.children))


def _word_numbers(doc) -> list[Quantity]:  # type: ignore[no-untyped-def]
    """Figures written into one token with their unit: "a magnitude-5.9 earthquake"."""
    found = []
    for token in doc:
        match = _WORD_NUMBER.match(token.text)
        if match is None or token.ent_type_ in _SKIP_ENTS:
            continue
        start = token.idx + match.start(2)
        found.append(Quantity(Span(start, token.idx + len(token.text)), float(match.group(2)),
                              counted=match.group(1), counted_span=Span(token.idx, start - 1),
                              head=_head_lemma(*_head_token(doc, token.i, token.i + 1))))
    return found


def _ages(doc) -> list[Quantity]:  # type: ignore[no-untyped-def]
    """A person's age, with the words naming the person as ``counted_span``: "32-year-old
    Tomas Halloran", "Tomas Halloran, 32,", "died aged 91", "at the age of 91"."""
    found = []
    for token in doc:
        if not token.text.isdigit() or not 0 < int(token.text) <= _AGE_MAX:
            continue
        person = _age_holder(doc, token)
        if person is not None:
            found.append(Quantity(Span(token.idx, token.idx + len(token.text)), float(token.text),
                                  counted="age", counted_span=Span(person.idx,
                                                                   person.idx + len(person.text))))
    return found


def _age_holder(doc, number):  # type: ignore[no-untyped-def]
    """The token naming whose age ``number`` is, or None when it is not an age."""
    after = [t.lower_ for t in doc[number.i + 1: number.i + 5]]
    if after[:4] == ["-", "year", "-", "old"] or after[:1] == ["-year-old"]:
        old = doc[number.i + 4] if after[:1] != ["-year-old"] else doc[number.i + 1]
        return _named_head(old.head) if old.dep_ == "amod" else None
    if (number.dep_ == "appos" and number.head.pos_ == "PROPN" and number.i + 1 < len(doc)
            and doc[number.i + 1].text in (",", ")", ";", ".")):
        return number.head
    before = [t.lower_ for t in doc[max(0, number.i - 4): number.i]]
    if before[-1:] == ["aged"] or before[-4:] == ["at", "the", "age", "of"]:
        verb = doc[number.i - 1].head if before[-1:] == ["aged"] else doc[number.i - 4].head
        return _subject_of(verb)
    return None


def _named_head(token):  # type: ignore[no-untyped-def]
    """Climb compound links to the last word of the name ("Englishman Tomas Halloran")."""
    while token.dep_ == "compound" and token.head.i != token.i:
        token = token.head
    return token if token.pos_ in ("PROPN", "NOUN", "PRON") else None


def _subject_of(token):  # type: ignore[no-untyped-def]
    for _ in range(_HEAD_STEPS):
        subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None:
            return subject
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def _with_range(index: DocIndex, start: int, end: int, quantity: Quantity, vague):  # type: ignore[no-untyped-def]
    """'between 10 and 20 people', '10 to 20 people' as one range ('from 10 to 20' is a
    change, not a range, and stays two numbers)."""
    doc = index.tokens
    if end + 1 >= len(doc) or quantity.value is None:
        return quantity, end
    joiner = doc[end].lower_
    before = doc[start - 1].lower_ if start > 0 else ""
    if not ((joiner == "and" and before == "between") or (joiner == "to" and before != "from")):
        return quantity, end
    second_end = _number_end(index, end + 1, vague)
    if second_end == end + 1 or not _countable(doc, end + 1, second_end):
        return quantity, end
    second = _quantity(doc, end + 1, second_end, vague)
    if second.value is None or second.value < quantity.value:
        return quantity, end
    span_start = doc[start - 1].idx if joiner == "and" else quantity.span.start
    counted = (second.counted, second.counted_span) if second.counted else (
        quantity.counted, quantity.counted_span)
    return Quantity(Span(span_start, second.span.end), None, quantity.value, second.value,
                    counted[0], quantity.qualifier, counted[1]), second_end


def _is_number_word(index: DocIndex, i: int, vague) -> bool:  # type: ignore[no-untyped-def]
    lower = index.lower[i]
    if lower[-2:] in ("st", "nd", "rd", "th") and lower[:-2].isdigit():
        return False  # "the 12th": a rank
    if "/" in lower:
        return False  # "2015/16", "24/7", a photo's "3/8": spans, dates and counters, not counts
    # (no letter is a digit: a word of letters only needs no scan for digits)
    if not lower.isalpha() and any(ch.isdigit() for ch in lower) and index.tokens[i].like_num:
        return True
    if GLUED_NUMBER.match(lower):
        return True  # "1.2k", one token
    parts = lower.split("-")
    return (all(p in UNITS or p in TENS for p in parts) and index.pos[i] == "NUM") or (
        lower in SCALES or lower == "dozen" or lower in vague
    )


def _number_end(index: DocIndex, i: int, vague) -> int:  # type: ignore[no-untyped-def]
    """End (exclusive) of the number phrase starting at token ``i``; ``i`` when none does."""
    lower, doc = index.lower, index.tokens
    n = len(doc)
    j = i
    if lower[i] in ("a", "an") and i + 1 < n and lower[i + 1] in {*SCALES, "dozen"}:
        j = i + 1
    elif lower[i] in ("a", "an") and i + 1 < n and lower[i + 1] in ("minute", "hour"):
        return i + 1  # "about a minute": one minute ("a second" is most often an ordinal)
    if not _is_number_word(index, j, vague):
        return i
    j += 1
    while j < n:
        token = doc[j]
        if lower[j] in SCALES or lower[j] == "dozen" or _is_word_number(lower[j]):
            j += 1
        elif (lower[j] in ("-", "–") and j + 1 < n and lower[j + 1] in SCALES
              and not doc[j - 1].whitespace_):
            j += 2  # "$2.6-million"
        elif lower[j] in SHORT_SCALES and ((i > 0 and doc[i - 1].text in _CURRENCY) or (
                j + 1 < n and lower[j + 1].rstrip("s") in _CURRENCY_WORDS)):
            j += 1  # "£1.7m", "$3bn", "2m euros"
        elif lower[j] in GLUED_SCALES and not doc[j - 1].whitespace_:
            j += 1  # "943K jobs", "3bn people": a scale no unit is written as
        elif (token.text in ("-", "–") and not doc[j - 1].whitespace_ and j + 1 < n
              and _is_word_number(lower[j + 1]) and lower[j - 1] in TENS):
            j += 1  # "twenty-five", split by the tokenizer
        elif (lower[j] == "and" and j + 1 < n and _is_word_number(lower[j + 1])
              and _is_word_number(lower[j - 1])):
            j += 1
        elif (lower[j] == "of" and lower[j - 1] in vague and j + 1 < n
              and lower[j + 1] in PLURAL_SCALES):
            j += 2
        else:
            break
    return j


def _is_word_number(lower: str) -> bool:
    parts = lower.split("-")
    return all(p in UNITS or p in TENS for p in parts) or lower in SCALES


def _countable(doc, start: int, end: int) -> bool:  # type: ignore[no-untyped-def]
    """Leave out dates, times, ranks, numbers in names, and bare years ("in 2022"); keep
    short durations ("30 seconds") and bare counts spaCy calls dates ("injuring 80")."""
    if any(doc[k].ent_type_ in _SKIP_ENTS for k in range(start, end)):
        return (_duration(doc, end) or _mislabelled_date(doc, start)
                or _bare_count_as_date(doc, start, end))
    if _in_score(doc, start, end):
        return False
    token = doc[start]
    text = token.text
    if end - start == 1 and text.isdigit() and len(text) == 4 and 1500 <= int(text) <= 2100:
        after = doc[end] if end < len(doc) else None
        return after is not None and after.pos_ == "NOUN"
    return True


def _in_score(doc, start: int, end: int) -> bool:  # type: ignore[no-untyped-def]
    """Numbers joined by hyphens with no space, as scores and records are written ("won
    30-10", "a 50-32-1 record"): none of them counts anything."""
    def joined(hyphen: int, number: int) -> bool:
        return (0 <= number < len(doc) and 0 <= hyphen < len(doc)
                and doc[hyphen].text in ("-", "–") and doc[number].text.isdigit()
                and not doc[min(hyphen, number)].whitespace_)
    return doc[start].text.isdigit() and (joined(end, end + 1) or joined(start - 1, start - 2))


def _duration(doc, end: int) -> bool:  # type: ignore[no-untyped-def]
    return end < len(doc) and doc[end].lemma_.lower() in _DURATION_UNITS


def _bare_count_as_date(doc, start: int, end: int) -> bool:  # type: ignore[no-untyped-def]
    """A lone number that spaCy tags DATE though nothing around it is a date: "killing 10
    people and injuring 80" (not a year, no calendar word in the entity or next to it)."""
    if end - start != 1 or doc[start].ent_type_ != "DATE" or not doc[start].text.isdigit():
        return False
    if len(doc[start].text) == 4 or doc[start].ent_iob_ != "B":
        return False
    entity_ends = end >= len(doc) or doc[end].ent_iob_ != "I"
    neighbours = {doc[k].lower_.rstrip(".") for k in (start - 1, end) if 0 <= k < len(doc)}
    return entity_ends and not neighbours & _CALENDAR_WORDS and doc[start].dep_ in (
        "dobj", "nsubj", "nsubjpass", "pobj", "conj")


def _mislabelled_date(doc, start: int) -> bool:  # type: ignore[no-untyped-def]
    """A DATE entity that is really a count: spaCy tags "between 10 and 20 people" as DATE.
    It is a count when the entity holds no calendar word and a noun other than a time unit
    follows it."""
    if doc[start].ent_type_ != "DATE":
        return False
    end = start + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    first = start
    while first > 0 and doc[first].ent_iob_ == "I":
        first -= 1
    words = {doc[k].lower_.rstrip(".") for k in range(first, end)}
    if words & _CALENDAR_WORDS or end >= len(doc):
        return False
    return doc[end].pos_ == "NOUN" and doc[end].lemma_.lower() not in _TIME_UNITS


def _quantity(doc, start: int, end: int, vague) -> Quantity:  # type: ignore[no-untyped-def]
    words = [doc[k].lower_ for k in range(start, end)]
    value, low, high, vague_words = _value(words, vague)
    qualifier, span_start = _qualifier(doc, start)
    if words[0] in SCALES and start > 0 and doc[start - 1].lower_ in _SEVERAL:
        # "several hundred tonnes", "a few thousand people": a range, not one hundred
        scale = SCALES[words[0]]
        value, low, high = None, 2 * scale, 10 * scale - 1
        qualifier, span_start = doc[start - 1].lower_, doc[start - 1].idx
    if qualifier is None and vague_words:
        qualifier = vague_words
    counted, counted_span = _counted(doc, start, end)
    span = Span(span_start, doc[end - 1].idx + len(doc[end - 1].text))
    if start > 0 and doc[start - 1].text in _CURRENCY:
        counted, counted_span = _CURRENCY[doc[start - 1].text], None
        span = Span(min(span.start, doc[start - 1].idx), span.end)
    if end < len(doc) and doc[end].text == "%":
        counted, counted_span = "percent", Span(doc[end].idx, doc[end].idx + 1)
    if qualifier in ("more than", "at least", "over", "no fewer than", "no less than", "just over"):
        low = value if low is None else low
    elif qualifier in ("up to", "less than", "fewer than", "at most", "under", "no more than",
                       "as many as", "just under"):
        high = value if high is None else high
    return Quantity(span, value, low, high, counted, qualifier, counted_span)


def _value(words: list[str], vague) -> tuple[float | None, float | None, float | None, str | None]:
    """(value, low, high, vague phrase) of a number phrase."""
    if words[0] in vague:
        low, high = vague[words[0]]
        for word in words[1:]:
            if word in PLURAL_SCALES:
                scale = PLURAL_SCALES[word]
                low, high = low * scale, (high + 1) * scale - 1
        return None, low, high, " ".join(words)
    total, current = 0.0, 0.0
    for word in words:
        if word in ("a", "an"):
            current += 1
        elif word == "dozen":
            current = (current or 1) * 12
        elif word == "hundred" or word == "hundreds":
            current = (current or 1) * 100
        elif word in SCALES or word in PLURAL_SCALES:
            total += (current or 1) * SCALES.get(word, PLURAL_SCALES.get(word, 1))
            current = 0.0
        elif word in SHORT_SCALES and (current or total):
            total += (current or 1) * SHORT_SCALES[word]
            current = 0.0
        elif word not in ("and", "-", "–"):
            current += _word_value(word)
    value = total + current
    return value, None, None, ("a dozen" if words[-1] == "dozen" else None)


def _word_value(word: str) -> float:
    cleaned = word.replace(",", "")
    glued = GLUED_NUMBER.match(cleaned)
    if glued:
        return float(glued.group(1)) * SHORT_SCALES[glued.group(2)]
    try:
        return float(cleaned)
    except ValueError:
        return float(sum(UNITS.get(p, TENS.get(p, 0)) for p in word.split("-")))


def _qualifier(doc, start: int) -> tuple[str | None, int]:  # type: ignore[no-untyped-def]
    """The qualifier just before the number, and where the quantity's span starts."""
    for phrase in QUALIFIERS:
        size = phrase.count(" ") + 1
        if start - size < 0:
            continue
        tokens = doc[start - size : start]
        if " ".join(t.lower_ for t in tokens) == phrase:
            return phrase, tokens[0].idx
    return None, doc[start].idx


def _counted(doc, start: int, end: int) -> tuple[str | None, Span | None]:  # type: ignore[no-untyped-def]
    """The noun the number counts, as a lemma, and where it is written."""
    last = doc[end - 1]
    if last.dep_ == "nummod" and last.head.i >= end and last.head.pos_ == "NOUN":
        return _noun(last.head)
    scale = _on_a_scale(doc, end)
    if scale is not None:
        return scale
    k = end
    if k < len(doc) and doc[k].lower_ == "of":
        k += 1
    limit = min(k + 5, len(doc))
    while k < limit:
        token = doc[k]
        if token.pos_ == "NOUN":
            while k + 1 < len(doc) and doc[k + 1].pos_ == "NOUN" and doc[k + 1].dep_ != "nsubj":
                k += 1
            return _noun(doc[k])
        if not (token.pos_ in ("ADJ", "DET", "PROPN", "NUM") or token.lower_ in _NOUN_SKIP):
            break
        k += 1
    return None, None


def _on_a_scale(doc, end: int) -> tuple[str, Span] | None:  # type: ignore[no-untyped-def]
    """A reading on a named scale: "6.1 on the Richter scale" counts "richter scale"."""
    words = [t.lower_ for t in doc[end: end + 4]]
    if len(words) == 4 and words[:2] == ["on", "the"] and words[3] == "scale":
        named = doc[end + 2]
        return f"{named.lower_} scale", Span(named.idx, doc[end + 3].idx + len("scale"))
    return None


def _noun(token) -> tuple[str, Span]:  # type: ignore[no-untyped-def]
    return token.lemma_.lower(), Span(token.idx, token.idx + len(token.text))
