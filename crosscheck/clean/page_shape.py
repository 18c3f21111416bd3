"""Is this text a web page's text, or an article that is already clean?

The learned line scorer reads a line's shape and its neighbours' to tell the article from the
page around it. On text that has no page around it (a wire copy, an export, a corpus article)
it has nothing to separate, and every line it removes is a loss: a short quote ("“It can’t
work this way,” she said.") or a line of market figures looks like page furniture to it. So
the scorer only judges text that shows a page's furniture: menus, buttons and labels, short
lines that are not sentences. A clean article has few of them (a headline, a dateline, a
subheading or two); a page's text has runs of them.
"""

from __future__ import annotations

from crosscheck.clean.text_lines import Line, ends_sentence, words
from crosscheck.settings import CleanSettings


def is_furniture_shaped(text: str, *, max_words: int) -> bool:
    """A menu entry, button or label: a few words and no sentence end. A bare number is a
    list's counter or a score in an article ("1", "2" above a listicle's items), not a menu."""
    tokens = words(text)
    if not tokens or all(token.isdigit() for token in tokens):
        return False
    return len(tokens) <= max_words and not ends_sentence(text)


def furniture_lines(lines: list[Line], settings: CleanSettings) -> int:
    return sum(is_furniture_shaped(line.text, max_words=settings.furniture_max_words) for line in lines)


def looks_like_page(lines: list[Line], settings: CleanSettings) -> bool:
    """Enough furniture-shaped lines, absolutely and as a share of the lines, to be a page."""
    count = furniture_lines(lines, settings)
    return count >= settings.page_min_furniture and count >= settings.page_min_furniture_share * len(lines)
