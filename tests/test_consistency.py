"""Project-wide checks: the same English translated differently (``inconsistent``) and the glossary
(``terminology``, CSV and TBX, built for inflected languages)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from conftest import copy_project
from docloc.checks import CheckContext
from docloc.checks.glossary import read_csv_glossary, read_tbx_glossary
from docloc.checks.registry import CHECKS, CatalogUnit
from docloc.errors import DoclocError

GUIDE = "assign-support-contacts"
SENTENCE = "After the relationship is established, they should appear in the list."


def docloc(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "docloc", *args], capture_output=True, text=True, timeout=120)


def check_json(project: Path, *args: str) -> dict:
    done = docloc("check", "--project", str(project), "--no-links", "--format", "json", *args)
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)


def second_article(project: Path, translation: str, language: str = "cs", tcomment: str = "") -> Path:
    """A second article holding the guide's SENTENCE, translated as given."""
    (project / "docs" / "en" / "second.md").write_text(f"# Second\n\n{SENTENCE}\n", encoding="utf-8")
    assert docloc("extract", "--project", str(project)).returncode == 0
    assert docloc("update", "--project", str(project), "--no-memory").returncode == 0
    path = project / "locales" / language / "LC_MESSAGES" / "second.po"
    catalog = polib.pofile(str(path))
    found = next(e for e in catalog if e.msgid == SENTENCE)
    found.msgstr, found.tcomment = translation, tcomment
    catalog.save(str(path))
    return path


def test_the_same_english_translated_two_ways_is_reported_where_it_differs(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    guide_path = project / "locales" / "cs" / "LC_MESSAGES" / f"{GUIDE}.po"
    usual = next(e for e in polib.pofile(str(guide_path)) if e.msgid == SENTENCE)
    usual_line = guide_path.read_text(encoding="utf-8").split("\n").index(f'msgid "{SENTENCE}"') + 1
    second_article(project, "Jiný překlad té věty.")
    report = check_json(project)
    found = [f for f in report["findings"] if f["check"] == "inconsistent"]
    assert len(found) == 1
    finding = found[0]
    # The tie goes to the first in file order (the guide's): the second article is where it differs.
    assert finding["file"] == "locales/cs/LC_MESSAGES/second.po" and finding["severity"] == "info"
    assert finding["line"] and finding["page"].startswith("docs/en/second.md:")
    message = finding["message"]
    assert f"'{SENTENCE}' is translated 2 ways in the project" in message
    assert f"'{usual.msgstr}' (1: locales/cs/LC_MESSAGES/{GUIDE}.po:{usual_line})" in message
    assert "'Jiný překlad té věty.' (1: locales/cs/LC_MESSAGES/second.po:" in message
    assert "# docloc-ignore: inconsistent" in message
    assert report["checks"]["inconsistent"]["severity"] == "info"
    assert docloc("check", "--project", str(project), "--no-links").returncode == 0  # information: the run passes
    sarif = json.loads(docloc("check", "--project", str(project), "--no-links", "--format", "sarif").stdout)
    assert "inconsistent" in {rule["id"] for rule in sarif["runs"][0]["tool"]["driver"]["rules"]}


def test_a_translator_keeps_a_deliberate_difference_quiet(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    second_article(project, "Jiný překlad té věty.", tcomment="docloc-ignore: inconsistent")
    assert not [f for f in check_json(project)["findings"] if f["check"] == "inconsistent"]


def test_the_most_used_translation_is_the_one_to_follow() -> None:
    def unit(file: str, text: str, line: int = 3) -> CatalogUnit:
        return CatalogUnit("cs", file, line, None, "Select **Save**.", text, "docs/en/x.md:1", frozenset())

    units = [
        unit("a.po", "Vyberte **Uložit**."),
        unit("b.po", "Zvolte **Uložit**."),
        unit("c.po", "Vyberte **Uložit**."),
    ]
    units.append(CatalogUnit("pl", "p.po", 3, None, "Select **Save**.", "Wybierz **Zapisz**.", "", frozenset()))
    findings = CHECKS["inconsistent"].function(units)
    assert [(f.file, f.language) for f in findings] == [("b.po", "cs")]  # languages are never compared
    assert "the project mostly uses 'Vyberte **Uložit**.'" in findings[0].message
    assert "'Vyberte **Uložit**.' (2: a.po:3, c.po:3)" in findings[0].message


GLOSSARY_CSV = """en,cs,pl,note
customer|customers,zákazník*|zákaznic*,klient*,people and companies who buy
Partner Center,partnersk* centr*|!centr* partner*,Centrum partnerskie|centr* partnersk*,product name
subscription*,předplatn*,subskrypc*,
"""


@pytest.mark.parametrize(
    ("english", "translation", "language", "problem"),
    [
        ("Select the customer.", "Vyberte zákazníka.", "cs", None),  # inflected: the stem takes it
        ("Ask your customers.", "Zeptejte se svých zákaznic.", "cs", None),  # another accepted form
        ("Select the customer.", "Vyberte klienta.", "cs", "the glossary asks for zákazník* | zákaznic*"),
        ("Sign in to Partner Center.", "Přihlaste se do Partnerského centra.", "cs", None),
        ("Sign in to Partner Center.", "Přihlaste se v partnerském centru.", "cs", None),  # any case, any form
        ("Sign in to Partner Center.", "Přihlaste se do Centra partnerů.", "cs", "not to use for 'Partner Center'"),
        ("Open the subscriptions.", "Otevřete předplatná.", "cs", None),  # a stem on the English side too
        ("Open the subscriptions.", "Otwórz subskrypcje.", "pl", None),
        ("Select the customer.", "Wybierz klienta.", "pl", None),
        ("Select the customer.", "Wybierz odbiorcę.", "pl", "the glossary asks for klient*"),
        ("Customerization is a word.", "Nic.", "cs", None),  # whole words only
        ("Select the customer.", "Vyberte klienta.", "de", None),  # no forms for German: nothing to check
    ],
)
def test_glossary_forms_stems_and_forbidden_forms(
    english: str, translation: str, language: str, problem: str | None
) -> None:
    glossary = read_csv_glossary(GLOSSARY_CSV, "terms.csv", "en")
    found = glossary.problems(english, translation, language)
    if problem is None:
        assert found is None, found
    else:
        assert found is not None and problem in found and found.endswith("in the form the sentence needs")


def test_a_term_inside_a_longer_term_is_the_longer_ones_business() -> None:
    glossary = read_csv_glossary("en,cs\nPartner Center,partnersk* centr*\ncenter,středisk*\n", "t.csv", "en")
    assert glossary.problems("Open Partner Center.", "Otevřete Partnerské centrum.", "cs") is None
    assert "středisk*" in glossary.problems("Open the center.", "Otevřete centrum.", "cs")


TBX = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="en-US">
  <text><body>
    <termEntry id="c1">
      <langSet xml:lang="en-US"><tig><term>customer</term></tig></langSet>
      <langSet xml:lang="cs-CZ">
        <tig><term>zákazník*</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
        <tig><term>klient*</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
      </langSet>
    </termEntry>
  </body></text>
</martif>
"""


def test_tbx_glossary(tmp_path: Path) -> None:
    path = tmp_path / "terms.tbx"
    path.write_text(TBX, encoding="utf-8")
    glossary = read_tbx_glossary(path, "terms.tbx", "en")
    assert glossary.problems("Select the customer.", "Vyberte zákazníka.", "cs") is None
    message = glossary.problems("Select the customer.", "Vyberte klienta.", "cs")
    assert "the glossary asks for zákazník*" in message and "'klienta', which the glossary says not to use" in message


def test_terminology_findings_in_docloc_check(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "terms.csv").write_text("en,cs\nrelationship,vztah*\n", encoding="utf-8")
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        text.replace("      coverage_threshold: 80\n", "      coverage_threshold: 80\n      glossary: terms.csv\n"),
        encoding="utf-8",
    )
    findings = [f for f in check_json(project, "--locale", "cs")["findings"] if f["check"] == "terminology"]
    assert findings and all(f["severity"] == "warning" for f in findings)
    assert all("relationship" in f["msgid"] for f in findings)
    assert all("the glossary asks for vztah* for 'relationship'" in f["message"] for f in findings)
    # The site build accepts the setting (MkDocs refuses unknown plugin options under --strict).
    from conftest import build_site

    build_site(project, tmp_path / "site")


@pytest.mark.parametrize(
    ("name", "content", "where", "message"),
    [
        ("terms.csv", "word;cs\ncustomer;zákazník*\n", "terms.csv:1:1:", "the first column is the English"),
        ("terms.csv", "en,cs,12\ncustomer,a,b\n", "terms.csv:1:", "a language code such as cs"),
        ("terms.csv", "en,cs\ncustomer,*\n", "terms.csv:2:", "'*' is not a term"),
        ("terms.tbx", "<martif><text>\n<body></martif>", "terms.tbx:2:", "not well-formed XML"),
        ("terms.tbx", "<glossary/>", "terms.tbx:1:", "not a TBX file"),
    ],
)
def test_a_bad_glossary_is_a_located_error(tmp_path: Path, name: str, content: str, where: str, message: str) -> None:
    project = copy_project(tmp_path / "project")
    (project / name).write_text(content, encoding="utf-8")
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        text.replace("      coverage_threshold: 80\n", f"      coverage_threshold: 80\n      glossary: {name}\n"),
        encoding="utf-8",
    )
    done = docloc("check", "--project", str(project), "--no-links")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.startswith(where) and message in done.stderr, done.stderr


def test_a_glossary_outside_the_project_is_refused(tmp_path: Path) -> None:
    from docloc.checks.glossary import load_glossary

    (tmp_path / "terms.csv").write_text("en,cs\na,b\n", encoding="utf-8")
    (tmp_path / "project").mkdir()
    with pytest.raises(DoclocError, match="outside the project"):
        load_glossary(tmp_path / "project", "../terms.csv")
    with pytest.raises(DoclocError, match="does not exist"):
        load_glossary(tmp_path / "project", "missing.csv")


def test_without_a_glossary_terminology_says_nothing() -> None:
    from docloc.checks import CHECKS

    assert CHECKS["terminology"].function("Select the customer.", "Vyberte klienta.", CheckContext("cs")) is None


def test_a_term_in_a_link_target_or_code_is_not_asked_for() -> None:
    """The glossary judges the prose: "customer" in a link's target or in code is no word a translator
    translates (it asked for zákazník* where the only "customer" was in '…-with-a-customer.md')."""
    context = CheckContext("cs", glossary=read_csv_glossary(GLOSSARY_CSV, "terms.csv", "en"))
    terminology = CHECKS["terminology"].function
    linked = "See [the relationship](request-a-relationship-with-a-customer.md)."
    assert terminology(linked, "Viz [vztah](request-a-relationship-with-a-customer.md).", context) is None
    assert terminology("Run `Get-Customer`.", "Spusťte `Get-Customer`.", context) is None
    assert "zákazník*" in terminology("Ask the [customer](c.md).", "Zeptejte se [klienta](c.md).", context)
