"""The command line's conventions: -q/-v everywhere, exit codes in every help, a command's own usage
on its errors, the README's command table in step with the parsers, and the pre-commit hook."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from docloc.cli import build_parser
from docloc.cli.common import GLOBAL_OPTIONS

REPO = Path(__file__).resolve().parents[1]
GUIDE = REPO / "tests" / "fixtures" / "guide"
# Each command with the arguments it requires: enough to parse.
COMMANDS = {
    "init": ["DIR"],
    "import": ["PATH"],
    "extract": [],
    "update": [],
    "export": ["--locale", "cs", "--out", "OUT"],
    "check": [],
    "build": [],
}


def docloc(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    return subprocess.run(
        [sys.executable, "-m", "docloc", *args], capture_output=True, text=True, timeout=120, cwd=cwd, env=env
    )


def command_parsers() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser([])
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_every_command_is_registered():
    assert list(command_parsers()) == list(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_quiet_and_verbose_before_or_after_the_command(command):
    args = [command, *COMMANDS[command]]

    def verbosity(argv: list[str]) -> int:
        parsed, unknown = build_parser(argv).parse_known_args(argv)
        assert not unknown and parsed.command == command
        return parsed.verbosity

    assert verbosity(args) == 0
    for flag, value in (("-q", -1), ("--quiet", -1), ("-v", 1), ("--verbose", 1)):
        assert verbosity([flag, *args]) == value, flag
        assert verbosity([*args, flag]) == value, flag
    assert verbosity(["-q", *args, "-v"]) == 1  # the command's own flag has the last word


@pytest.mark.parametrize("command", COMMANDS)
def test_every_help_documents_quiet_verbose_and_exit_codes(command):
    result = docloc(command, "--help")
    assert result.returncode == 0
    text = result.stdout
    assert re.search(r"-q, --quiet +\S", text) and re.search(r"-v, --verbose +\S", text)
    epilog = text[text.index("exit codes:") :]
    codes = re.findall(r"^  (\d+) +\S", epilog, re.M)
    assert codes[0] == "0" and {"2", "3", "130"} <= set(codes)
    assert ("1" in codes) == (command == "check")  # only check fails a run on its findings
    assert bool(re.search(r"^  --project DIR ", text, re.M)) == (command != "init")


def test_top_level_help_has_global_options_and_exit_codes():
    result = docloc("--help")
    assert result.returncode == 0 and "--version" in result.stdout and "exit codes:" in result.stdout
    assert "--quiet" in result.stdout and "--verbose" in result.stdout
    assert docloc("--version").stdout.startswith("docloc ")


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--bogus"],
        ["check", "--format", "nope"],
        ["check", "stray-argument"],
        ["export", "--locale", "cs"],
        ["export", "--locale", "cs", "--out", "x", "--format", "nope"],
        ["init"],
        ["init", "DIR", "--project", "x"],  # init takes no --project
        ["update", "--bogus"],
        ["extract", "--force", "--bogus"],
        ["build", "--strict", "extra"],
        ["import", "--bogus", "PATH"],
        ["-q", "check", "-q", "-v"],
    ],
)
def test_a_command_usage_error_prints_the_command_usage(args):
    result = docloc(*args)
    command = next(a for a in args if not a.startswith("-"))
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"usage: docloc {command} "), result.stderr
    assert f"docloc {command}: error: " in result.stderr and "Traceback" not in result.stderr


def jobs_commands() -> list[str]:
    return [name for name, parser in command_parsers().items() if "--jobs" in parser._option_string_actions]


def test_every_command_with_jobs_refuses_the_same_values():
    """One reading of -j/--jobs: a negative or non-numeric count is a usage error for every command taking it
    (``check -j -3`` was accepted while ``build -j -1`` was refused)."""
    assert set(jobs_commands()) == {"import", "check", "build"}
    for command in jobs_commands():
        parser = command_parsers()[command]
        assert parser.parse_args([*COMMANDS[command], "-j", "3"]).jobs == 3
        assert parser.parse_args(COMMANDS[command]).jobs == 0
        for bad in ("-3", "x", "1.5"):
            result = docloc(command, *COMMANDS[command], "-j", bad)
            assert result.returncode == 2, (command, bad, result.stderr)
            assert f"docloc {command}: error: argument --jobs/-j: " in result.stderr, result.stderr
            assert "is not a number of processes" in result.stderr and "Traceback" not in result.stderr


def test_an_unknown_command_prints_the_top_level_usage():
    result = docloc("chekc")
    assert (
        result.returncode == 2 and result.stderr.startswith("usage: docloc [-h]") and "invalid choice" in result.stderr
    )


@pytest.mark.parametrize(
    ("args", "suggestion"),
    [
        (["biuld"], "invalid choice: 'biuld' (choose from"),
        (["check", "--locle", "cs"], "unrecognized arguments: --locle cs; did you mean '--locale'?"),
        (["check", "--format", "jsno"], "invalid choice: 'jsno' (choose from"),
        (["export", "--locale", "cs", "--out", "x", "--fromat", "xliff"], "did you mean '--format'?"),
    ],
)
def test_a_misspelt_command_option_or_choice_gets_the_closest_name(args, suggestion):
    """As git does: 'docloc biuld' said only which commands exist, not which one was meant."""
    result = docloc(*args)
    assert result.returncode == 2 and suggestion in result.stderr and "Traceback" not in result.stderr
    meant = {"biuld": "build", "jsno": "json"}.get(args[-1])
    assert meant is None or result.stderr.rstrip().endswith(f"; did you mean '{meant}'?")
    assert "did you mean" not in docloc("xyzzy").stderr  # nothing close: no guess


def test_a_folder_inside_a_project_names_the_project_rather_than_inviting_init(tmp_path):
    """A writer runs docloc from docs/en/: 'create one with docloc init .' would nest a second project in the first."""
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    (tmp_path / "docs" / "en").mkdir(parents=True)
    result = docloc("check", cwd=tmp_path / "docs" / "en")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "it is inside the project ../..: run docloc there, or pass --project ../.." in result.stderr
    assert "docloc init" not in result.stderr
    result = docloc("update", "--project", str(tmp_path / "docs"))
    assert f"it is inside the project {tmp_path}: run docloc there, or pass --project {tmp_path}" in result.stderr
    assert not (tmp_path / "docs" / ".docloc").exists()  # and the refused folder holds no state


def readme_table() -> dict[str, str]:
    """The README's command table: each command's synopsis (the code span of its row)."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    table = text[text.index("<!-- command-table") : text.index("<!-- /command-table -->")]
    rows = {}
    for line in table.splitlines():
        match = re.match(r"\| `docloc (\S+)(.*?)` \|", line)
        if match:
            rows[match.group(1)] = match.group(2).replace("\\|", "|")
    return rows


def synopsis_options(synopsis: str) -> dict[str, str]:
    """Option → what follows it in a synopsis (``--locale L`` → ``L``; ``-j/--jobs N``: both names)."""
    found: dict[str, str] = {}
    for names, argument in re.findall(r"(?<![\w-])(-{1,2}[a-z][\w-]*(?:/--[a-z][\w-]*)?)(?: ([^\s\[\]]+))?", synopsis):
        for name in names.split("/"):
            found[name] = argument if argument and not argument.startswith("-") else ""
    return found


@pytest.mark.parametrize("command", COMMANDS)
def test_readme_command_table_matches_the_parser(command):
    """Every option of every command, with its argument, and only those (so the two never drift apart)."""
    rows = readme_table()
    assert list(rows) == list(COMMANDS)
    synopsis = rows[command]
    parser = command_parsers()[command]
    expected: dict[str, str] = {}
    positionals = []
    for action in parser._actions:
        if not action.option_strings:
            positionals.append(action)
            continue
        if set(action.option_strings) <= GLOBAL_OPTIONS:
            continue
        argument = ""
        if action.nargs != 0:
            argument = "|".join(action.choices) if action.choices else str(action.metavar or action.dest.upper())
        for name in action.option_strings:
            expected[name] = argument
    assert synopsis_options(synopsis) == expected
    for action in positionals:  # DIR, PATH..., NAME...
        repeat = r"\.\.\." if action.nargs in ("+", "*") else r"(?!\.)"
        assert re.search(rf"(?<![\w-]){re.escape(str(action.metavar))}{repeat}", synopsis), action.metavar
    for action in parser._actions:  # repeatable options say so
        if isinstance(action, argparse._AppendAction):
            name = action.option_strings[-1]
            assert re.search(rf"\[{name} [^\]]+\]\.\.\.", synopsis), name


@pytest.mark.parametrize("command", COMMANDS)
def test_every_argument_says_what_it_takes(command):
    """'docloc import --help' listed its PATH without a word on what it may be (articles, .xlf files, folders)."""
    for action in command_parsers()[command]._actions:
        assert action.help, (command, action.option_strings or action.metavar)


def test_readme_says_which_commands_take_project():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    assert "Every command takes `--project" not in text
    assert "Every command but `init` takes `--project DIR`" in text


def test_pre_commit_hook_runs_docloc_check_on_the_translation_files():
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "docloc-check" and hook["entry"] == "docloc check"
    assert hook["language"] == "python" and hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    for path in (
        "locales/cs/LC_MESSAGES/x.po",
        "locales/templates/x.pot",
        "docs/en/x.md",
        "mkdocs.yml",
        "a/mkdocs.yml",
    ):
        assert files.search(path), path
    for path in ("tools/docloc/cli/check.py", "package.json", "not-mkdocs.yml", "x.pod"):
        assert not files.search(path), path
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert 'docloc = "docloc.cli:console_main"' in pyproject  # the script the hook's entry runs, once installed


@pytest.fixture
def project(tmp_path) -> Path:
    for name in ("docs", "locales"):
        shutil.copytree(REPO / name, tmp_path / name)
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


def test_init_quiet_prints_one_line_and_verbose_the_languages(tmp_path):
    quiet = docloc("init", str(tmp_path / "a"), "-q")
    assert quiet.returncode == 0 and quiet.stdout.splitlines() == [f"project ready in {tmp_path / 'a'}"]
    normal = docloc("init", str(tmp_path / "b"))
    assert normal.stdout.count("created ") >= 2
    verbose = docloc("-v", "init", str(tmp_path / "c"), "--languages", "en,de")
    assert verbose.stdout.startswith("languages: en (source), de\n") and "created " in verbose.stdout


def test_update_quiet_prints_totals_and_verbose_every_catalog(project):
    quiet = docloc("update", "--dry-run", "--quiet", "--project", str(project))
    assert quiet.returncode == 0 and [line.split(":")[0] for line in quiet.stdout.splitlines()] == ["cs", "pl"]
    verbose = docloc("-v", "update", "--dry-run", "--project", str(project))
    assert "  cs assign-support-contacts.md: kept " in verbose.stdout  # unchanged catalogs listed too
    assert verbose.stdout.count("\n") > quiet.stdout.count("\n")


def test_extract_and_import_verbose_give_a_line_per_file(project, tmp_path):
    extract = docloc("extract", "-v", "--project", str(project))
    assert extract.returncode == 0 and "  assign-support-contacts.md: unchanged since its template" in extract.stdout
    target = tmp_path / "imported"
    imported = docloc("import", "-v", "--jobs", "1", "--project", str(target), str(GUIDE / "cs-CZ"))
    assert imported.returncode == 0, imported.stderr
    assert re.search(r"^  cs-CZ \S+\.md: \d+ segments, \d+ files written$", imported.stdout, re.M)
    quiet = docloc("import", "-q", "--jobs", "1", "--project", str(target), str(GUIDE / "cs-CZ"))
    assert quiet.returncode == 0 and len(quiet.stdout.splitlines()) == 1 and not quiet.stderr
