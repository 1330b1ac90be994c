"""Arabic as sources write it: what varies between copies without changing meaning, numbers in words,
the dual, and the names of weekdays and months.

Two copies of the same Arabic article differ in marks that do not change a word: the short vowels
and other harakat (tashkeel, U+064B..U+0652), the superscript alef (U+0670), the tatweel that
stretches a line (U+0640); in the Arabic comma, semicolon and percent sign against the Latin ones;
in Arabic-Indic (U+0660..U+0669) or Eastern Arabic-Indic (U+06F0..U+06F9) digits against ASCII
ones, and the Arabic thousands and decimal separators (U+066C, U+066B). :data:`FOLD` drops or maps
exactly those, and nothing else: a letter that differs is a different quote.

Numbers: :func:`word` reads one Arabic number word (with the prefixes Arabic writes on words: "و"
and, "ف" so, "ب" "ل" "ك" with, for, as, and the article "ال"); :func:`read` puts words together
into a number the way Arabic orders them: units before tens ("خمسة وعشرون", 25), hundreds and
thousands first ("مئة وخمسون", 150), teens with "عشر" ("ثلاثة عشر", 13), and digits followed by a
scale ("12 ألف", "2.4 مليون").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import TypeVar

_K = TypeVar("_K", str, int)

# --------------------------------------------------------------------------- what varies

_DROPPED = "".join(chr(c) for c in range(0x064B, 0x0653)) + "\u0670\u0640"
_MAPPED = {
    "\u060c": ",",  # Arabic comma
    "\u061b": ";",  # Arabic semicolon
    "\u066a": "%",  # Arabic percent sign
    "\u066c": ",",  # Arabic thousands separator
    "\u066b": ".",  # Arabic decimal separator
}
_MAPPED |= {chr(0x0660 + d): str(d) for d in range(10)}  # Arabic-Indic digits
_MAPPED |= {chr(0x06F0 + d): str(d) for d in range(10)}  # Eastern Arabic-Indic digits
FOLD: dict[int, str | None] = {ord(c): None for c in _DROPPED} | {ord(k): v for k, v in _MAPPED.items()}
_VARIES = re.compile("[" + re.escape(_DROPPED + "".join(_MAPPED)) + "]")


def fold(text: str) -> tuple[str, list[int]]:
    """``text`` with :data:`FOLD` applied, and for each of its characters the offset it came from."""
    if not _VARIES.search(text):
        return text, list(range(len(text)))
    out: list[str] = []
    offsets: list[int] = []
    for i, c in enumerate(text):
        m = FOLD.get(ord(c), c)
        if m is not None:
            out.append(m)
            offsets.append(i)
    return "".join(out), offsets


def span_end(text: str, end: int) -> int:
    """``end`` moved past the marks :func:`fold` dropped right after it: a quote or a number that
    ends on a letter also holds its vowel marks ("سبعُ")."""
    while end < len(text) and text[end] in _DROPPED:
        end += 1
    return end


# --------------------------------------------------------------------------- numbers in words

LETTERS = "\u0621-\u064a\u0671-\u06d3"  # the Arabic letters (after :func:`fold`, no marks)

_UNITS = {
    1: "واحد واحدة أحد إحدى احد احدى",
    2: "اثنان اثنين اثنتان اثنتين اثنا اثني اثنتا اثنتي إثنان إثنين",
    3: "ثلاث ثلاثة",
    4: "أربع أربعة اربع اربعة",
    5: "خمس خمسة",
    6: "ست ستة",
    7: "سبع سبعة",
    8: "ثمان ثماني ثمانية",
    9: "تسع تسعة",
}
_TENS = {
    20: "عشرون عشرين",
    30: "ثلاثون ثلاثين",
    40: "أربعون أربعين اربعون اربعين",
    50: "خمسون خمسين",
    60: "ستون ستين",
    70: "سبعون سبعين",
    80: "ثمانون ثمانين",
    90: "تسعون تسعين",
}
_HUNDRED = ("مئة", "مائة", "مئه", "مائه")
_HUNDREDS = {100: " ".join(_HUNDRED), 200: "مئتان مئتين مائتان مائتين مئتا مئتي مائتا مائتي"}
for _n, _forms in ((3, "ثلاث"), (4, "أربع اربع"), (5, "خمس"), (6, "ست"), (7, "سبع"), (8, "ثمان ثماني"), (9, "تسع")):
    _HUNDREDS[_n * 100] = " ".join(f + h for f in _forms.split() for h in _HUNDRED)
# A scale multiplies what comes before it; a plural one ("آلاف") needs a number before it, and
# alone names an order of magnitude ("thousands"), not a number.
_SCALES = {"ألف": 1000, "ألفا": 1000, "الف": 1000, "مليون": 10**6, "مليونا": 10**6, "مليار": 10**9, "بليون": 10**9}
_PLURAL_SCALES = {"آلاف": 1000, "الاف": 1000, "ألوف": 1000, "ملايين": 10**6, "مليارات": 10**9}
_VAGUE = {"عشرات", "مئات", "مائات"} | set(_PLURAL_SCALES)
_DUAL_SCALES = {"ألفان": 2000, "ألفين": 2000, "ألفي": 2000, "مليونان": 2 * 10**6, "مليونين": 2 * 10**6}
_DUAL_SCALES |= {"ملياران": 2 * 10**9, "مليارين": 2 * 10**9}

# The dual: one word for two of a thing ("مركزين", two centres; "يومين", two days). Arabic makes
# it of any noun, but "-ين" also ends plurals and adjectives: only nouns a report counts are read.
# (Not "مصاب" or "مسعف": their plurals also end in "-ين".)
_DUAL_MASCULINE = "مركز يوم شهر أسبوع اسبوع عام شخص طفل رجل مخيم منزل بيت طبيب جريح قتيل فريق مريض بئر"
_DUAL_FEMININE = "قرية بلدة مدينة سنة ساعة مرة حالة منظمة محافظة شاحنة عيادة منطقة سيارة امرأة طائرة مدرسة دقيقة"
_DUALS = {m + e for m in _DUAL_MASCULINE.split() for e in ("ان", "ين")}
_DUALS |= {f[:-1] + e for f in _DUAL_FEMININE.split() for e in ("تان", "تين")}
_DUALS |= {"مستشفيان", "مستشفيين", "امرأتان", "امرأتين"}

# Ordinals are not numbers ("كانون الثاني" is a month, "المرة الثالثة" the third time), except
# where they give an age: "دون سن الخامسة" is "under five".
_ORDINALS = {
    2: "الثاني الثانية",
    3: "الثالث الثالثة",
    4: "الرابع الرابعة",
    5: "الخامس الخامسة",
    6: "السادس السادسة",
    7: "السابع السابعة",
    8: "الثامن الثامنة",
    9: "التاسع التاسعة",
    10: "العاشر العاشرة",
}
ORDINAL = {w: n for n, ws in _ORDINALS.items() for w in ws.split()}
AGE = {"سن", "عمر"}

_LEXICON: dict[str, tuple[str, int]] = {}
for _table, _kind in ((_UNITS, "unit"), (_TENS, "tens"), (_HUNDREDS, "hundred")):
    for _value, _words in _table.items():
        for _w in _words.split():
            _LEXICON[_w] = (_kind, _value)
_LEXICON |= {"عشر": ("ten", 10), "عشرة": ("ten", 10)}
_LEXICON |= {w: ("scale", v) for w, v in _SCALES.items()}
_LEXICON |= {w: ("plural", v) for w, v in _PLURAL_SCALES.items()}
_LEXICON |= {w: ("vague", 0) for w in _VAGUE - set(_PLURAL_SCALES)}
_LEXICON |= {w: ("dual", v) for w, v in _DUAL_SCALES.items()}
_LEXICON |= {w: ("dual", 2) for w in _DUALS}

# "الاثنين" is Monday and "الأحد" Sunday; "في المئة" is "per cent": never numbers with the article.
_NOT_WITH_ARTICLE = {"اثنين", "اثنان", "إثنين", "إثنان", "أحد", "احد", *_HUNDRED}

_PREFIXES = sorted(
    {c + p + a for c in ("", "و", "ف") for p in ("", "ب", "ل", "ك") for a in ("", "ال")} | {"لل", "ولل", "فلل"},
    key=len,
    reverse=True,
)


def word(token: str) -> tuple[str, int, bool] | None:
    """``(kind, value, after "و")`` of an Arabic number word, or None.

    Kinds: unit (1-9), ten (عشر, 10, also the teens' second word), tens (20-90), hundred (100-900),
    scale (ألف, مليون: multiplies), plural (آلاف: multiplies, or alone names an order of
    magnitude), vague (عشرات, مئات), dual (a noun that means two of it, or ألفين: a number alone).
    """
    for prefix in _PREFIXES:
        if not token.startswith(prefix):
            continue
        stem = token[len(prefix) :]
        if len(stem) < 2 or stem not in _LEXICON:
            continue
        if prefix.endswith(("ال", "لل")) and stem in _NOT_WITH_ARTICLE:
            return None
        if len(stem) < 3 and prefix not in ("", "و", "ال", "وال"):
            return None  # "لست" is "I am not", not "for six"
        kind, value = _LEXICON[stem]
        return kind, value, prefix.startswith("و")
    return None


def _lowest_place(x: Decimal) -> Decimal:
    """The smallest power of ten a whole number uses: 3000 -> 1000, 150 -> 10 (0: any)."""
    if x == 0:
        return Decimal(10) ** 18
    place = Decimal(1)
    while x % (place * 10) == 0:
        place *= 10
    return place


def read(tokens: Sequence[str], joined: Sequence[bool]) -> tuple[int, Decimal | None] | None:
    """The number starting at ``tokens[0]``: how many tokens it takes and its value (None for a
    word such as "آلاف" that names no number), or None when it starts no number.

    ``tokens`` are words and digit runs (ASCII, as :func:`fold` leaves them); ``joined[i]`` says
    whether only white space separates ``tokens[i]`` from the one before it.
    """
    first = tokens[0]
    total = Decimal(0)
    if first[0].isdigit():
        last, current = "digits", Decimal(first.replace(",", ""))
    else:
        w = word(first)
        if w is None:
            return None
        last, value, _ = w
        if last in ("vague", "plural"):
            j = 1  # "عشرات الآلاف", tens of thousands: one order of magnitude
            while j < len(tokens) and joined[j] and (n := word(tokens[j])) is not None and n[0] in ("vague", "plural"):
                j += 1
            return j, None
        if last == "dual":
            return 1, Decimal(value)
        current = Decimal(value)
        if last == "scale":  # "ألف" alone is a thousand
            total, current, last = current, Decimal(0), "scaled"
    j = 1
    while j < len(tokens) and joined[j] and not tokens[j][0].isdigit():  # digits never continue a number
        w = word(tokens[j])
        if w is None:
            break
        kind, v, conj = w
        if not conj:
            if kind == "ten" and last == "unit":
                current += 10  # "ثلاثة عشر", 13
                last = "teen"
            elif kind == "hundred" and v == 100 and last == "unit":
                current *= 100  # "ثلاث مئة", 300
                last = "hundred"
            elif kind in ("scale", "plural") and last != "scaled":
                total += (current or 1) * v  # "12 ألف", "ثلاثة آلاف", "2.4 مليون"
                current, last = Decimal(0), "scaled"
            else:
                break
        elif kind in ("unit", "ten", "tens", "hundred") and last != "digits":
            if kind == "tens" and last == "unit":
                current += v  # "خمسة وعشرون", 25: the unit comes first
            elif v < _lowest_place(total + current):
                current += v  # "مئة وخمسون", "ثلاثة آلاف وخمسمئة"
            else:
                break
            last = kind
        else:
            break
        j += 1
    return j, total + current


def is_lone_one(tokens: Sequence[str]) -> bool:
    """A single word that says "one": left out, as "one" is in English ("أحد السكان", one of the residents)."""
    return (
        len(tokens) == 1 and not tokens[0][0].isdigit() and (w := word(tokens[0])) is not None and w[:2] == ("unit", 1)
    )


# --------------------------------------------------------------------------- units and qualifiers

PERCENT_AFTER = r"(?:في\s*ال|بال)(?:مئة|مائة)(?![" + LETTERS + "])"
DOLLARS_AFTER = r"دولار"

# (The Arabic qualifiers, "أكثر من", "نحو"..., are in the validator's table beside the English ones.)

# A duration's unit, as written after or before its number ("ثلاثة أشهر", "الأشهر الثلاثة") or as
# the dual that is its own number ("شهرين": two months), and the words of its relation ("خلال
# الأشهر الثلاثة المقبلة": over the next three months). "for" may go unsaid, as in English.
DURATION_UNITS = {
    "hours": ("ساعة", "ساعات", "ساعتين", "ساعتان"),
    "days": ("يوم", "يوما", "أيام", "ايام", "يومين", "يومان"),
    "weeks": ("أسبوع", "اسبوع", "أسابيع", "اسابيع", "أسبوعين", "اسبوعين", "أسبوعان", "اسبوعان"),
    "months": ("شهر", "شهرا", "أشهر", "اشهر", "شهور", "شهرين", "شهران"),
    "years": ("سنة", "سنوات", "عام", "عاما", "أعوام", "اعوام", "سنتين", "سنتان", "عامين", "عامان"),
}
DURATION_RELATIONS = {
    "in": ("في غضون", "غضون", "خلال", "بعد"),
    "within": ("في غضون", "غضون", "خلال"),
    "over": ("خلال", "على مدى", "على مدار", "طوال"),
}

# --------------------------------------------------------------------------- weekdays and months

WEEKDAYS = {
    "Sunday": ("الأحد", "الاحد"),
    "Monday": ("الاثنين", "الإثنين"),
    "Tuesday": ("الثلاثاء",),
    "Wednesday": ("الأربعاء", "الاربعاء"),
    "Thursday": ("الخميس",),
    "Friday": ("الجمعة",),
    "Saturday": ("السبت",),
}
# The Levantine and Iraqi names, then the Egyptian and Gulf ones (Arabic forms of the Latin
# names). Articles often give both: "تشرين الأول/أكتوبر".
MONTHS = {
    1: ("كانون الثاني", "يناير"),
    2: ("شباط", "فبراير"),
    3: ("آذار", "اذار", "مارس"),
    4: ("نيسان", "أبريل", "ابريل", "إبريل"),
    5: ("أيار", "ايار", "مايو"),
    6: ("حزيران", "يونيو", "يونيه"),
    7: ("تموز", "يوليو", "يوليه"),
    8: ("آب", "أغسطس", "اغسطس"),
    9: ("أيلول", "ايلول", "سبتمبر"),
    10: ("تشرين الأول", "تشرين الاول", "أكتوبر", "اكتوبر"),
    11: ("تشرين الثاني", "نوفمبر"),
    12: ("كانون الأول", "كانون الاول", "ديسمبر"),
}


def _named(names: dict[_K, tuple[str, ...]], text: str) -> list[tuple[int, int, _K]]:
    found: list[tuple[int, int, _K]] = []
    for key, forms in names.items():
        for form in forms:
            # a word of its own, but for the prefixes Arabic writes on it ("والخميس", "ويوم السبت")
            pattern = rf"(?<![{LETTERS}])(?:[وفب]|ل)?{re.escape(form)}(?![{LETTERS}])"
            found += [(m.start(), m.end(), key) for m in re.finditer(pattern, text)]
    return found


def weekdays(text: str) -> list[str]:
    """The weekdays (by their English name) that ``text`` names in Arabic, with or without "يوم"."""
    folded = fold(text)[0]
    return [k for _, _, k in sorted(_named(WEEKDAYS, folded))]


def months(text: str) -> list[tuple[int, int | None]]:
    """The months ``text`` names in Arabic, each with the day written just before it, if any:
    "٣١ تشرين الأول/أكتوبر" is ``(10, 31)`` (once: the two names of one month are one date)."""
    folded = fold(text)[0]
    out: list[tuple[int, int | None]] = []
    end_of_last = -1
    for start, end, month in sorted(_named(MONTHS, folded)):
        if start <= end_of_last + 1 and out and out[-1][0] == month:
            end_of_last = end  # "تشرين الأول/أكتوبر": the same month twice
            continue
        if start < end_of_last:
            continue  # "كانون الثاني" also holds no other name; overlapping finds are one
        day = re.search(r"(?<![\d.,])(\d{1,2})\s*$", folded[:start])
        out.append((month, int(day.group(1)) if day else None))
        end_of_last = end
    return out
