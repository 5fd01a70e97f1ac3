"""The docloc entry of mkdocs.yml: one declaration (``docloc.settings.OPTIONS``) for the plugin and every command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import copy_project
from docloc.project import Project, ProjectConfig
from docloc.settings import OPTIONS, default_options, validate_options
from docloc.site.plugin import DoclocOptions, DoclocPlugin

# For each option: values of every kind that YAML gives (both validations must agree on each).
VALUES = ["cs", "", 0, 80, 12.5, 100, True, None, [], ["title"], ["a", 1], {}, {"cs": 95}, "error", "fatal"]
VALUES += [float("nan"), float("inf"), 150, -5]  # no percentages


def mkdocs_verdict(entry: dict) -> tuple[dict, set[str]]:
    """The options and the names of the invalid ones, as MkDocs validates the plugin's configuration."""
    plugin = DoclocPlugin()
    failed, _ = plugin.load_config(entry)
    return dict(plugin.config), {str(name) for name, _ in failed}


def test_the_plugin_and_the_commands_share_one_declaration_and_its_defaults() -> None:
    assert DoclocPlugin.config_class is DoclocOptions
    assert {name for name, _ in DoclocOptions._schema} == {option.name for option in OPTIONS}
    assert mkdocs_verdict({}) == (default_options(), set())
    assert ProjectConfig().options == default_options()
    assert ProjectConfig.from_mkdocs({"plugins": ["docloc"]}).options == default_options()


@pytest.mark.parametrize("option", [option.name for option in OPTIONS])
def test_the_commands_validate_every_value_as_mkdocs_does(option: str) -> None:
    for value in VALUES:
        options, problems, _ = validate_options({option: value})
        expected, failed = mkdocs_verdict({option: value})
        assert {name for name, _ in problems} == failed, (option, value, problems, failed)
        if not failed:
            assert options == expected, (option, value)


@pytest.mark.parametrize("option", ["coverage_threshold", "min_coverage"])
@pytest.mark.parametrize("value", [float("nan"), float("-inf"), 100.5, -1])
def test_a_percentage_option_is_a_number_from_0_to_100(option: str, value: float) -> None:
    """coverage_threshold: .nan passed every command's validation, then the build failed with an internal
    error (exit 3); min_coverage: .nan is below no coverage, so the gate never failed."""
    _, problems, _ = validate_options({option: value})
    assert [name for name, _ in problems] == [option]
    assert mkdocs_verdict({option: value})[1] == {option}


def test_an_invalid_option_is_refused_by_the_commands_at_its_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - docloc:\n" in text
    config.write_text(text.replace("  - docloc:\n", "  - docloc:\n      fail_on: fatal\n", 1), encoding="utf-8")
    line = config.read_text(encoding="utf-8").split("\n").index("      fail_on: fatal") + 1
    done = subprocess.run(
        [sys.executable, "-m", "docloc", "check", "--project", str(project)], capture_output=True, text=True
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"mkdocs.yml:{line}:16: docloc's fail_on:" in done.stderr, done.stderr


def test_the_guide_project_reads_its_options_with_defaults_filled_in() -> None:
    root = Path(__file__).resolve().parents[1]
    options = Project.open(root).config.options
    assert set(options) == set(default_options())
    assert options["fail_on"] in ("info", "warning", "error")


def test_commands_other_than_the_build_do_not_import_mkdocs() -> None:
    code = "import sys, docloc.cli, docloc.checks.run, docloc.project; print('mkdocs' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_the_commands_warn_about_an_option_docloc_does_not_know(tmp_path: Path) -> None:
    """A misspelt option would be ignored in silence: each command says where it is, as the build (MkDocs) does."""
    from docloc.cli import main

    assert main(["init", str(tmp_path), "--languages", "en,cs", "-q"]) == 0
    config = tmp_path / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - docloc:\n", "  - docloc:\n      min_coverag: 95\n", 1), encoding="utf-8")
    line = config.read_text(encoding="utf-8").splitlines().index("      min_coverag: 95") + 1
    done = subprocess.run(
        [sys.executable, "-m", "docloc", "check", "--project", str(tmp_path)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert f"warning: {config}:{line}:20: docloc has no option 'min_coverag'" in done.stderr
    assert "Traceback" not in done.stderr
    assert Project.open(tmp_path).config.warnings  # the library reports it; the commands print it


# YAML constructs of every kind a mkdocs.yml may hold, MkDocs' own tags among them.
YAML_DOCUMENTS = [
    "site_name: S\nmarkdown_extensions:\n  - pymdownx.emoji:\n"
    "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
    "extra:\n  key: !ENV [API_KEY, 'none']\n  other: !ENV HOME\n  tagged: !custom {a: 1}\n",
    "base: &b {x: 1, y: [1, 2]}\nuse:\n  <<: *b\n  y: 3\nagain: *b\n",
    "folded: >\n  one\n  two\n\n  three\nliteral: |-\n  a\n    b\nkeep: |+\n  c\n\n",
    "q1: 'it''s'\nq2: \"tab\\there \\u00e9 \\x41 \\\n  joined\"\nplain: a:b, c\n",
    "d: 2021-02-28\nt: 2001-12-14t21:59:43.10-05:00\ni: [0o17, 0x1F, 0b101, 1_000, -0, +12, 1e3, .inf, -.Inf, .nan]\n",
    "n: [~, null, Null, '']\nb: [yes, No, on, OFF, true, False, y, n]\n",
    "# comment\n---\nflow: {a: [1, {b: c}], 'd e': f}\nset: !!set {x, y}\nomap: !!omap [a: 1, b: 2]\n...\n",
    "\ufeffsite_name: BOM\r\nnav:\r\n  - Home: index.md\r\n  - 'Guide': guide.md\r\n",
    "ünïcode: ✓ 文字\nempty:\nlist:\n- a\n-   b\n- - c\n  - d\n",
    "key:    value   # trailing comment\n? complex key\n: complex value\nbinary: !!binary aGVsbG8=\n",
    "s: !!str 12\nf: !!float '1'\nlong: " + "x" * 5000 + "\n",
    "",
    "just a scalar\n",
    "- a list\n- at the top\n",
]


@pytest.mark.parametrize("text", YAML_DOCUMENTS + ["init"])
def test_mkdocs_yml_reads_the_same_through_libyaml_as_through_the_python_parser(text: str, tmp_path: Path) -> None:
    """``parse_yaml`` reads mkdocs.yml through libyaml's parser (``_FastTolerantLoader``), and what that refuses
    through PyYAML's (``_TolerantLoader``): where both read a file, they must give the same data."""
    import yaml

    from docloc.project import _FastTolerantLoader, _TolerantLoader, init_project, parse_yaml

    if text == "init":  # the mkdocs.yml docloc writes
        init_project(tmp_path / "p", ["en", "cs", "pl"])
        text = (tmp_path / "p" / "mkdocs.yml").read_text(encoding="utf-8")
    assert _FastTolerantLoader.__mro__[1] is getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    fast = yaml.load(text, Loader=_FastTolerantLoader)  # noqa: S506 - safe loaders
    assert fast == yaml.load(text, Loader=_TolerantLoader) == parse_yaml(text, "mkdocs.yml")  # noqa: S506
    assert repr(fast) == repr(parse_yaml(text, "mkdocs.yml"))  # types too (1 and 1.0 and True compare equal)


@pytest.mark.parametrize(
    "text",
    [
        "site_name: !ENV [DOCLOC_TEST_UNSET, Documentation]\n",
        "site_name: !ENV DOCLOC_TEST_NAME\n",
        "site_url: !ENV [DOCLOC_TEST_UNSET, DOCLOC_TEST_NAME, 'https://example.org/']\n",
        "extra:\n  port: !ENV [DOCLOC_TEST_PORT, 8000]\n  off: !ENV DOCLOC_TEST_UNSET\n",
        "plugins:\n  - docloc:\n      external_base: !ENV [DOCLOC_TEST_UNSET, 'https://learn.microsoft.com/{locale}/{slug}']\n",
    ],
)
def test_mkdocs_yml_env_tags_read_as_mkdocs_reads_them(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """``!ENV`` is MkDocs' tag for a value from the environment: every command must read the value the site is
    built with (the variable's, else the default), not the tag's arguments as a list."""
    import yaml
    from mkdocs.utils.yaml import get_yaml_loader

    from docloc.project import parse_yaml

    monkeypatch.setenv("DOCLOC_TEST_NAME", "Docs from the environment")
    monkeypatch.setenv("DOCLOC_TEST_PORT", "8080")
    monkeypatch.delenv("DOCLOC_TEST_UNSET", raising=False)
    expected = yaml.load(text, Loader=get_yaml_loader())  # noqa: S506 - MkDocs' own loader, on test text
    assert repr(parse_yaml(text, "mkdocs.yml")) == repr(expected)


@pytest.mark.parametrize(
    "text",
    ["a: [1, 2\n", "a: b\n c: d\n", "a:\n\t- tab\n", "d: 2021-02-30\n", "x: \x01\n", "a: *nowhere\n", "a: 1\na: 2\n"],
)
def test_mkdocs_yml_that_libyaml_refuses_is_read_again_by_the_python_parser(text: str) -> None:
    """What libyaml refuses, PyYAML reads again: its data, or its located error, is what ``parse_yaml`` gives."""
    import yaml

    from docloc.errors import DoclocError
    from docloc.project import _TolerantLoader, parse_yaml

    try:
        expected = repr(yaml.load(text, Loader=_TolerantLoader))  # noqa: S506 - a safe loader
    except Exception:  # noqa: BLE001 - any refusal: parse_yaml must then give a located error
        with pytest.raises(DoclocError):
            parse_yaml(text, "mkdocs.yml")
    else:
        assert repr(parse_yaml(text, "mkdocs.yml")) == expected


@pytest.mark.parametrize("option", ["coverage_threshold", "min_coverage"])
def test_a_percentage_of_another_type_is_said_in_a_writers_words_by_both_validations(option: str) -> None:
    """'high' was "Expected type: (<class 'int'>, <class 'float'>) but received: <class 'str'>" (Python's classes)."""
    _, problems, _ = validate_options({option: "high"})
    failed, _ = DoclocPlugin().load_config({option: "high"})
    assert [str(error) for _, error in failed] == [message for _, message in problems]
    assert problems[0][1].startswith("Expected a percentage from 0 to 100") and "'high'" in problems[0][1]
