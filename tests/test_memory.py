"""The translation memory: suggestions in ``update`` and ``import``, compendia, settings, the site's fallback,
and the benchmark's acceptance targets on the corpus history."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from rapidfuzz import fuzz, process

from conftest import ROOT, build_site, copy_project
from corpus_paths import require_corpus
from docloc.catalog import conventions as cat
from docloc.catalog.memory import NEAR_THRESHOLD, TranslationMemory, Use
from docloc.catalog.po import catalog_text, new_pofile, read_catalog, write_catalog
from docloc.cli import main
from docloc.workflows.memory import MEMORY_COMMENT, fill_from_memory, may_have_untranslated, suggestion_comment

GUIDE = "assign-support-contacts.md"
CLOSE = "Review that the changes are correct, and then select **Close**."
SAVE = "Review that the changes are correct, and then select **Save**."
NEW_PAGE = f"""# Second page

{CLOSE}

A sentence nobody has translated anywhere.
"""


def catalog(project: Path, language: str, name: str) -> polib.POFile:
    return polib.pofile(str(project / "locales" / language / "LC_MESSAGES" / name.replace(".md", ".po")))


def entry(po: polib.POFile, msgid: str) -> polib.POEntry:
    return next(e for e in po if e.msgid == msgid and not e.obsolete)


def guide_translation(language: str, msgid: str) -> str:
    return entry(catalog(ROOT, language, GUIDE), msgid).msgstr


def configure(project: Path, **options: object) -> None:
    """Set options of the docloc plugin entry in the project's mkdocs.yml."""
    path = project / "mkdocs.yml"
    text = path.read_text(encoding="utf-8")
    block = "".join(f"      {key}: {json.dumps(value)}\n" for key, value in options.items())  # JSON is YAML
    assert "      coverage_threshold: 80\n" in text
    path.write_text(text.replace("      coverage_threshold: 80\n", "      coverage_threshold: 80\n" + block), "utf-8")


def project_with_page(tmp_path: Path, page: str = NEW_PAGE, **options: object) -> Path:
    """The guide project with a second English page, extracted (not yet updated)."""
    project = copy_project(tmp_path / "project")
    if options:
        configure(project, **options)
    (project / "docs" / "en" / "second.md").write_text(page, encoding="utf-8")
    assert main(["extract", "--project", str(project)]) == 0
    return project


def test_exact_match_from_another_article_is_a_fuzzy_suggestion(tmp_path: Path, capsys) -> None:
    project = project_with_page(tmp_path)
    assert main(["update", "--project", str(project)]) == 0
    out = capsys.readouterr().out
    assert "cs second.md: kept 0, fuzzy 0, new 2, obsolete 0, from memory 1 (1 exact, 0 near) (new catalog)" in out
    for language in ("cs", "pl"):
        found = entry(catalog(project, language, "second.md"), CLOSE)
        assert found.msgstr == guide_translation(language, CLOSE)
        assert found.fuzzy and found.previous_msgid is None  # a suggestion to review; the English is the same
        where = f"locales/{language}/LC_MESSAGES/assign-support-contacts.po:"
        assert found.tcomment.startswith(MEMORY_COMMENT) and where in found.tcomment
        assert entry(catalog(project, language, "second.md"), "A sentence nobody has translated anywhere.").msgstr == ""
        po = project / "locales" / language / "LC_MESSAGES" / "second.po"
        check = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
    # The guide's catalogs, which fed the memory, are untouched; a second update changes nothing.
    for language in ("cs", "pl"):
        guide = Path("locales") / language / "LC_MESSAGES" / "assign-support-contacts.po"
        assert (project / guide).read_bytes() == (ROOT / guide).read_bytes()
    before = {p: p.read_bytes() for p in (project / "locales").rglob("*.po")}
    assert main(["update", "--project", str(project)]) == 0
    assert {p: p.read_bytes() for p in (project / "locales").rglob("*.po")} == before


def test_near_match_shows_the_matched_english_as_previous_msgid(tmp_path: Path) -> None:
    project = project_with_page(tmp_path, NEW_PAGE.replace(CLOSE, SAVE))
    assert main(["update", "--project", str(project)]) == 0
    found = entry(catalog(project, "cs", "second.md"), SAVE)
    assert found.fuzzy and found.previous_msgid == CLOSE and found.msgstr == guide_translation("cs", CLOSE)
    assert (
        f"{fuzz.ratio(SAVE, CLOSE):.0f} % like the English of locales/cs/LC_MESSAGES/assign-support-contacts.po:"
        in (found.tcomment)
    )


def test_exact_matches_as_translated_where_the_project_opts_in(tmp_path: Path) -> None:
    project = project_with_page(tmp_path, tm_exact="translated")
    assert main(["update", "--project", str(project)]) == 0
    found = entry(catalog(project, "cs", "second.md"), CLOSE)
    assert not found.fuzzy and found.msgstr == guide_translation("cs", CLOSE)
    assert found.tcomment.startswith(MEMORY_COMMENT)


@pytest.mark.parametrize("how", ["--no-memory", "tm: false"])
def test_the_memory_can_be_switched_off(tmp_path: Path, how: str) -> None:
    project = project_with_page(tmp_path, **({"tm": False} if how == "tm: false" else {}))
    args = ["update", "--project", str(project)] + ([how] if how.startswith("--") else [])
    assert main(args) == 0
    assert entry(catalog(project, "cs", "second.md"), CLOSE).msgstr == ""


def test_bad_memory_settings_are_located_errors(tmp_path: Path, capsys) -> None:
    for options, message in (
        ({"tm_exact": "always"}, "docloc's tm_exact: Expected one of: ('fuzzy', 'translated')"),
        ({"compendia": ["../outside.po"]}, "is outside the project"),
        ({"compendia": ["missing.tmx"]}, "does not exist"),
    ):
        project = project_with_page(tmp_path / str(len(message)))
        configure(project, **options)  # after extract: mkdocs.yml is validated by every command
        before = {p: p.read_bytes() for p in (project / "locales").rglob("*.po")}
        code = subprocess.run(
            [sys.executable, "-m", "docloc", "update", "--project", str(project)], capture_output=True, text=True
        )
        assert code.returncode == 2 and code.stderr.partition(":")[0].endswith("mkdocs.yml") and message in code.stderr
        assert "Traceback" not in code.stderr
        assert {p: p.read_bytes() for p in (project / "locales").rglob("*.po")} == before


def test_compendia_po_and_tmx_feed_the_memory(tmp_path: Path) -> None:
    page = "# Compendia\n\nOnly the PO compendium knows this sentence.\n\nOnly the TMX compendium knows this one.\n"
    project = project_with_page(tmp_path, page, compendia=["tm/cs.po", "tm/company.tmx"])
    (project / "tm").mkdir()
    po = cat.new_catalog("A compendium", cat.base_metadata("tm", "2024-01-01 00:00+0000", "cs"))
    po.append(polib.POEntry(msgid="Only the PO compendium knows this sentence.", msgstr="Jen kompendium PO."))
    po.append(polib.POEntry(msgid="A fuzzy one.", msgstr="Nejisté.", flags=["fuzzy"]))
    (project / "tm" / "cs.po").write_text(catalog_text(po), encoding="utf-8")
    (project / "tm" / "company.tmx").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="t" creationtoolversion="1" '
        'segtype="sentence" o-tmf="x" adminlang="en" srclang="en-US" datatype="plaintext"/><body>'
        '<tu usagecount="4"><tuv xml:lang="en-US"><seg>Only the TMX compendium knows this one.</seg></tuv>'
        '<tuv xml:lang="cs-CZ"><seg>Jen <hi>TMX</hi> kompendium.</seg></tuv>'
        '<tuv xml:lang="pl-PL"><seg>Tylko TMX.</seg></tuv></tu></body></tmx>\n',
        encoding="utf-8",
    )
    assert main(["update", "--project", str(project)]) == 0
    cs = catalog(project, "cs", "second.md")
    assert entry(cs, "Only the PO compendium knows this sentence.").msgstr == "Jen kompendium PO."
    tmx = entry(cs, "Only the TMX compendium knows this one.")
    assert tmx.msgstr == "Jen TMX kompendium." and "(4 uses: tm/company.tmx:2)" in tmx.tcomment
    pl = catalog(project, "pl", "second.md")  # the PO compendium is Czech: nothing from it in Polish
    assert entry(pl, "Only the PO compendium knows this sentence.").msgstr in ("", "Tylko TMX.")
    assert entry(pl, "Only the TMX compendium knows this one.").msgstr == "Tylko TMX."


def test_a_broken_compendium_is_a_located_error(tmp_path: Path) -> None:
    project = project_with_page(tmp_path, compendia=["tm/bad.tmx"])
    (project / "tm").mkdir()
    (project / "tm" / "bad.tmx").write_text("<tmx version='1.4'>\n<body><tu>\n</tmx>\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "docloc", "update", "--project", str(project)], capture_output=True, text=True
    )
    assert done.returncode == 2 and done.stderr.startswith("tm/bad.tmx:3:") and "not well-formed XML" in done.stderr


def test_most_used_translation_wins_and_the_others_are_named() -> None:
    memory = TranslationMemory("cs")
    memory.add("Select **Save**.", "Vyberte **Uložit**.", Use("a.po", 10), 2)
    memory.add("Select **Save**.", "Zvolte **Uložit**.", Use("b.po", 20))
    memory.add("Select **Save**.", "Vyberte **Uložit**.", Use("c.po", 30))
    found = memory.exact("Select **Save**.")
    assert found is not None and found.target == "Vyberte **Uložit**." and not found.tied
    comment = suggestion_comment(found)
    assert "2 translations in the project; this one is the most used (3 uses: a.po:10, c.po:30)" in comment
    assert 'also "Zvolte **Uložit**." (1 use: b.po:20)' in comment
    tie = TranslationMemory("cs")
    tie.add("Next", "Další", Use("a.po", 1))
    tie.add("Next", "Dál", Use("b.po", 1))
    found = tie.exact("Next")
    assert found.target == "Další" and found.tied and "used equally often" in suggestion_comment(found)


def test_fuzzy_obsolete_and_front_matter_entries_are_not_memory() -> None:
    po = polib.POFile()
    po.append(polib.POEntry(msgid="Kept.", msgstr="Ponecháno.", occurrences=[("p.md", "1"), ("p.md", "9")]))
    po.append(polib.POEntry(msgid="Unsure.", msgstr="Nejisté.", flags=["fuzzy"]))
    po.append(polib.POEntry(msgid="Gone.", msgstr="Pryč.", obsolete=True))
    po.append(polib.POEntry(msgid="Derived title", msgstr="Titulek", msgctxt="title"))
    memory = TranslationMemory("cs")
    assert memory.add_catalog(po, "x.po", ("title", "description")) == 1
    assert [s for s, _ in memory.items()] == ["Kept."] and memory.variants("Kept.")[0].count == 2


def test_update_guess_gives_way_to_an_exact_match_but_keeps_a_closer_one() -> None:
    memory = TranslationMemory("cs")
    memory.add("Select the customer.", "Vyberte zákazníka.", Use("b.po", 5))
    memory.add("Select the customer's subscription now.", "Vyberte předplatné zákazníka hned.", Use("b.po", 9))
    po = polib.POFile()
    # update's own guesses: fuzzy, with the previous English of the same article
    po.append(polib.POEntry(msgid="Select the customer.", msgstr="Vyberte partnera.", flags=["fuzzy"],
                            previous_msgid="Select the partner.", tcomment="docloc-ignore: numbers"))  # fmt: skip
    po.append(polib.POEntry(msgid="Select the customer's subscription.", msgstr="Vyberte předplatné zákazníka.",
                            flags=["fuzzy"], previous_msgid="Select the customer's subscriptions."))  # fmt: skip
    po.append(polib.POEntry(msgid="Untranslated, kept from before.", msgstr="", tcomment="A translator's note"))
    outcome = fill_from_memory(po, memory, previous=[(None, "Untranslated, kept from before.")])
    assert (outcome.exact, outcome.near, outcome.replaced_guesses) == (1, 0, 1)
    exact = po[0]
    assert exact.msgstr == "Vyberte zákazníka." and exact.fuzzy and exact.previous_msgid is None
    assert "docloc-ignore" not in exact.tcomment  # the guess's comments went with the guess
    assert po[1].msgstr == "Vyberte předplatné zákazníka." and po[1].previous_msgid.endswith("subscriptions.")
    assert po[2].tcomment == "A translator's note"  # nothing near enough: untouched


def test_the_word_index_finds_what_comparing_with_everything_finds() -> None:
    """On the guide's and the fixtures' English: every near query finds the best match rapidfuzz finds."""
    memory = TranslationMemory("cs")
    for path in (ROOT / "locales" / "cs" / "LC_MESSAGES").rglob("*.po"):
        memory.add_catalog(polib.pofile(str(path)), path.name)
    sources = [source for source, _ in memory.items()]
    queries = [s[: len(s) // 2] + " more words" for s in sources] + [s.replace("the", "a") for s in sources]
    for query in queries:
        brute = process.extractOne(query, [s for s in sources if s != query], scorer=fuzz.ratio)
        found = memory.near(query)
        if brute[1] >= NEAR_THRESHOLD:
            assert found is not None and found.score == pytest.approx(brute[1]), query
        else:
            assert found is None
    assert memory.queries == len(queries)


def test_import_fills_untranslated_segments_from_the_memory(tmp_path: Path, capsys) -> None:
    project = copy_project(tmp_path / "project")
    source = (ROOT / "tests" / "fixtures" / "guide" / "cs-CZ" / GUIDE).read_text(encoding="utf-8")
    translated = guide_translation("cs", CLOSE)
    assert translated in source
    bilingual = tmp_path / "in" / "copy.md"
    bilingual.parent.mkdir()
    bilingual.write_text(source.replace(f">{translated}</span>", "></span>"), encoding="utf-8")
    assert main(["import", str(bilingual), "--project", str(project)]) == 0
    assert "1 untranslated entries suggested from the translation memory (1 exact, 0 near" in capsys.readouterr().out
    found = entry(catalog(project, "cs", "copy.md"), CLOSE)
    assert found.msgstr == translated and found.fuzzy and MEMORY_COMMENT in found.tcomment
    other = copy_project(tmp_path / "other")
    assert main(["import", str(bilingual), "--no-memory", "--project", str(other)]) == 0
    assert entry(catalog(other, "cs", "copy.md"), CLOSE).msgstr == ""


def test_the_untranslated_check_on_text_finds_empty_translations() -> None:
    assert may_have_untranslated('msgid ""\nmsgstr ""\n"Language: cs\\n"\n\nmsgid "a"\nmsgstr ""\n')
    assert not may_have_untranslated('msgid ""\nmsgstr ""\n"Language: cs\\n"\n\nmsgid "a"\nmsgstr "b"\n')
    assert may_have_untranslated('msgid "a"\nmsgstr ""')  # at the end of the file, no newline


def _entries_of_every_class() -> dict[str, polib.POEntry]:
    """One entry of each class a catalog holds, the memory's (untranslated) among them."""
    previous = polib.POEntry(msgid="New text.", msgstr="Starý text.", flags=["fuzzy"], previous_msgid="Old text.")
    return {
        "translated": polib.POEntry(msgid="Sign in.", msgstr="Přihlaste se."),
        "untranslated": polib.POEntry(msgid="Sign out.", msgstr=""),
        "untranslated with context": polib.POEntry(msgid="Title", msgstr="", msgctxt="title"),
        "untranslated, several lines": polib.POEntry(msgid="One\ntwo", msgstr=""),
        "translated, several lines": polib.POEntry(msgid="One\ntwo", msgstr="Jedna\ndvě"),
        "fuzzy": polib.POEntry(msgid="Save.", msgstr="Uložit.", flags=["fuzzy"]),
        "fuzzy with previous": previous,
        "obsolete untranslated": polib.POEntry(msgid="Gone.", msgstr="", obsolete=True),
        "plural untranslated": polib.POEntry(msgid="a file", msgid_plural="files", msgstr_plural={0: "", 1: ""}),
        "translation quoting an empty string": polib.POEntry(msgid='Type ""', msgstr='Napište ""'),
    }


@pytest.mark.parametrize("name", sorted(_entries_of_every_class()))
def test_the_check_on_text_agrees_with_the_reader_on_every_class_of_entry(name: str, tmp_path: Path) -> None:
    """``may_have_untranslated`` reads the text docloc wrote instead of parsing it: for each class of entry,
    written as docloc writes catalogs, it must say yes wherever ``fill_from_memory`` would fill one."""
    catalog = new_pofile()
    catalog.metadata = {"Language": "cs", "Content-Type": "text/plain; charset=UTF-8"}
    catalog.append(_entries_of_every_class()[name])
    path = tmp_path / "x.po"
    write_catalog(path, catalog)
    fillable = [
        e for e in read_catalog(path, "x.po") if not e.obsolete and e.msgid and not e.msgid_plural and not e.msgstr
    ]
    assert may_have_untranslated(path.read_text(encoding="utf-8")) == bool(fillable)


def test_site_falls_back_to_english_for_memory_suggestions(tmp_path: Path) -> None:
    """Suggestions are fuzzy by default: the site shows the English sentence, marked lang="en"."""
    project = project_with_page(tmp_path, coverage_threshold=0)
    assert main(["update", "--project", str(project)]) == 0
    suggestion = entry(catalog(project, "cs", "second.md"), CLOSE)
    assert suggestion.fuzzy and suggestion.msgstr
    site = build_site(project, tmp_path / "site")
    html = (site / "cs" / "second" / "index.html").read_text(encoding="utf-8")
    assert '<span lang="en">Review that the changes are correct, and then select <strong>Close</strong>.</span>' in html
    assert suggestion.msgstr.split("**")[0].strip() not in html


def test_memory_history_benchmark_runs_on_the_fixtures(tmp_path: Path) -> None:
    """The benchmark's replay on the three history articles the fixtures hold."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from memory_history import evaluate, extract_edited, prepare, update_all

    replay = prepare(ROOT / "tests" / "fixtures" / "corpus", tmp_path / "base")
    assert len(replay.edited) == 3
    extract_edited(replay.root, replay.edited, memory=True)
    read, build, query, build_cpu, query_cpu, queries = update_all(replay.root, memory=True)
    outcome = evaluate(replay, replay.root)
    assert outcome.new > 0 and sum(outcome.kinds.values()) == outcome.new
    assert build >= 0 and query >= 0 and queries >= outcome.kinds["near"]


def test_memory_history_on_the_corpus(capsys: pytest.CaptureFixture[str]) -> None:
    """The acceptance figures (benchmarks/memory_history.py, one run), counted on Microsoft's segmentation: at
    least 12.6 % of the new sentences suggested exactly as Microsoft published them (met), and every new sentence
    another article held translated found (the issue's target: at least 228, counted on the pages). Measured: 228
    of 228; before extract asked the memory, 202, the others cut by segment reuse as the article's earlier,
    shorter segment. This test holds that floor, so a change that loses one fails."""
    corpus = require_corpus("cs-cz", "history").parent.parent
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import memory_history

    memory_history.main([str(corpus), "--runs", "1"])
    out = capsys.readouterr().out
    found, held = map(int, re.search(r"found, as an exact suggestion or kept \((\d+) of (\d+):", out).groups())
    assert held >= 228 and found == held, out
    exact = int(re.search(r"with the memory: +exact \d+ \((\d+) on the pages\)", out).group(1))
    assert exact >= 228, out  # over docloc's own new entries too
    assert "suggested as Microsoft published them (met)" in out, out
    assert re.search(r"lost with the memory on: 0 of [1-9]", out), out


def test_import_checks_the_memory_settings_before_writing(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    configure(project, compendia=["../elsewhere.tmx"])
    before = sorted(p for p in project.rglob("*") if p.is_file() and ".docloc" not in p.parts)
    source = ROOT / "tests" / "fixtures" / "guide" / "cs-CZ" / GUIDE
    done = subprocess.run(
        [sys.executable, "-m", "docloc", "import", str(source), "--project", str(project)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2 and done.stderr.startswith("mkdocs.yml: compendium '../elsewhere.tmx' is outside")
    # .docloc/ is docloc's local state (the project lock), not the project's files
    assert sorted(p for p in project.rglob("*") if p.is_file() and ".docloc" not in p.parts) == before


def test_a_reimported_handoff_replaces_a_memory_suggestion_nobody_reviewed(tmp_path: Path, capsys) -> None:
    project = copy_project(tmp_path / "project")
    source = (ROOT / "tests" / "fixtures" / "guide" / "cs-CZ" / GUIDE).read_text(encoding="utf-8")
    translated = guide_translation("cs", CLOSE)
    bilingual = tmp_path / "in" / "copy.md"
    bilingual.parent.mkdir()
    bilingual.write_text(source.replace(f">{translated}</span>", "></span>"), encoding="utf-8")
    assert main(["import", str(bilingual), "--project", str(project)]) == 0
    assert MEMORY_COMMENT in entry(catalog(project, "cs", "copy.md"), CLOSE).tcomment  # docloc's fuzzy suggestion
    capsys.readouterr()
    # The next hand-off translates the sentence: the memory's suggestion was docloc's, not the translator's.
    bilingual.write_text(source.replace(f">{translated}</span>", ">Zkontrolujte to a vyberte **Zavřít**.</span>"))
    assert main(["import", str(bilingual), "--project", str(project)]) == 0
    captured = capsys.readouterr()
    found = entry(catalog(project, "cs", "copy.md"), CLOSE)
    assert found.msgstr == "Zkontrolujte to a vyberte **Zavřít**." and not found.fuzzy
    assert MEMORY_COMMENT not in found.tcomment and "docloc-suggestion" not in found.tcomment
    assert "changed by both" not in captured.out or ", 0 changed by both" in captured.out


# --- extract: a writer's joined sentence cut whole where the memory holds it -----------------------

ROLES_BEFORE = "# Roles page\n\n**Appropriate roles**\n\n- Global admin\n\nA closing sentence.\n"
ROLES_AFTER = "# Roles page\n\n**Appropriate roles**: Global admin\n\nA closing sentence.\n"
JOINED = "**Appropriate roles**: Global admin"


def _translate(project: Path, name: str, languages: tuple[str, ...]) -> None:
    """Translate every entry of ``name``'s catalogs in ``languages`` (not fuzzy), as a translator would."""
    for language in languages:
        po = catalog(project, language, name)
        for found in po:
            if not found.obsolete:
                found.msgstr = f"[{language}] {found.msgid}"
                found.flags = [f for f in found.flags if f != "fuzzy"]
                found.previous_msgid = None
        po.save()


def _roles_project(tmp_path: Path, held_in: tuple[str, ...]) -> Path:
    """The guide project with a translated page whose writer then joined two known segments into
    ``JOINED``, and another page translating ``JOINED`` in ``held_in``."""
    project = project_with_page(tmp_path, ROLES_BEFORE)
    (project / "docs" / "en" / "third.md").write_text(f"# Third page\n\n{JOINED}\n", encoding="utf-8")
    assert main(["extract", "--project", str(project)]) == 0
    assert main(["update", "--project", str(project), "--no-memory"]) == 0
    _translate(project, "second.md", ("cs", "pl"))
    _translate(project, "third.md", held_in)
    (project / "docs" / "en" / "second.md").write_text(ROLES_AFTER, encoding="utf-8")
    return project


def _template_english(project: Path, name: str) -> set[str]:
    template = project / "locales" / "templates" / name.replace(".md", ".pot")
    return {found.msgid for found in polib.pofile(str(template)) if not found.obsolete}


def test_extract_cuts_a_joined_sentence_whole_where_the_memory_holds_it(tmp_path: Path) -> None:
    project = _roles_project(tmp_path, ("cs", "pl"))
    assert main(["extract", "--project", str(project)]) == 0
    english = _template_english(project, "second.md")
    assert JOINED in english and "**Appropriate roles**" not in english and "Global admin" not in english
    assert "A closing sentence." in english  # the rest of the page keeps its known cut
    assert main(["update", "--project", str(project)]) == 0
    for language in ("cs", "pl"):
        po = catalog(project, language, "second.md")
        suggested = entry(po, JOINED)
        assert suggested.msgstr == f"[{language}] {JOINED}" and suggested.fuzzy
        assert MEMORY_COMMENT in suggested.tcomment and suggested.previous_msgid is None
        # The pieces' translations are not lost: obsolete, as update keeps replaced entries.
        gone = {e.msgid: e.msgstr for e in po if e.obsolete}
        assert gone["**Appropriate roles**"] == f"[{language}] **Appropriate roles**"
        assert gone["Global admin"] == f"[{language}] Global admin"
        assert entry(po, "A closing sentence.").msgstr == f"[{language}] A closing sentence."


@pytest.mark.parametrize("how", ["no match in one language", "--no-memory", "tm: false"])
def test_extract_keeps_the_known_pieces_without_a_memory_match(tmp_path: Path, how: str) -> None:
    """The old cut stays where the memory does not hold the whole sentence in every language, or is off."""
    project = _roles_project(tmp_path, ("cs",) if how == "no match in one language" else ("cs", "pl"))
    if how == "tm: false":
        configure(project, tm=False)
    extra = ["--no-memory"] if how == "--no-memory" else []
    assert main(["extract", "--project", str(project), *extra]) == 0
    english = _template_english(project, "second.md")
    assert JOINED not in english and {"**Appropriate roles**", "Global admin"} <= english


def test_merge_takes_a_held_sentence_over_the_known_pieces_it_joins() -> None:
    """The rule itself (``page_template._merge``): a segmenter span the known spans cover only in part,
    with no new words beside them, replaces them only where the memory holds it."""
    from docloc.workflows.page_template import merge_cuts, with_held_blanks

    body = f"{JOINED}\n\nNext one. Two."
    known = [(0, 21), (23, 35), (37, 46), (47, 51)]
    cut = [(0, 35), (37, 46), (47, 51)]
    assert merge_cuts(body, known, cut, lambda english: english == JOINED) == [(0, 35), (37, 46), (47, 51)]
    assert merge_cuts(body, known, cut, lambda english: False) == known  # no memory match: the reuse stays
    assert merge_cuts(body, known, cut) == known  # no memory
    # Two known segments with only a blank between them are not a joined sentence: the memory is not asked.
    asked: list[str] = []
    assert merge_cuts(body, known, [(0, 35), (37, 51)], lambda english: asked.append(english) or True)[1:] == [
        (37, 46),
        (47, 51),
    ]
    assert "Next one. Two." not in asked
    # A leading no-break space Microsoft kept, the sentence rules drop: widened only where the memory holds it.
    body = "In CSP.\u202fThe new offers\u202fin scope:"
    spans = [(0, 7), (8, 32)]
    wide = "\u202fThe new offers\u202fin scope:"
    assert with_held_blanks(body, spans, set(), lambda english: english == wide) == [(0, 7), (7, 32)]
    assert with_held_blanks(body, spans, set(), lambda english: False) == spans
    assert with_held_blanks(body, spans, set(), None) == spans


def test_a_compendium_is_named_by_its_path_in_the_project(tmp_path: Path, monkeypatch, capsys) -> None:
    """Run from the project's folder (``--project`` left at "."), the suggestions' comments and the errors name
    a compendium as the project does, not by this machine's absolute path (a catalog is shared, in git)."""
    project = project_with_page(tmp_path, compendia=["tm/cs.po"])
    (project / "tm").mkdir()
    po = cat.new_catalog("A compendium", cat.base_metadata("tm", "2024-01-01 00:00+0000", "cs"))
    po.append(polib.POEntry(msgid="A sentence nobody has translated anywhere.", msgstr="Věta z kompendia."))
    (project / "tm" / "cs.po").write_text(catalog_text(po), encoding="utf-8")
    monkeypatch.chdir(project)
    assert main(["update", "--quiet"]) == 0
    found = entry(catalog(project, "cs", "second.md"), "A sentence nobody has translated anywhere.")
    assert found.msgstr == "Věta z kompendia." and "(1 use: tm/cs.po:" in found.tcomment, found.tcomment
    assert str(tmp_path) not in found.tcomment

    (project / "tm" / "cs.po").write_text('msgid "x"\n', encoding="utf-8")
    assert main(["update", "--quiet"]) == 2
    assert capsys.readouterr().err.startswith("tm/cs.po:")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace('["tm/cs.po"]', '["tm"]'), encoding="utf-8")
    assert main(["update", "--quiet"]) == 2
    assert "compendium 'tm' is a folder" in capsys.readouterr().err


def test_a_revived_fuzzy_draft_is_the_translators_not_replaced_by_the_memory(tmp_path: Path) -> None:
    """An obsolete fuzzy entry (a translator's draft, with a note) whose English comes back is revived by the
    merge as it was: the memory's exact match for that English does not replace it, nor drop the note."""
    project = copy_project(tmp_path / "project")
    path = project / "locales" / "cs" / "LC_MESSAGES" / GUIDE.replace(".md", ".po")
    po = read_catalog(path)
    draft = next(e for e in po if e.msgid == "Next steps")
    draft.obsolete, draft.flags, draft.previous_msgid = True, ["fuzzy"], "Next step"
    draft.msgstr, draft.tcomment, draft.occurrences = "Můj rozpracovaný překlad", "check with Jana", []
    write_catalog(path, po)
    (project / "tm").mkdir()
    compendium = cat.new_catalog("A compendium", cat.base_metadata("tm", "2024-01-01 00:00+0000", "cs"))
    compendium.append(polib.POEntry(msgid="Next steps", msgstr="Kroky z paměti"))
    (project / "tm" / "cs.po").write_text(catalog_text(compendium), encoding="utf-8")
    configure(project, compendia=["tm/cs.po"])
    assert main(["update", "--quiet", "--project", str(project)]) == 0
    revived = entry(catalog(project, "cs", GUIDE), "Next steps")
    assert revived.msgstr == "Můj rozpracovaný překlad" and revived.fuzzy
    assert "check with Jana" in revived.tcomment and MEMORY_COMMENT not in revived.tcomment
