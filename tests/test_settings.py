"""The docloc entry of mkdocs.yml: one schema (``docloc.settings``) for the plugin and every command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import copy_project
from docloc.project import Project, ProjectConfig
from docloc.settings import DoclocOptions, default_options
from docloc.site.plugin import DoclocPlugin


def test_the_plugin_and_the_commands_share_one_schema_and_its_defaults() -> None:
    assert DoclocPlugin.config_class is DoclocOptions
    plugin = DoclocPlugin()
    failed, _ = plugin.load_config({})
    assert not failed
    assert dict(plugin.config) == default_options() == ProjectConfig().options
    assert ProjectConfig.from_mkdocs({"plugins": ["docloc"]}).options == default_options()


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
