"""The measures registry: what a figure may count or measure, its unit and its HXL tag.

A figure names a *measure* (``metric: killed`` in its fact file, the field's old name
kept so published fingerprints stay valid). The built-in measures are in
``sitrep/facts/measures.yaml``; a project adds its own in ``measures.yaml`` at its root, in
the same layout. Everything the site says about a measure (headings, card wording,
chart titles and axes, units) is read from here, so no template names one.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import Field, StringConstraints, ValidationError

from sitrep.codes import schema_code
from sitrep.errors import Diagnostic
from sitrep.facts import inputs
from sitrep.facts.load import Document, parse, read
from sitrep.facts.model import Flag, ShortText, Strict

BUILTIN = Path(__file__).with_name("measures.yaml")
HXL_CORE = Path(__file__).with_name("hxl-core.yaml")  # the HXL dictionary's hashtags and attributes, with its source
PROJECT_FILE = inputs.MEASURES  # at the project's root: the project's own measures

MeasureId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]{0,39}$")]
Hxl = Annotated[str, StringConstraints(pattern=r"^#[a-z][a-z0-9_]*(\+[a-z][a-z0-9_]*)*$", max_length=120)]


class UnitSpec(Strict):
    label: ShortText  # names the unit on a chart axis
    whole: Flag  # counts: no decimals
    negative: Flag = False
    additive: Flag = True  # parts of a total add up to it
    # How articles write the unit after a number ("metres", "m"): a figure's quote must say the
    # number so, and the page shows values with the first ("4.5 metres").
    written: tuple[Annotated[str, StringConstraints(pattern=r"^\S(.{0,38}\S)?$")], ...] = ()


class MeasureSpec(Strict):
    label: ShortText  # a plural noun phrase: "people killed", "funding required"
    unit: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    hxl: Hxl | None = None
    planned_hxl: Hxl | None = None  # the hashtag of a planned figure (a target, not an achievement)
    whole: Flag | None = None  # None: as the unit says
    negative: Flag | None = None
    additive: Flag | None = None
    # Its place in the severity order of key figures, lowest first (measures.yaml documents the bands).
    rank: Annotated[int, Field(ge=1, le=1000)] | None = None


UNRANKED = 95  # a project measure without a rank: after funding (90s), before hazard measures (100 and up)


@dataclass(frozen=True)
class Measure:
    id: str
    label: str
    unit: str
    unit_label: str
    whole: bool
    negative: bool
    additive: bool
    hxl: str
    written: tuple[str, ...] = ()  # the unit's written forms (UnitSpec.written)
    planned_hxl: str = ""  # a planned figure's hashtag; empty: planned_tag() decides
    rank: int | None = None  # the severity order of key figures, lowest first; None: UNRANKED

    @property
    def severity(self) -> int:
        """Where its figures come among the key figures: the lower, the earlier."""
        return UNRANKED if self.rank is None else self.rank

    @property
    def counts_people(self) -> bool:
        return self.unit in PEOPLE_UNITS

    def tag(self, planned: bool) -> str:
        """The hashtag of a figure's value: a plan's is never an achievement's (#reached)."""
        if not planned:
            return self.hxl
        return self.planned_hxl or planned_tag(self.id, self.hxl)

    @property
    def title(self) -> str:
        """The label as a heading: "People killed"."""
        return self.label[:1].upper() + self.label[1:]


@dataclass(frozen=True)
class Registry:
    measures: dict[str, Measure]
    units: dict[str, UnitSpec]
    project: frozenset[str] = frozenset()  # the measures the project's measures.yaml defines

    def shown(self, measure_id: str) -> dict[str, object] | None:
        """What an edition shows of a project measure (its fingerprint covers it); None for a
        built-in one (sitrep's own words, like its templates) or an unknown one."""
        found = self.measures.get(measure_id)
        if found is None or measure_id not in self.project:
            return None
        shown = {name: getattr(found, name) for name in inputs.MEASURE_SHOWN}
        for later in ("written", "planned_hxl", "rank"):  # fields added after v3: left out while unset, so
            if shown[later] in ((), "", None):  # a lock written before they existed keeps verifying
                del shown[later]
        return shown

    def get(self, measure_id: str) -> Measure | None:
        return self.measures.get(measure_id)

    def __getitem__(self, measure_id: str) -> Measure:
        """A measure; an unknown one (only in a report that failed validation) gets a neutral stand-in."""
        found = self.measures.get(measure_id)
        if found is not None:
            return found
        return Measure(
            measure_id, measure_id.replace("-", " "), "none", "value", False, True, False, default_hxl(measure_id)
        )

    def hashtags(self) -> list[str]:
        """Every hashtag a figure's value may carry: each measure's, achieved and planned."""
        return sorted({m.tag(p) for m in self.measures.values() for p in (False, True)})

    def unknown(self, measure_id: str) -> str:
        hint = difflib.get_close_matches(measure_id, sorted(self.measures), n=3, cutoff=0.6)
        text = f"unknown measure '{measure_id}'"
        if hint:
            text += " (nearest: " + ", ".join(hint) + ")"
        return text + f"; a project adds its own in {PROJECT_FILE}"


def default_hxl(measure_id: str) -> str:
    return f"#indicator+{measure_id.replace('-', '_')}+num"


# HXL's hashtags that count people (or households): a measure of anything else is an #indicator.
PEOPLE_TAGS = frozenset({"affected", "inneed", "targeted", "reached", "population", "beneficiary", "respondee"})
PEOPLE_UNITS = frozenset({"people", "households"})


def planned_tag(measure_id: str, hxl: str) -> str:
    """A plan's hashtag when the registry gives none: aid planned for people is #targeted (with the
    same attributes); any other plan is an indicator marked +planned, never the achievement's tag."""
    hashtag, *attributes = hxl.lstrip("#").split("+")
    if hashtag in ("reached", "targeted"):
        return "+".join(["#targeted", *attributes])
    return f"#indicator+{measure_id.replace('-', '_')}+planned+num"


@dataclass(frozen=True)
class HxlCore:
    """The HXL dictionary's core hashtags and attributes (sitrep/facts/hxl-core.yaml), with their source."""

    source: str
    version: str
    hashtags: frozenset[str]
    attributes: frozenset[str]
    extensions: frozenset[str]  # attributes outside the dictionary that sitrep's own tags use


@functools.cache
def hxl_core() -> HxlCore:
    data = yaml.safe_load(HXL_CORE.read_text(encoding="utf-8"))
    return HxlCore(
        data["source"],
        data["version"],
        frozenset(data["hashtags"]),
        frozenset(data["attributes"]),
        frozenset(data["extensions"]),
    )


def hxl_problem(hxl: str, unit: str, label: str) -> str | None:
    """What is wrong with a measure's hashtag: not an HXL core hashtag, or a people-counting one
    (#affected, #reached, ...) on a measure that does not count people."""
    core = hxl_core()
    hashtag = hxl.lstrip("#").split("+")[0]
    if hashtag not in core.hashtags:
        hint = difflib.get_close_matches(hashtag, sorted(core.hashtags), n=3, cutoff=0.6)
        near = f" (nearest: {', '.join('#' + h for h in hint)})" if hint else ""
        return f"'#{hashtag}' is not an HXL core hashtag{near}; see {HXL_CORE.name}"
    if hashtag in PEOPLE_TAGS and unit not in PEOPLE_UNITS:
        return f"'#{hashtag}' counts people, but {label} are measured in {unit}: use #indicator+<measure>+num"
    return None


def _build(doc: Document, base: Registry | None) -> tuple[Registry, list[Diagnostic]]:
    errors: list[Diagnostic] = []
    units = dict(base.units) if base else {}
    measures = dict(base.measures) if base else {}
    data = doc.data if doc.data is not None else {}
    if not isinstance(data, dict):
        return Registry(measures, units), [doc.diag((), "must be a mapping with 'units' and 'measures'", "SR206")]
    for key in data:
        if key not in ("units", "measures"):
            errors.append(doc.diag((key,), f"unknown key '{key}' (expected 'units' or 'measures')", "SR201"))
    raw_units = data.get("units") or {}
    raw_measures = data.get("measures") or {}
    for what, raw in (("units", raw_units), ("measures", raw_measures)):
        if not isinstance(raw, dict):
            errors.append(doc.diag((what,), f"'{what}' must be a mapping of ids", "SR206"))
    if errors:
        return Registry(measures, units), errors
    for uid, spec in raw_units.items():
        if uid in units:
            errors.append(doc.diag(("units", uid), f"unit '{uid}' is already defined", "SR507"))
            continue
        try:
            units[uid] = UnitSpec.model_validate(spec)
        except ValidationError as exc:
            errors.extend(_schema(doc, ("units", uid), exc))
    for mid, spec in raw_measures.items():
        if not re.fullmatch(r"[a-z][a-z0-9-]{0,39}", str(mid)):
            errors.append(
                doc.diag(("measures", mid), f"measure id '{mid}': lower-case letters, digits and '-'", "SR508")
            )
            continue
        if mid in measures:
            errors.append(doc.diag(("measures", mid), f"measure '{mid}' is built in; choose another id", "SR509"))
            continue
        try:
            m = MeasureSpec.model_validate(spec)
        except ValidationError as exc:
            errors.extend(_schema(doc, ("measures", mid), exc))
            continue
        unit = units.get(m.unit)
        if unit is None:
            hint = difflib.get_close_matches(m.unit, sorted(units), n=3, cutoff=0.5)
            near = f" (nearest: {', '.join(hint)})" if hint else f" (known: {', '.join(sorted(units))})"
            errors.append(doc.diag(("measures", mid, "unit"), f"unknown unit '{m.unit}'{near}", "SR510"))
            continue
        measures[mid] = Measure(
            id=mid,
            label=m.label,
            unit=m.unit,
            unit_label=unit.label,
            whole=unit.whole if m.whole is None else m.whole,
            negative=unit.negative if m.negative is None else m.negative,
            additive=unit.additive if m.additive is None else m.additive,
            hxl=m.hxl or default_hxl(mid),
            written=unit.written,
            planned_hxl=m.planned_hxl or "",
            rank=m.rank,
        )
        for field in ("hxl", "planned_hxl"):
            tag = measures[mid].tag(field == "planned_hxl")
            problem = hxl_problem(tag, m.unit, m.label)
            if problem is not None and (field == "hxl" or m.planned_hxl):
                errors.append(doc.diag(("measures", mid, field), problem, "SR511"))
    project = frozenset(measures) - frozenset(base.measures) if base else frozenset()
    return Registry(measures, units, project), errors


def _schema(doc: Document, base: tuple, exc: ValidationError) -> list[Diagnostic]:
    out = []
    for err in exc.errors(include_url=False):
        path = base + tuple(err["loc"])
        msg = "required key is missing" if err["type"] == "missing" else err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = f"unknown key '{err['loc'][-1]}'"
        out.append(doc.diag(path, msg, schema_code(err["type"])))
    return out


@functools.cache
def builtin() -> Registry:
    doc, errors = parse(BUILTIN.read_text(encoding="utf-8"), "sitrep/facts/measures.yaml")
    registry, more = _build(doc, None)
    if errors or more:  # the package's own file: a bug, never the user's fault
        raise RuntimeError("; ".join(str(e) for e in errors + more))
    return registry


def document(root: Path) -> Document | None:
    """The project's measures.yaml as parsed (to place an error at a field), or None."""
    path = root / PROJECT_FILE
    if path.is_symlink() or not path.is_file():
        return None
    doc, errors = read(path, root)
    return None if errors else doc


def load(root: Path) -> tuple[Registry, list[Diagnostic]]:
    """The built-in measures plus the project's own (``<root>/measures.yaml``, if any)."""
    path = root / PROJECT_FILE
    if not path.exists():
        return builtin(), []
    if path.is_symlink() or not path.is_file():
        return builtin(), [Diagnostic(PROJECT_FILE, 1, 1, "(file)", "must be a regular file", "SR102")]
    doc, errors = read(path, root)
    if errors:
        return builtin(), errors
    registry, more = _build(doc, builtin())
    return registry, more


# --------------------------------------------------------------------------- showing amounts

MINUS = "\u2212"


def plain_number(x: float | int | Decimal) -> str:
    """1100 -> "1,100"; 6.8 -> "6.8"; 2300000.0 -> "2,300,000" (no float noise, no trailing zeros)."""
    d = Decimal(repr(x)) if isinstance(x, float) else Decimal(x)
    sign = MINUS if d < 0 else ""
    d = abs(d)
    if d == d.to_integral_value():
        return f"{sign}{int(d):,}"
    whole, frac = f"{d:f}".split(".")
    return f"{sign}{int(whole):,}.{frac.rstrip('0')}"


def _scaled(x: float | int) -> str:
    """Millions and billions in words when they are round to two decimals: "2.3 million"."""
    d = Decimal(repr(x)) if isinstance(x, float) else Decimal(x)
    for scale, word in ((Decimal(10) ** 9, "billion"), (Decimal(10) ** 6, "million")):
        if abs(d) >= scale and (d / scale) * 100 == ((d / scale) * 100).to_integral_value():
            return f"{plain_number(d / scale)} {word}"
    if d != d.to_integral_value() and abs(d) >= 1000:
        return f"{plain_number(d.quantize(Decimal('0.01')))}"
    return plain_number(d)


def _money(x: float | int) -> str:
    d = Decimal(repr(x)) if isinstance(x, float) else Decimal(x)
    if d != d.to_integral_value() and abs(d) < 10**6:  # cents: "$12,500.50"
        whole, cents = f"{abs(d):.2f}".split(".")
        return f"{MINUS if d < 0 else ''}${int(whole):,}.{cents}"
    shown = _scaled(x)
    return f"{MINUS}${shown[1:]}" if shown.startswith(MINUS) else f"${shown}"


_SUFFIX = {"percent": "%", "tonnes": " tonnes", "litres": " litres", "mm": " mm", "km": " km", "celsius": " °C"}


def amount(x: float | int | None, measure: Measure | None) -> str:
    """A value in its unit, as an English reader expects it: "$38 million", "12%", "−4 °C", "1,100".
    (The charts' own; a page's values are worded in its language by sitrep.outputs.amounts, which
    gives these very words in English.)"""
    if x is None:
        return ""
    unit = measure.unit if measure else "none"
    if unit == "USD":
        return _money(x)
    return _scaled(x) + _suffix(measure)


def _suffix(measure: Measure | None) -> str:
    """What follows a number: the built-in units' symbols, a project unit's first written form."""
    if measure is not None and measure.written:
        return " " + measure.written[0]
    return _SUFFIX.get(measure.unit if measure else "none", "")


def amount_range(low: float | int, high: float | int, measure: Measure | None) -> str:
    """ "280 to 320 mm", "$1 million to $2 million", "1,200 to 1,500"."""
    if _suffix(measure):
        return f"{_scaled(low)} to {_scaled(high)}{_suffix(measure)}"
    return f"{amount(low, measure)} to {amount(high, measure)}"
