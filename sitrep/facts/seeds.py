"""Seed articles: the verbatim sources that every fact's evidence must come from.

A seed is ``seeds/<id>.txt`` kept byte-for-byte, with ``seeds/<id>.yaml`` beside it
(:class:`~sitrep.facts.model.SeedMeta`). Its sha256 is recorded so that evidence cannot
move silently: an edited seed is refused.

Quotes are matched on a normalised form of the text (runs of white space folded,
typographic quotes made plain, and what Arabic varies in without changing meaning:
see :mod:`sitrep.facts.arabic`) that keeps a map back to the original offsets, so
coverage can be computed on the real text.
"""

from __future__ import annotations

import bisect
import difflib
import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from sitrep.facts import arabic
from sitrep.facts.model import SeedMeta
from sitrep.facts.values import to_number

_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})
_FOLD_ALL = _FOLD | arabic.FOLD
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    return _SPACE.sub(" ", text.translate(_FOLD_ALL)).strip()


@dataclass(frozen=True)
class Seed:
    meta: SeedMeta
    text: str
    file: str  # path relative to the project, for messages

    @cached_property
    def _index(self) -> tuple[str, list[int]]:
        """The normalised text and, for each of its characters, the original offset."""
        folded, origin = arabic.fold(self.text.translate(_FOLD))  # _FOLD maps one character to one
        out: list[str] = []
        offsets: list[int] = []
        for m in re.finditer(r"\s+|\S+", folded):
            if m.group().isspace():
                if out and out[-1] != " ":
                    out.append(" ")
                    offsets.append(origin[m.start()])
            else:
                out.extend(m.group())
                offsets.extend(origin[m.start() : m.end()])
        if out and out[-1] == " ":
            out.pop()
            offsets.pop()
        return "".join(out), offsets

    @property
    def normalised(self) -> str:
        return self._index[0]

    def find(self, quote: str) -> list[tuple[int, int]]:
        """Every span (in original offsets) where ``quote`` occurs, whitespace-insensitively."""
        norm, offsets = self._index
        needle = normalise(quote)
        spans: list[tuple[int, int]] = []
        if not needle:
            return spans
        start = norm.find(needle)
        while start != -1:
            end = start + len(needle) - 1
            spans.append((offsets[start], arabic.span_end(self.text, offsets[end] + 1)))
            start = norm.find(needle, start + 1)
        return spans

    def closest(self, quote: str) -> tuple[float, str]:
        """The passage most like ``quote`` (for a helpful error), and how alike it is: in the
        seed's own characters (its digits and vowel marks), white space folded."""
        norm, offsets = self._index
        ratio, passage = closest_passage(norm, quote)
        start = norm.find(passage) if passage else -1
        if start < 0:
            return ratio, passage
        end = arabic.span_end(self.text, offsets[start + len(passage) - 1] + 1)
        return ratio, " ".join(self.text[offsets[start] : end].translate(_FOLD).split())

    def line_col(self, offset: int) -> tuple[int, int]:
        starts = self._line_starts
        line = bisect.bisect_right(starts, offset)
        return line, offset - starts[line - 1] + 1

    @cached_property
    def _line_starts(self) -> list[int]:
        return [0] + [m.end() for m in re.finditer("\n", self.text)]


def closest_passage(text: str, quote: str) -> tuple[float, str]:
    """The passage of ``text`` most like ``quote``, and how alike (0 to 1), both normalised."""
    norm = normalise(text)
    needle = normalise(quote)
    n = len(needle)
    starts = [0] + [m.end() for m in re.finditer(r" ", norm)]
    best = (0.0, "")
    best_start = 0
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(needle)
    for s in starts:
        window = norm[s : s + n]
        matcher.set_seq1(window)
        if matcher.real_quick_ratio() <= best[0] or matcher.quick_ratio() <= best[0]:
            continue
        ratio = matcher.ratio()
        if ratio > best[0]:
            best = (ratio, window)
            best_start = s
    if best[0]:  # end the passage on the word boundary that matches best
        ends = [m.start() for m in re.finditer(r"(?=\s)|$", norm[best_start : best_start + n + 20])]
        for e in ends:
            matcher.set_seq1(norm[best_start : best_start + e])
            if matcher.ratio() > best[0]:
                best = (matcher.ratio(), norm[best_start : best_start + e])
    return best


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------- numbers in text

_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "dozen": 12,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
_VAGUE = {"dozens", "hundreds", "thousands", "millions"}  # name an order of magnitude, not a number
# Digits may follow an Arabic letter: Arabic writes "و" (and) and "ب" (with) on the word after them.
_TOKEN = re.compile(
    r"(?<![^\W\u0621-\u064a]|[.,])\d{1,3}(?:,\d{3})+(?![\w])|(?<![^\W\u0621-\u064a]|[.,])\d+(?:\.\d+)?(?![\w])"
    rf"|[A-Za-z]+|[{arabic.LETTERS}]+"
)
_JOIN = re.compile(r"^(?:\s+|-)$")
_MINUS = re.compile(r"(?:\bminus\s+|(?:^|(?<=\s))[-\u2212])\Z", re.IGNORECASE)


@dataclass(frozen=True)
class Number:
    start: int
    end: int
    text: str
    value: float | None  # None for words such as "thousands" that name no number


def _word_value(token: str) -> tuple[str, Decimal | int] | None:
    word = token.lower()
    if word in _UNITS:
        return "unit", _UNITS[word]
    if word in _SCALES:
        return "scale", _SCALES[word]
    if token[0].isdigit():
        return "unit", Decimal(token.replace(",", ""))  # exact: "2.3 million" is 2,300,000, not 2,299,999.99...
    return None


def numbers(text: str) -> list[Number]:
    """Numbers written in ``text``: digits ("1,000"), words ("nine", "twenty-five",
    "two hundred and fifty") and mixtures ("3 million"); in Arabic, Arabic-Indic digits,
    words, the dual and mixtures too ("٢٣٠", "سبع", "مركزين", "12 ألف": :mod:`sitrep.facts.arabic`).
    A lone "one" is left out on purpose: in news text it is mostly a pronoun ("one of the
    towns", "one resident"), and flagging each would drown the real numbers."""
    folded, origin = arabic.fold(text)
    tokens = list(_TOKEN.finditer(folded))
    words = [t.group() for t in tokens]
    spaced = [i > 0 and folded[tokens[i - 1].end() : t.start()].isspace() for i, t in enumerate(tokens)]
    out: list[Number] = []

    def add(i: int, j: int, value: Decimal | None) -> None:
        start, end = origin[tokens[i].start()], arabic.span_end(text, origin[tokens[j - 1].end() - 1] + 1)
        amount = None if value is None else to_number(value)
        if value is not None and _MINUS.search(folded, 0, tokens[i].start()):  # "minus 4", "-4": not a range's hyphen
            amount = to_number(-value)
        out.append(Number(start, end, text[start:end], amount))

    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if _is_arabic(words[i]) or (i + 1 < len(tokens) and spaced[i + 1] and _is_arabic(words[i + 1])):
            if words[i] in arabic.ORDINAL and i > 0 and spaced[i] and words[i - 1] in arabic.AGE:
                add(i, i + 1, Decimal(arabic.ORDINAL[words[i]]))  # "دون سن الخامسة": under five
                i += 1
                continue
            read = arabic.read(words[i:], spaced[i:])
            if read is None:
                i += 1
                continue
            length, value = read
            if not arabic.is_lone_one(words[i : i + length]):
                add(i, i + length, value)
            i += length
            continue
        if tok.group().lower() in _VAGUE:
            add(i, i + 1, None)
            i += 1
            continue
        first = _word_value(tok.group())
        if first is None or first[0] == "scale":
            i += 1
            continue
        total, current, j = Decimal(0), Decimal(first[1]), i + 1
        while j < len(tokens) and _JOIN.match(folded[tokens[j - 1].end() : tokens[j].start()]):
            step = 1
            if tokens[j].group().lower() == "and" and j + 1 < len(tokens) and current % 100 == 0:
                step = 2  # "two hundred and fifty"
            following = tokens[j + step - 1].group()
            nxt = _word_value(following)
            if nxt is None or (nxt[0] == "unit" and following[0].isdigit()):
                break  # "between 700 and 1,150" is two numbers: digits never continue a number
            kind, val = nxt
            if kind == "scale":
                current *= val
                if val >= 1000:
                    total, current = total + current, Decimal(0)
            elif (current % 100 >= 20 and current % 10 == 0 and val < 10) or current % 1000 == 0 or current % 100 == 0:
                current += val  # "twenty-five", "hundred and five"
            else:
                break
            j += step
        if folded[tok.start() : tokens[j - 1].end()].lower() != "one":
            add(i, j, total + current)
        i = j
    return out


def _is_arabic(token: str) -> bool:
    return "\u0621" <= token[0] <= "\u06d3"


# Photo captions end with "(Photographer Name/AGENCY)".
_CREDIT = re.compile(r"\(([A-Z][\w.'\u2019 -]{1,60})/([A-Z][\w.&' -]{0,40})\)(?=[ \t]*$)", re.MULTILINE)


def credits(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in _CREDIT.finditer(text)]


def closest_hint(seed: Seed, quote: str) -> str:
    ratio, passage = seed.closest(quote)
    if ratio < 0.5:
        return f"quote not found in seed {seed.meta.id}"
    return f"quote not found in seed {seed.meta.id}; closest passage ({ratio:.0%} alike): {passage!r}"
