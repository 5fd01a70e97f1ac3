"""Hand-off to CAT tools: XLIFF 2.0 out and back (three-way), TMX 1.4b out, both validated against the
official schemas (tests/schemas/) and read back by translate-toolkit as an independent reader."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polib
import pytest
from lxml import etree

from conftest import ROOT, copy_project
from docloc.cli import main
from docloc.formats.xliff import MDA_NS, XLIFF_NS, unit_id
from docloc.workflows.handoff import CONFLICT, OURS, SAME, THEIRS, three_way

SCHEMAS = ROOT / "tests" / "schemas"
NS = {"x": XLIFF_NS, "mda": MDA_NS}
GUIDE = "assign-support-contacts"
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def xliff_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "xliff-2.0" / "docloc-validation.xsd"), PARSER))


def tmx_dtd() -> etree.DTD:
    return etree.DTD(str(SCHEMAS / "tmx-1.4b" / "tmx14.dtd"))


def docloc(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "docloc", *args], capture_output=True, text=True, timeout=120)


def po_path(project: Path, language: str = "cs") -> Path:
    return project / "locales" / language / "LC_MESSAGES" / f"{GUIDE}.po"


def entries(path: Path) -> dict[tuple[str | None, str], tuple[str, bool, str]]:
    """Every active entry: key → (translation, fuzzy, translator comment)."""
    return {(e.msgctxt, e.msgid): (e.msgstr, e.fuzzy, e.tcomment) for e in polib.pofile(str(path)) if not e.obsolete}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The guide project with one fuzzy and one untranslated entry in Czech, so every state is exported."""
    root = copy_project(tmp_path / "project")
    catalog = polib.pofile(str(po_path(root)))
    next(e for e in catalog if e.msgid == "Next steps").msgstr = ""
    review = next(e for e in catalog if e.msgid.startswith("Review that"))
    review.flags.append("fuzzy")
    review.previous_msgid = "Review that the changes are right, and then select **Close**."
    catalog.save(str(po_path(root)))
    return root


def export(project: Path, fmt: str, out: Path, language: str = "cs") -> None:
    assert main(["export", "--project", str(project), "--locale", language, "--format", fmt, "--out", str(out)]) == 0


def segment(doc: etree._ElementTree, msgid: str, msgctxt: str | None = None) -> etree._Element:
    unit = doc.find(f".//x:unit[@id='{unit_id(msgctxt, msgid)}']", NS)
    assert unit is not None, msgid
    return unit.find("x:segment", NS)


def test_xliff_export_validates_and_translate_toolkit_reads_it(project: Path, tmp_path: Path) -> None:
    from translate.storage import xliff2

    for language in ("cs", "pl"):
        export(project, "xliff", tmp_path / language, language)
        path = tmp_path / language / f"{GUIDE}.xlf"
        doc = etree.parse(str(path), PARSER)
        schema = xliff_schema()
        assert schema.validate(doc), schema.error_log
        catalog = [e for e in polib.pofile(str(po_path(project, language))) if not e.obsolete and e.msgid]
        store = xliff2.Xliff2File.parsefile(str(path))
        units = list(store.units)
        assert [u.source for u in units] == [e.msgid for e in catalog]
        assert [u.target or "" for u in units] == [e.msgstr for e in catalog]
        assert [u.isfuzzy() for u in units] == [e.fuzzy and bool(e.msgstr) for e in catalog]
        assert [u.istranslated() for u in units] == [bool(e.msgstr) and not e.fuzzy for e in catalog]
        assert {u.getid() for u in units} == {unit_id(e.msgctxt, e.msgid) for e in catalog}
    doc = etree.parse(str(tmp_path / "cs" / f"{GUIDE}.xlf"), PARSER)
    root = doc.getroot()
    assert root.get("srcLang") == "en" and root.get("trgLang") == "cs-CZ"
    untranslated = segment(doc, "Next steps")
    assert untranslated.get("state") == "initial" and untranslated.find("x:target", NS) is None
    fuzzy = segment(doc, "Review that the changes are correct, and then select **Close**.")
    assert fuzzy.get("state") == "initial" and fuzzy.get("subState") == "docloc:fuzzy"
    notes = fuzzy.getparent().find("x:notes", NS)
    assert notes.find("x:note[@category='previous-source']", NS).text.endswith("are right, and then select **Close**.")
    assert "ms-id:" not in etree.tostring(doc, encoding="unicode")  # docloc's bookkeeping stays home
    title = segment(doc, "Assign a reseller as a technical support contact for customers", "title")
    assert title.get("state") == "translated"


def test_xliff_round_trip_as_a_cat_tool_would_edit_it(project: Path, tmp_path: Path) -> None:
    before = entries(po_path(project))
    export(project, "xliff", tmp_path / "out")
    path = tmp_path / "out" / f"{GUIDE}.xlf"
    doc = etree.parse(str(path), PARSER)
    edits = {
        # translated an untranslated entry, confirmed it
        (None, "Next steps"): ("Další kroky", "translated"),
        # confirmed the fuzzy suggestion as it is
        (None, "Review that the changes are correct, and then select **Close**."): (None, "reviewed"),
        # changed a translation, left it for review
        (None, "After the relationship is established, they should appear in the list."): (
            "Po navázání vztahu by se měli zobrazit v seznamu.",
            "initial",
        ),
        # changed the page title's translation
        ("title", "Assign a reseller as a technical support contact for customers"): (
            "Přiřazení prodejce jako kontaktu podpory",
            "final",
        ),
    }
    for (msgctxt, msgid), (text, state) in edits.items():
        seg = segment(doc, msgid, msgctxt)
        if text is not None:
            target = seg.find("x:target", NS)
            if target is None:
                target = etree.SubElement(seg, f"{{{XLIFF_NS}}}target")
            target.text = text
        seg.set("state", state)
        if "subState" in seg.attrib:
            del seg.attrib["subState"]
    doc.write(str(path), xml_declaration=True, encoding="UTF-8")
    assert xliff_schema().validate(etree.parse(str(path), PARSER))
    assert main(["import", str(tmp_path / "out"), "--project", str(project)]) == 0
    after = entries(po_path(project))
    expected = dict(before)
    for key, (text, state) in edits.items():
        text = text if text is not None else before[key][0]
        expected[key] = (text, state == "initial", before[key][2])
    assert after == expected
    check = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po_path(project))], capture_output=True)
    assert check.returncode == 0
    confirmed = polib.pofile(str(po_path(project)))
    review = next(e for e in confirmed if e.msgid.startswith("Review that"))
    assert review.previous_msgid is None  # confirmed: the previous English goes, as PO editors do
    # Importing the same file again changes nothing.
    data = po_path(project).read_bytes()
    assert main(["import", str(path), "--project", str(project)]) == 0
    assert po_path(project).read_bytes() == data
    # A second export validates too, and carries the new base.
    export(project, "xliff", tmp_path / "again")
    again = etree.parse(str(tmp_path / "again" / f"{GUIDE}.xlf"), PARSER)
    assert xliff_schema().validate(again)
    base = segment(again, "Next steps").getparent().find(".//mda:meta[@type='base-target']", NS)
    assert base.text == "Další kroky"


def test_both_changed_keeps_the_projects_translation_and_suggests_the_xliffs(
    project: Path, tmp_path: Path, capsys
) -> None:
    export(project, "xliff", tmp_path / "out")
    path = tmp_path / "out" / f"{GUIDE}.xlf"
    changed_both = "After the relationship is established, they should appear in the list."
    changed_project = "Next steps"
    # The project moves on after the export.
    catalog = polib.pofile(str(po_path(project)))
    next(e for e in catalog if e.msgid == changed_both).msgstr = "Projekt: překlad z projektu."
    next(e for e in catalog if e.msgid == changed_project).msgstr = "Další kroky (projekt)"
    catalog.save(str(po_path(project)))
    before = entries(po_path(project))
    # The CAT tool changes one of the same entries, differently.
    doc = etree.parse(str(path), PARSER)
    target = segment(doc, changed_both).find("x:target", NS)
    target.text = "CAT: překlad z nástroje."
    line = target.getparent().getparent().sourceline
    doc.write(str(path), xml_declaration=True, encoding="UTF-8")
    assert main(["import", str(path), "--project", str(project)]) == 0
    captured = capsys.readouterr()
    assert "1 conflicts (the project's translation kept, the XLIFF's as a suggestion)" in captured.out
    assert f"warning: locales/cs/LC_MESSAGES/{GUIDE}.po:" in captured.err and f"{path}:" in captured.err
    after = entries(po_path(project))
    assert after[(None, changed_both)][0] == "Projekt: překlad z projektu."
    assert 'docloc-suggestion: "CAT: překlad z nástroje."' in after[(None, changed_both)][2]
    assert after[(None, changed_project)] == before[(None, changed_project)]  # the XLIFF did not touch it
    assert line  # the unit was found where the tool wrote it
    assert {k: v for k, v in after.items() if k != (None, changed_both)} == {
        k: v for k, v in before.items() if k != (None, changed_both)
    }


def test_units_without_docloc_metadata_come_back_by_their_id(project: Path, tmp_path: Path) -> None:
    export(project, "xliff", tmp_path / "out")
    path = tmp_path / "out" / f"{GUIDE}.xlf"
    doc = etree.parse(str(path), PARSER)
    for metadata in doc.findall(".//x:unit/mda:metadata", NS):  # a tool that drops module data
        metadata.getparent().remove(metadata)
    segment(doc, "Next steps").append(etree.fromstring(f'<target xmlns="{XLIFF_NS}">Další kroky</target>'))
    segment(doc, "Next steps").set("state", "translated")
    doc.write(str(path), xml_declaration=True, encoding="UTF-8")
    assert main(["import", str(path), "--project", str(project)]) == 0
    assert entries(po_path(project))[(None, "Next steps")][:2] == ("Další kroky", False)


@pytest.mark.parametrize(
    ("content", "where", "message"),
    [
        ("<xliff version='2.0'><file", ":1:", "not well-formed XML"),
        (
            '<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"/>',
            ":1:",
            "XLIFF 1.x: export XLIFF 2.0",
        ),
        (
            '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
            '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="cs">'
            '<file id="f" original="assign-support-contacts.md"><unit id="u">'
            "<segment><source>a</source><target>&e;</target></segment></unit></file></xliff>",
            ":2:",
            "entity reference &e; is not supported",
        ),
        (
            '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="cs">\n'
            '<file id="f" original="no-such-article.md"><unit id="u"><segment><source>a</source></segment></unit>'
            "</file></xliff>",
            ":2:",
            "no catalog locales/cs/LC_MESSAGES/no-such-article.po",
        ),
        (
            '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="cs">\n'
            '<file id="f" original="assign-support-contacts.md"><unit id="u"><segment><source>a</source>\n'
            '<target>a <ph id="1"/></target></segment></unit></file></xliff>',
            ":3:",
            "inline code <ph>",
        ),
        (  # a code point beyond int's range was an internal error (OverflowError)
            '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="cs">\n'
            '<file id="f" original="assign-support-contacts.md"><unit id="u"><segment><source>a</source>\n'
            '<target>a <cp hex="FFFFFFFFFFFFFFFFFFFF"/></target></segment></unit></file></xliff>',
            ":3:",
            "a <cp> without a hexadecimal code point",
        ),
        (  # a lone surrogate (or NUL) reached the catalog writer, which refused it with no place in the XLIFF
            '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="cs">\n'
            '<file id="f" original="assign-support-contacts.md"><unit id="u"><segment><source>a</source>\n'
            '<target>a <cp hex="D800"/></target></segment></unit></file></xliff>',
            ":3:",
            "not a character a catalog can hold",
        ),
    ],
)
def test_bad_xliff_is_a_located_error_and_writes_nothing(
    project: Path, tmp_path: Path, content: str, where: str, message: str
) -> None:
    good = tmp_path / "out"
    export(project, "xliff", good)
    doc = etree.parse(str(good / f"{GUIDE}.xlf"), PARSER)
    segment(doc, "Next steps").append(etree.fromstring(f'<target xmlns="{XLIFF_NS}">Další kroky</target>'))
    doc.write(str(good / f"{GUIDE}.xlf"), xml_declaration=True, encoding="UTF-8")
    bad = tmp_path / "bad.xlf"
    bad.write_text(content, encoding="utf-8")
    before = {p: p.read_bytes() for p in (project / "locales").rglob("*.po")}
    done = docloc("import", str(good / f"{GUIDE}.xlf"), str(bad), "--project", str(project))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.startswith(f"{bad}{where}") and message in done.stderr, done.stderr
    assert {p: p.read_bytes() for p in (project / "locales").rglob("*.po")} == before  # not even the good file


def test_xliff_in_a_folder_is_not_read_through_a_link_leaving_it(project: Path, tmp_path: Path) -> None:
    export(project, "xliff", tmp_path / "elsewhere")
    folder = tmp_path / "from-cat-tool"
    folder.mkdir()
    (folder / f"{GUIDE}.xlf").symlink_to(tmp_path / "elsewhere" / f"{GUIDE}.xlf")
    before = {p: p.read_bytes() for p in (project / "locales").rglob("*.po")}
    done = subprocess.run(
        [sys.executable, "-m", "docloc", "import", str(folder), "--project", str(project)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2 and "a link to a file outside" in done.stderr and "Traceback" not in done.stderr
    assert {p: p.read_bytes() for p in (project / "locales").rglob("*.po")} == before


def test_tmx_export_validates_and_translate_toolkit_reads_it(project: Path, tmp_path: Path) -> None:
    from translate.storage import tmx

    export(project, "tmx", tmp_path / "out")
    path = tmp_path / "out" / "cs.tmx"
    doc = etree.parse(str(path), PARSER)
    dtd = tmx_dtd()
    assert dtd.validate(doc), dtd.error_log
    assert doc.docinfo.system_url == "tmx14.dtd" and doc.getroot().get("version") == "1.4"
    store = tmx.tmxfile.parsefile(str(path))
    pairs = {(u.source, u.target) for u in store.units}
    catalog = polib.pofile(str(po_path(project)))
    approved = {
        (e.msgid, e.msgstr)
        for e in catalog
        if e.msgid and e.msgstr and not e.fuzzy and not e.obsolete and e.msgctxt not in ("title", "description")
    }
    assert pairs == approved
    assert ("Next steps", "") not in pairs and not any(s.startswith("Review that") for s, _ in pairs)  # not approved


def test_a_tmx_export_serves_another_project_as_a_compendium(project: Path, tmp_path: Path) -> None:
    export(project, "tmx", tmp_path / "out")
    other = copy_project(tmp_path / "other")
    (other / "tm").mkdir()
    (other / "tm" / "cs.tmx").write_bytes((tmp_path / "out" / "cs.tmx").read_bytes())
    text = (other / "mkdocs.yml").read_text(encoding="utf-8")
    (other / "mkdocs.yml").write_text(
        text.replace(
            "      coverage_threshold: 80\n", '      coverage_threshold: 80\n      compendia: ["tm/cs.tmx"]\n'
        ),
        encoding="utf-8",
    )
    sentence = "After the relationship is established, they should appear in the list."
    (other / "docs" / "en" / "new.md").write_text(f"# New\n\n{sentence}\n", encoding="utf-8")
    assert main(["extract", "--project", str(other)]) == 0
    assert main(["update", "--project", str(other)]) == 0
    found = next(
        e for e in polib.pofile(str(other / "locales" / "cs" / "LC_MESSAGES" / "new.po")) if e.msgid == sentence
    )
    assert found.msgstr == entries(po_path(project))[(None, sentence)][0] and found.fuzzy
    assert "tm/cs.tmx:" in found.tcomment or "assign-support-contacts.po:" in found.tcomment


def test_bilingual_and_translated_exports_are_unchanged(project: Path, tmp_path: Path) -> None:
    """The CAT formats sit beside the article formats: these still write the same articles."""
    for fmt in ("bilingual", "translated"):
        export(project, fmt, tmp_path / fmt)
        text = (tmp_path / fmt / f"{GUIDE}.md").read_text(encoding="utf-8")
        assert text.startswith("---\n") and "Next steps" in text
    assert '<span data-ttu-id="' in (tmp_path / "bilingual" / f"{GUIDE}.md").read_text(encoding="utf-8")


def test_a_unit_without_target_leaves_the_translation_an_empty_target_removes_it(project: Path, tmp_path: Path) -> None:
    export(project, "xliff", tmp_path / "out")
    path = tmp_path / "out" / f"{GUIDE}.xlf"
    kept, emptied = SENTENCE_KEPT, SENTENCE_EMPTIED
    doc = etree.parse(str(path), PARSER)
    seg = segment(doc, kept)
    seg.remove(seg.find("x:target", NS))  # a tool that drops the target: no opinion
    seg.set("state", "initial")
    segment(doc, emptied).find("x:target", NS).text = ""  # the translator cleared it
    doc.write(str(path), xml_declaration=True, encoding="UTF-8")
    before = entries(po_path(project))
    assert main(["import", str(path), "--project", str(project)]) == 0
    after = entries(po_path(project))
    assert after[(None, kept)] == before[(None, kept)]
    assert after[(None, emptied)][:2] == ("", False)


SENTENCE_KEPT = "After the relationship is established, they should appear in the list."
SENTENCE_EMPTIED = "Remove a relationship with a customer"


@pytest.mark.parametrize(
    ("ours", "theirs", "base", "ours_changed", "decision"),
    [
        (("Ano", False), ("Ano", False), ("Ne", False), True, SAME),
        (("Ne", False), ("Ano", False), ("Ne", False), False, THEIRS),  # only the hand-off changed it
        (("Ano", False), ("Ne", False), ("Ne", False), True, OURS),  # only the project changed it
        (("Ano", False), ("", False), ("Ne", False), True, OURS),  # an empty translation never conflicts
        (("Ano", False), ("Jo", False), ("Ne", False), True, CONFLICT),
        (("Ano", False), ("Ano", True), ("Ano", True), True, OURS),  # the project confirmed a suggestion
        (("Ano", False), ("Jo", False), None, True, CONFLICT),  # without a base the other side counts as changed
        (("", False), ("Jo", False), None, False, THEIRS),
    ],
)
def test_one_three_way_rule_for_both_kinds_of_handoff(ours, theirs, base, ours_changed, decision) -> None:
    """The rule bilingual re-import and XLIFF import share (workflows.handoff.three_way)."""
    assert three_way(ours, theirs, base, ours_changed) == decision


@pytest.mark.parametrize(
    "original",
    [
        f"../../pl/LC_MESSAGES/{GUIDE}.md",  # another language's catalog than trgLang says
        f"../../../../victim/locales/cs/LC_MESSAGES/{GUIDE}.md",  # a PO file outside the project
        "ABSOLUTE",  # the same file by its absolute path
        f"./{GUIDE}.md",
        f"sub/../{GUIDE}.md",
        f"..\\..\\pl\\LC_MESSAGES\\{GUIDE}.md",  # Windows's separator
    ],
)
def test_an_xliff_file_names_only_an_article_of_the_project(project: Path, tmp_path: Path, original: str) -> None:
    """``<file original>`` is the vendor's word: a name export did not write writes nothing, inside or outside."""
    victim = tmp_path / "victim" / "locales" / "cs" / "LC_MESSAGES" / f"{GUIDE}.po"
    victim.parent.mkdir(parents=True)
    victim.write_bytes(po_path(project).read_bytes())
    if original == "ABSOLUTE":
        original = str(victim.with_suffix(".md"))
    out = tmp_path / "out"
    export(project, "xliff", out)
    doc = etree.parse(str(out / f"{GUIDE}.xlf"), PARSER)
    doc.find("x:file", NS).set("original", original)
    target = segment(doc, "Next steps").makeelement(f"{{{XLIFF_NS}}}target")
    target.text = "PODVRH"
    segment(doc, "Next steps").append(target)
    hostile = tmp_path / "hostile.xlf"
    doc.write(str(hostile), xml_declaration=True, encoding="UTF-8")
    before = {p: p.read_bytes() for p in (*(project / "locales").rglob("*.po"), victim)}
    done = docloc("import", str(hostile), "--project", str(project))
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert "no catalog" in done.stderr and "was this file exported from this project?" in done.stderr
    assert {p: p.read_bytes() for p in before} == before


def test_markup_an_xliff_brings_is_not_published_by_the_translated_export(project: Path, tmp_path: Path) -> None:
    """A vendor's target with markup its English lacks comes into the catalog (check reports it, the site
    publishes the English); the target-language article ``export`` writes must not publish it either."""
    out = tmp_path / "xliff"
    export(project, "xliff", out)
    doc = etree.parse(str(out / f"{GUIDE}.xlf"), PARSER)
    hostile = {
        "Next steps": "Další kroky <img src=x onerror=alert(1)>",
        "Assign contacts": "Přiřazení [kontaktů](javascript:alert(1))",
    }
    for msgid, text in hostile.items():
        found = segment(doc, msgid)
        for old in found.findall("x:target", NS):
            found.remove(old)
        target = found.makeelement(f"{{{XLIFF_NS}}}target")
        target.text = text
        found.append(target)
        found.set("state", "final")
    doc.write(str(out / f"{GUIDE}.xlf"), xml_declaration=True, encoding="UTF-8")
    assert main(["import", str(out / f"{GUIDE}.xlf"), "--project", str(project)]) == 0
    assert entries(po_path(project))[(None, "Next steps")][0] == hostile["Next steps"]  # in the catalog, reported
    translated = tmp_path / "translated"
    export(project, "translated", translated)
    page = (translated / f"{GUIDE}.md").read_text(encoding="utf-8")
    assert "onerror" not in page and "javascript:" not in page
    assert "Next steps" in page  # the English, as the site publishes it
    assert "Assign contacts" in page
