"""The typed fact model: what a report may say, field by field.

Every model forbids unknown keys, so a typo such as ``sorce:`` is an error and
never silently ignored. Cross-references (ids) and evidence are checked later, in
:mod:`sitrep.validate`, because they need the whole report and its seeds.
"""

from __future__ import annotations

import datetime as dt
import itertools
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import yaml
from pydantic import (
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    TypeAdapter,
    field_validator,
    model_validator,
)

from .values import amount_input

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,79}$")]

# The words of the model's kinds and the page's headings (sitrep/vocabulary.yaml): a
# package file of plain strings, read once.
VOCABULARY: dict[str, dict[str, str]] = yaml.safe_load(
    (Path(__file__).with_name("vocabulary.yaml")).read_text(encoding="utf-8")
)


def _kinds(name: str, vocabulary: str) -> type[StrEnum]:
    return StrEnum(name, {v.replace("-", "_"): v for v in VOCABULARY[vocabulary]})  # type: ignore[return-value]


def kind_label(vocabulary: str, value: str) -> str:
    """How the site names a kind: "humanitarian organisation" for ``humanitarian-organisation``."""
    return VOCABULARY[vocabulary].get(value, value.replace("-", " "))


Text = Annotated[str, StringConstraints(min_length=1, max_length=4000)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=300)]


def _flag(value: object) -> object:
    # YAML 1.2 booleans only: "yes", "on" or "NO" are not booleans here.
    if isinstance(value, str):
        if value in ("true", "false"):
            return value == "true"
        raise ValueError(f"expected true or false, got {value!r}")
    return value


Flag = Annotated[bool, BeforeValidator(_flag)]
SeedId = Annotated[str, StringConstraints(pattern=r"^[0-9a-z_-]{1,80}$")]
Url = Annotated[str, StringConstraints(pattern=r"^https?://[^\s<>\"']+$", max_length=2000)]


# Every date in the facts and seeds lies in these years (documented in the README): outside
# them, weekday and date arithmetic and the site's timestamps would overflow.
FIRST_YEAR, LAST_YEAR = 1900, 2100


class Strict(BaseModel):
    """Base for every fact model: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)

    @field_validator("*", mode="after")
    @classmethod
    def _dates_in_range(cls, value: object) -> object:
        for v in value if isinstance(value, tuple) else (value,):
            if isinstance(v, dt.date) and not FIRST_YEAR <= v.year <= LAST_YEAR:
                raise ValueError(f"dates must lie in the years {FIRST_YEAR} to {LAST_YEAR}")
        return value


# --------------------------------------------------------------------------- editions and a fact's life


class Edition(Strict):
    """One numbered edition of a report, as published (or, while ``draft``, as proposed)."""

    number: Annotated[int, Field(ge=1, le=100_000)]
    published: AwareDatetime  # with its UTC offset: "2025-03-08T18:00:00+00:00"
    headline: ShortText
    summary: Text
    draft: Flag = False


class Correction(Strict):
    """A fix to a fact that an earlier edition already showed.

    The fact file holds the corrected value; ``was`` keeps what editions before
    ``edition`` showed, so each of them can still be rebuilt exactly as published.
    """

    edition: Annotated[int, Field(ge=2)]  # edition 1 has nothing before it to correct
    field: Annotated[str, StringConstraints(pattern=r"^[a-z_]+(\.[a-z_]+)*$")]
    was: Annotated[str, StringConstraints(max_length=4000)] | None
    note: Text

    @field_validator("field")
    @classmethod
    def _correctable(cls, v: str) -> str:
        if v.split(".")[0] in ("id", "since", "withdrawn", "corrections"):
            raise ValueError(f"'{v}' cannot be corrected: it is the fact's identity or its life, not what it says")
        return v


class Fact(Strict):
    """What every fact has: when it became known, when it was withdrawn, its corrections.

    Facts are edited in place; these fields say which editions show which state.
    """

    since: Annotated[int, Field(ge=1)] = 1  # the first edition that shows the fact
    withdrawn: Annotated[int, Field(ge=2)] | None = None  # the first edition that no longer shows it
    corrections: tuple[Correction, ...] = ()

    @model_validator(mode="after")
    def _lifecycle_in_order(self) -> Fact:
        if self.withdrawn is not None and self.withdrawn <= self.since:
            raise ValueError(f"withdrawn in edition {self.withdrawn}, but shown only from edition {self.since}")
        for c in self.corrections:
            if c.edition <= self.since:
                raise ValueError(f"a correction in edition {c.edition} to a fact first shown in edition {self.since}")
        return self


LIFECYCLE = ("since", "withdrawn", "corrections")
SINGULAR = {
    "sources": "source",
    "places": "place",
    "actors": "actor",
    "figures": "figure",
    "events": "event",
    "statements": "statement",
    "impacts": "impact",
    "media": "photo",
    "editions": "edition",
    "reports": "report",
}


def canonical_order(model: type[BaseModel]) -> list[str]:
    """The order of keys in a fact file: the model's own fields, then evidence, then its life."""
    names = [n for n in model.model_fields if n not in LIFECYCLE and n != "evidence"]
    tail = ["evidence"] if "evidence" in model.model_fields else []
    return names + tail + [n for n in LIFECYCLE if n in model.model_fields]


# --------------------------------------------------------------------------- seeds


class SeedMeta(Strict):
    """The metadata file kept beside each seed article (``seeds/<id>.yaml``)."""

    id: SeedId
    title: ShortText
    publisher: ShortText | None = None
    wire: ShortText | None = None
    published: dt.date
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Z]{2})?$")]
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
    url: Url | None = None
    note: Text | None = None


class Evidence(Strict):
    """A verbatim passage of a seed that supports a fact."""

    seed: SeedId
    quote: Annotated[str, StringConstraints(min_length=3, max_length=2000)]


# --------------------------------------------------------------------------- sources


if TYPE_CHECKING:  # read from vocabulary.yaml at run time; a StrEnum to the type checker
    SourceKind = StrEnum
else:
    SourceKind = _kinds("SourceKind", "source-kinds")


class NamedSource(Fact):
    id: Id
    kind: SourceKind
    name: ShortText
    description: Text
    affiliation: Id | None = None
    evidence: Evidence


class AnonymousSource(Fact):
    """A source who is not named.

    There is deliberately no ``name`` field: a protected source's identity has no
    place in the model, so it cannot reach the site by mistake.
    """

    id: Id
    kind: SourceKind
    anonymous: Flag
    protected: Flag = False
    reason: Text | None = None
    label: Annotated[str, StringConstraints(min_length=1, max_length=80)]  # "two residents", never a name
    description: Text
    evidence: Evidence

    @model_validator(mode="after")
    def _protected_needs_reason(self) -> AnonymousSource:
        if not self.anonymous:
            raise ValueError("anonymous must be true; a named source has a name instead")
        if self.protected and not self.reason:
            raise ValueError("a protected source needs a reason (why it is not named)")
        return self


def _source_tag(value: object) -> str:
    if isinstance(value, dict):
        # Any mark of anonymity, and no name, makes it an anonymous source; then a missing
        # "anonymous: true" is reported as such, never as a missing name.
        marks = ("anonymous", "protected", "reason", "label")
        anonymous = "anonymous" in value or ("name" not in value and any(k in value for k in marks))
        return "anonymous-source" if anonymous else "named-source"
    return "anonymous-source" if getattr(value, "anonymous", False) else "named-source"


# A source is anonymous exactly when it says ``anonymous: true``; the tag picks the
# model, so errors speak of the right fields instead of both alternatives.
Source = Annotated[
    Annotated[NamedSource, Tag("named-source")] | Annotated[AnonymousSource, Tag("anonymous-source")],
    Discriminator(_source_tag),
]


# --------------------------------------------------------------------------- places and actors


if TYPE_CHECKING:  # read from vocabulary.yaml at run time; a StrEnum to the type checker
    PlaceKind = StrEnum
else:
    PlaceKind = _kinds("PlaceKind", "place-kinds")


class Precision(StrEnum):
    """How precise a place's coordinates are."""

    exact = "exact"
    settlement = "settlement"  # a settlement's centre
    area = "area"  # the centre of a region or country
    unknown = "unknown"


class Coordinates(Strict):
    lat: Annotated[float, Field(ge=-90, le=90)]
    lon: Annotated[float, Field(ge=-180, le=180)]
    precision: Precision
    source: ShortText


class Place(Fact):
    id: Id
    name: ShortText
    aliases: tuple[ShortText, ...] = ()
    kind: PlaceKind
    within: Id | None = None
    pcode: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2,3}[A-Z0-9]{0,15}$")] | None = None  # HXL #adm<n>+code
    admin_level: Annotated[int, Field(ge=0, le=5)] | None = None  # 0 a country, 1 its first subdivision, ...
    coordinates: Coordinates | None = None
    description: Text | None = None
    evidence: Evidence

    @model_validator(mode="after")
    def _pcode_level(self) -> Place:
        if self.pcode is not None and self.admin_level is None:
            raise ValueError("a P-code needs its admin_level (0 for a country, 1, 2, ... for its subdivisions)")
        return self


if TYPE_CHECKING:  # read from vocabulary.yaml at run time; a StrEnum to the type checker
    ActorKind = StrEnum
else:
    ActorKind = _kinds("ActorKind", "actor-kinds")


class Actor(Fact):
    id: Id
    name: ShortText
    aliases: tuple[ShortText, ...] = ()
    kind: ActorKind
    description: Text | None = None
    evidence: Evidence


# --------------------------------------------------------------------------- time


class PartOfDay(StrEnum):
    early_morning = "early morning"
    morning = "morning"
    afternoon = "afternoon"
    evening = "evening"
    night = "night"


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
Weekday = Literal["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


Zone = Annotated[str, StringConstraints(pattern=r"^(UTC|[+-](0\d|1[0-4]):[0-5]\d)$")]


def offset_tz(zone: str) -> dt.timezone:
    if zone == "UTC":
        return dt.UTC
    sign = -1 if zone[0] == "-" else 1
    hours, minutes = map(int, zone[1:].split(":"))
    return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))


class LocalTime(Strict):
    """The local offset of a time given in another zone ("3:42 a.m. local time (2342 GMT)")."""

    offset: Annotated[str, StringConstraints(pattern=r"^[+-](0\d|1[0-4]):[0-5]\d$")]
    derived: Flag = False  # true when the source gives no zone name: computed from the two times it gives


class When(Strict):
    """A point in time as precisely as the source gives it, and no more.

    ``weekday`` records a weekday name as the article gives it ("on Thursday"); the
    validator resolves it against the seed's publication date and checks ``date``.
    ``month`` is for dates known only to the month; ``approximate`` marks a date
    that the article gives only relatively ("three months after").
    """

    date: dt.date | None = None
    month: Annotated[str, StringConstraints(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")] | None = None
    weekday: Weekday | None = None
    part_of_day: PartOfDay | None = None
    time: Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")] | None = None  # "23:42"
    zone: Zone | None = None  # the zone ``date``, ``weekday`` and ``time`` are in: "UTC" or "+04:00"
    local: LocalTime | None = None  # the local offset, when the source gives the time in another zone
    before: dt.date | None = None
    deadline: Flag = False  # "by Saturday afternoon": a time by which something is due, not when it happened
    approximate: Flag = False
    stated_as: ShortText | None = None

    @model_validator(mode="after")
    def _one_anchor(self) -> When:
        anchors = [n for n in ("date", "month", "before") if getattr(self, n) is not None]
        if len(anchors) > 1:
            raise ValueError(f"give only one of date, month, before (got {', '.join(anchors)})")
        if not anchors and self.weekday is None:
            raise ValueError("give a date, a month, a weekday or 'before'")
        if self.part_of_day and not (self.date or self.weekday):
            raise ValueError("part_of_day needs a day (date or weekday)")
        if self.time is not None:
            if self.zone is None:
                raise ValueError("a time of day needs its zone ('zone: UTC' or an offset such as '+04:00')")
            if not (self.date or self.weekday):
                raise ValueError("a time of day needs a day (date or weekday)")
        elif self.zone is not None or self.local is not None:
            raise ValueError("'zone' and 'local' are for a time of day: give 'time' too")
        if self.deadline and self.before is not None:
            raise ValueError("a deadline is a day ('by Saturday'), not 'before' a date")
        return self

    @property
    def instant(self) -> dt.datetime | None:
        """The moment in UTC, when the source gives a time of day with its zone."""
        if self.time is None or self.zone is None or self.date is None:
            return None
        hours, minutes = map(int, self.time.split(":"))
        return dt.datetime.combine(self.date, dt.time(hours, minutes), offset_tz(self.zone)).astimezone(dt.UTC)

    @property
    def local_moment(self) -> dt.datetime | None:
        """The same moment in local time, when the local offset is known."""
        instant = self.instant
        if instant is None:
            return None
        if self.local is not None:
            return instant.astimezone(offset_tz(self.local.offset))
        return instant.astimezone(offset_tz(self.zone)) if self.zone and self.zone != "UTC" else None


class Period(Strict):
    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


# --------------------------------------------------------------------------- figures


class Qualifier(StrEnum):
    exact = "exact"
    at_least = "at least"
    more_than = "more than"
    about = "about"
    up_to = "up to"
    range = "range"
    unquantified = "unquantified"  # the source gives words, not a number


Count = Annotated[int, Field(ge=0, le=100_000_000)]
# A figure's value: an integer whenever it is whole (counts stay integers), else a decimal;
# "2.3 million", "$38 million", "12 per cent" and "minus 4" are read as the number they say.
# Whether a measure allows decimals or negatives is checked against the measures registry.
Amount = Annotated[int | float, BeforeValidator(amount_input), Field(ge=-(10**15), le=10**15, allow_inf_nan=False)]
# A figure names a measure from the registry (sitrep/measures.py); the key keeps its old name.
MeasureName = Annotated[str, StringConstraints(pattern=r"^\S{1,80}$")]  # an id, checked against the registry


class Duration(Strict):
    """How long the figure took or may take: "in 36 hours", "within a week"."""

    amount: Annotated[int, Field(ge=1, le=10_000)]
    unit: Literal["hours", "days", "weeks", "months", "years"]
    relation: Literal["in", "within", "over", "for"] = "in"


class Figure(Fact):
    """One number (or the explicit absence of one) as one source gave it."""

    id: Id
    metric: MeasureName  # the measure (sitrep/measures.yaml, or the project's measures.yaml)
    group: Id
    qualifier: Qualifier
    value: Amount | None = None
    low: Amount | None = None
    high: Amount | None = None
    of: Amount | None = None  # the whole a share is of: "two of the district's five hospitals"
    words: ShortText | None = None
    place: Id | None = None
    period: Period | None = None
    duration: Duration | None = None
    planned: Flag = False  # a target or plan ("planned to reach 25,000"), never an achievement
    due: When | None = None  # a planned figure's deadline: "by Saturday afternoon" (with deadline: true)
    as_of: When
    source: Id
    part_of: Id | None = None
    breakdown_complete: Flag = False
    key: Flag = False
    label: ShortText | None = None
    note: Text | None = None
    evidence: Evidence

    @model_validator(mode="after")
    def _value_matches_qualifier(self) -> Figure:
        q = self.qualifier
        if q is Qualifier.unquantified:
            if self.words is None:
                raise ValueError("an unquantified figure needs 'words' (what the source says instead of a number)")
            if any(v is not None for v in (self.value, self.low, self.high)):
                raise ValueError("an unquantified figure has no value, low or high: keep it as words")
        elif q is Qualifier.range:
            if self.low is None or self.high is None:
                raise ValueError("a range needs both low and high")
            if self.value is not None:
                raise ValueError("a range has low and high, not value")
            if self.low >= self.high:
                raise ValueError(f"low {self.low} must be below high {self.high}")
        else:
            if self.value is None:
                raise ValueError(f"qualifier '{q.value}' needs a value")
            if self.low is not None or self.high is not None:
                raise ValueError("low and high are only for qualifier 'range'")
        if self.words is not None and q is not Qualifier.unquantified:
            raise ValueError("'words' is only for unquantified figures")
        if self.due is not None:
            if not self.planned:
                raise ValueError("'due' is the deadline of a planned figure: add 'planned: true'")
            if not self.due.deadline:
                raise ValueError("'due' is a deadline: give it 'deadline: true'")
        if self.of is not None:
            if q in (Qualifier.unquantified, Qualifier.range):
                raise ValueError("'of' (the whole of a share) needs a single value")
            if self.value is not None and self.value > self.of:
                raise ValueError(f"a share cannot exceed its whole ({self.value} of {self.of})")
        return self


# --------------------------------------------------------------------------- events, statements, impacts, media


class Event(Fact):
    id: Id
    when: When
    duration: Duration | None = None  # how long it lasts: "three days of national mourning"
    place: Id | None = None
    actors: tuple[Id, ...] = ()
    what: Text
    source: Id
    evidence: Evidence


class Mode(StrEnum):
    verbatim = "verbatim"
    paraphrase = "paraphrase"


if TYPE_CHECKING:  # read from vocabulary.yaml at run time; a StrEnum to the type checker
    StatementKind = StrEnum
else:
    StatementKind = _kinds("StatementKind", "statement-kinds")


class Statement(Fact):
    id: Id
    speaker: Id
    kind: StatementKind
    mode: Mode
    text: Text
    about: tuple[Id, ...] = ()
    when: When | None = None
    evidence: Evidence


if TYPE_CHECKING:  # read from vocabulary.yaml at run time; a StrEnum to the type checker
    ImpactKind = StrEnum
else:
    ImpactKind = _kinds("ImpactKind", "impact-kinds")


class Impact(Fact):
    id: Id
    kind: ImpactKind
    subject: ShortText
    description: Text
    place: Id | None = None
    figure: Id | None = None
    source: Id
    evidence: Evidence


class Media(Fact):
    """A photo as published: its caption and credit, not the image."""

    id: Id
    caption: Text
    photographer: ShortText
    agency: ShortText
    place: Id | None = None
    evidence: Evidence


# --------------------------------------------------------------------------- the report


class Exclusion(Strict):
    """A passage of a seed deliberately not turned into facts, and why."""

    seed: SeedId
    quote: Annotated[str, StringConstraints(min_length=1, max_length=2000)]
    reason: Text


class DiscrepancyNote(Strict):
    """An editor's acknowledgement of two values that disagree."""

    figures: tuple[Id, Id]
    note: Text


class ReportMeta(Strict):
    """``report.yaml``: the report's title, summary, seeds and editorial notes."""

    id: Id
    title: ShortText
    summary: Text
    seeds: tuple[SeedId, ...]
    coverage: Literal["complete", "partial"] = "partial"
    example: Flag = False  # invented content: a banner on every page; kept out of the sitemap, feeds and indexes
    editions: tuple[Edition, ...]
    exclusions: tuple[Exclusion, ...] = ()
    discrepancies: tuple[DiscrepancyNote, ...] = ()

    @field_validator("editions")
    @classmethod
    def _numbered(cls, v: tuple[Edition, ...]) -> tuple[Edition, ...]:
        if not v:
            raise ValueError("a report needs at least one edition")
        numbers = [e.number for e in v]
        if numbers != list(range(1, len(v) + 1)):
            raise ValueError(f"editions must be numbered 1, 2, 3, ... in order (got {numbers})")
        for a, b in itertools.pairwise(v):
            if b.published < a.published:
                raise ValueError(f"edition {b.number} is dated before edition {a.number}")
            if a.draft and not b.draft:
                raise ValueError(f"edition {a.number} is a draft, so edition {b.number} must be one too")
        return v

    @field_validator("seeds")
    @classmethod
    def _some_seeds(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        if not v:
            raise ValueError("a report needs at least one seed")
        return v


class Report(Strict):
    meta: ReportMeta
    sources: tuple[Source, ...] = ()
    places: tuple[Place, ...] = ()
    actors: tuple[Actor, ...] = ()
    figures: tuple[Figure, ...] = ()
    events: tuple[Event, ...] = ()
    statements: tuple[Statement, ...] = ()
    impacts: tuple[Impact, ...] = ()
    media: tuple[Media, ...] = ()


# The fact files a report folder may hold, and the model of each file's list.
SECTIONS: dict[str, type[BaseModel] | object] = {
    "sources": Source,
    "places": Place,
    "actors": Actor,
    "figures": Figure,
    "events": Event,
    "statements": Statement,
    "impacts": Impact,
    "media": Media,
}

# Which fields of which fact refer to facts of which section.
REFERENCES: dict[str, dict[str, str]] = {
    "sources": {"affiliation": "sources"},
    "places": {"within": "places"},
    "figures": {"source": "sources", "place": "places", "part_of": "figures"},
    "events": {"place": "places", "actors": "actors", "source": "sources"},
    "statements": {"speaker": "sources", "about": "actors"},
    "impacts": {"place": "places", "figure": "figures", "source": "sources"},
    "media": {"place": "places"},
}

# One validator per fact file kind, built once.
ADAPTERS: dict[str, TypeAdapter] = {name: TypeAdapter(model) for name, model in SECTIONS.items()}  # type: ignore[arg-type]


def display_name(source: NamedSource | AnonymousSource) -> str:
    """How the site names a source: its name, or its label marked anonymous (never a name)."""
    if isinstance(source, AnonymousSource):
        return f"{source.label} (anonymous)"
    return source.name
