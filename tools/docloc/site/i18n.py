"""mkdocs-static-i18n's build state, read and written in this one place.

i18n builds the site once per language: MkDocs' own build is the default language's, and i18n's
``on_post_build`` builds each other language with its plugin object set to that language. docloc
must know which language a build is for, whether it is i18n's inner build, and the language
switcher's entries for the language homes. i18n's configuration (``languages`` with ``locale``,
``default`` and ``build``) is documented; its state on the plugin object (``current_language``,
``building``, ``build_languages``, ``default_language``, ``extra_alternate``) is not. So only this
module touches that state, and pyproject.toml bounds mkdocs-static-i18n to the minor versions the
suite builds with (``tests/test_site_build.py`` and the browser tests fail if the state changes).
"""

from __future__ import annotations

from copy import deepcopy
from typing import Any

PLUGIN = "i18n"


class I18nBuild:
    """The i18n state of one MkDocs build (None of it when the site has no i18n plugin)."""

    def __init__(self, config: Any) -> None:
        self._plugin = config.plugins.get(PLUGIN) if config is not None else None

    @property
    def present(self) -> bool:
        return self._plugin is not None

    @property
    def current_language(self) -> str | None:
        """The language this build is for."""
        return self._plugin.current_language if self._plugin is not None else None

    @property
    def default_language(self) -> str | None:
        return self._plugin.default_language if self._plugin is not None else None

    @property
    def build_languages(self) -> list[str]:
        return list(self._plugin.build_languages) if self._plugin is not None else []

    @property
    def locales(self) -> list[str]:
        """Every language i18n's documented configuration lists, built or not (``build: false``)."""
        return [language.locale for language in self._plugin.config.languages] if self._plugin is not None else []

    @property
    def inner(self) -> bool:
        """Whether this is one of the builds i18n runs for the other languages (not MkDocs' own)."""
        return self._plugin is not None and bool(self._plugin.building)

    def language_homes(self) -> list[dict] | None:
        """The switcher's entries pointing at each language's home (what the 404 page links to)."""
        alternate = self._plugin.extra_alternate if self._plugin is not None else None
        return deepcopy(alternate) if alternate else None

    def start_as(self, language: str) -> None:
        """Start a build of ``language`` alone in the state i18n gives its own build of that language in a
        one-process build (``current_language`` set, ``building`` true: it builds no other language)."""
        if self._plugin is None:
            raise ValueError("the site has no i18n plugin")
        self._plugin.current_language = language
        self._plugin.building = True


def configured_languages(config: Any) -> list[str]:
    """The site's languages in the order one MkDocs process builds them: the default language first
    (MkDocs' own build), then the others as i18n's documented configuration lists them."""
    plugin = config.plugins.get(PLUGIN)
    if plugin is None:
        return []
    languages = [language.locale for language in plugin.config.languages if language.build]
    default = next((language.locale for language in plugin.config.languages if language.default), None)
    return [default, *(language for language in languages if language != default)] if default else languages
