"""Front matter kept as raw lines, so it is written back byte for byte.

Only single-line ``key: value`` fields are edited (the translated ``title`` and
``description``); every other line is carried through untouched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import yaml

from .errors import DoclocError

# libyaml's parser when PyYAML was built with it: ten times faster on 300 articles.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PLAIN_UNSAFE = re.compile(r"^[-?:,\[\]{}#&*!|>'\"%@`]|: | #|:$|^\s|\s$")


# What reading YAML with the safe loader raises on bad input: its own errors, and its constructors' on a value
# they cannot make (an impossible date such as 2021-02-30, ``0b_`` as a number, nesting deeper than the stack).
# The constructors do not check an explicitly tagged scalar first: ``!!bool maybe`` is a KeyError, ``!!int ''``
# and ``!!float ''`` an IndexError, ``!!timestamp x`` an AttributeError (``tests/test_frontmatter.py`` tries
# every tag the safe loader knows on odd scalars).
YAML_ERRORS = (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError, LookupError, AttributeError)


def yaml_refusal(exc: BaseException) -> str:
    """What a constructor's exception says of the value it refused: its message, or where that is Python's
    own (``'maybe'``, a KeyError from ``!!bool maybe``), that the value does not fit its tag."""
    if isinstance(exc, (LookupError, AttributeError)):
        return "the value does not fit its tag"
    return str(exc)


def load_yaml(text: str):
    """YAML read with the safe loader (libyaml's where PyYAML has it)."""
    return yaml.load(text, Loader=_SafeLoader)  # noqa: S506 - a safe loader


_load = load_yaml


_KEY_LINE = re.compile(r"^([A-Za-z0-9_][A-Za-z0-9_.\-]*):([ \t]*)(.*)$")


@dataclass(frozen=True, slots=True)
class Field:
    """A single-line scalar field: ``key`` + ``separator`` + the value in its YAML ``style``."""

    key: str
    separator: str  # the ':' and the blanks after it
    value: str
    style: str  # '' plain, '"' double-quoted, "'" single-quoted

    def line(self, value: str | None = None) -> str:
        return f"{self.key}{self.separator}{format_scalar(self.value if value is None else value, self.style)}"


@dataclass
class FrontMatter:
    """The YAML block between ``---`` lines; ``lines`` exclude the delimiters, with no line ends."""

    lines: list[str]
    closing: str = "---\n"  # the closing delimiter and what follows it on its line

    def text(self) -> str:
        return "---\n" + "".join(line + "\n" for line in self.lines) + self.closing

    def field_index(self, key: str) -> int | None:
        for index, line in enumerate(self.lines):
            match = _KEY_LINE.match(line)
            if match and match.group(1) == key:
                return index
        return None

    def field(self, key: str) -> Field | None:
        """The field ``key`` if it is a single-line scalar that can be rewritten exactly."""
        index = self.field_index(key)
        if index is None:
            return None
        return parse_field(self.lines[index])

    def keys(self) -> list[str | None]:
        """The key of each line, or None for continuation and comment lines."""
        return [m.group(1) if (m := _KEY_LINE.match(line)) else None for line in self.lines]

    def value(self, key: str) -> str | None:
        """The value of a field that can be rewritten in place (``field``), or None."""
        found = self.field(key)
        return found.value if found else None

    def read(self, key: str) -> str | None:
        """The value of the top-level ``key`` as YAML reads it (a trailing comment is no part of it), when that
        is a string; None when the key is missing or its value is no string. For fields docloc only reads
        (``ms.contentlocale``): the ones it rewrites are ``field``'s, single lines written back exactly."""
        found = self.field(key)
        if found is not None:
            return found.value
        if self.field_index(key) is None:
            return None
        value = (self.mapping() or {}).get(key)
        return value if isinstance(value, str) else None

    def mapping(self) -> dict | None:
        """The block as YAML reads it ({} when that is no mapping), or None for broken YAML (``split_front_matter``
        reports it). For the rare field that is no single line: the others are read from their lines."""
        try:
            loaded = _load("\n".join(self.lines))
        except YAML_ERRORS:
            return None
        return loaded if isinstance(loaded, dict) else {}


def parse_field(line: str) -> Field | None:
    match = _KEY_LINE.match(line)
    if not match:
        return None
    key, separator, raw = match.group(1), ":" + match.group(2), match.group(3)
    if not raw or raw[0] in "|>&*!%@`#[{":
        return None
    style = raw[0] if raw[0] in "\"'" else ""
    fast = _decode_simple(raw, style)
    if fast is not None:
        return Field(key, separator, fast, style)
    try:
        loaded = _load(f"v: {raw}")
    except YAML_ERRORS:
        return None
    value = loaded.get("v") if isinstance(loaded, dict) else None
    if not isinstance(value, str):
        value = raw if style == "" and loaded is not None else None
        if value is None:
            return None
    found = Field(key, separator, value, style)
    return found if found.line() == line else None


def _decode_simple(raw: str, style: str) -> str | None:
    """Decode the common scalars without YAML: plain text, and quotes with no escapes."""
    if style == "":
        return raw if not _PLAIN_UNSAFE.search(raw) else None
    if len(raw) < 2 or raw[-1] != style:
        return None
    inner = raw[1:-1]
    if style == "'":
        return inner.replace("''", "'") if "'" not in inner.replace("''", "") else None
    return inner if "\\" not in inner and '"' not in inner else None


# Characters YAML reads as a line break (so a value holding one would start a new key) or that it
# does not allow in a document at all: written as escapes, in double quotes only.
_YAML_BREAKING = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]")


def format_scalar(value: str, style: str) -> str:
    """Write ``value`` in ``style`` as one line; a style that YAML would misread is double-quoted.

    A value is data (a translation, from a catalog): whatever it holds, the line written reads back
    as exactly this one value, never as a second key.
    """
    if _YAML_BREAKING.search(value):
        style = '"'
    if style == "'":
        return "'" + value.replace("'", "''") + "'"
    if style == "" and _plain_is_safe(value):
        return value
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = _YAML_BREAKING.sub(lambda match: f"\\u{ord(match.group()):04x}", escaped)
    return '"' + escaped + '"'


def _plain_is_safe(value: str) -> bool:
    if value != value.strip() or not value or _YAML_BREAKING.search(value):
        return False
    if not _PLAIN_UNSAFE.search(value):
        return True
    try:
        loaded = _load(f"v: {value}")
    except YAML_ERRORS:
        return False
    return isinstance(loaded, dict) and (loaded.get("v") == value or str(loaded.get("v")) == value)


@dataclass(frozen=True, slots=True)
class Document:
    """A Markdown file split the way every reader needs it: byte-level details set aside
    (BOM, CRLF), front matter parsed, and the body with the number of lines before it."""

    text: str  # the whole file, LF line ends, no BOM
    bom: bool
    newline: str
    front_matter: FrontMatter | None
    body: str
    front_lines: int


def repeated_key(keys: Iterable[str | None]) -> tuple[str, int, int] | None:
    """The first key given again (None keys, continuation and comment lines, skipped), with the indexes of its
    first line and of the repeat; None if every key is given once."""
    seen: dict[str, int] = {}
    for index, key in enumerate(keys):
        if key is None:
            continue
        if key in seen:
            return key, seen[key], index
        seen[key] = index
    return None


def check_unique_keys(front: FrontMatter, file: str) -> None:
    """Refuse a key given twice at the top of the front matter, located at the second one.

    YAML readers (MkDocs, Microsoft's) take the last value, docloc's field lookup the first: a
    catalog could never say which one the article meant, and its export would write the other.
    """
    keys = front.keys()
    repeated = repeated_key(keys)
    if repeated:
        key, first, again = repeated
        raise DoclocError(
            f"the front matter gives '{key}' twice (first on line {first + 2}); keep one", file, again + 2, 1
        )
    others = [line for line, key in zip(front.lines, keys) if key is None and line[:1] not in ("", " ", "\t", "#", "-")]
    if not others:
        return  # every top-level key is a plain 'key:' line, checked above
    try:
        node = yaml.compose("\n".join(front.lines), Loader=_SafeLoader)
    except yaml.YAMLError:
        return  # split_front_matter reported broken YAML already
    if isinstance(node, yaml.MappingNode):
        names: dict[object, int] = {}
        for key, _ in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else None
            line = key.start_mark.line + 2
            if name is not None and name in names:
                raise DoclocError(
                    f"the front matter gives '{name}' twice (first on line {names[name]}); keep one",
                    file,
                    line,
                    key.start_mark.column + 1,
                )
            names[name] = line


def check_translated_fields(front: FrontMatter | None, fields: Iterable[str], file: str) -> None:
    """Refuse a translated field (``title``, ``description``) that is given but cannot be translated in place:
    a list, a mapping, a multi-line value, a trailing comment. Its entry would leave the template, its
    translation become obsolete and the translated page lose the field, without a word; refused at its line.
    A field given with no value (``title:``) has nothing to translate and is left as it is."""
    if front is None:
        return
    for key in fields:
        index = front.field_index(key)
        if index is None or front.field(key) is not None:
            continue
        loaded = front.mapping()
        if loaded is None:
            return  # split_front_matter reported broken YAML already
        if loaded.get(key, ...) is None:
            continue  # given with no value: nothing to translate
        raise DoclocError(
            f"'{key}' is translated, in place: it must be one line of text ('{key}: Some text'), not a list, "
            "mapping or multi-line value, and with no comment after it",
            file,
            index + 2,
            1,
        )


def split_newlines(text: str) -> tuple[str, str]:
    """Normalize CRLF files to LF for processing; returns the text and the file's line end."""
    if "\r\n" in text and "\n" not in text.replace("\r\n", ""):
        return text.replace("\r\n", "\n"), "\r\n"
    return text, "\n"


# What no catalog entry can hold: NUL, and EOT, which gettext reserves to separate a context from its msgid.
_NOT_IN_CATALOG = re.compile("[\x00\x04]")


def split_document(text: str, file: str) -> Document:
    bom = text.startswith("\ufeff")
    text, newline = split_newlines(text[1:] if bom else text)
    # Any text of a page may become a catalog's English. (Two scans for one character each, in C, before the
    # pattern that says where: the pattern's scan of every page cost a cold extract 2 % of its work.)
    if ("\0" in text or "\x04" in text) and (found := _NOT_IN_CATALOG.search(text)) is not None:
        what = "NUL (U+0000)" if found.group() == "\0" else "EOT (U+0004)"
        line = text.count("\n", 0, found.start()) + 1
        column = found.start() - text.rfind("\n", 0, found.start())
        raise DoclocError(
            f"the file holds the control character {what}, which a catalog cannot hold: remove it", file, line, column
        )
    front, body, front_lines = split_front_matter(text, file)
    if front is not None:  # every page read, English or bilingual: YAML keeps a repeated key's last value
        check_unique_keys(front, file)
    return Document(text, bom, newline, front, body, front_lines)


def front_matter_problem(block: str) -> str | None:
    """Why ``block`` (front-matter lines, each ending in a line feed) is front matter that reading an article
    refuses (broken YAML, a value YAML cannot make, not a mapping), or None: the check of every article read."""
    problem = _yaml_problem(block)
    return problem[0] if problem else None


@lru_cache(maxsize=4096)
def _yaml_problem(block: str) -> tuple[str, int, int] | None:
    """Why a front-matter block is not a YAML mapping (message, line, column in the file), or None.

    Cached: every command splits the same English pages, often several times a run.
    """
    try:
        loader = _SafeLoader(block)  # what ``yaml.load`` does (``get_single_data``), in its two steps
        try:
            node = loader.get_single_node()
            if node is None or _strings_mapping(node):
                return None  # a mapping of strings to strings: what the constructor would make of it, never failing
            loaded = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        reason = getattr(exc, "problem", None) or "it is not valid YAML"
        return f"broken front matter: {reason}", mark.line + 2 if mark else 2, mark.column + 1 if mark else 1
    except RecursionError:  # (libyaml refuses such nesting itself, located; the pure-Python parser recurses)
        reason, line, column = too_deep(block, _SafeLoader)
        return f"broken front matter: {reason}", line + 2, column + 1
    except YAML_ERRORS as exc:  # a value the constructor cannot make: where it is, when a single value is the cause
        line, column = unreadable_value(block, _SafeLoader) or (0, 0)
        return f"broken front matter: YAML cannot read this value ({yaml_refusal(exc)})", line + 2, column + 1
    if loaded is not None and not isinstance(loaded, dict):
        return "front matter must be a YAML mapping of 'key: value' lines", 2, 1
    return None


# The tokens that open and close a list or mapping (a block's end closes either kind).
_OPENING = (
    yaml.BlockMappingStartToken,
    yaml.BlockSequenceStartToken,
    yaml.FlowMappingStartToken,
    yaml.FlowSequenceStartToken,
)
_CLOSING = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)


def too_deep(text: str, loader: type[yaml.SafeLoader]) -> tuple[str, int, int]:
    """Why YAML nested deeper than the parser can recurse is refused, and where (0-based line and column of
    its deepest collection): found by scanning, which does not recurse, where the parse failed without a place."""
    depth = deepest = line = column = 0
    try:
        for token in yaml.scan(text, Loader=loader):  # noqa: S506 - tokens only, nothing constructed
            if isinstance(token, _OPENING):
                depth += 1
                if depth > deepest:
                    deepest, line, column = depth, token.start_mark.line, token.start_mark.column
            elif isinstance(token, _CLOSING):
                depth -= 1
    except yaml.YAMLError:
        pass  # (nesting this deep is the first problem: the scan stops at a later one)
    return f"YAML nested too deeply to read ({deepest} levels of lists and mappings)", line, column


def unreadable_value(text: str, loader: type[yaml.SafeLoader]) -> tuple[int, int] | None:
    """Line and column (0-based) of the first scalar of ``text`` that ``loader``'s constructor refuses, or None.

    Loading reports a constructor's refusal (``2021-02-30`` as a date) without saying where; this
    constructs the scalars one at a time (only after loading failed) to point at it.
    """
    try:
        node = yaml.compose(text, Loader=loader)  # noqa: S506 - a safe loader
    except YAML_ERRORS:
        return None
    # One constructor for every scalar, made on no text: a loader copies the text it is made on, and one made
    # on ``text`` for each scalar took time in the square of the text's length (30 s for 16 000 list items).
    constructor = loader("")
    try:
        return _first_refused(node, constructor)
    finally:
        constructor.dispose()


def _first_refused(node: yaml.Node | None, constructor: yaml.SafeLoader) -> tuple[int, int] | None:
    """``unreadable_value`` once the text is composed into ``node``."""
    waiting = [node] if node is not None else []
    seen: set[int] = set()  # an alias is the node its anchor names: each node is visited once (a cycle, or
    # anchors nesting each other ten times over, would otherwise be walked forever or exponentially)
    while waiting:  # depth first, in document order, without recursing
        current = waiting.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, yaml.ScalarNode):
            if current.tag == _MERGE_TAG:
                continue  # a merge key ``<<`` (its mapping merges it; alone it has no constructor, and is no value)
            try:
                constructor.construct_object(current, deep=True)
            except YAML_ERRORS:
                return current.start_mark.line, current.start_mark.column
            finally:  # each scalar constructed afresh, as alone in a document
                constructor.constructed_objects, constructor.recursive_objects = {}, {}
        elif isinstance(current, yaml.SequenceNode):
            waiting += reversed(current.value)
        elif isinstance(current, yaml.MappingNode):
            waiting += [item for pair in reversed(current.value) for item in reversed(pair)]
    return None


_MAPPING_TAG, _STRING_TAG, _MERGE_TAG = "tag:yaml.org,2002:map", "tag:yaml.org,2002:str", "tag:yaml.org,2002:merge"


def _strings_mapping(node: yaml.Node) -> bool:
    """Whether ``node`` is a plain mapping whose keys and values are all strings, as nearly all front matter is.

    The safe constructor turns such a node into a dict of strings and cannot fail on it (no merge key, no
    timestamp or number to convert): front matter is checked on every page, and constructing it was a large
    share of reading it. Any other node is constructed (``tests/test_frontmatter.py`` compares the two on
    the corpus)."""
    return (
        type(node) is yaml.MappingNode
        and node.tag == _MAPPING_TAG
        and all(
            type(key) is yaml.ScalarNode
            and key.tag == _STRING_TAG
            and type(value) is yaml.ScalarNode
            and value.tag == _STRING_TAG
            for key, value in node.value
        )
    )


def split_front_matter(text: str, file: str) -> tuple[FrontMatter | None, str, int]:
    """Split ``---``-delimited front matter off ``text`` (LF line ends, no BOM).

    Returns the front matter, the body, and the number of lines the front matter took.
    Broken YAML is a located error: an article must not lose its metadata silently.
    """
    if not text.startswith("---\n"):
        return None, text, 0
    end = text.find("\n---", 3)
    while end != -1:
        after = end + 4
        if after == len(text) or text[after] in "\n \t":
            break
        end = text.find("\n---", after)
    if end == -1:
        raise DoclocError("front matter opened here is never closed by a '---' line", file, 1, 1)
    block = text[4 : end + 1]
    eol = text.find("\n", end + 1)
    closing_end = len(text) if eol == -1 else eol + 1
    closing = text[end + 1 : closing_end]
    if closing.rstrip() != "---":
        raise DoclocError("front matter must end with a line holding only '---'", file, block.count("\n") + 2, 1)
    problem = _yaml_problem(block)
    if problem is not None:
        message, line, column = problem
        raise DoclocError(message, file, line, column)
    lines = block[:-1].split("\n") if block else []
    front = FrontMatter(lines, closing)
    return front, text[closing_end:], 1 + len(lines) + 1
