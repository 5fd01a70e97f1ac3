"""QA checks of translations: a registry of small named functions, and the pass that runs them.

Each check has a stable id, a severity and a one-line explanation (``CHECKS``). A translator
silences one check on one entry with a translator comment, which every PO editor shows and
lets translators edit (flags are the tools' field, extracted comments are rewritten by
``docloc update``)::

    # docloc-ignore: end-punctuation
    msgid "…"
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

from ..catalog.states import HEADER, OBSOLETE, entry_state
from . import (  # noqa: F401 - importing registers the checks
    consistency,
    drift,
    glossary,
    links,
    markup,
    placement,
    plural_forms,
    safety,
    text,
)
from .registry import (
    CHECKS,
    DIGIT_TRIGGER,
    SEVERITIES,
    Check,
    CheckContext,
    Finding,
    ignored_checks,
    severity_rank,
)
from .safety import oversized, unsafe_markup

__all__ = [
    "CHECKS",
    "SEVERITIES",
    "Check",
    "CheckContext",
    "Finding",
    "check_entries",
    "context_from_options",
    "ignored_checks",
    "severity_rank",
    "unsafe_markup",
]


FIELD_CHECKS = frozenset({"unsafe-markup", "untranslated", "fuzzy", "placeholders"})
STATES = ("translated", "untranslated", "fuzzy")  # what a check's ``applies_to`` may name: coverage's states


def context_from_options(language: str, options: dict, root: Path | None = None) -> CheckContext:
    """The check context from the ``docloc`` plugin entry (``do_not_translate: [Partner Center, …]``);
    with the project's ``root``, the glossary it names (``glossary: terms.csv``) too."""
    terms = options.get("do_not_translate") or []
    fields = frozenset(str(f) for f in options.get("translated_fields", ("title", "description")))
    found = None
    if root is not None and options.get("glossary"):
        found = glossary.load_glossary(root, str(options["glossary"]), str(options.get("source_language", "en")))
    return CheckContext(language, frozenset(str(t) for t in terms if str(t).strip()), dict(options), fields, found)


def check_entries(
    entries: Iterable,
    file: str,
    context: CheckContext,
    memo: dict | None = None,
) -> list[Finding]:
    """Run the registered checks over a catalog's entries (``read_catalog``'s).

    Checks are pure functions of the texts and the context, so ``memo`` (one dict per
    context, shared across catalogs) keeps their results for (English, translation) pairs
    seen before: the same sentences recur across articles. A check whose trigger characters
    are in neither text is not run: it would pass (``registry.check``).
    """
    selected = [c for c in CHECKS.values() if c.scope == "entry"]
    # By kind: one per entry state (translated, untranslated, fuzzy), then the same for front-matter
    # fields (only safety and the state itself count there).
    per_state = [tuple(c for c in selected if c.applies_to == state) for state in STATES]
    by_kind = (*per_state, *(tuple(c for c in checks if c.id in FIELD_CHECKS) for checks in per_state))
    results = memo if memo is not None else {}
    traits_of = _trait_reader(frozenset().union(*(c.triggers for c in selected if c.triggers is not None)))
    runnable: dict[tuple[int, frozenset[str]], tuple[Check, ...]] = {}  # by kind and the trigger characters present
    findings: list[Finding] = []
    for entry in entries:
        state = entry_state(entry)
        if state in (HEADER, OBSOLETE):
            continue
        kind = STATES.index(state)
        if entry.msgctxt is not None and entry.msgctxt in context.fields:
            kind += len(STATES)  # front-matter fields are plain text whose English is derived from the article
        checks = by_kind[kind]
        if not checks:
            continue
        tcomment = entry.tcomment
        silenced = ignored_checks(tcomment) if tcomment and "docloc-ignore" in tcomment else ()
        pairs = _pairs(entry)
        key = (kind, tuple(sorted(silenced)) if silenced else (), *pairs)
        found = results.get(key)
        if found is None:
            if len(pairs) == 1:  # nearly every entry: no generator to run
                source, target = pairs[0]
                too_big = oversized(source, target)
                joined = f"{source}\x00{target}"
            else:
                too_big = any(oversized(source, target) for source, target in pairs)
                joined = "\x00".join(text for pair in pairs for text in pair)
            if too_big:
                # The other checks would parse it, slowly: the size check alone says what is wrong.
                found = results[key] = _run((CHECKS["size"],), silenced, pairs, context)
        if found is None:
            present = traits_of(joined)
            chosen = runnable.get((kind, present))
            if chosen is None:  # not the size check: no pair is oversized, so it passes
                chosen = runnable[(kind, present)] = tuple(
                    c for c in checks if (c.triggers is None or c.triggers & present) and c.id != "size"
                )
            found = results[key] = _run(chosen, silenced, pairs, context)
        if found:
            page = ":".join(entry.occurrences[0]) if entry.occurrences else ""
            findings += [
                Finding(item.id, item.severity, message, file, entry.linenum, page, context.language, source)
                for item, message, source in found
            ]
    return findings


_NO_TRAITS: frozenset[str] = frozenset()


@lru_cache(maxsize=16)
def _trait_reader(triggers: frozenset[str]) -> Callable[[str], frozenset[str]]:
    """A function giving the trigger characters in a text (``DIGIT_TRIGGER`` for any digit).

    It reads an entry's texts joined in one string: a ``in`` per trigger character (a C scan that
    stops at the first one) and one search for a digit, not a pattern listing every occurrence. Texts
    rarely recur across entries, so nothing is cached.
    """
    characters = tuple(sorted(c for c in triggers if c != DIGIT_TRIGGER))
    digit = re.compile(r"\d").search if DIGIT_TRIGGER in triggers else None

    def traits(value: str) -> frozenset[str]:
        present = [c for c in characters if c in value]
        if digit is not None and digit(value):
            present.append(DIGIT_TRIGGER)
        return frozenset(present) if present else _NO_TRAITS

    return traits


def _run(checks: tuple[Check, ...], silenced, pairs: list[tuple[str, str]], context: CheckContext) -> list:
    """(check, message, English) of every check that fails on one of the pairs (the first failing pair)."""
    found = []
    for item in checks:
        if silenced and item.id in silenced:
            continue
        for source, target in pairs:
            message = item.function(source, target, context)
            if message:
                found.append((item, message, source))
                break
    return found


def _pairs(entry) -> list[tuple[str, str]]:
    """(English, translation) pairs of an entry: one, or one per plural form (form 0 is the singular)."""
    if not entry.msgid_plural:
        return [(entry.msgid, entry.msgstr)]
    forms = entry.msgstr_plural or {0: ""}
    return [(entry.msgid if index == 0 else entry.msgid_plural, form) for index, form in sorted(forms.items())]
