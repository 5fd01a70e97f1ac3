"""Locale names: Microsoft's ``ll-CC`` content locales, gettext languages, plural forms.

Nothing here knows a particular language: Babel's CLDR data answers every question.
"""

from __future__ import annotations

from functools import cache

from .errors import DoclocError

# Babel is imported inside each function: its CLDR tables cost a command 20 ms at start-up,
# and most commands (extract, check) never ask a locale question.


@cache
def gettext_language(content_locale: str) -> str:
    """``cs-CZ`` → ``cs``; ``pt-BR`` → ``pt_BR`` when the region is not the language's default.

    The short form is what the site and the folder under ``locales/`` use; the region is
    kept only where dropping it would merge two variants (pt-PT vs pt-BR, zh-TW vs zh-CN).
    """
    parts = content_locale.replace("_", "-").split("-")
    language = parts[0].lower()
    if not language.isalpha():
        raise DoclocError(f"{content_locale!r} is not a locale name such as cs-CZ")
    rest = [p for p in parts[1:] if p]
    if not rest:
        return language
    from babel.core import get_global

    script = next((p.title() for p in rest if len(p) == 4 and p.isalpha()), None)
    region = next((p.upper() for p in rest if len(p) in (2, 3) and p.isalnum()), None)
    likely = get_global("likely_subtags").get(language, "")
    likely_parts = likely.split("_")
    likely_script = likely_parts[1] if len(likely_parts) > 2 else None
    likely_region = likely_parts[-1] if len(likely_parts) > 1 else None
    name = language
    if script and script != likely_script:
        name += f"_{script}"
    if region and region != likely_region:
        name += f"_{region}"
    return name


# Each language's Plural-Forms, by language: Babel's answers, asked once a process, or answers kept by the
# check cache (``checks.cache``), which keeps them for the versions of docloc and Babel they came from.
_PLURAL_FORMS: dict[str, str] = {}


def plural_forms(language: str) -> str:
    """The gettext ``Plural-Forms`` header value for a language, from CLDR (asked once per catalog: kept)."""
    found = _PLURAL_FORMS.get(language)
    if found is None:
        found = _PLURAL_FORMS[language] = _babel_plural_forms(language)
    return found


def known_plural_forms() -> dict[str, str]:
    """The Plural-Forms known so far, by language (a copy)."""
    return dict(_PLURAL_FORMS)


def remember_plural_forms(known: dict[str, str]) -> None:
    """Take Plural-Forms ``plural_forms`` gave before (by language): a run that checks one catalog need not
    import Babel (20 ms) to know its language's. Only answers of the same Babel are to be given."""
    _PLURAL_FORMS.update(known)


def _babel_plural_forms(language: str) -> str:
    from babel import UnknownLocaleError
    from babel.messages.plurals import get_plural

    try:
        return str(get_plural(language))
    except (UnknownLocaleError, ValueError):
        return "nplurals=2; plural=(n != 1);"


def language_name(language: str) -> str:
    """The language's own name, for language switchers (``cs`` → ``Čeština``)."""
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(language)
    except (UnknownLocaleError, ValueError):
        return language
    name = locale.get_display_name(locale) or language
    return name[:1].upper() + name[1:]
