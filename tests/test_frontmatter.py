"""Front matter: its YAML check gives what loading it with the safe loader gives, shortcut or not."""

from __future__ import annotations

import pytest
import yaml

from corpus_paths import require_corpus
from docloc.frontmatter import _SafeLoader, _yaml_problem, unreadable_value


def loaded_problem(block: str) -> tuple[str, int, int] | None:
    """The check as ``yaml.load`` makes it, constructing every node (what ``_yaml_problem`` must equal)."""
    try:
        loaded = yaml.load(block, Loader=_SafeLoader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        reason = getattr(exc, "problem", None) or "it is not valid YAML"
        return f"broken front matter: {reason}", mark.line + 2 if mark else 2, mark.column + 1 if mark else 1
    except (ValueError, TypeError, OverflowError) as exc:  # the constructor refused a value: reported, not raised
        return f"broken front matter: YAML cannot read this value ({exc})", -1, -1
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
    ],
)
def test_a_value_the_constructor_refuses_is_located(block: str, line: int, column: int) -> None:
    """Line and column (1-based, the front matter's first line being the file's second) of the refused value."""
    _yaml_problem.cache_clear()
    problem = _yaml_problem(block)
    assert problem is not None
    assert problem[0].startswith("broken front matter: YAML cannot read this value (")
    assert problem[1:] == (line, column)


def test_unreadable_value_is_none_when_every_value_is_readable() -> None:
    assert unreadable_value("a: 1\nb: [2021-03-12, x]\n", _SafeLoader) is None
    assert unreadable_value("a: [unclosed\n", _SafeLoader) is None


def test_front_matter_check_equals_loading_it_on_the_corpus() -> None:
    corpus = require_corpus()
    blocks = {block for path in corpus.rglob("*.md") for block in front_matter_blocks(path.read_text("utf-8"))}
    assert len(blocks) > 1000
    _yaml_problem.cache_clear()
    assert [block for block in blocks if _yaml_problem(block) != loaded_problem(block)] == []
