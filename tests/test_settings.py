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
VALUES = ["cs", "", 0, 80, 12.5, True, None, [], ["title"], ["a", 1], {}, {"cs": 95}, "error", "fatal"]


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
