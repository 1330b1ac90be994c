"""The downloads' JSON writer gives json.dumps(indent=1)'s very text, for every kind of value."""

from __future__ import annotations

import json
import random

import pytest
from markupsafe import Markup

from sitrep.outputs import dataout, jsontext

AWKWARD = ["", "é", "ليس", '"quoted" \\ back', "\u2028\u2029", "\x00\x1f\x7f", "tab\tnew\nline", "😀", "</script>"]


def _value(rng: random.Random, depth: int):
    kind = rng.randrange(9 if depth < 4 else 6)
    if kind == 0:
        return rng.choice(AWKWARD) + str(rng.random())
    if kind == 1:
        return rng.choice([None, True, False])
    if kind == 2:
        return rng.randrange(-(10**20), 10**20)
    if kind == 3:
        return rng.choice([0.0, -0.0, 0.1, 1e-7, 1e300, -2.5, float("inf"), float("-inf"), rng.random()])
    if kind == 4:
        return Markup(rng.choice(AWKWARD))  # a str subclass, as page texts are
    if kind == 5:
        return rng.choice([[], {}, ()])
    if kind == 6:
        return [_value(rng, depth + 1) for _ in range(rng.randrange(1, 5))]
    if kind == 7:
        return tuple(_value(rng, depth + 1) for _ in range(rng.randrange(1, 4)))
    keys = [rng.choice(AWKWARD + [1, 2.5, True, None, "k"]) for _ in range(rng.randrange(1, 5))]
    return {key: _value(rng, depth + 1) for key in keys}


@pytest.mark.parametrize("seed", range(200))
def test_the_text_is_json_dumps_text(seed: int) -> None:
    value = _value(random.Random(seed), 0)
    assert jsontext.indented(value) == json.dumps(value, ensure_ascii=False, indent=1)


def test_nan_and_nesting() -> None:
    value = {"a": [float("nan"), {"b": [[], [{}]]}], "c": {"d": {"e": 1}}}
    assert jsontext.indented(value) == json.dumps(value, ensure_ascii=False, indent=1)


def test_what_json_refuses_is_refused() -> None:
    with pytest.raises(TypeError):
        jsontext.indented({"a": {1, 2}})
    with pytest.raises(TypeError):
        jsontext.indented({(1, 2): "a tuple key"})


def test_a_download_is_utf8_with_one_newline() -> None:
    assert dataout.dumps({"title": "الكوليرا", "n": [1, 2]}) == (
        json.dumps({"title": "الكوليرا", "n": [1, 2]}, ensure_ascii=False, indent=1) + "\n"
    ).encode("utf-8")
