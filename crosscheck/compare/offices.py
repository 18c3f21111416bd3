"""A person named by their office alone: "the Queen", "the pope", "the governor".

Outlets write a person's name once, then their office ("Queen Elizabeth II ... The queen has
hosted more than 100 heads of state"), and some never write the name at all ("Reports suggest
Trump will meet the Queen"). When exactly one person of the story carries an office as a
title, "the <office>" in any of its articles is that person; when two do ("President Obama",
"President Trump"), the office names neither and nothing is added.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from crosscheck.records import Article, Span

# Offices held by one person at a time in a story's setting. Ranks many people hold
# ("officer", "spokesman", "director", "general") name no one in particular.
OFFICES = ("queen", "king", "pope", "emperor", "empress", "prime minister", "chancellor",
           "president", "governor", "mayor", "archbishop")
OFFICE_REFERENCE = re.compile(r"\b[Tt]he\s+(" + "|".join(OFFICES).replace(" ", r"\s+") + r")\b",
                              re.IGNORECASE)
OFFICE_TITLE = re.compile(r"\b(" + "|".join(OFFICES).replace(" ", r"\s+") + r")\s+(?-i:[A-Z])",
                          re.IGNORECASE)


def office_of(titled_form: str) -> str | None:
    """The office a titled form names: "Queen Elizabeth II" -> "queen"; "Prime Minister
    Theresa May" -> "prime minister"; None for "Mr. Trump"."""
    offices = OFFICE_TITLE.findall(titled_form)  # the last is the one the name follows
    return " ".join(offices[-1].lower().split()) if offices else None


def office_holders(forms_of_group: dict[int, Sequence[str]]) -> dict[str, int]:
    """Office -> the one group (of PERSON entities) whose titled forms carry it; offices
    carried by two groups or more are left out."""
    holders: dict[str, set[int]] = defaultdict(set)
    for group, forms in forms_of_group.items():
        for form in forms:
            office = office_of(form)
            if office:
                holders[office].add(group)
    return {office: next(iter(groups)) for office, groups in holders.items() if len(groups) == 1}


def office_mentions(article: Article, taken: Sequence[Span]) -> list[tuple[str, Span, str]]:
    """(office, span, as written) of each "the <office>" of the article that no entity
    mention covers ("the Queen Mother" is a name of its own when the analysis found it)."""
    found = []
    for match in OFFICE_REFERENCE.finditer(article.text):
        span = Span(match.start(), match.end())
        if any(span.overlaps(other) for other in taken):
            continue
        following = article.text[match.end(): match.end() + 2]
        if following[:1] == " " and following[1:2].isupper():
            continue  # "the Queen Elizabeth" / "the President Obama": a name follows
        found.append((" ".join(match.group(1).lower().split()), span, match.group(0)))
    return found
