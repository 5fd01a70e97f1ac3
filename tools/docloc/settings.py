"""docloc's settings: the options of the ``docloc`` entry in mkdocs.yml, declared once.

The site plugin takes this schema as its configuration (MkDocs validates it for a build), and
``project.ProjectConfig`` validates the same entry with it for every other command: one list of
options, one set of defaults, one validation. It uses MkDocs's documented plugin-configuration
API (``mkdocs.config.base.Config``, ``config_options``).
"""

from __future__ import annotations

from typing import Any

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config

DEFAULT_TRANSLATED_FIELDS = ("title", "description")
DEFAULT_GUIDES_HEADING = "Guides"


class DoclocOptions(Config):
    source_language = opt.Type(str, default="en")
    languages = opt.ListOfItems(opt.Type(str), default=[])
    translated_fields = opt.ListOfItems(opt.Type(str), default=list(DEFAULT_TRANSLATED_FIELDS))
    # Articles that are not on this site: {locale} is the reader's (cs-cz), {slug} the article's path without .md.
    # Unset, such links are left as they are (and a strict build reports them).
    external_base = opt.Optional(opt.Type(str))
    # A page whose catalog has fewer translated sentences (%) is published in English with a banner.
    coverage_threshold = opt.Type((int, float), default=80)
    # Locale of each language in external links, where the catalogs' X-MS-Content-Locale is not wanted.
    external_locales = opt.Type(dict, default={})
    # docloc check: minimum coverage (% of strings; a number, or one per language such as {cs: 95}),
    # the severity that fails the check (and the build's gate), and terms that stay in English.
    min_coverage = opt.Optional(opt.Type((int, float, dict)))
    fail_on = opt.Choice(("info", "warning", "error"), default="error")
    do_not_translate = opt.ListOfItems(opt.Type(str), default=[])
    # The home page docloc writes (unless docs/<source>/index.md exists): its introduction and the heading
    # above the guides, translated in _ui/site.po like every site text.
    home_intro = opt.Optional(opt.Type(str))
    guides_heading = opt.Type(str, default=DEFAULT_GUIDES_HEADING)
    # The translation memory of docloc update and import (workflows/memory.py): off with false; exact matches
    # fuzzy (reviewed by a person) or translated; compendia, PO or TMX files inside the project.
    tm = opt.Type(bool, default=True)
    tm_exact = opt.Choice(("fuzzy", "translated"), default="fuzzy")
    compendia = opt.ListOfItems(opt.Type(str), default=[])
    # docloc check's glossary (checks/glossary.py): a CSV or TBX file inside the project.
    glossary = opt.Optional(opt.Type(str))


def validate_options(entry: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]], list[tuple[str, str]]]:
    """The entry's options with their defaults, the (option, problem) pairs that make it invalid,
    and the warnings (options docloc does not know), as MkDocs would report them for a build."""
    options = DoclocOptions()
    options.load_dict(dict(entry))
    failed, warnings = options.validate()
    problems = [(str(key), str(error)) for key, error in failed]
    notes = [(str(key), str(message)) for key, message in warnings]
    return dict(options), problems, notes


def default_options() -> dict[str, Any]:
    """Every option at its default (a project with a bare ``- docloc`` entry)."""
    return validate_options({})[0]
