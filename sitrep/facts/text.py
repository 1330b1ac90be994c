"""What counts as text: the characters a fact string, seed metadata or a command argument may hold.

Text reaches readers through Markdown, HTML, YAML front matter, JSON, CSV and XML. A control
character (C0 but tab and newline, DEL, C1), a UTF-16 surrogate or a Unicode noncharacter is
never part of what a source wrote, and each of those channels treats them differently: YAML
refuses DEL, XML refuses most C0, a browser drops some and shows others. So they are refused
where text comes in, with the place, and the rest of the program can count on text being text.

Everything else is text, shown literally: bidirectional controls (Arabic and Hebrew need
them), line and paragraph separators, the byte order mark, astral characters.
"""

from __future__ import annotations

import json
import re
import unicodedata

# C0 controls but tab and newline; DEL and C1; surrogates; the noncharacters (U+FDD0..U+FDEF
# and the last two code points of every plane).
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(f"{chr(p * 0x10000 + 0xFFFE)}{chr(p * 0x10000 + 0xFFFF)}" for p in range(17))
_REFUSED = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff{_NONCHARACTERS}]")


def refused(text: str) -> int | None:
    """The offset of the first character ``text`` may not hold, or None."""
    m = _REFUSED.search(text)
    return m.start() if m else None


def stretches(text: str) -> list[str]:
    """The runs of ``text`` between the characters it may not hold."""
    return _REFUSED.split(text)


def describe(char: str) -> str:
    """``U+007F (a control character)``: how a message names a refused character."""
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        kind = "a lone surrogate: bytes that are not UTF-8"
    elif unicodedata.category(char) == "Cc":
        kind = "a control character"
    else:
        kind = "a Unicode noncharacter"
    return f"U+{code:04X} ({kind})"


def problem(text: str) -> str | None:
    """Why ``text`` is not text (a message), or None when it is."""
    at = refused(text)
    if at is None:
        return None
    where = f" at character {at + 1}" if len(text) > 1 else ""
    return f"contains {describe(text[at])}{where}: text may not hold control characters or noncharacters"


# ----------------------------------------------------------------------------- YAML out

# What PyYAML's reader refuses in a stream, or reads as a line break inside a double-quoted
# scalar (NEL, LS, PS), or strips (a BOM): each is written as an escape, so that any string
# a YAML safe loader reads back is the string written (front matter, above all).
_YAML_KEPT = "\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff"
_YAML_ESCAPE = re.compile(f"[^{_YAML_KEPT}]")


def _escape(m: re.Match[str]) -> str:
    code = ord(m.group())
    if 0xD800 <= code <= 0xDFFF:  # no YAML can hold a lone surrogate (the inputs refuse them): a replacement
        return "\\uFFFD"
    return f"\\x{code:02X}" if code <= 0xFF else f"\\u{code:04X}"


def yaml_double_quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar on one line, read back exactly by any YAML loader.

    JSON's escaping first (the same bytes as before for ordinary text: a JSON string is a YAML
    double-quoted scalar), then the characters JSON leaves raw but YAML would not keep.
    """
    return _YAML_ESCAPE.sub(_escape, json.dumps(text, ensure_ascii=False))
