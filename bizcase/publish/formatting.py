"""Dutch formatting of the report's quantities, one way for each kind (Babel, locale nl_NL).

Amounts in euros ("€ 1.234.567"), percentages without a space ("1,35%"), years plain (2014,
never 2.014), register values by their unit. Rounding is half up, as the report's own rounding
(:func:`bizcase.core.metrics.round_to`). The report, the workbooks and the decisions log all use
these functions, so one quantity reads the same everywhere.
"""
from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_decimal

from bizcase.core import metrics, schema

NO_CHANGE_EUR = 0.5  # a change of a cost difference below half a euro is printed as no change

LOCALE = "nl_NL"


def rounded(x, decimals: int):
    """``x`` as a Decimal rounded half up to ``decimals`` places (never '-0'); None for NaN."""
    x = float(np.asarray(x))
    if math.isnan(x):
        return None
    if math.isinf(x):
        return x
    value = Decimal(repr(x)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return value if value != 0 else abs(value)


def _pattern(decimals: int, grouping: bool = True) -> str:
    return ("#,##0" if grouping else "0") + ("." + "0" * decimals if decimals > 0 else "")


def number(x, decimals: int = 0) -> str:
    """Dutch number: dot for thousands, comma for decimals (10.800; 1,35); '-' for NaN."""
    value = rounded(x, decimals)
    if value is None:
        return "-"
    return format_decimal(value, format=_pattern(decimals), locale=LOCALE)


def eur(x, decimals: int = 0) -> str:
    """An amount in euros: '€ 10.800' (whole euros unless ``decimals`` asks for cents)."""
    return f"€ {number(x, decimals)}"


def keur(x, step: float | None = None, decimals: int = 0) -> str:
    """An amount in euros written in thousands, for tables headed '× € 1.000' (optionally
    rounded to ``step`` euros first): 10.824.999 -> '10.825'."""
    value = metrics.round_to(x, step) if step else np.asarray(x, float)
    return number(value / 1000, decimals)


def million(x, decimals: int = 1) -> str:
    """'€ 3,4 miljoen'."""
    return f"€ {number(np.asarray(x, float) / 1e6, decimals)} miljoen"


def pct(x, decimals: int = 2) -> str:
    """A percentage given in percent (not as a fraction): 1.3456 -> '1,35%'."""
    value = number(x, decimals)
    return value if value == "-" else f"{value}%"


def plain(x) -> str:
    """A parameter value as the register holds it, without trailing zeros (2; 0,07; 85.000).

    Whole numbers between 1900 and 2100 are years (year_first, a variant's year_last) and are
    written without a thousands separator: 2014, never 2.014."""
    x = float(np.asarray(x))
    if math.isnan(x):
        return "-"
    if x.is_integer() and 1900 <= x <= 2100:
        return str(int(x))
    value = rounded(x, 6)
    return format_decimal(value, format="#,##0.######", locale=LOCALE)


def _decimals(d: Decimal) -> int:
    """How many decimals the decimal ``d`` has (0 for a whole number)."""
    return max(0, -d.normalize().as_tuple().exponent)


def value_text(unit: str, x, exact: bool = False) -> str:
    """A register value written the way the report writes that kind of quantity everywhere:
    shares and rates as percentages (0,03506 -> '3,51%'), amounts in euros, years plain,
    FTE with one decimal, a switch as 'ja' or 'nee'; '-' for a blank. ``exact``: with as many decimals as the value has
    (0,21033 -> '21,033%'), for a value a reader may type back in (a switching value)."""
    if x is None:
        return "-"
    x = float(np.asarray(x))
    if math.isnan(x):
        return "-"
    percent = unit in ("share", "rate")
    own = _decimals(Decimal(repr(x)) * (100 if percent else 1)) if exact else 0
    if percent:
        text = number(float(Decimal(repr(x)) * 100) if exact else x * 100, max(2, own))
        return (text.rstrip("0").rstrip(",") if "," in text else text) + "%"
    if unit in ("EUR", "EUR/FTE"):
        return eur(x, max(2, own)) if own else eur(x)
    if unit == "EUR/inhabitant":
        return eur(x, max(2, own))
    if unit == "FTE":
        text = number(x, max(1, own))
        return text[:-2] if text.endswith(",0") else text
    if unit == "flag" and not exact:  # a switch reads as words; a value to type back in stays 0 or 1
        return "ja" if x else "nee"
    if unit in ("year", "lag_years", "offset_years", "years", "flag", "count"):
        return str(int(round(x))) if unit != "count" else number(round(x))
    return number(x, own) if own > 6 else plain(x)


def setting(key: str, x) -> str:
    """The value of a settable id (a register id, a term, a schedule share) written as the report
    writes its unit: '€ 1.500.000', '3,5%', '2016', never '1,5e+06'."""
    spec = schema.spec_for(key)
    return value_text(spec.rules.unit if spec is not None else "", x)


def saving(pct_value, subject: str = "") -> str:
    """'bespaart 1,35%' for a saving, 'kost 0,76% méér' for extra costs (percent of the baseline);
    with a ``subject``: 'bespaart het scenario 1,35%'."""
    v = float(np.asarray(pct_value))
    who = f" {subject}" if subject else ""
    return f"bespaart{who} {pct(v)}" if v >= 0 else f"kost{who} {pct(-v)} méér"


def change(x) -> str:
    """A change of a cost difference (EUR, positive: dearer): '€ 3,4 miljoen duurder', '€ 20.000
    goedkoper', 'niet duurder of goedkoper' (less than half a euro)."""
    v = float(np.asarray(x))
    if abs(v) < NO_CHANGE_EUR:
        return "niet duurder of goedkoper"
    amount = million(abs(v)) if abs(v) >= 50_000 else eur(abs(v))
    return f"{amount} {'duurder' if v > 0 else 'goedkoper'}"


def percentile_place(rank) -> tuple[str, int]:
    """Where a point sits among draws, from its percentile rank (0-100), as every edition words it:
    ('at', n) for the whole percentile n, ('below', 0) or ('above', 100) when it rounds to an end
    (below or above nearly every draw)."""
    whole = int(rounded(float(rank), 0))
    return ("below", 0) if whole <= 0 else ("above", 100) if whole >= 100 else ("at", whole)


def inline(label: str) -> str:
    """A label as it reads inside a sentence: 'Jaar frictiekosten' -> 'jaar frictiekosten'; a word
    that starts with an abbreviation ('CIO-office', 'ICT') keeps its capitals."""
    head = label.split(" ", 1)[0]
    return label if len(head) > 1 and not head[1].islower() else label[:1].lower() + label[1:]


def join_and(items) -> str:
    """Dutch enumeration: 'A', 'A en B', 'A, B en C'."""
    return format_list([str(i) for i in items], locale=LOCALE)


def year(x) -> str:
    """A year, plain (2014, never 2.014), or 'geen' when there is none (NaN)."""
    x = float(np.asarray(x))
    return "geen" if math.isnan(x) else str(int(x))


def long_date(day) -> str:
    """A date in Dutch, written out: '29 november 2026'."""
    return format_date(day, format="long", locale=LOCALE)
