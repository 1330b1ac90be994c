"""The publisher's settings, read from mkdocs.yml: who publishes, under which licence, where.

``site_url`` and ``site_name`` are mkdocs' own; the publisher is ``extra.publisher``
(name, url, licence {name, url}, and ``tag_authority``, the RFC 4151 tagging entity
that Atom ids are minted from, so they survive a move to another address). The
shipped values are placeholders under ``example.org`` (RFC 2606): a build says so in
a notice, and ``build --publish`` refuses them.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from sitrep.errors import EnvironmentFault
from sitrep.facts import languages as language_tags

PLACEHOLDER_HOSTS = ("example.org", "example.com", "example.net", "invalid", "localhost")
# RFC 4151: taggingEntity = authorityName "," date, the date YYYY, YYYY-MM or YYYY-MM-DD.
_TAG_AUTHORITY = re.compile(
    r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+"
    r"|[A-Za-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]+),\d{4}(?:-\d{2}(?:-\d{2})?)?$"
)
DEFAULT_AUTHORITY = "sitrep.example.org,2025"


RTL = frozenset({"ar", "fa", "he", "ur", "ps", "sd", "ug", "yi", "dv", "ku"})  # written right to left
DIGITS = ("latn", "arab")  # Western (0-9) or Arabic-Indic (٠-٩): CLDR's names, as Babel takes them


@dataclass(frozen=True)
class Language:
    """One of the site's languages (mkdocs.yml ``extra.alternate``, Material's language selector)."""

    code: str  # a language tag (sitrep.facts.languages): the pages' lang, Material's theme.language
    name: str  # as the selector shows it, in the language itself ("العربية")
    path: str  # the folder its pages are built under: "" for the first (the site's root), "ar/" for the others
    direction: str  # "ltr" or "rtl"
    digits: str  # "latn" or "arab" (extra.digits)


@dataclass(frozen=True)
class Settings:
    site_name: str
    site_url: str  # always ends with "/"
    publisher: str
    publisher_url: str
    licence_name: str
    licence_url: str
    tag_authority: str
    # The site's languages, the default (at the site's root) first; one language when mkdocs.yml lists none.
    languages: tuple[Language, ...] = (Language("en", "English", "", "ltr", "latn"),)

    @property
    def language(self) -> Language:
        """The default language: its pages are at the site's root."""
        return self.languages[0]

    def url(self, path: str) -> str:
        """The absolute address of a site path ("reports/x/" -> "https://host/reports/x/")."""
        return self.site_url + path

    def folder(self, code: str) -> str:
        """The folder the pages in language ``code`` are built under ("" for the first, "ar/")."""
        return next((lang.path for lang in self.languages if lang.code == code), "")

    def placeholders(self) -> list[str]:
        """Each setting still holding a placeholder, in words (empty when ready to publish)."""
        found = []
        if _is_placeholder(self.site_url):
            found.append(f"site_url is the placeholder {self.site_url}")
        host = self.tag_authority.split(",")[0].rpartition("@")[2]
        if _is_placeholder(f"https://{host}/"):
            found.append(f"extra.publisher.tag_authority is the placeholder {self.tag_authority}")
        return found

    def key(self) -> str:
        """A digest of everything here: what the memo key of a report's pages and downloads covers."""
        return hashlib.sha256(json.dumps(asdict(self), sort_keys=True).encode()).hexdigest()


def _is_placeholder(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return not host or any(host == h or host.endswith("." + h) for h in PLACEHOLDER_HOSTS)


class _Loader(yaml.SafeLoader):
    """mkdocs.yml may hold mkdocs' own tags (``!ENV``, ``!!python/name:``); none shapes these settings."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def load(root: Path) -> Settings:
    """The settings in ``root/mkdocs.yml``; EnvironmentFault naming the setting that is wrong."""
    path = root / "mkdocs.yml"
    if path.is_symlink() and not (path.resolve().is_relative_to(root.resolve()) and path.resolve().exists()):
        config: object = {}  # never read through a link out of the project: the build refuses it (load.links_out)
    else:
        try:
            config = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}  # _Loader is a SafeLoader
        except (OSError, yaml.YAMLError) as exc:
            raise EnvironmentFault(f"{path.name}: cannot be read: {exc}") from None
    if not isinstance(config, dict):
        raise EnvironmentFault(f"{path.name}: must be a mapping")
    extra = _mapping(config.get("extra"))
    publisher = _mapping(extra.get("publisher"))
    licence = _mapping(publisher.get("licence"))
    site_name = _text(config.get("site_name"), "site_name") or "Situation reports"
    site_url = _text(config.get("site_url"), "site_url") or "https://sitrep.example.org/"
    if not re.match(r"^https?://[^\s/]+(/[^\s]*)?$", site_url):
        raise EnvironmentFault(f"{path.name}: site_url must be an http(s) address, got {site_url!r}")
    site_url = site_url if site_url.endswith("/") else site_url + "/"
    authority = _text(publisher.get("tag_authority"), "extra.publisher.tag_authority") or DEFAULT_AUTHORITY
    if not _TAG_AUTHORITY.match(authority):
        raise EnvironmentFault(
            f"{path.name}: extra.publisher.tag_authority must be a domain or email you own and a date "
            f"when you owned it (RFC 4151), such as 'example.org,2025'; got {authority!r}"
        )
    return Settings(
        languages=_languages(path.name, config, extra),
        site_name=site_name,
        site_url=site_url,
        publisher=_text(publisher.get("name"), "extra.publisher.name") or site_name,
        publisher_url=_text(publisher.get("url"), "extra.publisher.url") or site_url,
        licence_name=_text(licence.get("name"), "extra.publisher.licence.name"),
        licence_url=_text(licence.get("url"), "extra.publisher.licence.url"),
        tag_authority=authority,
    )


def _languages(name: str, config: dict, extra: dict) -> tuple[Language, ...]:
    """``extra.alternate`` (Material's language selector): the first entry links to ``/`` and is the
    language of ``theme.language``; each other links to ``/<lang>/`` and is built again there."""
    listed = extra.get("alternate")
    theme = _mapping(config.get("theme"))
    default = _text(theme.get("language"), "theme.language") or "en"
    digits = _mapping(extra.get("digits"))
    for code, chosen in digits.items():
        if chosen not in DIGITS:
            raise EnvironmentFault(f"{name}: extra.digits.{code} must be one of {', '.join(DIGITS)}, got {chosen!r}")
    if listed is None:
        return (Language(default, default, "", "rtl" if default in RTL else "ltr", digits.get(default, "latn")),)
    if not isinstance(listed, list) or not listed:
        raise EnvironmentFault(f"{name}: extra.alternate must list the site's languages")
    found: list[Language] = []
    for n, entry in enumerate(listed):
        where = f"{name}: extra.alternate[{n}]"
        entry = _mapping(entry)
        code = _text(entry.get("lang"), f"extra.alternate[{n}].lang")
        if (why := language_tags.problem(code)) is not None:
            raise EnvironmentFault(f"{where}.lang: {why}")
        link = _text(entry.get("link"), f"extra.alternate[{n}].link")
        expected = "/" if n == 0 else f"/{code}/"
        if link != expected:
            raise EnvironmentFault(
                f"{where}.link: the {'first language is the site root' if n == 0 else 'language is built'} "
                f"at {expected}, so its link must be {expected!r}, got {link!r}"
            )
        if n == 0 and code != default:
            raise EnvironmentFault(f"{where}.lang: the first language is the site's, theme.language {default!r}")
        if any(other.code == code for other in found):
            raise EnvironmentFault(f"{where}.lang: {code!r} is listed twice")
        found.append(
            Language(
                code=code,
                name=_text(entry.get("name"), f"extra.alternate[{n}].name") or code,
                path="" if n == 0 else f"{code}/",
                direction="rtl" if code.split("-")[0] in RTL else "ltr",
                digits=digits.get(code, "latn"),
            )
        )
    return tuple(found)


def _mapping(value: object) -> dict:
    return value if isinstance(value, dict) else {}


def _text(value: object, name: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise EnvironmentFault(f"mkdocs.yml: {name} must be text, got {value!r}")
    return value.strip()
