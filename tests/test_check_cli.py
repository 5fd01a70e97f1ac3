"""``docloc check`` end to end: formats, thresholds, exit codes, and bad input without a traceback."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from docloc.catalog.po import read_catalog

REPO = Path(__file__).resolve().parents[1]


def docloc(*args: str, columns: int | None = None) -> subprocess.CompletedProcess:
    """``docloc check`` with its output piped; ``columns`` sets COLUMNS (unset otherwise: the test's own is ignored)."""
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"} | ({"COLUMNS": str(columns)} if columns else {})
    return subprocess.run(
        [sys.executable, "-m", "docloc", "check", "--jobs", "1", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


@pytest.fixture
def guide(tmp_path) -> Path:
    for name in ("docs", "locales"):
        shutil.copytree(REPO / name, tmp_path / name)
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


def first_msgstr(catalog: Path) -> tuple[str, int, int]:
    """The catalog's text and the span of the first entry's msgstr value (after the header)."""
    text = catalog.read_text(encoding="utf-8")
    start = text.index('msgstr "', text.index("#:")) + len('msgstr "')
    return text, start, text.index('"\n', start)


def test_guide_report_shows_the_real_state(guide):
    result = docloc("--project", str(guide), "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    locales = {row["language"]: row for row in report["locales"]}
    assert set(locales) == {"cs", "pl"}
    for language, row in locales.items():
        folder = guide / "locales" / language / "LC_MESSAGES"
        entries = [e for path in folder.rglob("*.po") for e in read_catalog(path) if not e.obsolete]
        assert row["total"] == len(entries)
        assert row["translated"] == sum(1 for e in entries if e.translated())
    assert not [f for f in report["findings"] if f["check"] == "link-target"]
    assert set(report["checks"]) >= {"links", "unsafe-markup", "link-target", "source-drift"}


def test_coverage_csv_is_not_written_over_the_projects_own_files(guide):
    """check holds the project only to read: --coverage-csv naming a catalog replaced it with the CSV (exit 0)."""
    catalog = next((guide / "locales" / "cs" / "LC_MESSAGES").glob("*.po"))
    page = next((guide / "docs" / "en").glob("*.md"))
    for target in (catalog, page):
        before = target.read_bytes()
        done = docloc("--project", str(guide), "--coverage-csv", str(target))
        assert done.returncode == 2 and "Traceback" not in done.stderr
        assert "the coverage would be written into the project's" in done.stderr and done.stdout == ""
        assert target.read_bytes() == before


@pytest.mark.parametrize("value", ["nan", "inf", "101", "-1"])
def test_min_coverage_is_a_percentage(guide, value):
    """--min-coverage nan is below no coverage: the gate silently never failed."""
    done = docloc("--project", str(guide), "--min-coverage", value)
    assert done.returncode == 2 and "--min-coverage: a percentage from 0 to 100" in done.stderr and not done.stdout


def test_coverage_csv_is_not_written_to_a_file_named_dash(guide, tmp_path):
    """``--coverage-csv -`` reads as "standard output", where the report goes: a usage error, no file named '-'."""
    done = subprocess.run(
        [sys.executable, "-m", "docloc", "check", "--project", str(guide), "--coverage-csv", "-"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 2
    assert "--coverage-csv: '-' is standard output" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "-").exists() and done.stdout == ""


def test_text_output_has_a_table_with_bars_and_coverage_csv_the_same_numbers(guide, tmp_path):
    text = docloc("--project", str(guide), "--coverage-csv", str(tmp_path / "coverage.csv"), columns=120)
    assert text.returncode == 0
    assert "█" * 20 in text.stdout and "Findings per check" in text.stdout  # room for the full bar at 100 %
    data = json.loads(docloc("--project", str(guide), "--format", "json").stdout)
    rows = list(csv.DictReader((tmp_path / "coverage.csv").open(encoding="utf-8")))
    totals = {r["language"]: r for r in rows if r["name"] == "*"}
    assert len(rows) == len(data["catalogs"]) + len(data["locales"])
    for row in data["locales"]:
        assert int(totals[row["language"]]["translated_words"]) == row["translated_words"]
        assert float(totals[row["language"]]["percent"]) == row["percent"]


def test_csv_lists_findings_not_coverage(guide):
    result = docloc("--project", str(guide), "--format", "csv")
    rows = list(csv.DictReader(result.stdout.splitlines()))
    findings = json.loads(docloc("--project", str(guide), "--format", "json").stdout)["findings"]
    assert result.returncode == 0 and len(rows) == len(findings) > 0
    assert [(r["check"], r["file"], int(r["line"])) for r in rows] == [
        (f["check"], f["file"], f["line"]) for f in findings
    ]


def test_locale_filter(guide):
    report = json.loads(docloc("--project", str(guide), "--locale", "pl-PL", "--format", "json").stdout)
    assert [row["language"] for row in report["locales"]] == ["pl"]
    assert all(f["language"] in ("pl", "en") for f in report["findings"])


def test_fail_on_and_min_coverage_exit_1(guide):
    assert docloc("--project", str(guide), "--fail-on", "warning").returncode == 1  # the guide has real warnings
    catalog = guide / "locales" / "cs" / "LC_MESSAGES" / "assign-support-contacts.po"
    text, start, end = first_msgstr(catalog)
    catalog.write_text(text[:start] + text[end:], encoding="utf-8")
    assert docloc("--project", str(guide), "--min-coverage", "90").returncode == 0
    low = docloc("--project", str(guide), "--min-coverage", "100")
    assert low.returncode == 1 and "below the minimum" in low.stdout
    config = guide / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("languages: [cs, pl]", "languages: [cs, pl]\n      min_coverage: {cs: 100}"))
    assert docloc("--project", str(guide)).returncode == 1
    assert docloc("--project", str(guide), "--locale", "pl").returncode == 0


def test_unsafe_translation_is_an_error(guide):
    catalog = guide / "locales" / "pl" / "LC_MESSAGES" / "assign-support-contacts.po"
    text, start, _ = first_msgstr(catalog)
    catalog.write_text(text[:start] + "<img src=x onerror=alert(1)>" + text[start:], encoding="utf-8")
    result = docloc("--project", str(guide), "--format", "json")
    assert result.returncode == 1
    unsafe = [f for f in json.loads(result.stdout)["findings"] if f["check"] == "unsafe-markup"]
    assert len(unsafe) == 1 and "onerror" in unsafe[0]["message"]
    assert unsafe[0]["file"] == "locales/pl/LC_MESSAGES/assign-support-contacts.po" and unsafe[0]["line"] > 0
    assert unsafe[0]["page"].startswith("docs/en/assign-support-contacts.md:")


def test_malformed_po_exits_2_with_its_line(guide):
    catalog = guide / "locales" / "cs" / "LC_MESSAGES" / "assign-support-contacts.po"
    text, start, end = first_msgstr(catalog)
    line = text[:start].count("\n") + 1
    catalog.write_text(text[:end] + text[end + 1 :], encoding="utf-8")  # the closing quote removed
    result = docloc("--project", str(guide))
    assert result.returncode == 2
    assert f"locales/cs/LC_MESSAGES/assign-support-contacts.po:{line}:" in result.stderr
    assert 'the string opened here is never closed with "' in result.stderr
    assert "Traceback" not in result.stderr


def test_the_broken_catalog_named_is_the_one_a_one_process_run_names(guide, monkeypatch):
    """With a malformed catalog in two workers' shares, ``check`` names the first in the run's order whichever
    worker met it: ``-j2`` and ``-j3`` print what ``-j1`` prints, not the one in this process's share."""
    page = guide / "docs" / "en" / "assign-support-contacts.md"
    catalogs = guide / "locales" / "cs" / "LC_MESSAGES"
    for n in range(1, 10):  # catalogs of one size: dealt in their order, the first one to a forked worker
        shutil.copy(page, page.with_name(f"page-{n}.md"))
        shutil.copy(catalogs / "assign-support-contacts.po", catalogs / f"page-{n}.po")
    broken = ["assign-support-contacts.md", "page-8.md"]  # (page-8: in this process's share)
    for name in broken:
        catalog = catalogs / name.replace(".md", ".po")
        text, _, end = first_msgstr(catalog)
        catalog.write_text(text[:end] + "x" + text[end + 1 :], encoding="utf-8")  # never closed; the same size
    from docloc.checks import run
    from docloc.errors import DoclocError
    from docloc.project import Project

    dealt: list = []
    balanced = run._balanced_shares
    monkeypatch.setattr(run, "_balanced_shares", lambda *given: dealt.append(balanced(*given)) or dealt[-1])
    for jobs in (2, 3):
        with pytest.raises(DoclocError):
            run.check_project(Project.open(guide), ["cs", "pl"], jobs=jobs, cache=False)
        first, other = (
            [i for i, share in enumerate(dealt[-1]) if name in dict(share).get("cs", [])] for name in broken
        )
        assert len(first) == 1 and first != [0] and other == [0], "the first broken catalog: a forked worker's"
    runs = [
        subprocess.run(
            [sys.executable, "-m", "docloc", "check", "--jobs", str(jobs), "--project", str(guide)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        for jobs in (1, 2, 3)
    ]
    assert runs[0].returncode == 2 and "locales/cs/LC_MESSAGES/assign-support-contacts.po:" in runs[0].stderr
    for other in runs[1:]:
        assert (other.stdout, other.stderr, other.returncode) == (runs[0].stdout, runs[0].stderr, runs[0].returncode)


def test_a_worker_killed_after_its_report_is_said_to_have_been_killed(guide, monkeypatch):
    """A forked worker that sent its whole report and was killed before its end: the run fails saying so
    (its report is not taken for the place it failed at)."""
    import signal

    from docloc.checks import run
    from docloc.project import Project
    from docloc.workers import WorkerFailed

    page = guide / "docs" / "en" / "assign-support-contacts.md"
    catalogs = guide / "locales" / "cs" / "LC_MESSAGES"
    for n in range(1, 6):
        shutil.copy(page, page.with_name(f"page-{n}.md"))
        shutil.copy(catalogs / "assign-support-contacts.po", catalogs / f"page-{n}.po")
    send_share = run._send_share

    def killed_after_sending(*given) -> None:
        send_share(*given)
        os.kill(os.getpid(), signal.SIGKILL)

    monkeypatch.setattr(run, "_send_share", killed_after_sending)
    with pytest.raises(WorkerFailed, match="was killed"):
        run.check_project(Project.open(guide), ["cs", "pl"], jobs=2, cache=False)


def test_not_a_project_exits_2(tmp_path):
    result = docloc("--project", str(tmp_path))
    assert result.returncode == 2 and "not a docloc project" in result.stderr and "Traceback" not in result.stderr


def test_help_lists_every_check_and_format():
    result = subprocess.run([sys.executable, "-m", "docloc", "check", "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    for check_id in ("links", "inline-code", "unsafe-markup", "identical", "fuzzy", "link-target", "docloc-ignore"):
        assert check_id in result.stdout
    for name in ("text", "json", "csv", "github", "sarif"):
        assert re.search(rf"^  {name} +\S", result.stdout, re.M), name  # each format says what it holds
    assert "one row per finding" in result.stdout and "--coverage-csv FILE" in result.stdout


ODD_TEXTS = ["", "plain", 'a "quote" and a \\ backslash', "tab\tline\nfeed\rreturn\x00\x1f\x7f", "Čeština ěščř",
             "\u2028\u2029 separators", "emoji \U0001f600", "lone \udcff surrogate", "}, {\"check\": \"x\"}",
             "<script>&amp;</script>", "%s {0} %(name)s"]  # fmt: skip


@pytest.mark.parametrize("text", ODD_TEXTS)
def test_the_json_report_writes_each_finding_as_its_dict(text: str) -> None:
    """``_finding_texts`` (the fields written one by one) is the JSON encoder's writing of ``as_dict()``."""
    from docloc.checks.registry import Finding
    from docloc.cli.check import _finding_texts, _json_lines

    encode = json.JSONEncoder(ensure_ascii=False).encode
    findings = [
        Finding(
            "html-tags", "error", text, f"locales/cs/LC_MESSAGES/{text}.po", 12, f"docs/en/{text}.md:3", "cs", text
        ),
        Finding(text, text, text, text, 0, text, text, text),
        Finding("x", "info", "m", "f", True, "", "", ""),  # (bool is an int JSON writes as true)
        Finding("x", "info", "m", "f", 2**70, "", "", ""),
        Finding("x", "info", None, "f", 1, "", "", None),  # type: ignore[arg-type]  # null, not a string
    ]
    assert _finding_texts(findings, encode) == [encode(f.as_dict()) for f in findings]
    as_dicts = {"findings": [f.as_dict() for f in findings], "fail_on": "error"}
    assert _json_lines({"findings": findings, "fail_on": "error"}) == _json_lines(as_dicts)


def test_the_finding_fields_are_those_the_json_report_writes() -> None:
    """``_finding_texts`` writes these fields in this order: a field added to ``Finding`` must be added there."""
    import dataclasses

    from docloc.checks.registry import Finding

    fields = [f.name for f in dataclasses.fields(Finding)]
    assert fields == ["check", "severity", "message", "file", "line", "page", "language", "msgid"]


@pytest.mark.parametrize("text", ODD_TEXTS)
def test_printable_text_escapes_only_what_utf8_cannot_hold(text: str) -> None:
    from docloc.cli.check import _printable

    assert _printable(text) == text.encode("utf-8", "backslashreplace").decode("utf-8")
