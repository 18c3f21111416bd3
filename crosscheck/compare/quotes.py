"""Quotes matched across outlets.

Two quotes of different articles are the same words of the same speaker when their
normalised words are equal (anyascii, case, punctuation, number words: "a thousand" =
"1,000"), or when they share a run of ``quote_min_common_words`` words, or when difflib's
ratio over the normalised words reaches ``quote_match_ratio`` (a partial quote inside a
longer one). Words in quotation marks are the speaker's own: two speakers known to differ
can share only the very same words. A paraphrase (an indirect quote) is another matter:
outlets reporting one fact paraphrase it alike whoever they credit ("emergency officials
said" / "according to Meridian Press"), so a paraphrase joins a quote only when both credit
the same speaker. Quotes of different polarity are never one quote: "did not confirm the
report" or "declined to comment on it" is not a version of "confirmed the report". The
differences between variants are listed word by word, each marked ``equivalent`` when it
disappears under normalisation.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from anyascii import anyascii
from rapidfuzz.distance import Indel

from crosscheck.analyze.quotes.marks import CLOSING, OPENING, STRAIGHT
from crosscheck.compare.names import name_tokens
from crosscheck.compare.records import (
    CrossEntity, Evidence, QuoteGroup, QuoteVariant, WordDifference,
)
from crosscheck.records import Analysis, Article, Quote
from crosscheck.settings import CompareSettings

WORD = re.compile(r"[\w’']+(?:[.,][\d]+)*", re.UNICODE)
SMALL_NUMBERS = {
    word: value for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen twenty".split())
}
SMALL_NUMBERS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
                      "eighty": 80, "ninety": 90})
MULTIPLIERS = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}


def display_words(text: str) -> list[str]:
    return WORD.findall(text)


def _key(word: str) -> str:
    return anyascii(word).lower().replace("'", "").replace(",", "")


def normalise_words(words: Sequence[str]) -> list[str]:
    """Lower case, ASCII, no punctuation, number words as digits ("a thousand" -> "1000")."""
    keys = [_key(word) for word in words]
    result: list[str] = []
    i = 0
    while i < len(keys):
        value, used = _number_at(keys, i)
        if used:
            result.append(str(value))
            i += used
        else:
            result.append(keys[i])
            i += 1
    return result


def _number_at(keys: Sequence[str], start: int) -> tuple[int, int]:
    """A number spelled from ``start``: (value, words used), or (0, 0)."""
    i, total, current, seen = start, 0, 0, False
    if keys[i] in ("a", "one") and i + 1 < len(keys) and (keys[i + 1] in MULTIPLIERS
                                                            or keys[i + 1] == "dozen"):
        current, i, seen = 1, i + 1, True
    while i < len(keys):
        word = keys[i]
        if word.isdigit() and not seen:
            current, seen = int(word), True
        elif word in SMALL_NUMBERS:
            current, seen = current + SMALL_NUMBERS[word], True
        elif word in MULTIPLIERS and seen:
            total, current = total + max(current, 1) * MULTIPLIERS[word], 0
        elif word == "dozen" and seen:
            current = max(current, 1) * 12
        else:
            break
        i += 1
    if not seen or (i - start == 1 and keys[start].isdigit()):
        return (int(keys[start]), 1) if keys[start].isdigit() else (0, 0)
    return total + current, i - start


@dataclass(frozen=True)
class QuoteItem:  # not slotted: cached_property needs the instance __dict__
    article_id: str
    quote: Quote
    text: str
    words: tuple[str, ...]  # as written
    norm: tuple[str, ...]
    speaker: int | None

    @functools.cached_property
    def bigrams(self) -> frozenset[tuple[str, str]]:
        return frozenset(zip(self.norm, self.norm[1:]))


# Cues that tell what someone intends, wants or seems to do, not what they said: "was
# planning to do some ski touring", "hopes to strike a deal", "seems to have moderated his
# tone", "is expected to attend". The analysis keeps them (PolNeAR counts beliefs and
# intentions as attributions); the dossier's list of who said what leaves them out.
NOT_SAID = frozenset({"plan", "hope", "hop", "want", "wish", "like", "intend", "aim", "try",
                      "seem", "appear", "expect", "decide", "choose", "seek", "look", "push",
                      "pride", "haunt", "feel", "fear", "worry", "imagine", "suppose",
                      "pronounce", "charge", "nix", "cancel", "design", "emerge", "remain",
                      "continue", "be", "have", "give"})


# Cues whose passive names the one spoken about, not the speaker: "Pitman is accused of
# setting fire to the store", "was charged with arson", "is suspected of".
SPOKEN_ABOUT = frozenset({"accuse", "charge", "suspect", "blame", "call", "name", "describe"})
QUOTE_MARKS = re.compile(f"[{OPENING}{CLOSING}{STRAIGHT}]")
PASSIVE_BEFORE = re.compile(r"\b(?:is|was|were|are|been|being|be|get|got)\s+(?:\w+ly\s+)?$",
                            re.IGNORECASE)


def is_statement(quote: Quote, text: str) -> bool:
    """Words in quote marks, or reported words someone is credited with saying. Nobody's
    statement: a reported content with no speaker ("It is not known how long ..."); a cue of
    intention or seeming ("was planning to", "seems to"); a passive cue that names the one
    spoken about ("is accused of"); "called" with no words in marks, which summons ("called
    a further four appliances", "were called to the store") where "called the plan
    “reckless”" speaks."""
    if quote.kind != "indirect":
        return True
    if not (quote.speaker or quote.speaker_span):
        return False
    cue = (quote.cue or "").split()
    if len(cue) == 1 and cue[0] in NOT_SAID:
        return False
    if quote.cue_span is not None and cue and cue[-1] in SPOKEN_ABOUT and PASSIVE_BEFORE.search(
            text[max(0, quote.cue_span.start - 20): quote.cue_span.start]):
        return False
    content = quote.span.of(text)
    return not (cue == ["call"] and not QUOTE_MARKS.search(content))


def quote_items(article: Article, analysis: Analysis, *,
                entity_index: Mapping[tuple[str, int], int],
                entities: Sequence[CrossEntity]) -> list[QuoteItem]:
    items = []
    for quote in analysis.quotes:
        if not is_statement(quote, article.text):
            continue
        text = quote.span.of(article.text)
        words = display_words(text)
        if not words:
            continue
        speaker = None
        if quote.speaker_entity is not None:
            speaker = entity_index.get((article.id, quote.speaker_entity))
        if speaker is None and quote.speaker:
            speaker = _entity_by_name(quote.speaker, entities)
        items.append(QuoteItem(article.id, quote, text, tuple(words),
                               tuple(normalise_words(words)), speaker))
    return items


def _entity_by_name(name: str, entities: Sequence[CrossEntity]) -> int | None:
    tokens = name_tokens(name)
    for ent in entities:
        if any(name_tokens(form) == tokens for v in ent.variants for form in (v.name, *v.forms)):
            return ent.id
    return None


def _ngrams(words: Sequence[str], size: int) -> set[tuple[str, ...]]:
    return {tuple(words[i: i + size]) for i in range(len(words) - size + 1)}


def speaker_key(item: QuoteItem) -> tuple[str, object] | None:
    """Who a quote credits: its cross-article entity, else the words naming the speaker
    ("emergency officials"), else None (nobody named)."""
    if item.speaker is not None:
        return ("entity", item.speaker)
    words = frozenset(ROLE_WORDS.get(word, word)
                      for word in name_tokens(item.quote.speaker or "")) - _LINK_WORDS
    return ("words", words) if words else None


# Words that only link a role to whom it serves: "a spokesman for Dunmart" and "a
# spokesperson from Dunmart" credit one unnamed person.
_LINK_WORDS = frozenset({"the", "a", "an", "for", "from", "of", "at", "with", "to"})
# One role, said several ways: "a spokesman" / "a spokesperson" credit the same unnamed person.
ROLE_WORDS = {"spokesman": "spokesperson", "spokeswoman": "spokesperson",
              "spokespeople": "spokesperson", "spokesmen": "spokesperson"}


def _same_surname(a: QuoteItem, b: QuoteItem) -> bool:
    """Both speakers' names, as written, end in the same word ("Labour MP Owen Tresize" /
    "Owen Tresize")."""
    last_a = name_tokens(a.quote.speaker or "")[-1:]
    last_b = name_tokens(b.quote.speaker or "")[-1:]
    return bool(last_a) and last_a == last_b


def same_speaker(a: QuoteItem, b: QuoteItem) -> bool | None:
    """True or False when both speakers are known, None when one is not. Words agree when
    one side's are among the other's ("officials" / "emergency officials"); a named entity
    against words ("Terentyev" / "the port's director") is unknown for quoted words and a
    disagreement for a paraphrase, which needs the same speaker shown."""
    key_a, key_b = speaker_key(a), speaker_key(b)
    if key_a is None or key_b is None:
        return None
    if key_a[0] != key_b[0]:
        return False if "indirect" in (a.quote.kind, b.quote.kind) else None
    if key_a[0] == "entity":
        if key_a[1] != key_b[1] and _same_surname(a, b):
            return None  # two entities of one surname: names split, or two people; unknown
        return key_a[1] == key_b[1]
    words_a, words_b = key_a[1], key_b[1]
    return words_a <= words_b or words_b <= words_a  # type: ignore[operator]


def quote_similarity(a: QuoteItem, b: QuoteItem, *, settings: CompareSettings) -> float:
    """1.0 for equal words; 0.9 (or the word-level similarity if higher) for a shared run of
    ``quote_min_common_words`` words; else the similarity when it reaches
    ``quote_match_ratio``; 0 for unrelated quotes. Similarity is 2 * LCS / total words.
    A paraphrase matches only a quote of the same speaker (see the module's docstring)."""
    if a.quote.polarity != b.quote.polarity:
        return 0.0  # "did not confirm X" is never the same statement as "confirmed X"
    agree = same_speaker(a, b)
    if "indirect" in (a.quote.kind, b.quote.kind) and not agree:
        return 0.0
    if a.norm == b.norm:
        return 1.0
    ratio = Indel.normalized_similarity(a.norm, b.norm)
    if agree is False:
        # only the very same words can be a speaker disagreement
        return ratio if ratio >= settings.same_words_ratio else 0.0
    size = min(settings.quote_min_common_words, len(a.norm), len(b.norm))
    if size >= 2 and a.bigrams & b.bigrams and _ngrams(a.norm, size) & _ngrams(b.norm, size):
        return max(ratio, 0.9) if size >= settings.quote_min_common_words else ratio
    return ratio if ratio >= settings.quote_match_ratio else 0.0


def word_differences(a: QuoteItem, b: QuoteItem) -> list[WordDifference]:
    keys_a = [_key(w) for w in a.words]
    keys_b = [_key(w) for w in b.words]
    matcher = difflib.SequenceMatcher(None, keys_a, keys_b, autojunk=False)
    differences = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        words_a, words_b = list(a.words[i1:i2]), list(b.words[j1:j2])
        differences.append(WordDifference(
            article_a=a.article_id, article_b=b.article_id, op=op,
            words_a=" ".join(words_a), words_b=" ".join(words_b),
            equivalent=normalise_words(words_a) == normalise_words(words_b),
        ))
    return differences


def match_quotes(articles: Sequence[Article], analyses: Sequence[Analysis], *,
                 entity_index: Mapping[tuple[str, int], int], entities: Sequence[CrossEntity],
                 duplicates: Mapping[str, str], settings: CompareSettings
                 ) -> tuple[QuoteGroup, ...]:
    original = {a.id: duplicates.get(a.id, a.id) for a in articles}
    # A copy's quotes are its original's: grouped once, from the original, when it is here;
    # the copy's own version is then listed beside it, marked as a copy.
    is_copy = {a.id: original[a.id] != a.id and original[a.id] in original for a in articles}
    items: list[QuoteItem] = []
    copies: list[QuoteItem] = []
    for article, analysis in zip(articles, analyses):
        found = quote_items(article, analysis, entity_index=entity_index, entities=entities)
        (copies if is_copy[article.id] else items).extend(found)
    groups = _group(items, original, settings)
    copied = _copies_of(groups, items, copies, original, settings)
    names = {ent.id: ent.name for ent in entities}
    story = list(dict.fromkeys(original.values()))
    result = []
    for group_id, group in enumerate(groups):
        members = [items[i] for i in group]
        speaker = _most_credited(members)
        have = {original[m.article_id] for m in members}
        result.append(QuoteGroup(
            id=group_id, speaker=speaker,
            speaker_name=names.get(speaker) if speaker is not None else members[0].quote.speaker,
            variants=tuple(_variant(m) for m in members)
            + tuple(_variant(c, copy_of=original[c.article_id]) for c in copied[group_id]),
            differences=tuple(d for other in members[1:]
                              for d in word_differences(members[0], other)),
            missing_from=tuple(a for a in story if a not in have),
        ))
    return tuple(result)


def _most_credited(members: Sequence[QuoteItem]) -> int | None:
    """The entity most members credit (ties: the first credited), None when none is."""
    credited = [m.speaker for m in members if m.speaker is not None]
    return max(credited, key=credited.count) if credited else None


def _group(items: Sequence[QuoteItem], original: Mapping[str, str],
           settings: CompareSettings) -> list[list[int]]:
    pairs = []
    for i, a in enumerate(items):
        for j in range(i + 1, len(items)):
            if original[a.article_id] == original[items[j].article_id]:
                continue
            score = quote_similarity(a, items[j], settings=settings)
            if score > 0:
                pairs.append((score, i, j))
    group_of = list(range(len(items)))
    members = {i: [i] for i in range(len(items))}
    for _, i, j in sorted(pairs, reverse=True):
        gi, gj = group_of[i], group_of[j]
        if gi == gj or ({original[items[k].article_id] for k in members[gi]}
                        & {original[items[k].article_id] for k in members[gj]}):
            continue
        for k in members[gj]:
            group_of[k] = gi
        members[gi].extend(members.pop(gj))
    ordered = sorted(members.values(), key=lambda g: (-len(g), min(g)))
    return [sorted(g) for g in ordered]


def _copies_of(groups: Sequence[Sequence[int]], items: Sequence[QuoteItem],
               copies: Sequence[QuoteItem], original: Mapping[str, str],
               settings: CompareSettings) -> dict[int, list[QuoteItem]]:
    """Group -> the copies' versions of its quotes: each copy's quote joins the group of
    the most similar quote of its original, one per copy article and group."""
    group_of = {i: g for g, members in enumerate(groups) for i in members}
    by_article: dict[str, list[int]] = {}
    for i, item in enumerate(items):
        by_article.setdefault(item.article_id, []).append(i)
    found: dict[int, list[QuoteItem]] = {g: [] for g in range(len(groups))}
    for copy in copies:
        scored = [(quote_similarity(copy, items[i], settings=settings), i)
                  for i in by_article.get(original[copy.article_id], ())]
        score, best = max(scored, default=(0.0, -1))
        if score > 0 and best in group_of:
            group = found[group_of[best]]
            if all(other.article_id != copy.article_id for other in group):
                group.append(copy)
    return found


def _variant(item: QuoteItem, *, copy_of: str | None = None) -> QuoteVariant:
    quote = item.quote
    return QuoteVariant(
        article_id=item.article_id, evidence=Evidence(item.article_id, quote.span, item.text),
        kind=quote.kind, cue=quote.cue, channel=quote.channel,
        speaker_as_written=None, polarity=quote.polarity, addressee=quote.addressee,
        anonymous=quote.anonymous, copy_of=copy_of, relay=quote.relay,
    )
