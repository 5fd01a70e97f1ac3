"""The text report reads well at 80 columns: in a terminal, in a pipe with COLUMNS, and in a file.

Run on the repository's own project (mkdocs.yml, docs/, locales/) and on one whose article
has a long name in nested folders, so its PO path alone is wider than 80 columns.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import shutil
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest
from rich.cells import cell_len

from docloc.checks.coverage import CatalogCoverage
from docloc.report.outcome import percent_text
from docloc.report.terminal import LAYOUTS, bar, coverage_table, wrap

REPO = Path(__file__).resolve().parents[1]
LONG = "partner-center/announcements/assign-a-reseller-as-the-technical-support-contact-for-your-customers.md"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")


def environment(columns: int | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    return env | ({"COLUMNS": str(columns)} if columns else {})


def check(project: Path, *args: str, columns: int | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "docloc", "check", "--jobs", "1", "--project", str(project), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=environment(columns),
    )


def findings_of(project: Path) -> list[dict]:
    return json.loads(check(project, "--format", "json").stdout)["findings"]


@pytest.fixture(scope="module")
def long_names(tmp_path_factory) -> Path:
    """The guide's project with its article moved to a long name in nested folders (and a finding on every page)."""
    project = tmp_path_factory.mktemp("long") / "project"
    for name in ("docs", "locales"):
        shutil.copytree(REPO / name, project / name)
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    old = "assign-support-contacts"
    stem = LONG.removesuffix(".md")
    moves = [
        (f"docs/en/{old}.md", f"docs/en/{LONG}"),
        (f"locales/templates/{old}.pot", f"locales/templates/{stem}.pot"),
    ]
    moves += [
        (f"locales/{lang}/LC_MESSAGES/{old}.po", f"locales/{lang}/LC_MESSAGES/{stem}.po") for lang in ("cs", "pl")
    ]
    for source, target in moves:
        (project / target).parent.mkdir(parents=True, exist_ok=True)
        (project / source).rename(project / target)
    return project


def widest(text: str) -> int:
    return max((cell_len(line) for line in ANSI.sub("", text).splitlines()), default=0)


def assert_fits(text: str, width: int = 80) -> None:
    too_wide = [line for line in ANSI.sub("", text).splitlines() if cell_len(line) > width]
    assert not too_wide, too_wide[:3]
    assert "…" not in text  # nothing is cut short with an ellipsis


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("project", ["guide", "long names"])
def test_report_fits_80_columns_in_a_pipe_with_columns(project, long_names):
    root = REPO if project == "guide" else long_names
    result = check(root, "--show", "info", "--verbose", columns=80)
    assert result.returncode in (0, 1), result.stderr
    assert_fits(result.stdout)
    assert "Translation coverage" in result.stdout and "Findings per check" in result.stdout
    found = findings_of(root)
    assert found
    for finding in found:  # every message is there whole: wrapped at spaces, never cut inside a word
        assert words(finding["message"]) in words(result.stdout), finding["message"]


def test_a_long_path_breaks_after_a_slash(long_names):
    result = check(long_names, "--show", "info", columns=80)
    lines = result.stdout.splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith("locales/cs/LC_MESSAGES/partner-center/")]
    assert starts
    for index in starts:
        assert lines[index].endswith("/") and cell_len(lines[index]) <= 80
        assert lines[index + 1].startswith("    ")  # the rest of the path, then the message, indented


def test_without_columns_a_pipe_gets_one_finding_per_line(long_names):
    result = check(long_names, "--show", "info")
    assert result.returncode in (0, 1)
    lines = result.stdout.splitlines()
    found = findings_of(long_names)
    for finding in found:
        where = f"{finding['file']}:{finding['line']}" if finding["line"] else finding["file"]
        if not finding["line"] and finding["page"].startswith(finding["file"] + ":"):
            where = finding["page"]  # a link on an English page: at its line of the page
        line = f"{where}: {finding['severity']} [{finding['check']}] {finding['message']}"
        assert any(entry.startswith(line) for entry in lines), line  # whole, on one line, for tools
    assert any(cell_len(line) > 80 for line in lines)  # the finding lines were not wrapped...
    tables = lines[: lines.index(next(line for line in lines if line.startswith("locales/")))]
    assert max(cell_len(line) for line in tables) <= 80  # ...but the tables are laid out for 80 columns


def run_in_terminal(args: list[str], columns: int) -> str:
    """What a command prints to a terminal ``columns`` wide (a pseudo-terminal; COLUMNS unset)."""
    main, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    env = environment(None) | {"TERM": "xterm-256color"}
    with subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=secondary, stderr=subprocess.PIPE, env=env) as child:
        os.close(secondary)
        chunks = []
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        child.wait(timeout=120)
    os.close(main)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


@pytest.mark.parametrize("project", ["guide", "long names"])
def test_report_fits_an_80_column_terminal(project, long_names):
    root = REPO if project == "guide" else long_names
    args = [sys.executable, "-m", "docloc", "check", "--jobs", "1", "--project", str(root), "--show", "info"]
    output = run_in_terminal(args, 80)
    assert "Translation coverage" in output and "findings (" in output
    assert_fits(output)
    assert widest(output) > 60  # laid out for the terminal, not for some narrower default


def test_quiet_shows_only_what_fails_and_verbose_every_catalog():
    quiet = check(REPO, "-q")
    assert quiet.returncode == 0 and quiet.stdout.splitlines() == [
        line for line in quiet.stdout.splitlines() if line.startswith("5 findings") or line.startswith("    ")
    ]
    assert "Translation coverage" not in quiet.stdout and "[emphasis]" not in quiet.stdout
    failing = check(REPO, "-q", "--fail-on", "warning")
    assert failing.returncode == 1 and failing.stdout.count("[emphasis]") == 2 and "[identical]" not in failing.stdout
    verbose = subprocess.run(
        [sys.executable, "-m", "docloc", "-v", "check", "--jobs", "1", "--project", str(REPO)],
        capture_output=True,
        text=True,
        env=environment(None),
    )
    assert "  cs assign-support-contacts.md: 100.0 % (20/20 strings" in verbose.stdout  # complete ones too
    assert "[identical]" in verbose.stdout  # info findings listed with --verbose


def test_bar_is_full_only_at_100_and_empty_only_at_0():
    assert bar(100, 20) == "█" * 20
    for percent in (98.3, 99.0, 99.99):
        assert bar(percent, 20).count("█") == 19, percent
    assert bar(0, 20) == "░" * 20 and bar(0.01, 20).count("█") == 1
    assert bar(50, 10) == "█" * 5 + "░" * 5


def test_percentages_never_round_up_to_complete():
    assert percent_text(100) == "100.0" and percent_text(99.96) == "99.9" and percent_text(98.35) == "98.3"
    assert percent_text(57.3) == "57.3" and percent_text(0) == "0.0" and percent_text(0.01) == "0.1"


def test_wrap_breaks_at_spaces_and_long_paths_after_a_slash():
    text = "file.po:12: warning [double-space] two spaces between 'přihlásit' and 'se': write one space"
    lines = wrap(text, 40)
    assert all(cell_len(line) <= 40 for line in lines) and all(line.startswith("    ") for line in lines[1:])
    assert words(" ".join(lines)) == text
    path = "locales/cs/LC_MESSAGES/" + "a-very-long-folder-name/" * 3 + "page.po:3: error [links] x"
    lines = wrap(path, 40)
    assert all(cell_len(line) <= 40 for line in lines)
    assert lines[0].endswith("/") and "".join(line.strip() if i else line for i, line in enumerate(lines)).replace(
        "page.po:3:error", "page.po:3: error"
    ).startswith("locales/cs/LC_MESSAGES/a-very-long-folder-name/")
    assert wrap("short", 40) == ["short"]


@pytest.mark.parametrize("width", [120, 100, 80, 60])
def test_coverage_table_fits_every_width_without_cutting(width):
    from rich.console import Console

    rows = [
        CatalogCoverage("cs", "*", 57, 0, 0, 0, 477, 0, 0),
        CatalogCoverage("de", "*", 26800, 538, 2000, 1501, 316000, 4123, 23000),
    ]
    console = Console(width=width, file=__import__("io").StringIO(), color_system=None)
    console.print(coverage_table(rows, {"cs": 3, "de": 332}, width))
    output = console.file.getvalue()
    assert_fits(output, width)
    assert "26800" in output and "316000" in output and "91.3 %" in output  # numbers whole, never folded
    if width >= 120:
        assert "█" in output  # room for the bar
    assert len(LAYOUTS) >= 4
