"""What a figure's own words say it measures: units, weights told from money, the kind of
thing counted, the base of a change, how badly the counted were hurt, the rate or stretch of
time it is given for. Read from the text right after the figure (compare/figures.py builds
its figures with these)."""

from __future__ import annotations

import re

from crosscheck.records import Analysis, Quantity

# Lengths in metres: outlets convert, and a conflict between 1,500 km and 940 miles would be
# false. Durations are recognised only to be left out (see figures._measure).
LENGTHS = {"km": 1000.0, "kilometer": 1000.0, "kilometre": 1000.0, "mile": 1609.344,
           "m": 1.0, "metre": 1.0, "meter": 1.0, "ft": 0.3048, "foot": 0.3048, "feet": 0.3048,
           "yard": 0.9144, "cm": 0.01}
# Weights in kilograms. "pound" is a weight only where the text says so (see pound_weight):
# "a 80,000-pound load", "140,000 pounds of cargo"; "£600,000" and "500 pounds" are money.
WEIGHTS = {"kg": 1.0, "kilogram": 1.0, "kilo": 1.0, "tonne": 1000.0, "lb": 0.45359237,
           "pound": 0.45359237}
POUND_WEIGHT = re.compile(r"^(?:-pound\b|\s*(?:pounds?|lbs?)\b(?:\s*\([^)]{0,30}\))?"
                          r"\s+(?:of|in\s+weight)\b)", re.IGNORECASE)
WEIGHING = frozenset({"weigh", "weight", "heavy"})
# Words between a count and its noun that say which things are counted ("22 ambulance crews"),
# read within this many characters; fillers that say nothing of which ("40 more people").
KIND_WORD = re.compile(r"[A-Za-z][\w'’-]*")
KIND_LOOKAHEAD = 50
KIND_FILLERS = frozenset({"and", "or", "of", "the", "more", "other", "others", "additional",
                          "further", "extra", "new", "same", "such", "so", "many", "few",
                          "than", "as", "in", "all", "about", "some"})
DURATIONS = frozenset({"second", "minute", "hour"})
MAGNITUDES = frozenset({"magnitude", "richter scale"})
CURRENCIES = frozenset({"dollar", "euro", "pound", "yen", "ruble", "hryvnia", "rupee"})
# A rate follows its figure within a couple of words ("38 million euros a year").
RATE = re.compile(r"^\s*(?:[\w-]+\s+){0,2}?(?:(?:a|an|per|each|every)\s+(year|month|week|day|hour)\b"
                  r"|(?:annually|yearly)\b)", re.IGNORECASE)
RATE_LOOKAHEAD = 40
PERIOD = re.compile(r"\b(?:in|over|during|across|within)\s+(?:(?:the|his|her|their|its|that|"
                    r"those|these|past|last|first|next|previous|[\w-]+)\s+){0,3}"
                    r"(?:seasons?|years?|months?|weeks?|decades?|span|stretch|career|tenure|"
                    r"minutes|hours|half|halves|quarters?|innings)\b",
                    re.IGNORECASE)
PERIOD_LOOKAHEAD = 60
# Words after a count of the hurt that make it a part of them: the seriously injured are
# not all the injured, so "40 injured" and "four seriously injured" do not conflict.
DEGREE = re.compile(r"\b(?:seriously|critically|badly|severely|gravely|slightly|lightly|"
                    r"serious|critical|life-threatening|minor)\b", re.IGNORECASE)
# Hospitals grade the hurt: the critically injured are a part of the seriously injured
DEGREES = {"slightly": "minor", "lightly": "minor", "minor": "minor", "critically": "critical",
           "critical": "critical", "life-threatening": "critical"}
DEGREE_LOOKAHEAD = 50
CLAUSE_END = re.compile(r"[.,;:]|\b(?:and|but|while|including)\b")
# What a change is measured from: "a 36% increase from February" and "a 25% increase from
# March 2020" are two changes.
BASE = re.compile(r"^[^.;]{0,30}?\b(?:from|since|compared\s+(?:with|to)|over|than)\s+"
                  r"((?:[\w$£€.,’'-]+\s*){1,6})", re.IGNORECASE)
BASE_FILLERS = frozenset({"a", "an", "the", "then", "last", "same", "period", "in", "of", "year",
                          "ago", "levels", "level"})


def kind_words(text: str, quantity: Quantity) -> frozenset[str]:
    """The words that say which of the counted things a count is of, between the figure and
    its noun: "four fire and rescue crews" -> {fire, rescue}; empty when there are none or
    the noun is not found close after the figure."""
    counted = (quantity.counted or "").lower()
    if len(counted) < 3:
        return frozenset()
    words: list[str] = []
    for word in KIND_WORD.findall(text[quantity.span.end: quantity.span.end + KIND_LOOKAHEAD]):
        lower = word.lower()
        if lower.startswith(counted[:-1]):
            return frozenset(w for w in words if w not in KIND_FILLERS)
        words.append(lower)
    return frozenset()


def names_a_part(text: str, quantity: Quantity) -> bool:
    """A count narrowed by a proper adjective between figure and noun ("12 Somali and 11
    Yemeni pirates", "40 French tourists"): a part of all that is counted, by origin."""
    kinds = kind_words(text, quantity)
    if not kinds:
        return False
    written = KIND_WORD.findall(text[quantity.span.end: quantity.span.end + KIND_LOOKAHEAD])
    return any(word.lower() in kinds and word[:1].isupper() for word in written)


def base_words(text: str, quantity: Quantity) -> frozenset[str]:
    """For a percentage, what its change is measured from ("from February"), as words
    prefixed "from:" so they are only ever compared with another base."""
    if (quantity.counted or "").lower() not in ("percent", "%", "per cent", "percentage"):
        return frozenset()
    match = BASE.match(text[quantity.span.end: quantity.span.end + 80])
    if match is None:
        return frozenset()
    words = {w.lower().strip(".,’'") for w in match.group(1).split()}
    return frozenset(f"from:{w}" for w in words if w and w not in BASE_FILLERS)


def pound_weight(quantity: Quantity, text: str) -> bool:
    """A figure in pounds that weighs: "a 36,000-pound load", "60,000 pounds of cargo", "it
    weighs 200 pounds"; never one written with "£"."""
    if "£" in quantity.span.of(text):
        return False
    return bool(POUND_WEIGHT.match(text[quantity.span.end: quantity.span.end + 60])
                or (quantity.head or "") in WEIGHING)


SIZE_COMPOUND = re.compile(r"-(?:[A-Za-z]+-)?[A-Za-z]+,?\s+[a-z]")
MORE_AFTER = re.compile(r"\s+more\b", re.IGNORECASE)
ADDED_BEFORE = re.compile(r"\b(?:additional|further|extra)\s+$", re.IGNORECASE)


def degree_after(text: str, quantity: Quantity) -> str:
    """How badly the counted were hurt, when the words after the figure say it ("four are
    seriously injured", "two in a critical condition"): "serious" or "minor", else ""."""
    after = CLAUSE_END.split(text[quantity.span.end: quantity.span.end + DEGREE_LOOKAHEAD])[0]
    match = DEGREE.search(after)  # in the figure's own clause: "40 hurt, two seriously" is two
    if match is None:
        return ""
    return DEGREES.get(match.group(0).lower(), "serious")


def adds_to_others(text: str, quantity: Quantity) -> bool:
    """A figure that adds to a count told before it ("married two more times", "called in an
    additional six engines", "a further four appliances"): an increment, comparable only
    with another increment, never with a total ("married three times")."""
    before = text[max(0, quantity.span.start - 20): quantity.span.start]
    after = text[quantity.span.end: quantity.span.end + 6]
    return bool(MORE_AFTER.match(after) or ADDED_BEFORE.search(before))


def sizes_a_noun(text: str, quantity: Quantity) -> bool:
    """A measure joined to its noun by hyphens ("a 10-metre boat", "an 86-yard run", "a
    25-ton truck"): the size of that one thing, never the same figure as a distance or a
    total told plainly ("13 nautical miles away", "205 yards in all")."""
    return bool(SIZE_COMPOUND.match(text[quantity.span.end: quantity.span.end + 30]))


def period_after(text: str, quantity: Quantity) -> str | None:
    """The stretch of time a figure is summed over, said in its own clause: "in his five
    seasons", "over that span", "in the past two years"."""
    after = CLAUSE_END.split(text[quantity.span.end: quantity.span.end + PERIOD_LOOKAHEAD])[0]
    match = PERIOD.search(after)
    return " ".join(match.group(0).lower().split()) if match else None


def rate_after(text: str, quantity: Quantity) -> str | None:
    """The period a figure is given per: "euros a year", "barrels per day", "annually"."""
    after = text[quantity.span.end: quantity.span.end + RATE_LOOKAHEAD]
    match = RATE.match(after)
    if match is None:
        return None
    return match.group(1).lower() if match.group(1) else "year"


# "at the age of 10", "by age 12", "since age 5": an age at a moment of a life.
AGE_AT = re.compile(r"\b(?:at|by|since|from|until|before|after)\s+(?:the\s+)?age\s+(?:of\s+)?$",
                    re.IGNORECASE)
DEATH = re.compile(r"\b(?:die[sd]?|dying|death|passed\s+away|pass(?:es)?\s+away|succumb\w*)\b",
                   re.IGNORECASE)


def label_of(thing: str, frame: str | None, quantity: Quantity, analysis: Analysis,
           text: str) -> str:
    """What a reader is told the figure is about: the thing, with the word it hangs on
    ("people (kill)"). A frame that is the counted noun of a figure beside it is the parse's
    list, not what happened ("six rifles, 12 magazines": magazine, not "magazine (rifle)");
    a place a distance is measured from keeps its capitals ("distance (from Tehran)")."""
    if frame is None:
        return thing
    sentence = next((s for s in analysis.sentences if s.span.contains(quantity.span)), None)
    if sentence is not None:
        siblings = {(q.counted or "").lower() for q in analysis.quantities
                    if q is not quantity and sentence.span.contains(q.span)}
        if frame in siblings:
            return thing
        if frame.startswith("from "):
            written = re.search(re.escape(frame[5:]), sentence.span.of(text), re.IGNORECASE)
            if written:
                return f"{thing} (from {written.group(0)})"
    return f"{thing} ({frame})"


def age_at_a_moment(quantity: Quantity, text: str, analysis: Analysis) -> bool:
    """"At the age of 10, she began to sing": an age at some moment of a life, not the
    person's age now; against "died aged 85" it is no conflict. An age at death ("died at
    the age of 91") is the story's own."""
    if (quantity.counted or "").lower() != "age":
        return False
    if not AGE_AT.search(text[max(0, quantity.span.start - 20): quantity.span.start]):
        return False
    sentence = next((s for s in analysis.sentences if s.span.contains(quantity.span)), None)
    return sentence is None or not DEATH.search(sentence.span.of(text))
