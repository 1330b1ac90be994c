"""Values in the reader's language: the one formatter every value a page shows goes through.

A value is a number in its unit ("$38 million", "140 tonnes", "−4 °C", "12%"), possibly a range
("1,200 to 1,500") or a share ("2 of 5"); its qualifier ("at least") is worded by
:func:`sitrep.outputs.filters.value` around what this module gives. Every word here (the unit,
"million", "to") is a message of the page's catalogue (:mod:`sitrep.outputs.words`), so a
language writes a value its own way: "38 مليون دولار أمريكي", "من 1,200 إلى 1,500", "140 طن".
English is the messages themselves: the English site's values are what they always were.

Digits (mkdocs.yml ``extra.digits``, per language): ``latn`` (0-9, the default) writes numbers
as English does ("1,200", "6.8"); ``arab`` writes them in Arabic-Indic digits with the Arabic
separators, as CLDR's ``arab`` numbering system does ("١٬٢٠٠", "٦٫٨", "١٢٪"). The page's words
carry the setting (:func:`sitrep.outputs.words.digits`), so every value worded with them follows it.
"""

from __future__ import annotations

from decimal import Decimal

from sitrep.facts.measures import MINUS, Measure, plain_number
from sitrep.outputs.words import ENGLISH, N_, Words, digits

# CLDR's arab numbering system: Arabic-Indic digits, the Arabic thousands separator (U+066C)
# and decimal separator (U+066B); the Arabic percent sign (U+066A) follows a number in it.
_ARAB = str.maketrans({**{str(d): chr(0x0660 + d) for d in range(10)}, ",": "\u066c", ".": "\u066b"})
_ARAB_DIGITS = str.maketrans({str(d): chr(0x0660 + d) for d in range(10)})
ARABIC_PERCENT = "\u066a"

# What follows a number in a built-in unit; the unit's words are the language's (a project's own
# unit is written with its first written form, translated where the catalogue has it).
UNIT_FORMS = {
    "percent": N_("%(n)s%%"),
    "tonnes": N_("%(n)s tonnes"),
    "litres": N_("%(n)s litres"),
    "mm": N_("%(n)s mm"),
    "km": N_("%(n)s km"),
    "celsius": N_("%(n)s °C"),
}
RANGE = N_("%(low)s to %(high)s")
DOLLARS = N_("$%(amount)s")


def number(x: float | int | Decimal, words: Words = ENGLISH) -> str:
    """1100 -> "1,100" (or "١٬١٠٠" where the language's digits are Arabic-Indic); 6.8 -> "6.8"."""
    text = plain_number(x)
    return text.translate(_ARAB) if digits(words) == "arab" else text


def in_digits(text: str, words: Words = ENGLISH) -> str:
    """Text holding numbers written plainly (a time "18:00", a year, a day of the month) in the
    language's digits; separators left as they are."""
    return text.translate(_ARAB_DIGITS) if digits(words) == "arab" else text


def _decimal(x: float | int | Decimal) -> Decimal:
    return Decimal(repr(x)) if isinstance(x, float) else Decimal(x)


def _count(d: Decimal) -> int:
    """The number a plural form is chosen by: a fraction takes the form for many (as 100 does)."""
    return int(d) if d == d.to_integral_value() else 100


def scaled(x: float | int | Decimal, words: Words = ENGLISH) -> str:
    """Millions and billions in words when they are round to two decimals: "2.3 million"."""
    d = _decimal(x)
    for scale in (Decimal(10) ** 9, Decimal(10) ** 6):
        if abs(d) >= scale and (d / scale) * 100 == ((d / scale) * 100).to_integral_value():
            n = {"n": number(d / scale, words)}
            if scale == Decimal(10) ** 9:
                return words.ngettext("%(n)s billion", "%(n)s billion", _count(abs(d / scale))) % n
            return words.ngettext("%(n)s million", "%(n)s million", _count(abs(d / scale))) % n
    if d != d.to_integral_value() and abs(d) >= 1000:
        return number(d.quantize(Decimal("0.01")), words)
    return number(d, words)


def money(x: float | int, words: Words = ENGLISH) -> str:
    """US dollars: "$38 million", "$12,500.50" (cents below a million)."""
    d = _decimal(x)
    if d != d.to_integral_value() and abs(d) < 10**6:  # cents: "$12,500.50"
        whole, cents = f"{abs(d):.2f}".split(".")
        shown = number(int(whole), words) + (f".{cents}".translate(_ARAB) if digits(words) == "arab" else f".{cents}")
        return (MINUS if d < 0 else "") + words.gettext(DOLLARS) % {"amount": shown}
    shown = scaled(abs(d), words)
    return (MINUS if d < 0 else "") + words.gettext(DOLLARS) % {"amount": shown}


def _with_unit(n: str, measure: Measure | None, words: Words) -> str:
    unit = measure.unit if measure else "none"
    if measure is not None and measure.written:
        return f"{n} {words.gettext(measure.written[0])}"
    form = UNIT_FORMS.get(unit)
    if form is None:
        return n
    text = words.gettext(form) % {"n": n}
    return text.replace("%", ARABIC_PERCENT) if unit == "percent" and digits(words) == "arab" else text


def _has_unit_words(measure: Measure | None) -> bool:
    return measure is not None and (bool(measure.written) or measure.unit in UNIT_FORMS)


def amount(x: float | int | None, measure: Measure | None, words: Words = ENGLISH) -> str:
    """A value in its unit, as a reader of the language expects it: "$38 million", "12%", "−4 °C", "1,100"."""
    if x is None:
        return ""
    if measure is not None and measure.unit == "USD":
        return money(x, words)
    return _with_unit(scaled(x, words), measure, words)


def amount_range(low: float | int, high: float | int, measure: Measure | None, words: Words = ENGLISH) -> str:
    """ "280 to 320 mm", "$1 million to $2 million", "1,200 to 1,500" (Arabic: "من 1,200 إلى 1,500")."""
    if _has_unit_words(measure):  # the unit once, after the range
        both = words.gettext(RANGE) % {"low": scaled(low, words), "high": scaled(high, words)}
        return _with_unit(both, measure, words)
    return words.gettext(RANGE) % {"low": amount(low, measure, words), "high": amount(high, measure, words)}
