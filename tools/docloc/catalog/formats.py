"""msgfmt --check's format-string check for the ``c-format`` and ``python-format`` flags.

When an entry's flags say its msgid is a format string, msgfmt refuses a translation that
wants other arguments than the msgid gives (format-c.c, format-python.c): a crash or a wrong
text at run time. docloc's own catalogs use ``python-format`` (the site's interface strings);
``c-format`` is the commonest elsewhere. Other languages' format flags are not checked here
(msgfmt checks them; a catalog with such a mismatch is accepted by docloc).
"""

from __future__ import annotations

import re

import polib

# --------------------------------------------------------------------------- Python

_PYTHON = re.compile(
    r"%(?:\((?P<name>[^()]*(?:\([^()]*\)[^()]*)*)\))?[-+ #0]*(?P<width>\*|\d+)?"
    r"(?:\.(?P<precision>\*|\d+))?[hlL]?(?P<conversion>.?)",
    re.S,
)
_PY_TYPES = {"c": "character", "s": "string", "r": "string", "a": "string"}
_PY_TYPES.update({c: "integer" for c in "iduoxX"})
_PY_TYPES.update({c: "float" for c in "eEfFgG"})


def _python(text: str) -> tuple[dict[str, str], list[str]] | str:
    """(named arguments → type, unnamed argument types), or why ``text`` is no Python format string."""
    named: dict[str, str] = {}
    unnamed: list[str] = []
    for match in _PYTHON.finditer(text):
        conversion = match.group("conversion")
        if conversion == "%":
            if match.group("name") is None:
                continue
        elif conversion == "":
            return "the string ends in the middle of a directive"
        elif conversion not in _PY_TYPES and conversion not in "a":
            return f"the directive %{conversion} is not a valid conversion"
        name = match.group("name")
        stars = [g for g in ("width", "precision") if match.group(g) == "*"]
        if stars and name is not None:
            return "a named directive cannot take * arguments"
        unnamed.extend("integer" for _ in stars)
        kind = _PY_TYPES.get(conversion, "none")
        if kind == "string" and match.group("precision") and set(match.group("precision")) == {"0"}:
            kind = "any"
        if name is not None:
            if unnamed:
                return "named and unnamed directives are mixed"
            if name in named and named[name] != kind and "any" not in (named[name], kind):
                return f"the argument '{name}' is used with incompatible types"
            named[name] = kind
        elif conversion != "%":
            if named:
                return "named and unnamed directives are mixed"
            unnamed.append(kind)
    return named, unnamed


def _check_python(msgid: str, msgstr: str, strict: bool, name: str) -> str | None:
    source = _python(msgid)
    if isinstance(source, str):
        return None  # msgid is no format string: msgfmt checks nothing
    target = _python(msgstr)
    if isinstance(target, str):
        return f"'{name}' is not a valid Python format string, unlike 'msgid': {target}"
    source_named, source_unnamed = source
    target_named, target_unnamed = target
    if (source_named and target_unnamed) or (source_unnamed and target_named):
        return f"'{name}' uses unnamed arguments where 'msgid' uses named ones, or the other way round"
    for key, kind in target_named.items():
        if key not in source_named:
            return f"a format specification for argument '{key}' in '{name}' has no counterpart in 'msgid'"
        if "any" not in (kind, source_named[key]) and kind != source_named[key]:
            return f"format specifications in 'msgid' and '{name}' for argument '{key}' are not the same"
    if strict:
        for key in source_named:
            if key not in target_named:
                return f"a format specification for argument '{key}' in 'msgid' has no counterpart in '{name}'"
    if source_unnamed or target_unnamed:
        if len(target_unnamed) > len(source_unnamed) or (strict and len(target_unnamed) < len(source_unnamed)):
            return f"number of format specifications in 'msgid' and '{name}' does not match"
        for index, (a, b) in enumerate(zip(source_unnamed, target_unnamed), 1):
            if a != b and "any" not in (a, b):
                return f"format specifications in 'msgid' and '{name}' for argument {index} are not the same"
    return None


# -------------------------------------------------------------------------------- C

_C = re.compile(
    r"%(?:(?P<position>\d+)\$)?[-+ #0'I]*(?P<width>\*(?:\d+\$)?|\d+)?(?:\.(?P<precision>\*(?:\d+\$)?|\d*))?"
    r"(?P<size>hh|h|ll|l|L|q|j|z|Z|t)?(?P<conversion>.?)",
    re.S,
)
_C_TYPES = {"d": "int", "i": "int", "o": "unsigned", "u": "unsigned", "x": "unsigned", "X": "unsigned"}
_C_TYPES.update({c: "double" for c in "eEfFgGaA"})
_C_TYPES.update({"c": "char", "s": "string", "p": "pointer", "n": "count", "C": "wchar", "S": "wstring", "m": "none"})


def _c(text: str) -> dict[int, str] | str:
    """Argument number → type of a C format string, or why it is none."""
    arguments: dict[int, str] = {}
    counter = 0
    numbered = None
    for match in _C.finditer(text):
        conversion = match.group("conversion")
        if conversion == "%" and not any(match.group(g) for g in ("position", "width", "precision", "size")):
            continue
        if conversion == "":
            return "the string ends in the middle of a directive"
        if conversion not in _C_TYPES and conversion != "%":
            return f"the directive %{conversion} is not a valid conversion"
        uses_position = match.group("position") is not None
        if numbered is None:
            numbered = uses_position
        elif numbered != uses_position and conversion != "m":
            return "numbered and unnumbered directives are mixed"
        for star in (match.group("width"), match.group("precision")):
            if star and star.startswith("*"):
                if star != "*":
                    arguments[int(star[1:-1])] = "int"
                else:
                    counter += 1
                    arguments[counter] = "int"
        if conversion in ("m", "%"):
            continue
        kind = _C_TYPES[conversion]
        if match.group("size") and kind in ("int", "unsigned", "double"):
            kind = f"{match.group('size')} {kind}"
        if uses_position:
            number = int(match.group("position"))
            if number == 0:
                return "argument number 0 is not a valid argument"
        else:
            counter += 1
            number = counter
        if number in arguments and arguments[number] != kind:
            return f"the argument {number} is used with incompatible types"
        arguments[number] = kind
    if numbered and arguments and sorted(arguments) != list(range(1, max(arguments) + 1)):
        missing = next(n for n in range(1, max(arguments) + 1) if n not in arguments)
        return f"the argument {missing} is not used by any directive"
    return arguments


def _check_c(msgid: str, msgstr: str, strict: bool, name: str) -> str | None:
    source = _c(msgid)
    if isinstance(source, str):
        return None
    target = _c(msgstr)
    if isinstance(target, str):
        return f"'{name}' is not a valid C format string, unlike 'msgid': {target}"
    if len(target) > len(source) or (strict and len(target) < len(source)):
        return f"number of format specifications in 'msgid' and '{name}' does not match"
    for number, kind in target.items():
        if source.get(number) != kind:
            return f"format specifications in 'msgid' and '{name}' for argument {number} are not the same"
    return None


_CHECKERS = {"c-format": _check_c, "python-format": _check_python}


def check_formats(entry: polib.POEntry, nplurals: int) -> str | None:
    """Why msgfmt --check would refuse this entry's format strings, or None.

    Only ``c-format`` and ``python-format`` (and their ``possible-`` forms) are checked. With
    several plural forms msgfmt's check is relaxed (a form may leave an argument out); it is
    strict for a single form, as here for every form but those of a plural entry.
    """
    for flag in entry.flags:
        checker = _CHECKERS.get(flag.removeprefix("possible-"))
        if checker is None:
            continue
        if entry.msgid_plural:
            source = entry.msgid_plural
            forms = [(f"msgstr[{index}]", entry.msgstr_plural[index]) for index in sorted(entry.msgstr_plural)]
            strict = len(forms) == 1
        else:
            source, forms, strict = entry.msgid, [("msgstr", entry.msgstr)], True
        for name, text in forms:
            problem = checker(source, text, strict, name)
            if problem:
                return problem
    return None
