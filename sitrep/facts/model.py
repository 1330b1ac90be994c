"""The typed fact model: what a report may say, field by field.

Every model forbids unknown keys, so a typo such as ``sorce:`` is an error and
never silently ignored. Cross-references (ids) and evidence are checked later, in
:mod:`sitrep.facts.validate`, because they need the whole report and its seeds.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import pycountry
import yaml
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    TypeAdapter,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from sitrep.facts import languages
from sitrep.facts.values import amount_input

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,79}$")]


def doc(description: str, *examples: object) -> Any:
    """A field's documentation: what it holds and what the page does with it, and examples.

    The one source of truth for the JSON Schemas (``build.py schema``), the editors' hints
    they give, and the site's "Writing reports" page; validation never reads it.
    """
    return Field(description=description, examples=list(examples))


# The words of the model's kinds and the page's headings (sitrep/facts/vocabulary.yaml): a
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


# Every date in the facts and seeds lies in these years (documented in docs/internals.md): outside
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


class Highlight(Strict):
    """One sentence of an edition's highlights, with the facts whose values it states."""

    text: Annotated[
        ShortText,
        doc(
            "One sentence a reader takes in at once; every number in it must be a value of one of its `facts`.",
            "At least 214 people were killed and more than 1,100 injured.",
        ),
    ]
    facts: Annotated[
        tuple[Id, ...],
        Field(min_length=1),
        doc("The ids of the figures whose values the sentence states.", ["killed-214", "injured-1100"]),
    ]


class Edition(Strict):
    """One numbered edition of a report, as published (or, while ``draft``, as proposed)."""

    number: Annotated[
        int, Field(ge=1, le=100_000), doc("The edition's number: 1, 2, 3, ... in order; its permanent page.", 2)
    ]
    published: Annotated[
        AwareDatetime,
        doc(
            "When the edition was issued, with its UTC offset; dates the edition's page, feeds and citations.",
            "2025-03-08T18:00:00+00:00",
        ),
    ]
    headline: Annotated[
        ShortText,
        doc("The edition's headline, shown above its summary and in the list of editions.", "Toll passes 1,000"),
    ]
    summary: Annotated[
        Text,
        doc(
            "What this edition adds or changes, in a sentence or two; shown on its page and in the feeds.",
            "Adds the homes destroyed and the flash appeal.",
        ),
    ]
    overview: Annotated[
        Text | None,
        doc(
            "The situation as this edition reports it, in two or three sentences, under the title: shown on this "
            "edition's page and on later ones until an edition gives its own. It may state only what this "
            "edition's facts say (a build checks its numbers). Without one, an edition's page leads with its "
            "headline and summary.",
            "A magnitude 6.8 earthquake struck the highlands, killing at least 214 people.",
        ),
    ] = None
    highlights: Annotated[
        tuple[Highlight, ...],
        Field(max_length=5),
        doc(
            "Three to five sentences at the top of the edition's page, as in a flash update, each with the "
            "figures whose values it states (a build checks every number in it against them). Without them, "
            "the page leads with the sentences of its overview.",
            [{"text": "At least 214 people were killed.", "facts": ["killed-214"]}],
        ),
    ] = ()
    draft: Annotated[
        Flag,
        doc(
            "true while the edition is being written: shown only with `build --drafts`, never published.",
            True,
        ),
    ] = False


class Correction(Strict):
    """A fix to a fact that an earlier edition already showed.

    The fact file holds the corrected value; ``was`` keeps what editions before
    ``edition`` showed, so each of them can still be rebuilt exactly as published.
    """

    edition: Annotated[
        int,
        Field(ge=2),
        doc("The edition that made the correction (edition 1 has nothing before it to correct).", 2),
    ]
    field: Annotated[
        str,
        StringConstraints(pattern=r"^[a-z_]+(\.[a-z_]+)*$"),
        doc("The corrected field, with dots for a nested one.", "value", "as_of.date"),
    ]
    was: Annotated[
        Annotated[str, StringConstraints(max_length=4000)] | None,
        doc("What earlier editions showed (null if the field was empty); they keep showing it.", "127"),
    ]
    note: Annotated[
        Text, doc("Why it was corrected; shown with the fact from that edition on.", "The agency revised its toll.")
    ]

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

    since: Annotated[int, Field(ge=1), doc("The first edition that shows the fact.", 2)] = 1
    withdrawn: Annotated[
        Annotated[int, Field(ge=2)] | None, doc("The first edition that no longer shows the fact.", 3)
    ] = None
    corrections: Annotated[
        tuple[Correction, ...],
        doc(
            "Fixes to what an earlier edition showed: the fact holds the new value, each correction the old one.",
            [{"edition": 2, "field": "value", "was": "127", "note": "The agency revised its toll."}],
        ),
    ] = ()

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

    id: Annotated[
        SeedId, doc("The seed's id, its file name without .yaml; evidence cites it.", "001_kestrel-earthquake")
    ]
    title: Annotated[
        ShortText, doc("The article's headline, shown in the report's sources.", "Quake in Kestrel highlands kills 214")
    ]
    publisher: Annotated[
        ShortText | None, doc("Who published the article (a newspaper, an agency).", "The Kestrel Times")
    ] = None
    wire: Annotated[ShortText | None, doc("The wire service it came through, if any.", "Associated Press")] = None
    published: Annotated[
        dt.date, doc("The article's publication date; weekdays in the facts are resolved against it.", "2025-11-18")
    ]
    language: Annotated[
        str,
        StringConstraints(pattern=languages.TAG.pattern),
        AfterValidator(languages.check),
        doc("The article's language: a BCP 47 tag whose language is an ISO 639-1 code.", "en", "ar", "pt-BR"),
    ]
    sha256: Annotated[
        str,
        StringConstraints(pattern=r"^[0-9a-f]{64}$"),
        doc(
            "The sha256 of the article's bytes; the build refuses a seed that no longer matches.",
            "4442960ec047a09d27d292b3c5a3ff11366ed74e3140697814592ae61ac5e920",
        ),
    ]
    url: Annotated[Url | None, doc("Where it was published (http or https).", "https://example.org/quake")] = None
    note: Annotated[
        Text | None, doc("An editor's note about the article (not shown).", "The title is an editor's.")
    ] = None


class Evidence(Strict):
    """A verbatim passage of a seed that supports a fact."""

    seed: Annotated[SeedId, doc("The id of the seed quoted (seeds/<id>.txt).", "001_kestrel-earthquake")]
    quote: Annotated[
        str,
        StringConstraints(min_length=3, max_length=2000),
        doc(
            "A verbatim passage of the seed (white space and typographic quotes aside); the build checks it is "
            "there, and that a figure's quote states its number. Shown as the fact's evidence.",
            "More than 60 aftershocks were recorded by Tuesday morning",
        ),
    ]


# --------------------------------------------------------------------------- sources


if TYPE_CHECKING:  # read from vocabulary.yaml at run time; a StrEnum to the type checker
    SourceKind = StrEnum
else:
    SourceKind = _kinds("SourceKind", "source-kinds")


class NamedSource(Fact):
    """A source the article names: an agency, an official, a monitor, a newspaper."""

    id: Annotated[
        Id, doc("The source's id, unique in the report; facts name it in `source` or `speaker`.", "disaster-agency")
    ]
    kind: Annotated[
        SourceKind,
        doc("What kind of source it is (sitrep/facts/vocabulary.yaml); the page says it in words.", "agency"),
    ]
    name: Annotated[
        ShortText, doc("The source's name, as the page shows it beside each of its facts.", "National disaster agency")
    ]
    description: Annotated[
        Text, doc("Who the source is, shown in the report's list of sources.", "Kestrel's national disaster agency.")
    ]
    affiliation: Annotated[
        Id | None, doc("The id of the source it speaks for (a spokesperson's agency).", "disaster-agency")
    ] = None
    evidence: Annotated[
        Evidence,
        doc(
            "The passage of a seed that supports the fact; shown as its evidence.",
            {"seed": "001_kestrel-earthquake", "quote": "the national disaster agency said on Tuesday"},
        ),
    ]


class AnonymousSource(Fact):
    """A source who is not named.

    There is deliberately no ``name`` field: a protected source's identity has no
    place in the model, so it cannot reach the site by mistake.
    """

    id: Annotated[
        Id, doc("The source's id, unique in the report; facts name it in `source` or `speaker`.", "halden-residents")
    ]
    kind: Annotated[
        SourceKind,
        doc("What kind of source it is (sitrep/facts/vocabulary.yaml); the page says it in words.", "residents"),
    ]
    anonymous: Annotated[Flag, doc("Always true: this source is not named (the page marks it anonymous).", True)]
    protected: Annotated[
        Flag, doc("true when the source is withheld to protect them; then `reason` is required.", True)
    ] = False
    reason: Annotated[
        Text | None, doc("Why the source is not named (required when protected).", "Fears for their safety.")
    ] = None
    label: Annotated[
        str,
        StringConstraints(min_length=1, max_length=80),
        doc("How the page names the source instead of a name, never a name itself.", "residents of Halden"),
    ]
    description: Annotated[
        Text, doc("Who the source is, shown in the report's list of sources.", "Residents of the village of Halden.")
    ]
    evidence: Annotated[
        Evidence,
        doc(
            "The passage of a seed that supports the fact; shown as its evidence.",
            {"seed": "001_kestrel-earthquake", "quote": "where residents said 37 people had died"},
        ),
    ]

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
    """Where a place is on a map, and how precisely (the article rarely says: name who does)."""

    lat: Annotated[float, Field(ge=-90, le=90), doc("Latitude in degrees (WGS 84), north positive.", 35.52)]
    lon: Annotated[float, Field(ge=-180, le=180), doc("Longitude in degrees (WGS 84), east positive.", 35.79)]
    precision: Annotated[
        Precision,
        doc("How precise they are: exact, settlement (its centre), area (a region's centre) or unknown.", "settlement"),
    ]
    source: Annotated[ShortText, doc("Where the coordinates come from.", "GeoNames")]


class Place(Fact):
    """A place the article names: a country, a region, a town, a village."""

    id: Annotated[Id, doc("The place's id, unique in the report; facts name it in `place`.", "vell")]
    name: Annotated[ShortText, doc("The place's name, as the page shows it.", "Vell")]
    aliases: Annotated[
        tuple[ShortText, ...],
        doc("Other names the article uses for it (seed coverage counts them).", ["the highlands"]),
    ] = ()
    kind: Annotated[PlaceKind, doc("What kind of place it is (sitrep/facts/vocabulary.yaml).", "town")]
    within: Annotated[
        Id | None, doc('The id of the place it lies in; the page names both ("Vell, Kestrel highlands").', "kestrel")
    ] = None
    country: Annotated[
        Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] | None,
        doc(
            "Its country's ISO 3166-1 alpha-3 code (HXL #country+code); a place within another inherits it.",
            "SYR",
        ),
    ] = None
    pcode: Annotated[
        Annotated[str, StringConstraints(pattern=r"^[A-Z]{2,3}[A-Z0-9]{0,15}$")] | None,
        doc(
            "Its P-code from OCHA's administrative boundaries (HXL #adm<n>+code): the country's ISO alpha-2 "
            "(or alpha-3) code, then digits; needs admin_level, and is checked against the country when it has one.",
            "MR0102",
        ),
    ] = None
    admin_level: Annotated[
        Annotated[int, Field(ge=0, le=5)] | None,
        doc("The P-code's administrative level: 0 a country, 1 its first subdivision, ...", 2),
    ] = None
    coordinates: Annotated[
        Coordinates | None,
        doc(
            "Where it is on a map (places.geojson), and how precisely.",
            {"lat": 35.52, "lon": 35.79, "precision": "settlement", "source": "GeoNames"},
        ),
    ] = None
    description: Annotated[Text | None, doc("What the page says about the place.", "A provincial town.")] = None
    evidence: Annotated[
        Evidence,
        doc(
            "The passage of a seed that supports the fact; shown as its evidence.",
            {"seed": "001_kestrel-earthquake", "quote": "the provincial town of Vell"},
        ),
    ]

    @field_validator("country")
    @classmethod
    def _iso3(cls, code: str | None) -> str | None:
        if code is not None and pycountry.countries.get(alpha_3=code) is None:
            raise ValueError(f"'{code}' is not an ISO 3166-1 alpha-3 country code (Syria is SYR)")
        return code

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
    """Someone who acts in the events (a government, an army, responders), as opposed to a source."""

    id: Annotated[Id, doc("The actor's id, unique in the report; events and statements name it.", "rescue-teams")]
    name: Annotated[ShortText, doc("The actor's name, as the page shows it.", "Rescue teams")]
    aliases: Annotated[tuple[ShortText, ...], doc("Other names the article uses for it.", ["the rescuers"])] = ()
    kind: Annotated[ActorKind, doc("What kind of actor it is (sitrep/facts/vocabulary.yaml).", "responders")]
    description: Annotated[
        Text | None, doc("What the page says about the actor.", "The article does not say who they are.")
    ] = None
    evidence: Annotated[
        Evidence,
        doc(
            "The passage of a seed that supports the fact; shown as its evidence.",
            {
                "seed": "001_kestrel-earthquake",
                "quote": "as rescue teams reached mountain villages cut off by landslides",
            },
        ),
    ]


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

    offset: Annotated[
        str,
        StringConstraints(pattern=r"^[+-](0\d|1[0-4]):[0-5]\d$"),
        doc("The local UTC offset; the page shows the local time beside UTC.", "+04:00"),
    ]
    derived: Annotated[
        Flag,
        doc("true when the source names no zone: the offset is computed from the two times it gives.", True),
    ] = False


class When(Strict):
    """A point in time as precisely as the source gives it, and no more.

    ``weekday`` records a weekday name as the article gives it ("on Thursday"); the
    validator resolves it against the seed's publication date and checks ``date``.
    ``month`` is for dates known only to the month; ``approximate`` marks a date
    that the article gives only relatively ("three months after"); ``article`` is for
    a figure the article states without a time: as of the article, its seed's publication
    (what a figure's ``as_of`` is when left out).
    """

    date: Annotated[
        dt.date | None, doc("The day, when the source gives it (or the weekday resolves to it).", "2025-03-06")
    ] = None
    month: Annotated[
        Annotated[str, StringConstraints(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")] | None,
        doc("The month, for a date known only to the month.", "2024-12"),
    ] = None
    weekday: Annotated[
        Weekday | None,
        doc('The weekday as the article gives it ("on Thursday"); resolved against the seed\'s date.', "Thursday"),
    ] = None
    part_of_day: Annotated[PartOfDay | None, doc("The part of the day, when the source gives no time.", "morning")] = (
        None
    )
    time: Annotated[
        Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")] | None,
        doc("The time of day, 24-hour, in `zone` (which it needs).", "23:42"),
    ] = None
    zone: Annotated[Zone | None, doc("The zone date, weekday and time are in: UTC or an offset.", "UTC", "+04:00")] = (
        None
    )
    local: Annotated[
        LocalTime | None,
        doc("The local offset, when the source gives the time in another zone.", {"offset": "+04:00", "derived": True}),
    ] = None
    before: Annotated[
        dt.date | None, doc('For a moment known only to precede a date (shown as "before ...").', "2025-03-08")
    ] = None
    deadline: Annotated[
        Flag, doc('true for a time by which something is due ("by Saturday afternoon"), resolved forward.', True)
    ] = False
    approximate: Annotated[
        Flag, doc('true when the article gives the date only relatively ("three months after").', True)
    ] = False
    article: Annotated[
        Flag,
        doc(
            "true for a figure the article gives no time for: as of the article, dated by its seed's publication "
            'and shown as "as of the article (date)". A figure without as_of is this.',
            True,
        ),
    ] = False
    stated_as: Annotated[
        ShortText | None,
        doc("The article's own words for the moment, shown beside the date.", "by Tuesday morning"),
    ] = None

    @model_validator(mode="after")
    def _one_anchor(self) -> When:
        if self.article:
            given = [
                n for n in ("date", "month", "before", "weekday", "part_of_day", "time", "deadline") if getattr(self, n)
            ]
            if given:
                raise ValueError(f"'article: true' is dated by the article itself: leave out {', '.join(given)}")
            return self
        anchors = [n for n in ("date", "month", "before") if getattr(self, n) is not None]
        if len(anchors) > 1:
            raise ValueError(f"give only one of date, month, before (got {', '.join(anchors)})")
        if not anchors and self.weekday is None:
            raise ValueError("give a date, a month, a weekday, 'before', or 'article: true'")
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
    """The days a figure covers ("between 6 and 8 March")."""

    start: Annotated[dt.date, doc("The first day the figure covers.", "2025-03-06")]
    end: Annotated[dt.date, doc("The last day the figure covers (not before start).", "2025-03-08")]

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
Amount = Annotated[
    int | float,
    BeforeValidator(amount_input),
    Field(ge=-(10**15), le=10**15, allow_inf_nan=False),
    # For editors' schemas: a number, or the words the news writes it with ("$38 million").
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": -(10**15), "maximum": 10**15},
                {"type": "string", "minLength": 1, "maxLength": 100},
            ]
        }
    ),
]
# A figure names a measure from the registry (sitrep/facts/measures.py); the key keeps its old name.
MeasureName = Annotated[str, StringConstraints(pattern=r"^\S{1,80}$")]  # an id, checked against the registry


_DURATION_WORDS = re.compile(
    r"^\s*(?:(?P<relation>in|within|over|for)\s+)?(?P<amount>\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten)"
    r"\s+(?P<unit>hour|day|week|month|year)s?\s*$",
    re.IGNORECASE,
)
_SMALL = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}
_SMALL |= {"nine": 9, "ten": 10}


def duration_input(value: object) -> object:
    """A duration as the article writes it ("in 2 days", "within a week", "for three days") is read as
    ``{amount, unit, relation}``; a mapping passes through."""
    if not isinstance(value, str):
        return value
    m = _DURATION_WORDS.match(value)
    if m is None:
        raise ValueError(
            f"expected a duration such as 'in 2 days', 'within a week' or {{amount: 36, unit: hours}} (got {value!r})"
        )
    word = m["amount"].lower()
    amount = int(word) if word.isdigit() else _SMALL[word]
    return {"amount": amount, "unit": m["unit"].lower() + "s", "relation": (m["relation"] or "in").lower()}


class Duration(Strict):
    """How long the figure took or may take: "in 36 hours", "within a week". Written as the article
    says it (``duration: in 2 days``) or in parts (``{amount: 2, unit: days}``)."""

    amount: Annotated[int, Field(ge=1, le=10_000), doc("How many units; the quote must state it.", 36)]
    unit: Annotated[Literal["hours", "days", "weeks", "months", "years"], doc("The unit of the amount.", "hours")]
    relation: Annotated[
        Literal["in", "within", "over", "for"],
        doc('How the source relates it ("in 36 hours", "within a week"); the quote must say it.', "within"),
    ] = "in"


# A duration field: the mapping, or the article's words for it ("in 2 days"); editors' schemas accept both.
DurationInput = Annotated[Duration, BeforeValidator(duration_input, json_schema_input_type=Duration | str)]


class Figure(Fact):
    """One number (or the explicit absence of one) as one source gave it."""

    id: Annotated[Id, doc("The figure's id, unique in the report.", "killed-214")]
    metric: Annotated[
        MeasureName,
        doc(
            "The measure counted (sitrep/facts/measures.yaml or the project's measures.yaml): its label, unit and HXL "
            "hashtag head the figure's table, chart and downloads.",
            "killed",
        ),
    ]
    group: Annotated[
        Id,
        doc("Who or what is counted within the measure; figures of the same measure and group are compared.", "all"),
    ]
    qualifier: Annotated[
        Qualifier,
        doc(
            "How the source qualifies the number (its quote must say so); `unquantified` keeps words, not a number.",
            "at least",
        ),
    ]
    value: Annotated[
        Amount | None,
        doc("The number, in the measure's unit; written as the news writes it or as digits.", 214, "$38 million"),
    ] = None
    low: Annotated[Amount | None, doc("The low end of a range (qualifier: range).", 1200)] = None
    high: Annotated[Amount | None, doc("The high end of a range (qualifier: range).", 1500)] = None
    of: Annotated[
        Amount | None, doc('The whole a share is of: "two of the district\'s five hospitals" is 2 of 5.', 5)
    ] = None
    words: Annotated[
        ShortText | None,
        doc("What the source says instead of a number (qualifier: unquantified).", "thousands of people"),
    ] = None
    place: Annotated[Id | None, doc("The id of the place the figure is about.", "vell-district")] = None
    period: Annotated[
        Period | None, doc("The days the figure covers.", {"start": "2025-03-06", "end": "2025-03-08"})
    ] = None
    duration: Annotated[
        DurationInput | None,
        doc(
            'How long it took or may take: "in 36 hours", or in parts.',
            {"amount": 36, "unit": "hours", "relation": "in"},
        ),
    ] = None
    planned: Annotated[
        Flag,
        doc("true for a target or plan: shown under Planned, never in a total, history or discrepancy.", True),
    ] = False
    due: Annotated[
        When | None,
        doc("A planned figure's deadline (with deadline: true).", {"weekday": "Saturday", "deadline": True}),
    ] = None
    as_of: Annotated[
        When,
        doc(
            "When the figure was true, as precisely as the source says; orders the figure history. Left out (or "
            "`article: true`) for a figure the article gives no time for: as of the article's publication.",
            {"weekday": "Tuesday"},
        ),
    ] = When(article=True)
    source: Annotated[Id, doc("The id of the source that gives the figure; the page names it.", "disaster-agency")]
    part_of: Annotated[
        Id | None,
        doc("The id of the total this figure is a part of (a breakdown by group or place).", "killed-214"),
    ] = None
    breakdown_complete: Annotated[
        Flag, doc("true on a total whose parts cover all of it; the page then checks they add up.", True)
    ] = False
    key: Annotated[Flag, doc("true to show the figure among the key figures at the top of the page.", True)] = False
    label: Annotated[
        ShortText | None, doc("The figure's own label on the page (default: the measure's).", "Total killed")
    ] = None
    note: Annotated[
        Text | None, doc("An editor's note shown with the figure.", "The article does not say who counted them.")
    ] = None
    evidence: Annotated[
        Evidence,
        doc(
            "The passage of a seed that supports the figure; it must state the number and the qualifier.",
            {"seed": "001_kestrel-earthquake", "quote": "killing at least 214 people"},
        ),
    ]

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
    """Something that happened, placed in the report's timeline."""

    id: Annotated[Id, doc("The event's id, unique in the report.", "mourning-declared")]
    when: Annotated[
        When, doc("When it happened, as precisely as the source says; orders the timeline.", {"weekday": "Monday"})
    ]
    duration: Annotated[
        DurationInput | None,
        doc('How long it lasts: "for three days", or in parts.', {"amount": 3, "unit": "days", "relation": "for"}),
    ] = None
    place: Annotated[Id | None, doc("The id of the place where it happened.", "halden")] = None
    actors: Annotated[tuple[Id, ...], doc("The ids of the actors who took part.", ["kestrel-government"])] = ()
    what: Annotated[
        Text, doc("What happened, in the report's words: the timeline's entry.", "The government declared mourning.")
    ]
    source: Annotated[Id, doc("The id of the source that reports it.", "article")]
    evidence: Annotated[
        Evidence,
        doc(
            "The passage of a seed that supports the fact; shown as its evidence.",
            {"seed": "001_kestrel-earthquake", "quote": "The government declared three days of national mourning."},
        ),
    ]


class Mode(StrEnum):
    verbatim = "verbatim"
    paraphrase = "paraphrase"


if TYPE_CHECKING:  # read from vocabulary.yaml at run time; a StrEnum to the type checker
    StatementKind = StrEnum
else:
    StatementKind = _kinds("StatementKind", "statement-kinds")


class Statement(Fact):
    """What a source said, verbatim or paraphrased."""

    id: Annotated[Id, doc("The statement's id, unique in the report.", "brell-digging")]
    speaker: Annotated[Id, doc("The id of the source who said it.", "tomas-brell")]
    kind: Annotated[StatementKind, doc("What kind of statement it is (sitrep/facts/vocabulary.yaml).", "testimony")]
    mode: Annotated[Mode, doc("verbatim (shown as a quotation) or paraphrase (shown as reported speech).", "verbatim")]
    text: Annotated[
        Text, doc("What was said, as the page shows it.", "Entire streets have gone. We are digging with our hands")
    ]
    about: Annotated[tuple[Id, ...], doc("The ids of the actors it is about.", ["rescue-teams"])] = ()
    when: Annotated[When | None, doc("When it was said.", {"weekday": "Tuesday"})] = None
    evidence: Annotated[
        Evidence,
        doc(
            "The passage of a seed that supports the fact; shown as its evidence.",
            {"seed": "001_kestrel-earthquake", "quote": "We are digging with our hands"},
        ),
    ]


if TYPE_CHECKING:  # read from vocabulary.yaml at run time; a StrEnum to the type checker
    ImpactKind = StrEnum
else:
    ImpactKind = _kinds("ImpactKind", "impact-kinds")


class Impact(Fact):
    """A consequence described in words (access cut, services down), with its figure if any."""

    id: Annotated[Id, doc("The impact's id, unique in the report.", "villages-cut-off")]
    kind: Annotated[
        ImpactKind, doc("What kind of impact it is (sitrep/facts/vocabulary.yaml); groups the page.", "access")
    ]
    subject: Annotated[ShortText, doc("What is affected, the entry's heading.", "Mountain villages")]
    description: Annotated[
        Text, doc("What happened to it, as the page says it.", "Mountain villages were cut off by landslides.")
    ]
    place: Annotated[Id | None, doc("The id of the place affected.", "kestrel-highlands")] = None
    figure: Annotated[Id | None, doc("The id of the figure that measures it.", "homes-destroyed")] = None
    source: Annotated[Id, doc("The id of the source that reports it.", "disaster-agency")]
    evidence: Annotated[
        Evidence,
        doc(
            "The passage of a seed that supports the fact; shown as its evidence.",
            {
                "seed": "001_kestrel-earthquake",
                "quote": "as rescue teams reached mountain villages cut off by landslides",
            },
        ),
    ]


class Media(Fact):
    """A photo as published: its caption and credit, not the image."""

    id: Annotated[Id, doc("The photo's id, unique in the report.", "photo-latakia-factory-smoke")]
    caption: Annotated[
        Text, doc("The caption as published.", "Smoke rises from a factory hit on the outskirts of Latakia")
    ]
    photographer: Annotated[ShortText, doc("Who took it (the credit).", "Omar Albam")]
    agency: Annotated[ShortText, doc("The agency in the credit.", "AP")]
    place: Annotated[Id | None, doc("The id of the place it shows.", "latakia")] = None
    evidence: Annotated[
        Evidence,
        doc(
            "The caption and credit in the seed.",
            {
                "seed": "000_35c3038285085a70",
                "quote": "Smoke rises from a factory hit on the outskirts of Latakia (Omar Albam/AP)",
            },
        ),
    ]


# --------------------------------------------------------------------------- the report


class Exclusion(Strict):
    """A passage of a seed deliberately not turned into facts, and why."""

    seed: Annotated[SeedId, doc("The id of the seed.", "001_kestrel-earthquake")]
    quote: Annotated[
        str,
        StringConstraints(min_length=1, max_length=2000),
        doc("The passage left out, verbatim; seed coverage counts it as seen.", "ARDEN, Kestrel (Nov. 18, 2025)"),
    ]
    reason: Annotated[Text, doc("Why it is left out (not shown on the page).", "The dateline.")]


class DiscrepancyNote(Strict):
    """An editor's acknowledgement of two values that disagree."""

    figures: Annotated[
        tuple[Id, Id],
        doc("The ids of the two figures that disagree.", ["killed-civilians-750", "killed-civilians-745"]),
    ]
    note: Annotated[
        Text,
        doc(
            "The editor's note, shown with both values (which are never resolved).",
            "The source gives both values; the report shows both.",
        ),
    ]


class ReportMeta(Strict):
    """``report.yaml``: the report's title, seeds, editions and editorial notes."""

    id: Annotated[Id, doc("The report's id, its folder's name and its address (reports/<id>/).", "kestrel-earthquake")]
    title: Annotated[
        ShortText, doc("The report's title, at the top of its page and in the lists.", "Earthquake in Kestrel")
    ]
    seeds: Annotated[
        tuple[SeedId, ...], doc("The ids of the articles the report is built from.", ["001_kestrel-earthquake"])
    ]
    coverage: Annotated[
        Literal["complete", "partial"],
        doc(
            "complete: every number, place and photo credit of the seeds must be cited or excluded "
            "(`check` lists those not yet; `--strict` fails on them).",
            "complete",
        ),
    ] = "partial"
    example: Annotated[
        Flag,
        doc("true for invented content: a banner on every page; kept out of the sitemap, feeds and indexes.", True),
    ] = False
    language: Annotated[
        str,
        StringConstraints(pattern=languages.TAG.pattern),
        AfterValidator(languages.check),
        doc(
            "The language the report is written in (its title, editions and the facts' text): a BCP 47 "
            "tag. Translations into other languages are in i18n/<tag>.yaml beside the facts.",
            "en",
            "ar",
        ),
    ] = "en"
    editions: Annotated[
        tuple[Edition, ...],
        doc(
            "The report's editions, numbered from 1; the last is the page's address.",
            [
                {
                    "number": 1,
                    "published": "2025-11-18T10:00:00+00:00",
                    "headline": "Quake kills 214",
                    "summary": "The toll.",
                }
            ],
        ),
    ]
    exclusions: Annotated[
        tuple[Exclusion, ...],
        doc(
            "Passages of the seeds deliberately not turned into facts, and why.",
            [{"seed": "001_kestrel-earthquake", "quote": "ARDEN, Kestrel (Nov. 18, 2025)", "reason": "The dateline."}],
        ),
    ] = ()
    discrepancies: Annotated[
        tuple[DiscrepancyNote, ...],
        doc(
            "Editor's notes on figures that disagree (required for each discrepancy with --strict).",
            [{"figures": ["killed-750", "killed-745"], "note": "The source gives both; both are shown."}],
        ),
    ] = ()
    key_figures: Annotated[
        tuple[Id, ...],
        doc(
            "The order of the key figures, when the severity order (deaths, missing, injured, displaced, in "
            "need, affected, damage, response, funding, then hazard measures) does not suit the report: measure "
            "ids or figure ids (of figures marked `key: true`), first first. Key figures it does not name follow "
            "in the severity order.",
            ["in-need", "killed"],
        ),
    ] = ()

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


class Translation(Strict):
    """A report's words in another language (``i18n/<language>.yaml``), by key (sitrep.facts.translations)."""

    language: str
    texts: dict[str, str]
    # key -> the edition it was published with (``text`` lines of editions.lock): what published pages show
    published: dict[str, int] = {}


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
    translations: tuple[Translation, ...] = ()  # by language, sorted; checked against the facts above


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


ANONYMOUS = "%(label)s (anonymous)"


def display_name(source: NamedSource | AnonymousSource, anonymous: str = ANONYMOUS) -> str:
    """How the site names a source: its name, or its label marked anonymous (never a name);
    ``anonymous``: that mark in the page's language (its words translate :data:`ANONYMOUS`)."""
    if isinstance(source, AnonymousSource):
        return anonymous % {"label": source.label}
    return source.name
