"""Sums of money in different currencies, put on one scale for comparison.

An outlet in London gives a theft as "£600,000", one in New York as "almost $1.3 million": if
the two are one sum, one of them is wrong, but only an exchange rate can say so. Rates move,
so each figure is converted at the average rate of its report's year, and two converted
figures count as different only when they are further apart than a year's swings and the
outlets' own rounding can explain (CURRENCY_SLACK, in compare/figures.py).

The table holds yearly averages of US dollars per unit (rounded to two figures, as published
by central banks; within a year the pound and the euro moved up to about 10 % around them).
A currency or a year that is not in it is never converted: its figures are compared only with
figures in the same currency.
"""

from __future__ import annotations

import re

# US dollars per pound sterling and per euro, yearly averages.
USD_PER_UNIT: dict[str, dict[int, float]] = {
    "pound": {
        1999: 1.62, 2000: 1.52, 2001: 1.44, 2002: 1.50, 2003: 1.63, 2004: 1.83, 2005: 1.82,
        2006: 1.84, 2007: 2.00, 2008: 1.85, 2009: 1.57, 2010: 1.55, 2011: 1.60, 2012: 1.58,
        2013: 1.56, 2014: 1.65, 2015: 1.53, 2016: 1.35, 2017: 1.29, 2018: 1.33, 2019: 1.28,
        2020: 1.28, 2021: 1.38, 2022: 1.24, 2023: 1.24, 2024: 1.28, 2025: 1.32,
    },
    "euro": {
        1999: 1.07, 2000: 0.92, 2001: 0.90, 2002: 0.95, 2003: 1.13, 2004: 1.24, 2005: 1.24,
        2006: 1.26, 2007: 1.37, 2008: 1.47, 2009: 1.39, 2010: 1.33, 2011: 1.39, 2012: 1.29,
        2013: 1.33, 2014: 1.33, 2015: 1.11, 2016: 1.11, 2017: 1.13, 2018: 1.18, 2019: 1.12,
        2020: 1.14, 2021: 1.18, 2022: 1.05, 2023: 1.08, 2024: 1.08, 2025: 1.13,
    },
}
# "A$2m", "NZ$500,000", "HK$", "C$": a dollar that is not the US dollar ("US$" is).
DOLLAR_PREFIX = re.compile(r"([A-Za-z.]{0,4})\$")
US_PREFIXES = frozenset({"", "us", "u.s.", "u.s"})
OTHER_DOLLAR_WORD = re.compile(
    r"^[^.;$]{0,25}?\b(?:Australian|Canadian|New\s+Zealand|Hong\s+Kong|Singapore|Taiwan|"
    r"Jamaican|Namibian|Zimbabwe(?:an)?|Liberian|Fiji(?:an)?)\s+dollars?\b", re.IGNORECASE)
PREFIX_LOOKBEHIND = 4
WORD_LOOKAHEAD = 40


def usd_rate(currency: str, year: int | None, *, text: str, start: int, end: int
             ) -> float | None:
    """US dollars per unit of the figure at ``text[start:end]`` in ``currency`` ("dollar",
    "pound", "euro"), at ``year``'s average; None when it cannot be put on that scale."""
    if currency == "dollar":
        sign = DOLLAR_PREFIX.search(text[max(0, start - PREFIX_LOOKBEHIND): end])
        if sign is not None and sign.group(1).lower() not in US_PREFIXES:
            return None
        if OTHER_DOLLAR_WORD.match(text[start: end + WORD_LOOKAHEAD]):
            return None
        return 1.0
    rates = USD_PER_UNIT.get(currency)
    if rates is None or year is None:
        return None
    return rates.get(year)
