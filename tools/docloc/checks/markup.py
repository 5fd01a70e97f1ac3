"""Checks of Markdown structure: links, images, inline code, emphasis, Microsoft tokens, HTML tags.

The texts are parsed with markdown-it-py (CommonMark), so a ``*`` inside inline code or a
``[`` that is not a link does not count; only Microsoft's ``[!NOTE]``/``[!INCLUDE …]``
tokens, which are not Markdown, are found by pattern.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from ..markdown.inline import MARKUP_TRIGGERS, inline_features
from .registry import CheckContext, check
from .wording import code, count, few, is_are, listing, quote

_LOCALE_SEGMENT = re.compile(r"(?<=/)[a-z]{2}(?:-[a-z]{2,4})?(?=/|$)", re.IGNORECASE)
MS_TOKEN = re.compile(
    r"\[!(NOTE|TIP|IMPORTANT|CAUTION|WARNING|INCLUDE|VIDEO|div|row|column|code)\b((?:\[[^\]]*\]\([^)]*\)|[^\]])*)\]",
    re.I,
)


def normalize_url(url: str) -> str:
    """An absolute URL with its locale segment (``/en-us/``) made neutral; other targets as they are."""
    if "://" not in url:
        return url
    scheme, _, rest = url.partition("://")
    host, slash, path = rest.partition("/")
    neutral = _LOCALE_SEGMENT.sub("{locale}", slash + path, count=1)
    return f"{scheme.lower()}://{host.lower()}{neutral}"


def _missing_and_extra(source: tuple[str, ...], target: tuple[str, ...]) -> tuple[list[str], list[str]]:
    if source == target:
        return [], []
    want, have = Counter(source), Counter(target)
    return sorted((want - have).elements()), sorted((have - want).elements())


def _quoted(items: list[str], show: Callable[[str], str] = quote) -> str:
    """Items as a message shows them: each quoted whole, the first three, then how many more."""
    return listing(show(item) for item in items)


def _noun(noun: str, items: list[str]) -> str:
    """``link to`` for one item, ``links to`` for several: the first word takes the plural."""
    if len(items) == 1:
        return noun
    first, _, rest = noun.partition(" ")
    return f"{first}s {rest}".rstrip()


def _keep_and_remove(noun: str, missing: list[str], extra: list[str], show: Callable[[str], str] = quote) -> str:
    """What to do about items the translation lacks or adds: ``keep the link to 'a.md'; remove …``."""
    advice = []
    if missing:
        advice.append(f"keep the {_noun(noun, missing)} {_quoted(missing, show)}")
    if extra:
        advice.append(f"remove the {_noun(noun, extra)} {_quoted(extra, show)}, which the English does not have")
    return "; ".join(advice)


@check(
    "links",
    "error",
    "Markdown links: same number, same targets (absolute URLs may change only their locale)",
    triggers=MARKUP_TRIGGERS,
)
def check_links(source: str, target: str, context: CheckContext) -> str | None:
    src, tgt = inline_features(source).links, inline_features(target).links
    if src == tgt:
        return None
    missing, extra = _missing_and_extra(tuple(map(normalize_url, src)), tuple(map(normalize_url, tgt)))
    if len(src) != len(tgt):
        return f"the English has {count(len(src), 'link')}, the translation {few(len(tgt))}: " + _keep_and_remove(
            "link to", missing, extra
        )
    if missing or extra:
        return (
            f"the translation links to {_quoted(extra)} where the English links to {_quoted(missing)}: "
            "link to the English's targets (an absolute URL may change only its locale)"
        )
    return None


@check("images", "error", "Images kept: same number and the same image files", triggers=MARKUP_TRIGGERS)
def check_images(source: str, target: str, context: CheckContext) -> str | None:
    src, tgt = inline_features(source).images, inline_features(target).images
    if src == tgt:
        return None
    missing, extra = _missing_and_extra(src, tgt)
    if len(src) != len(tgt):
        return f"the English has {count(len(src), 'image')}, the translation {few(len(tgt))}: " + _keep_and_remove(
            "image", missing, extra
        )
    if missing or extra:
        return (
            f"the translation shows the image {_quoted(extra)} where the English shows {_quoted(missing)}: "
            "keep the English's image files"
        )
    return None


@check(
    "inline-code",
    "error",
    "Inline code (`…`) is copied unchanged: it is a name, a command or a value",
    triggers=MARKUP_TRIGGERS,
)
def check_inline_code(source: str, target: str, context: CheckContext) -> str | None:
    missing, extra = _missing_and_extra(inline_features(source).code, inline_features(target).code)
    if missing and extra:
        return (
            f"the translation has {_quoted(extra, code)} where the English has {_quoted(missing, code)}: "
            "copy inline code unchanged, it is a name, a command or a value"
        )
    if missing:
        return (
            f"the code {_quoted(missing, code)} of the English {is_are(missing)} missing: "
            f"copy {'it' if len(missing) == 1 else 'them'} unchanged"
        )
    if extra:
        return (
            f"the code {_quoted(extra, code)} {is_are(extra)} not in the English: "
            "mark as code only what the English does"
        )
    return None


_BOLD = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_ITALIC = re.compile(r"(?<![*_\w])([*_])(?=[^\s*_])(.+?)(?<=[^\s*_])\1(?![*_\w])")


def _spans(count_of: int, noun: str, shown: list[str]) -> str:
    """``2 bold spans (**Admin**, **Support**)``: a count, and the English's spans when they can be shown."""
    described = count(count_of, f"{noun} span")
    return f"{described} ({listing(shown)})" if shown and len(shown) == count_of else described


@check(
    "emphasis",
    "warning",
    "Bold and italic: as many spans as the English, and none left unclosed",
    triggers=MARKUP_TRIGGERS,
)
def check_emphasis(source: str, target: str, context: CheckContext) -> str | None:
    src, tgt = inline_features(source), inline_features(target)
    if tgt.stray_markers > src.stray_markers:
        return "a ** or __ marker is not closed, so it shows as text: close the bold or remove the marker"
    if (src.strong, src.emphasis) == (tgt.strong, tgt.emphasis):
        return None
    bold, italic = src.strong != tgt.strong, src.emphasis != tgt.emphasis
    english = []
    if bold:
        english.append(_spans(src.strong, "bold", [f"**{m.group(2)}**" for m in _BOLD.finditer(source)]))
    if italic:
        english.append(
            _spans(src.emphasis, "italic", [f"*{m.group(2)}*" for m in _ITALIC.finditer(_BOLD.sub(" ", source))])
        )
    if bold and italic:
        theirs = f"{tgt.strong or 'no'} bold and {tgt.emphasis or 'no'} italic"
    else:
        theirs = few(tgt.strong if bold else tgt.emphasis)
    kind = " and ".join(k for k, differs in (("bold", bold), ("italic", italic)) if differs)
    if tgt.strong > src.strong or tgt.emphasis > src.emphasis:
        advice = f"make {kind} only what the English does"
    else:
        advice = f"mark the same words {kind} as the English does"
    return f"the English has {' and '.join(english)}, the translation {theirs}: {advice}"


def ms_tokens(text: str) -> tuple[str, ...]:
    """Microsoft's alert and include tokens; alert names are compared without case (>[!Note] is >[!NOTE])."""
    if "[!" not in text:
        return ()
    found = []
    for match in MS_TOKEN.finditer(text):
        name, rest = match.group(1), match.group(2)
        found.append(f"[!{name.upper()}{rest}]" if name.upper() != "INCLUDE" else match.group(0))
    return tuple(found)


def _tokens_and_tags(noun: str, missing: list[str], extra: list[str], keep: str) -> str | None:
    """The message of the token and tag checks: what is missing, what is added, and what to do."""
    if missing and extra:
        return (
            f"the translation has the {_noun(noun, extra)} {_quoted(extra)} where the English has "
            f"{_quoted(missing)}: {keep}"
        )
    if missing:
        return f"the {_noun(noun, missing)} {_quoted(missing)} of the English {is_are(missing)} missing: {keep}"
    if extra:
        return f"the {_noun(noun, extra)} {_quoted(extra)} {is_are(extra)} not in the English: {keep}"
    return None


@check("ms-tokens", "error", "Microsoft tokens ([!NOTE], [!IMPORTANT], [!INCLUDE …]) are kept unchanged", triggers="[")
def check_ms_tokens(source: str, target: str, context: CheckContext) -> str | None:
    missing, extra = _missing_and_extra(ms_tokens(source), ms_tokens(target))
    return _tokens_and_tags("token", missing, extra, "copy Microsoft's tokens unchanged, they are not translated")


@check(
    "html-tags",
    "error",
    "HTML tags and their attributes are the English's (prose attributes like alt excepted)",
    triggers="<",
)
def check_html_tags(source: str, target: str, context: CheckContext) -> str | None:
    if "<" not in source and "<" not in target:
        return None
    missing, extra = _missing_and_extra(inline_features(source).html_tags, inline_features(target).html_tags)
    return _tokens_and_tags(
        "tag", missing, extra, "keep the English's HTML tags and attributes (only prose such as alt is translated)"
    )
