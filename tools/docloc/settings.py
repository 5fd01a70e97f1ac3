"""docloc's settings: the options of the ``docloc`` entry in mkdocs.yml, declared once.

``OPTIONS`` is the one declaration (name, kind, default). The site plugin's MkDocs configuration
class is made from it (``mkdocs_options_class``: MkDocs validates it for a build, with its documented
``config_options``); every other command validates the same entry with ``validate_options``, which
applies the same kinds without importing MkDocs (its configuration package takes 0.15 s to import,
paid by every command). ``tests/test_settings.py`` holds the two validations to the same verdicts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

DEFAULT_TRANSLATED_FIELDS = ("title", "description")
DEFAULT_GUIDES_HEADING = "Guides"


@dataclass(frozen=True)
class Option:
    name: str
    kind: str  # "str", "bool", "percent" (a number from 0 to 100), "dict", "strings" (a list of str), "choice",
    # "percent or dict"
    default: Any = None  # None: optional, unset
    choices: tuple[str, ...] = ()


OPTIONS: tuple[Option, ...] = (
    Option("source_language", "str", "en"),
    Option("languages", "strings", []),
    Option("translated_fields", "strings", list(DEFAULT_TRANSLATED_FIELDS)),
    # Articles that are not on this site: {locale} is the reader's (cs-cz), {slug} the article's path without .md.
    # Unset, such links are left as they are (and a strict build reports them).
    Option("external_base", "str"),
    # A page whose catalog has fewer translated sentences (%) is published in English with a banner.
    Option("coverage_threshold", "percent", 80),
    # Locale of each language in external links, where the catalogs' X-MS-Content-Locale is not wanted.
    Option("external_locales", "dict", {}),
    # docloc check: minimum coverage (% of strings; a number, or one per language such as {cs: 95}),
    # the severity that fails the check (and the build's gate), and terms that stay in English.
    Option("min_coverage", "percent or dict"),
    Option("fail_on", "choice", "error", ("info", "warning", "error")),
    Option("do_not_translate", "strings", []),
    # The home page docloc writes (unless docs/<source>/index.md exists): its introduction and the heading
    # above the guides, translated in _ui/site.po like every site text.
    Option("home_intro", "str"),
    Option("guides_heading", "str", DEFAULT_GUIDES_HEADING),
    # The translation memory of docloc update and import (workflows/memory.py): off with false; exact matches
    # fuzzy (reviewed by a person) or translated; compendia, PO or TMX files inside the project.
    Option("tm", "bool", True),
    Option("tm_exact", "choice", "fuzzy", ("fuzzy", "translated")),
    Option("compendia", "strings", []),
    # docloc check's glossary (checks/glossary.py): a CSV or TBX file inside the project.
    Option("glossary", "str"),
)

_TYPES: dict[str, tuple[type, ...]] = {"str": (str,), "bool": (bool,), "percent": (int, float), "dict": (dict,)}
_TYPES["percent or dict"] = (int, float, dict)


def percent_problem(value: Any, kind: str = "percent") -> str | None:
    """Why ``value`` is not a value of a percentage option of ``kind`` ("percent", "percent or dict"), in a
    writer's words (MkDocs' would name Python classes), or None. NaN passes no comparison: a gate of NaN would
    never close."""
    if not isinstance(value, _TYPES[kind]):
        wanted = "a percentage from 0 to 100" + (", or one per language ({cs: 95})" if "dict" in kind else "")
        return f"Expected {wanted} but received: {value!r}"
    if isinstance(value, (int, float)) and not 0 <= value <= 100:
        return f"Expected a percentage from 0 to 100 but received: {value!r}"
    return None


def _problem(option: Option, value: Any) -> str | None:
    """Why ``value`` is not a value of ``option``, in the words MkDocs uses for its own options."""
    if option.kind == "choice":
        return None if value in option.choices else f"Expected one of: {option.choices} but received: {value!r}"
    if option.kind == "strings":
        if not isinstance(value, list):
            return f"Expected a list of items, but a {type(value)} was given."
        wrong = next((item for item in value if not isinstance(item, str)), None)
        return None if wrong is None else f"Expected type: {str} but received: {type(wrong)}"
    if option.kind.startswith("percent"):
        return percent_problem(value, option.kind)
    expected = _TYPES[option.kind]
    if not isinstance(value, expected):
        return f"Expected type: {expected if len(expected) > 1 else expected[0]} but received: {type(value)}"
    return None


def validate_options(entry: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]], list[tuple[str, str]]]:
    """The entry's options with their defaults, the (option, problem) pairs that make it invalid,
    and the warnings (options docloc does not know)."""
    options: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    for option in OPTIONS:
        value = entry.get(option.name)
        if value is None and option.kind == "strings" and option.name in entry:  # "languages:" with no value
            problems.append((option.name, "Expected a list of items, but nothing was given."))
        if value is None:
            options[option.name] = _copy(option.default)
            continue
        problem = _problem(option, value)
        if problem:
            problems.append((option.name, problem))
        options[option.name] = value
    known = {option.name for option in OPTIONS}
    warnings = [(str(key), f"Unrecognised configuration name: {key}") for key in entry if key not in known]
    return options, problems, warnings


def default_options() -> dict[str, Any]:
    """Every option at its default (a project with a bare ``- docloc`` entry)."""
    return validate_options({})[0]


def _copy(value: Any) -> Any:
    return list(value) if isinstance(value, list) else dict(value) if isinstance(value, dict) else value


def mkdocs_options_class() -> type:
    """The plugin's MkDocs configuration class, made from ``OPTIONS`` (imports MkDocs: the site layer's)."""
    from mkdocs.config import config_options as opt
    from mkdocs.config.base import Config, ValidationError

    class Percent(opt.Type):
        def __init__(self, kind: str, **named: Any) -> None:
            types = _TYPES[kind]
            super().__init__(types if len(types) > 1 else types[0], **named)
            self.kind = kind

        def run_validation(self, value: object) -> Any:
            problem = percent_problem(value, self.kind)
            if problem:
                raise ValidationError(problem)
            return value

    def config_option(option: Option) -> Any:
        if option.kind == "choice":
            return opt.Choice(option.choices, default=option.default)
        if option.kind == "strings":
            return opt.ListOfItems(opt.Type(str), default=_copy(option.default))
        kind = _TYPES[option.kind]
        if option.kind.startswith("percent"):
            typed = Percent(option.kind, default=_copy(option.default))
            return opt.Optional(Percent(option.kind)) if option.default is None else typed
        typed = opt.Type(kind if len(kind) > 1 else kind[0], default=_copy(option.default))
        return opt.Optional(opt.Type(kind if len(kind) > 1 else kind[0])) if option.default is None else typed

    namespace = {option.name: config_option(option) for option in OPTIONS}
    namespace["__doc__"] = "docloc's options in mkdocs.yml (declared in ``docloc.settings.OPTIONS``)."
    namespace["__module__"] = __name__
    return type("DoclocOptions", (Config,), namespace)
