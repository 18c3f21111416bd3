"""Known upstream sources: wires, state agencies and large outlets, with their short forms.

General knowledge, not tuned on any article: a canonical name, its kind, and the forms
articles use for it ("AP", "the AP", "the Associated Press"). ``canonical_source`` maps a
phrase as written to the canonical name; ``the Times`` style short forms resolve to the
outlet the article itself names in full when it names one, else to the table's default.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class KnownSource:
    name: str  # canonical name
    kind: str  # "wire" | "state-agency" | "outlet" | "broadcaster"
    aliases: tuple[str, ...] = ()  # lower-case forms, without a leading "the"
    country: str | None = None


KNOWN_SOURCES: tuple[KnownSource, ...] = (
    KnownSource("Associated Press", "wire", ("associated press", "ap", "a.p.")),
    KnownSource("Reuters", "wire", ("reuters", "thomson reuters")),
    KnownSource(
        "Agence France-Presse", "wire", ("agence france-presse", "agence france presse", "afp")
    ),
    KnownSource("Bloomberg", "wire", ("bloomberg", "bloomberg news")),
    KnownSource("United Press International", "wire", ("united press international", "upi")),
    KnownSource("Deutsche Presse-Agentur", "wire", ("deutsche presse-agentur", "dpa")),
    KnownSource("EFE", "wire", ("efe", "agencia efe")),
    KnownSource("ANSA", "wire", ("ansa",)),
    KnownSource("Kyodo News", "wire", ("kyodo", "kyodo news"), "Japan"),
    KnownSource("Yonhap", "wire", ("yonhap", "yonhap news agency"), "South Korea"),
    KnownSource("Press Trust of India", "wire", ("press trust of india", "pti"), "India"),
    KnownSource("Belta", "state-agency", ("belta", "belarusian telegraph agency"), "Belarus"),
    KnownSource("TASS", "state-agency", ("tass", "itar-tass"), "Russia"),
    KnownSource("RIA Novosti", "state-agency", ("ria novosti", "ria"), "Russia"),
    KnownSource("Interfax", "wire", ("interfax",), "Russia"),
    KnownSource("RT", "state-agency", ("rt", "russia today"), "Russia"),
    KnownSource("Xinhua", "state-agency", ("xinhua", "xinhua news agency"), "China"),
    KnownSource("KCNA", "state-agency", ("kcna", "korean central news agency"), "North Korea"),
    KnownSource("IRNA", "state-agency", ("irna", "islamic republic news agency"), "Iran"),
    KnownSource("Anadolu Agency", "state-agency", ("anadolu", "anadolu agency"), "Turkey"),
    KnownSource("Ukrinform", "state-agency", ("ukrinform",), "Ukraine"),
    KnownSource("The New York Times", "outlet", ("new york times", "nyt", "times", "n.y. times")),
    KnownSource("The Washington Post", "outlet", ("washington post", "post")),
    KnownSource("The Wall Street Journal", "outlet", ("wall street journal", "wsj", "journal")),
    KnownSource("The Guardian", "outlet", ("guardian",)),
    KnownSource("Financial Times", "outlet", ("financial times", "ft")),
    KnownSource("The Times of London", "outlet", ("times of london",)),
    KnownSource("The Economist", "outlet", ("economist",)),
    KnownSource("Politico", "outlet", ("politico",)),
    KnownSource("Axios", "outlet", ("axios",)),
    KnownSource("The Hill", "outlet", ("hill",)),
    KnownSource("USA Today", "outlet", ("usa today",)),
    KnownSource("Los Angeles Times", "outlet", ("los angeles times", "la times", "l.a. times")),
    KnownSource("New York Post", "outlet", ("new york post", "ny post")),
    KnownSource("Huffington Post", "outlet", ("huffington post", "huffpost", "huff post")),
    KnownSource("Breitbart News", "outlet", ("breitbart", "breitbart news")),
    KnownSource("The Week", "outlet", ("the week",)),
    KnownSource("BuzzFeed News", "outlet", ("buzzfeed", "buzzfeed news")),
    KnownSource("The Daily Beast", "outlet", ("daily beast",)),
    KnownSource("The Atlantic", "outlet", ("atlantic",)),
    KnownSource("Newsweek", "outlet", ("newsweek",)),
    KnownSource("Time", "outlet", ("time magazine",)),
    KnownSource("Fox News", "broadcaster", ("fox news", "fox")),
    KnownSource("CNN", "broadcaster", ("cnn",)),
    KnownSource("MSNBC", "broadcaster", ("msnbc",)),
    KnownSource("CBS News", "broadcaster", ("cbs", "cbs news")),
    KnownSource("NBC News", "broadcaster", ("nbc", "nbc news")),
    KnownSource("ABC News", "broadcaster", ("abc", "abc news")),
    KnownSource("NPR", "broadcaster", ("npr", "national public radio")),
    KnownSource("BBC", "broadcaster", ("bbc", "bbc news")),
    KnownSource("Al Jazeera", "broadcaster", ("al jazeera",)),
    KnownSource("Deutsche Welle", "broadcaster", ("deutsche welle", "dw")),
    KnownSource("Radio Free Europe/Radio Liberty", "broadcaster", ("radio free europe", "rfe/rl")),
    KnownSource("Sky News", "broadcaster", ("sky news",)),
    KnownSource("Kyiv Independent", "outlet", ("kyiv independent",), "Ukraine"),
    KnownSource("Meduza", "outlet", ("meduza",), "Russia"),
    KnownSource("Kommersant", "outlet", ("kommersant",), "Russia"),
)

# Short forms that mean different outlets in different articles: they resolve to an outlet
# the article names in full, and to the table entry only when the article names none.
AMBIGUOUS_SHORT_FORMS = frozenset(
    {"times", "post", "journal", "hill", "ap", "fox", "abc", "ria", "rt"}
)

# Words that make an organisation name read as a news source even when it is not in the table.
SOURCE_WORDS = frozenset(
    {
        "agency",
        "news",
        "newspaper",
        "paper",
        "times",
        "post",
        "journal",
        "tribune",
        "herald",
        "gazette",
        "daily",
        "press",
        "television",
        "tv",
        "radio",
        "broadcaster",
        "magazine",
        "outlet",
        "wire",
        "channel",
        "telegraph",
        "observer",
        "chronicle",
        "media",
        "reuters",
    }
)

_ALIAS_INDEX: dict[str, KnownSource] = {
    alias: source for source in KNOWN_SOURCES for alias in (*source.aliases, source.name.lower())
}
_LEADING = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(’s|'s|’|')$")
_DESCRIPTOR = re.compile(
    r"^(?:(?:[a-z-]+\s+)?(?:state[- ]run\s+|state\s+|official\s+|independent\s+)?"
    r"(?:news\s+agency|news\s+outlet|newspaper|news\s+site|broadcaster|agency|outlet|daily|"
    r"tv\s+channel|television|channel|wire\s+service|website)\s+)",
    re.IGNORECASE,
)


def normalise(phrase: str) -> str:
    """Lower-case form without a leading article, possessive, or descriptor words."""
    text = " ".join(phrase.split()).strip(' ,.;:"“”‘’()')
    text = _POSSESSIVE.sub("", text)
    text = _LEADING.sub("", text)
    text = _DESCRIPTOR.sub("", text)
    return text.lower().strip()


def lookup(phrase: str) -> KnownSource | None:
    """The known source a phrase names, or None."""
    return _ALIAS_INDEX.get(normalise(phrase))


def canonical_source(phrase: str, *, named_in_article: tuple[str, ...] = ()) -> str:
    """Canonical name for a source phrase; short forms prefer an outlet the article names.

    ``named_in_article``: full source names found in the same article, e.g. "The New York
    Times", so that "the Times" means that outlet.
    """
    key = normalise(phrase)
    if key in AMBIGUOUS_SHORT_FORMS or len(key.split()) == 1:
        for full in named_in_article:
            full_key = normalise(full)
            if full_key != key and full_key.split() and full_key.split()[-1] == key.split()[-1]:
                return lookup(full).name if lookup(full) else _title(full)
    known = _ALIAS_INDEX.get(key)
    if known is not None:
        return known.name
    return _title(phrase)


def is_news_source(phrase: str) -> bool:
    """True for a phrase that names a news organisation (known, or by its words)."""
    if lookup(phrase) is not None:
        return True
    words = set(re.findall(r"[a-z]+", phrase.lower()))
    return bool(words & SOURCE_WORDS)


def _title(phrase: str) -> str:
    """A phrase cleaned for use as a name: no descriptor, no possessive, article kept."""
    text = " ".join(phrase.split()).strip(' ,.;:"“”‘’()')
    text = _POSSESSIVE.sub("", text)
    stripped = _LEADING.sub("", text)
    stripped = _DESCRIPTOR.sub("", stripped)
    return stripped or text


# Head nouns of official and institutional sources: bodies that state facts an article rests
# on. They are upstream sources like agencies and outlets, but of another type: "official".
OFFICIAL_NOUNS = frozenset(
    {
        "ministry", "council", "trust", "office", "police", "service", "authority",
        "authorities", "department", "government", "court", "directorate", "commission",
        "committee", "company", "firm", "union", "federation", "hospital", "officials",
        "prosecutors", "prosecutor", "inspectorate", "regulator", "army", "military",
        "administration", "cabinet", "parliament", "embassy", "municipality", "board",
        "bureau", "institute", "agency", "operator", "utility", "coroner", "coastguard",
        "brigade", "spokesman", "navy", "center", "centre", "survey", "crews", "observatory",
        "coastguard", "guard", "force", "forces", "services", "team", "station", "laboratory",
    }
)


def official_source(phrase: str) -> str:
    """Name of an official source as written, without a leading article or possessive:
    "the regional health ministry" -> "regional health ministry"."""
    return _title(phrase)


def source_type(name: str) -> str:
    """ "news" for news organisations (wires, state agencies, outlets, broadcasters, state
    media), "official" for every other upstream source (ministries, police, companies)."""
    if is_news_source(name) or name.lower().endswith("state media"):
        return "news"
    return "official"
