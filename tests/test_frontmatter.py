"""Front matter: its YAML check gives what loading it with the safe loader gives, shortcut or not."""

from __future__ import annotations

import pytest
import yaml

from corpus_paths import require_corpus
from docloc import frontmatter
from docloc.errors import DoclocError
from docloc.frontmatter import YAML_ERRORS, _SafeLoader, _yaml_problem, split_document, unreadable_value, yaml_refusal
from docloc.project import parse_yaml


def loaded_problem(block: str) -> tuple[str, int, int] | None:
    """The check as ``yaml.load`` makes it, constructing every node (what ``_yaml_problem`` must equal)."""
    try:
        loaded = yaml.load(block, Loader=_SafeLoader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        reason = getattr(exc, "problem", None) or "it is not valid YAML"
        return f"broken front matter: {reason}", mark.line + 2 if mark else 2, mark.column + 1 if mark else 1
    except (ValueError, TypeError, OverflowError, LookupError, AttributeError) as exc:  # the constructor refused
        return f"broken front matter: YAML cannot read this value ({yaml_refusal(exc)})", -1, -1  # a value
    if loaded is not None and not isinstance(loaded, dict):
        return "front matter must be a YAML mapping of 'key: value' lines", 2, 1
    return None


def front_matter_blocks(text: str) -> list[str]:
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    if not text.startswith("---\n"):
        return []
    end = text.find("\n---", 3)
    return [text[4 : end + 1]] if end != -1 else []


BLOCKS = [
    "",
    "title: T\n",
    'title: \'Quoted: yes\'\ndescription: "Double \\"quoted\\""\n',
    "title: T\nms.date: 03/12/2021\n",
    "ms.date: 2021-03-12\n",  # a timestamp
    "ms.date: 2021-02-30\n",  # a timestamp the constructor refuses (not a YAMLError)
    "flag: !!bool maybe\n",  # a KeyError
    "count: !!int ''\nratio: !!float ''\n",  # IndexErrors
    "when: !!timestamp soon\n",  # an AttributeError
    "loop: &x [*x, 2021-02-30]\n",  # a refused value inside a recursive alias
    "count: 3\nratio: 1.5\nflag: true\nnothing: ~\nempty:\n",
    "keywords: [a, b]\nnested:\n  key: value\n",
    "? [a, b]\n: value\n",  # an unhashable key
    "base: &b {x: 1}\nother:\n  <<: *b\n",
    "<<: {x: 1}\n",
    "tagged: !custom value\n",
    "explicit: !!str 3\n!!str key: v\n",
    "binary: !!binary aGk=\n",
    "- a list\n- at the top\n",
    "just a string\n",
    "--- !!set\n? a\n",
    "title: [unclosed\n",
    "title: T\n  bad indentation: x\n",
    "a: 1\na: 2\n",
    "# only a comment\n",
    "title: a \x01 control character\n",
    "title: \ud800\n",
]


@pytest.mark.parametrize("block", BLOCKS)
def test_front_matter_check_equals_loading_it(block: str) -> None:
    _yaml_problem.cache_clear()
    try:
        expected: object = loaded_problem(block)
    except Exception as error:  # noqa: BLE001 - what loading raises, the check must raise too
        expected = type(error)
    try:
        got: object = _yaml_problem(block)
    except Exception as error:  # noqa: BLE001
        got = type(error)
    if isinstance(expected, tuple) and expected[1:] == (-1, -1):  # where it is: see the test below
        assert isinstance(got, tuple) and got[0] == expected[0]
    else:
        assert got == expected


@pytest.mark.parametrize(
    ("block", "line", "column"),
    [
        ("ms.date: 2021-02-30\n", 2, 10),
        ("title: T\nms.date: 2021-02-30\n", 3, 10),
        ("title: T\nnested:\n  when: 2020-13-01\n", 4, 9),
        ("list:\n  - 1\n  - 0b_\n", 4, 5),
        ("a: 2021-03-12\nb: [1, 2021-02-29]\n", 3, 8),
        ("flag: !!bool maybe\n", 2, 7),
        ("title: T\ncount: !!int ''\n", 3, 8),
        ("when: !!timestamp soon\n", 2, 7),
        ("loop: &x [*x, 2021-02-30]\n", 2, 15),
        ("a: &a {x: 1}\nb:\n  <<: *a\n  when: 2021-02-30\n", 5, 9),
    ],
)
def test_a_value_the_constructor_refuses_is_located(block: str, line: int, column: int) -> None:
    """Line and column (1-based, the front matter's first line being the file's second) of the refused value."""
    _yaml_problem.cache_clear()
    problem = _yaml_problem(block)
    assert problem is not None
    assert problem[0].startswith("broken front matter: YAML cannot read this value (")
    assert problem[1:] == (line, column)


ODD_SCALARS = ["", "-", "+", "x", ".", "0x", "0o", "0b", "0b_", ":", "1:", "1:x", "-:", "maybe", "1e", "2021-02-30",
               "2021-01-01 00:00:00 +99:00", "2021-1-1T", "9" * 5000, "=", "~"]  # fmt: skip


@pytest.mark.parametrize("tag", sorted(t for t in _SafeLoader.yaml_constructors if t and t.startswith("tag:")))
def test_every_tag_on_an_odd_scalar_loads_or_is_a_yaml_error(tag: str) -> None:
    """What the constructors raise on an odd scalar is in ``YAML_ERRORS`` (and so located, never an internal error)."""
    for value in ODD_SCALARS:
        block = f"v: !<{tag}> {yaml.safe_dump(value, default_style=chr(34)).strip()}\n"
        try:
            yaml.load(block, Loader=_SafeLoader)  # noqa: S506 - a safe loader
        except YAML_ERRORS:
            _yaml_problem.cache_clear()
            problem = _yaml_problem(block)
            assert problem is not None and problem[1:] == (2, 4), (block, problem)
        with pytest.raises(DoclocError) if _yaml_problem(block) else _no_error():
            parse_yaml(block, "mkdocs.yml")


class _no_error:  # noqa: N801 - a context manager in pytest.raises' place
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> bool:
        return False


def test_a_refused_value_after_nested_aliases_is_located_at_once() -> None:
    """The walk that locates it visits each node once: anchors that name each other nine times over (a billion
    items, were each alias walked again) or a node that holds itself do not make it walk forever."""
    laughs = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 10)
    )
    block = laughs + "when: 2021-02-30\n"
    assert unreadable_value(block, _SafeLoader) == (10, 6)
    _yaml_problem.cache_clear()
    assert _yaml_problem(block)[1:] == (12, 7)
    with pytest.raises(DoclocError) as raised:
        parse_yaml("extra:\n  loop: &x [*x, {when: 2021-02-30}]\n", "mkdocs.yml")
    assert (raised.value.line, raised.value.column) == (2, 24)


class _CountingLoader(yaml.SafeLoader):
    made = 0

    def __init__(self, stream: str) -> None:
        type(self).made += 1
        super().__init__(stream)


def test_locating_a_refused_value_makes_no_loader_per_scalar() -> None:
    """A loader copies the text it is made on: one per scalar made locating take the square of the text's length."""
    block = "k: [" + ", ".join(["item"] * 500) + "]\nwhen: 2021-02-30\n"
    _CountingLoader.made = 0
    assert unreadable_value(block, _CountingLoader) == (1, 6)
    assert _CountingLoader.made <= 2  # the text composed, and one constructor for every scalar


def test_unreadable_value_is_none_when_every_value_is_readable() -> None:
    assert unreadable_value("a: 1\nb: [2021-03-12, x]\n", _SafeLoader) is None
    assert unreadable_value("a: [unclosed\n", _SafeLoader) is None


def test_front_matter_check_equals_loading_it_on_the_corpus() -> None:
    corpus = require_corpus()
    blocks = {block for path in corpus.rglob("*.md") for block in front_matter_blocks(path.read_text("utf-8"))}
    assert len(blocks) > 1000
    _yaml_problem.cache_clear()
    assert [block for block in blocks if _yaml_problem(block) != loaded_problem(block)] == []


@pytest.mark.parametrize(
    ("nesting", "deepest"),
    [
        ("deep: " + "[" * 3000 + "]" * 3000, (2, 3006)),  # lists in lists, flow style
        ("".join("  " * i + f"k{i}:\n" for i in range(1500)) + "  " * 1500 + "v: 1", (1502, 3001)),  # block style
    ],
)
def test_yaml_nested_deeper_than_the_parser_recurses_is_a_located_error(
    nesting: str, deepest: tuple[int, int], monkeypatch
) -> None:
    """mkdocs.yml (read again by the pure-Python parser, which recurses) and front matter read without libyaml:
    where the deepest list or mapping starts, not an unlocated 'maximum recursion depth exceeded'."""
    text = "site_name: S\n" + nesting + "\n"
    with pytest.raises(DoclocError) as raised:
        parse_yaml(text, "mkdocs.yml")
    assert str(raised.value).startswith(f"mkdocs.yml:{deepest[0]}:{deepest[1]}: YAML nested too deeply to read (")
    assert "recursion" not in str(raised.value)
    monkeypatch.setattr(frontmatter, "_SafeLoader", yaml.SafeLoader)  # as where PyYAML has no libyaml
    _yaml_problem.cache_clear()
    try:
        problem = _yaml_problem(text)
    finally:
        _yaml_problem.cache_clear()
    assert problem is not None and problem[0].startswith("broken front matter: YAML nested too deeply to read (")
    assert problem[1:] == (deepest[0] + 1, deepest[1])  # the front matter's first line is the file's second


@pytest.mark.parametrize(("char", "name"), [("\x00", "NUL (U+0000)"), ("\x04", "EOT (U+0004)")])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_page_holding_nul_or_eot_is_a_located_error(char: str, name: str, newline: str) -> None:
    """Any text of a page may become a catalog's English, and no catalog holds NUL or EOT: an English page with
    one lost its whole sentence from the template (extract, exit 0), a bilingual one failed naming no file."""
    text = newline.join(["---", "title: T", "---", "# Title", "", f"One sentence.{char} Another one.", ""])
    with pytest.raises(DoclocError) as caught:
        split_document("\ufeff" + text, "docs/en/page.md")
    assert str(caught.value) == (
        f"docs/en/page.md:6:14: the file holds the control character {name}, which a catalog cannot hold: remove it"
    )
