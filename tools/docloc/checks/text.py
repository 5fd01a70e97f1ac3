"""Checks of plain text: numbers, placeholders, whitespace, punctuation, untranslated and identical entries."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .registry import DIGIT_TRIGGER, CheckContext, check
from .wording import is_are, listing, quote

_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,\u00a0 ]\d{3})*(?:[.,]\d+)?(?!\d|st\b|nd\b|rd\b|th\b)")
_DIGIT_RUN = re.compile(r"\d+")
_NOT_DIGIT = re.compile(r"[^\d]")
_PLACEHOLDER = re.compile(
    r"\{\d*\}|\{[A-Za-z_][\w.-]*\}|(?<![\w%])%(?:\d+\$|\(\w+\))?[-+#0]*\d*(?:\.\d+)?[sdifuxXeEgGr](?![A-Za-z])|\$\{\w+\}"
)
_PLACEHOLDER_START = re.compile(r"[{%]")
_URLISH = re.compile(r"\]\([^)]*\)|`[^`]*`|<[^>]*>|https?://\S+")
_DIGIT = re.compile(r"\d")
_END = ".:!?;…"
_FULLWIDTH_END = {"。": ".", "．": ".", "：": ":", "！": "!", "？": "?", "；": ";", "।": ".", "۔": ".", "؟": "?"}


def _numbers(text: str) -> Counter[str]:
    """Numbers outside link targets, code and tags, with digit grouping taken out (1,000 = 1 000 = 1.000)."""
    if not _DIGIT.search(text):
        return Counter()
    plain = _URLISH.sub(" ", text)
    found: Counter[str] = Counter()
    for number in _NUMBER.findall(plain):
        found[_digits(number)] += 1
    return found


def _digits(number: str) -> str:
    """A number without its grouping and leading zeros: how numbers are compared."""
    digits = number if number.isdecimal() else _NOT_DIGIT.sub("", number)  # isdecimal: what \d matches
    return digits.lstrip("0") or "0"


def _as_written(text: str, wanted: set[str]) -> list[str]:
    """The numbers of ``text`` whose digits are ``wanted``, as the text writes them (1,000, not 1000), in order."""
    shown: dict[str, str] = {}
    for number in _NUMBER.findall(_URLISH.sub(" ", text)):
        digits = _digits(number)
        if digits in wanted:
            shown.setdefault(digits, number.strip())
    return list(shown.values())


@lru_cache(maxsize=65536)
def _source_numbers(text: str) -> Counter[str]:
    """The English's numbers, kept: the same English recurs across articles and locales (callers do not change it)."""
    return _numbers(text)


@check(
    "numbers",
    "warning",
    "Numbers of the English appear in the translation (digit grouping may change)",
    triggers=DIGIT_TRIGGER,
)
def check_numbers(source: str, target: str, context: CheckContext) -> str | None:
    if not _DIGIT.search(source):
        return None  # no number in the English: none can be missing
    expected, found = _source_numbers(source), _numbers(target)
    if expected == found:
        return None  # the usual case, without building the difference
    missing = expected - found
    if missing:
        # A number may be written another way (3-Aug → 3.8.): its digits as a run of the translation will do.
        runs = set(_DIGIT_RUN.findall(_URLISH.sub(" ", target)))
        missing = Counter({number: n for number, n in missing.items() if number not in runs})
    if missing:
        numbers = _as_written(source, set(missing))
        noun = "number" if len(numbers) == 1 else "numbers"
        return (
            f"the {noun} {listing(numbers)} of the English {is_are(numbers)} not in the translation: "
            f"keep {'it' if len(numbers) == 1 else 'them'} (digit grouping may change, 1,000 as 1 000)"
        )
    return None


@check("placeholders", "error", "Placeholders ({0}, {name}, %s, %1$d) are copied unchanged", triggers="{%")
def check_placeholders(source: str, target: str, context: CheckContext) -> str | None:
    if not _PLACEHOLDER_START.search(source) and not _PLACEHOLDER_START.search(target):
        return None  # every placeholder starts with { or %: neither text has one
    plain_source, plain_target = _URLISH.sub(" ", source), _URLISH.sub(" ", target)
    src, tgt = Counter(_PLACEHOLDER.findall(plain_source)), Counter(_PLACEHOLDER.findall(plain_target))
    if src == tgt:
        return None
    missing, extra = sorted((src - tgt).elements()), sorted((tgt - src).elements())
    if missing and extra:
        return (
            f"the translation has {listing(extra)} where the English has {listing(missing)}: "
            "copy placeholders unchanged, they are filled in by the software"
        )
    if missing:
        noun = "placeholder" if len(missing) == 1 else "placeholders"
        return (
            f"the {noun} {listing(missing)} of the English {is_are(missing)} missing: "
            f"copy {'it' if len(missing) == 1 else 'them'} unchanged"
        )
    noun = "placeholder" if len(extra) == 1 else "placeholders"
    return (
        f"the {noun} {listing(extra)} {is_are(extra)} not in the English: remove {'it' if len(extra) == 1 else 'them'}"
    )


_LAYOUT_SPACE = " \t\r\n"


def _edges(text: str) -> tuple[str, str]:
    """Leading and trailing layout whitespace (spaces, tabs, breaks; not no-break spaces, which are text)."""
    if text and text[0] not in _LAYOUT_SPACE and text[-1] not in _LAYOUT_SPACE:
        return "", ""  # most texts: nothing to strip
    stripped = text.strip(_LAYOUT_SPACE)
    if not stripped:
        return text, ""
    start = text.index(stripped[0])
    return text[:start], text[start + len(stripped) :]


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _whitespace(text: str) -> str:
    """Layout whitespace in words: ``no whitespace``, ``a space``, ``2 spaces and a line break``."""
    if not text:
        return "no whitespace"
    counts = ((text.count(" "), "space"), (text.count("\t"), "tab"), (len(_LINE_BREAK.findall(text)), "line break"))
    return " and ".join(f"a {noun}" if number == 1 else f"{number} {noun}s" for number, noun in counts if number)


@check("whitespace", "warning", "Leading and trailing whitespace is the English's (it is part of the layout)")
def check_whitespace(source: str, target: str, context: CheckContext) -> str | None:
    (src_lead, src_trail), (tgt_lead, tgt_trail) = _edges(source), _edges(target)
    if src_lead != tgt_lead:
        return (
            f"the English starts with {_whitespace(src_lead)}, the translation with {_whitespace(tgt_lead)}: "
            "start it as the English does"
        )
    if src_trail != tgt_trail:
        return (
            f"the English ends with {_whitespace(src_trail)}, the translation with {_whitespace(tgt_trail)}: "
            "end it as the English does"
        )
    return None


_SPACE_RUN = re.compile(r"(\S*)( {2,})(\n?)(\S*)")


@check("double-space", "warning", "Two spaces in a row where the English has none (a slip, or a hard line break)")
def check_double_space(source: str, target: str, context: CheckContext) -> str | None:
    inner = target.strip()
    if "  " not in inner or "  " in source.strip():
        return None
    runs = list(_SPACE_RUN.finditer(inner))
    before, spaces, newline, after = runs[0].groups()
    more = f" (and in {len(runs) - 1} more place{'s' if len(runs) > 2 else ''})" if len(runs) > 1 else ""
    how_many = "two spaces" if len(spaces) == 2 else f"{len(spaces)} spaces"
    if newline:
        return (
            f"{how_many} before a line break after {quote(before)}{more}: in Markdown that is a hard line break, "
            "which the English does not have; remove the spaces"
        )
    if not before:
        return f"{how_many} before {quote(after)}{more}: write one space"
    return f"{how_many} between {quote(before)} and {quote(after)}{more}: write one space"


_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")


def _end_mark(text: str) -> str:
    """The closing punctuation of the text as a reader sees it (link targets and markers left out)."""
    if "](" in text:  # both patterns need it
        text = _LINK_TARGET.sub("", _IMAGE.sub("", text))
    text = text.rstrip()
    while text and text[-1] in "*_)\"'”“»«’`]":  # closing emphasis, quotes, brackets
        text = text[:-1].rstrip()
    last = text[-1:] if text else ""
    last = _FULLWIDTH_END.get(last, last)
    return last if last in _END else ""


@check("end-punctuation", "warning", "The sentence ends like the English (a period, colon, question mark, or none)")
def check_end_punctuation(source: str, target: str, context: CheckContext) -> str | None:
    src, tgt = _end_mark(source), _end_mark(target)
    if src == tgt or (src in ".!" and tgt in ".!" and src and tgt) or {src, tgt} <= {"…", "."}:
        return None
    if not src and tgt == "." and source.rstrip().endswith(")"):
        return None  # "(see x)" moved inside or outside the sentence
    if not src and tgt == "." and target.rstrip()[-2:-1].isdigit():
        return None  # an ordinal or date written with a dot after its number (3. 8.)
    if src and tgt:
        return f"the English ends with {quote(src)}, the translation with {quote(tgt)}: end it with {quote(src)}"
    if src:
        return f"the English ends with {quote(src)}, the translation ends without punctuation: add {quote(src)}"
    return f"the English ends without punctuation, the translation ends with {quote(tgt)}: remove it"


@check("untranslated", "info", "The entry has no translation yet", applies_to="untranslated")
def check_untranslated(source: str, target: str, context: CheckContext) -> str | None:
    return "not translated yet: write the translation in msgstr" if source.strip() else None


@check(
    "fuzzy",
    "info",
    "The translation is marked fuzzy: a suggestion to review (it is not published until the flag is removed)",
    applies_to="fuzzy",
)
def check_fuzzy(source: str, target: str, context: CheckContext) -> str | None:
    if not source.strip():
        return None
    return (
        "needs review: the translation is marked fuzzy (a suggestion, e.g. after the English changed); "
        "check it against the English and remove the fuzzy flag"
    )


_WORD = re.compile(r"[^\W\d_]{2,}")
_IDENTIFIER = re.compile(r"\S*[\d{}/_@\\=<>|]\S*|\b[A-Z][A-Z0-9-]+\b|\S+\.\S+|\b[A-Za-z][a-z]+[A-Z]\w*")
_LOWER_WORD = re.compile(r"(?<![\w'’-])[^\W\d_A-Z][^\W\d_]*")


def _leftover(text: str, context: CheckContext) -> str:
    """The text less code, links, identifiers (ids, paths, codes, acronyms) and do-not-translate terms."""
    text = _URLISH.sub(" ", text)
    for term in sorted(context.do_not_translate, key=len, reverse=True):
        text = text.replace(term, " ")
    return _IDENTIFIER.sub(" ", text)


@check("identical", "info", "The translation is the English unchanged (list product names in do_not_translate)")
def check_identical(source: str, target: str, context: CheckContext) -> str | None:
    if source != target:
        return None
    leftover = _leftover(source, context)
    if not _WORD.search(leftover):
        return None  # only code, numbers, links or product names: nothing to translate
    names_only = not _LOWER_WORD.search(leftover.replace(" for ", " ").replace(" of ", " "))
    if names_only and (len(_WORD.findall(leftover)) >= 2 or _IDENTIFIER.search(_URLISH.sub(" ", source))):
        return None  # only capitalized words (a product, company or address) kept in English on purpose
    return (
        "the translation is the English unchanged: translate it, or list the terms that stay English "
        "in do_not_translate (mkdocs.yml)"
    )


@check(
    "terminology",
    "warning",
    "Terms of the project's glossary (mkdocs.yml: glossary) are translated with one of the forms it allows",
)
def terminology(source: str, target: str, context: CheckContext) -> str | None:
    """The glossary's verdict (``glossary.Glossary.problems``) on the prose of both texts: a term inside a link
    target, code or a tag ("…-with-a-customer.md") is no word a translator translates; nothing to say without a
    glossary."""
    glossary = context.glossary
    if glossary is None:
        return None
    return glossary.problems(_URLISH.sub(" ", source), _URLISH.sub(" ", target), context.language)
