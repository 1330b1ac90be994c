"""Amounts as fact files and news articles write them.

A fact file's value is a number, optionally written as the news writes it: "1,100",
"6.8", "-4" or "minus 4", "2.3 million", "$38 million", "12%" or "12 per cent". It is
stored as the number alone (an integer whenever it is whole, so counts stay integers
and old fingerprints stay valid); the unit belongs to the measure, and a written unit
that contradicts the measure's is an error (:func:`unit_hint`).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

LIMIT = Decimal(10) ** 15

_SCALE = {"thousand": 10**3, "million": 10**6, "billion": 10**9}
_CURRENCY = r"(?:US\$|\$|USD\s*|US dollars?\s*)"
_AMOUNT = re.compile(
    r"^(?P<sign>minus\s+|-|\u2212)?\s*(?P<cur>" + _CURRENCY + r")?\s*"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s*(?P<scale>thousand|million|billion))?"
    r"(?P<rest>.*)$",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"^\s*(?:%|per\s*cent|percent)\s*$", re.IGNORECASE)
_DOLLARS = re.compile(r"^\s*(?:US dollars?|dollars?|USD)\s*$", re.IGNORECASE)


def parse_amount(text: str) -> tuple[int | float, str | None]:
    """``"$38 million"`` -> ``(38000000, "USD")``; raises ValueError saying what is wrong."""
    s = text.strip()
    if not s:
        raise ValueError("expected a number")
    m = _AMOUNT.match(s)
    if m is None:
        if re.fullmatch(_CURRENCY.replace("\\s*", "") + r"|USD|US dollars?|dollars?|\$|%|per cent|percent", s, re.I):
            raise ValueError(f"'{s}' is a unit without an amount: give the number")
        raise ValueError(f"expected a number, such as 1100, 6.8, -4, 2.3 million, $38 million or 12% (got {s!r})")
    hint: str | None = "USD" if m["cur"] else None
    rest = m["rest"]
    if rest.strip():
        if _PERCENT.match(rest):
            hint = "percent" if hint is None else "mixed"
        elif _DOLLARS.match(rest):
            hint = "USD"
        else:
            word = rest.strip().split()[0]
            raise ValueError(
                f"unknown unit {word!r}: write the number alone (or with $, %, per cent or million); "
                "the unit comes from the measure"
            )
    if hint == "mixed":
        raise ValueError("both a currency and a percentage: which is it?")
    try:
        d = Decimal(m["num"].replace(",", ""))
    except InvalidOperation:
        raise ValueError(f"not a number: {m['num']!r}") from None
    if m["scale"]:
        d *= _SCALE[m["scale"].lower()]
    if m["sign"]:
        d = -d
    if abs(d) >= LIMIT:
        raise ValueError("too large (the limit is 10^15)")
    return to_number(d), hint


def to_number(d: Decimal) -> int | float:
    """A whole number as an int (so counts stay integers), anything else as the nearest float."""
    return int(d) if d == d.to_integral_value() else float(d)


def amount_input(value: object) -> object:
    """Pydantic's view: fact files give strings; numbers (from Python) pass through."""
    if isinstance(value, bool):
        raise ValueError("expected a number, got a flag")
    if isinstance(value, str):
        return parse_amount(value)[0]
    return value


def unit_hint(value: object) -> str | None:
    """The unit a written value names ("USD" for "$38 million", "percent" for "12%"), if any."""
    if not isinstance(value, str):
        return None
    try:
        return parse_amount(value)[1]
    except ValueError:
        return None


def is_whole(x: float | int) -> bool:
    return isinstance(x, int) or float(x).is_integer()


def same(a: float | int | Decimal, b: float | int | Decimal) -> bool:
    """Equal as written decimals (6.8 read from text equals 6.8 in a fact file)."""
    return Decimal(repr(a) if isinstance(a, float) else a) == Decimal(repr(b) if isinstance(b, float) else b)
