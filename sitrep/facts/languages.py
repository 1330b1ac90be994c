"""Language tags: a seed's ``language`` is a BCP 47 tag whose language is an ISO 639-1 code.

``ar``, ``en``, ``pt-BR``, ``zh-Hant``, ``es-419``: the two-letter ISO 639-1 language, then
optionally a script (four letters, ISO 15924) and a region (two letters, ISO 3166-1, or three
digits, UN M.49). The two-letter codes are the ones every browser, screen reader and feed reader
knows; a typo ("ae" for "ar") is refused rather than set as a page's ``lang``.
"""

from __future__ import annotations

import re

# ISO 639-1 (the 183 two-letter codes in use; "sh", deprecated, is not among them).
ISO_639_1 = frozenset(
    """
    aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz
    ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii
    ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi
    mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw
    sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk
    ur uz ve vi vo wa wo xh yi yo za zh zu
    """.split()  # noqa: SIM905 (a table to read, not a list literal of 183 strings)
)
# Plain enough for JSON Schema's regular expressions too (the editors' schemas carry it).
TAG = re.compile(r"^[a-z]{2}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$")


def problem(tag: str) -> str | None:
    """Why ``tag`` is not a language tag a seed may carry, or None."""
    if TAG.match(tag) is None:
        return "expected a language code such as en, ar or pt-BR (ISO 639-1, optionally -Script and -REGION)"
    if tag[:2] not in ISO_639_1:
        return f"'{tag[:2]}' is not an ISO 639-1 language code (en, ar, fr, es...)"
    return None


def check(tag: str) -> str:
    """Pydantic's view: the tag, or a ValueError saying what is wrong."""
    if (why := problem(tag)) is not None:
        raise ValueError(why)
    return tag
