"""Plural-Forms: GNU gettext's C expression, parsed and evaluated here (never ``eval``).

The grammar and the arithmetic are libintl's (``plural.y``, ``plural-eval.c``): ``n``,
unsigned decimal numbers, ``! * / % + - < <= > >= == != && || ?:`` and parentheses, on
unsigned 64-bit integers. The expression ends at ``;``, a newline or the end of the text.
Two rules mean the same when they give the same form for every n from 0 to 1000, the range
``msgfmt --check`` evaluates; comparing the text would call Babel's spelling of a rule and
the committed one different (``(n == 1 ? 0 : …)`` against ``((n==1) ? 0 : …)``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

MASK = (1 << 64) - 1
CHECKED_RANGE = range(1001)  # msgfmt --check evaluates n = 0 … 1000

Rule = Callable[[int], int]


class PluralError(ValueError):
    """A Plural-Forms value msgfmt refuses; the message says why, in a translator's words."""


_TOKEN = re.compile(r"[ \t]*(?:(\d+)|(==|!=|<=|>=|&&|\|\||[-+*/%<>!?:()n])|([;\n]|$)|(.))", re.S)
_BINARY = {  # operator: (precedence, function on unsigned 64-bit values)
    "||": (1, lambda a, b: int(bool(a) or bool(b))),
    "&&": (2, lambda a, b: int(bool(a) and bool(b))),
    "==": (3, lambda a, b: int(a == b)),
    "!=": (3, lambda a, b: int(a != b)),
    "<": (4, lambda a, b: int(a < b)),
    "<=": (4, lambda a, b: int(a <= b)),
    ">": (4, lambda a, b: int(a > b)),
    ">=": (4, lambda a, b: int(a >= b)),
    "+": (5, lambda a, b: (a + b) & MASK),
    "-": (5, lambda a, b: (a - b) & MASK),
    "*": (6, lambda a, b: (a * b) & MASK),
    "/": (6, None),
    "%": (6, None),
}


class _ZeroDivision(ArithmeticError):
    pass


def _divide(a: int, b: int) -> int:
    if b == 0:
        raise _ZeroDivision
    return a // b


def _modulo(a: int, b: int) -> int:
    if b == 0:
        raise _ZeroDivision
    return a % b


class _Parser:
    """Precedence climbing over libintl's grammar; builds closures, so evaluation needs no parsing."""

    def __init__(self, text: str) -> None:
        self.tokens: list[str | int] = []
        position = 0
        while True:
            match = _TOKEN.match(text, position)
            number, operator, end, junk = match.groups()
            if junk is not None:
                raise PluralError(f"the plural expression has {junk!r}, which is not C arithmetic on n")
            if end is not None:
                break
            self.tokens.append(int(number) & MASK if number is not None else operator)
            position = match.end()
        self.index = 0

    def peek(self) -> str | int | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> str | int | None:
        token = self.peek()
        self.index += 1
        return token

    def parse(self) -> Rule:
        rule = self.conditional()
        if self.peek() is not None:
            raise PluralError(f"the plural expression has {self.peek()!r} where it should end")
        return rule

    def conditional(self) -> Rule:
        test = self.binary(1)
        if self.peek() != "?":
            return test
        self.take()
        then = self.conditional()
        if self.take() != ":":
            raise PluralError("the plural expression has a '?' without its ':'")
        otherwise = self.conditional()
        return lambda n: then(n) if test(n) else otherwise(n)

    def binary(self, level: int) -> Rule:
        left = self.unary()
        while True:
            operator = self.peek()
            found = _BINARY.get(operator) if isinstance(operator, str) else None
            if found is None or found[0] < level:
                return left
            self.take()
            right = self.binary(found[0] + 1)
            function = found[1] or (_divide if operator == "/" else _modulo)
            left = _combine(function, left, right)

    def unary(self) -> Rule:
        token = self.take()
        if token == "!":
            inner = self.unary()
            return lambda n: int(not inner(n))
        if token == "n":
            return lambda n: n & MASK
        if isinstance(token, int):
            return lambda n, value=token: value
        if token == "(":
            inner = self.conditional()
            if self.take() != ")":
                raise PluralError("the plural expression has an unclosed '('")
            return inner
        if token is None:
            raise PluralError("the plural expression ends too early")
        raise PluralError(f"the plural expression has {token!r} where a number, n or '(' should be")


def _combine(function: Callable[[int, int], int], left: Rule, right: Rule) -> Rule:
    return lambda n: function(left(n), right(n))


def parse_expression(text: str) -> Rule:
    """The rule of a C plural expression (the text after ``plural=``), as libintl parses it."""
    try:
        return _Parser(text).parse()
    except RecursionError:
        raise PluralError("the plural expression is nested too deeply") from None


def split_plural_forms(value: str) -> tuple[int, str]:
    """``nplurals`` and the expression of a Plural-Forms value, found as msgfmt finds them.

    msgfmt looks for the literal ``nplurals=`` and ``plural=`` anywhere in the header, so
    ``nplurals = 2`` (spaces around ``=``) is no ``nplurals`` at all.
    """
    at = value.find("nplurals=")
    if at == -1:
        raise PluralError('Plural-Forms has no "nplurals=INTEGER"')
    digits = re.match(r"[ \t\n\r\f\v]*(\d+)", value[at + 9 :])
    if digits is None:
        raise PluralError("invalid nplurals value: nplurals= must be followed by a number")
    plural = value.find("plural=")
    if plural == -1:
        raise PluralError('Plural-Forms has no "plural=EXPRESSION"')
    expression = value[plural + 7 :]
    end = min((at for at in (expression.find(";"), expression.find("\n")) if at != -1), default=len(expression))
    return int(digits.group(1)), expression[:end]


def plural_rule(value: str) -> tuple[int, tuple[int, ...]]:
    """``nplurals`` and the forms for n = 0 … 1000 of a Plural-Forms value (or of a whole header,
    where msgfmt looks for it); ``PluralError`` where msgfmt --check refuses it."""
    return _forms(*split_plural_forms(value))


@lru_cache(maxsize=64)
def _forms(nplurals: int, expression: str) -> tuple[int, tuple[int, ...]]:
    rule = parse_expression(expression)
    forms = []
    for n in CHECKED_RANGE:
        try:
            form = rule(n)
        except _ZeroDivision:
            raise PluralError("the plural expression divides by zero") from None
        if form >= 1 << 63:
            raise PluralError("the plural expression can produce negative values")
        if form >= nplurals:
            raise PluralError(
                f"nplurals = {nplurals} but the plural expression can produce values as large as {form} (for n = {n})"
            )
        forms.append(form)
    return nplurals, tuple(forms)


def same_plural_rule(a: str, b: str) -> bool:
    """Whether two Plural-Forms values mean the same: the same nplurals and form for every n checked.

    A value msgfmt would refuse means nothing, so it equals no other.
    """
    try:
        return plural_rule(a) == plural_rule(b)
    except PluralError:
        return False
