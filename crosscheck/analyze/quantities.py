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

from crosscheck.analyze.doc_index import DocIndex
from crosscheck.records import Quantity, Span
from crosscheck.settings import AnalyzeSettings

UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
TENS = {w: 10 * (i + 2) for i, w in enumerate(
    "twenty thirty forty fifty sixty seventy eighty ninety".split())}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1e6, "billion": 1e9, "trillion": 1e12}
PLURAL_SCALES = {"hundreds": 100, "thousands": 1_000, "millions": 1e6, "billions": 1e9}
# Qualifiers, longest first so "no more than" wins over "more than".
QUALIFIERS = (
    "no more than", "no fewer than", "no less than", "as many as", "as few as", "just over",
    "just under", "more than", "less than", "fewer than", "at least", "at most", "up to",
    "close to", "an estimated", "nearly", "almost", "about", "around", "roughly",
    "approximately", "some", "over", "under",
)
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
_NOUN_SKIP = frozenset({"more", "additional", "other", "new", "further", "extra"})


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
        if quantity.counted is None and last_counted and last_counted[0] == sentence_start:
            quantity = Quantity(quantity.span, quantity.value, quantity.low, quantity.high,
                                last_counted[1], quantity.qualifier, last_counted[2])
        if quantity.counted is not None and quantity.counted_span is not None:
            last_counted = (sentence_start, quantity.counted, quantity.counted_span)
        found.append(quantity)
        i = end
    return tuple(found)


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
    # (no letter is a digit: a word of letters only needs no scan for digits)
    if not lower.isalpha() and any(ch.isdigit() for ch in lower) and index.tokens[i].like_num:
        return True
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
    if not _is_number_word(index, j, vague):
        return i
    j += 1
    while j < n:
        token = doc[j]
        if lower[j] in SCALES or lower[j] == "dozen" or _is_word_number(lower[j]):
            j += 1
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
    """Leave out dates, times, ranks, numbers in names, and bare years ("in 2022")."""
    if any(doc[k].ent_type_ in _SKIP_ENTS for k in range(start, end)):
        return _mislabelled_date(doc, start)
    token = doc[start]
    text = token.text
    if end - start == 1 and text.isdigit() and len(text) == 4 and 1500 <= int(text) <= 2100:
        after = doc[end] if end < len(doc) else None
        return after is not None and after.pos_ == "NOUN"
    return True


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
        elif word not in ("and", "-", "–"):
            current += _word_value(word)
    value = total + current
    return value, None, None, ("a dozen" if words[-1] == "dozen" else None)


def _word_value(word: str) -> float:
    cleaned = word.replace(",", "")
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


def _noun(token) -> tuple[str, Span]:  # type: ignore[no-untyped-def]
    return token.lemma_.lower(), Span(token.idx, token.idx + len(token.text))
