"""Interface words in Python code, in the page's language.

Code that writes words onto a page ("New:", "since edition 1", a section's name) takes the
page's :class:`Words`, the language's translations (:func:`sitrep.outputs.messages.translations`;
a Markdown environment carries them as ``env.globals["words"]``), and asks it for each message:
``words.gettext("Withdrawn: %(what)s") % {"what": title}``. Nothing global: each pass of the
site (one per language) hands its own words down, so passes never see each other's words and a
page's bytes depend only on its inputs. :data:`ENGLISH` (the messages themselves) is the default.

``make messages`` finds the messages in the modules :data:`sitrep.outputs.messages.CODE` lists:
the literal argument of ``gettext(...)``, both of ``ngettext(...)``, and of ``N_(...)``, which
marks a message kept in a table and translated where it is shown.
"""

from __future__ import annotations

from typing import Protocol

from babel.support import NullTranslations


class Words(Protocol):
    def gettext(self, message: str) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int) -> str: ...


ENGLISH: Words = NullTranslations()


def N_(message: str) -> str:
    """A message marked for ``make messages``, translated later (``words.gettext(name)``)."""
    return message


def digits(words: Words) -> str:
    """The digits the page's numbers are written in: ``latn`` (0-9) or ``arab`` (Arabic-Indic), as
    mkdocs.yml's ``extra.digits`` says for the page's language (:func:`with_digits`)."""
    found = getattr(words, "sitrep_digits", "latn")
    return found if isinstance(found, str) else "latn"


def with_digits(words: NullTranslations, setting: str) -> NullTranslations:
    """A language's words, carrying its digits setting to every value worded with them."""
    words.sitrep_digits = setting  # type: ignore[attr-defined]  # our own mark on a fresh object
    return words
