"""False positives of the safety rule on Microsoft's translations: every corpus segment judged as the site judges it.

    python benchmarks/safety_corpus.py [--corpus ../shared/corpus] [--locale cs-cz]... [--show N]

Microsoft published these translations; none of them adds script or markup on Learn. Each corpus
locale is imported into its own temporary project, and every page is rebuilt from its catalog and
judged by ``checks.safety.judge_article`` (the one function ``docloc check`` and the build call).
Prints, per locale, how many translated segments there are, how many the rule refuses (alone, and
in their page), and lists each refusal with its reason, so every remaining one can be looked at
(and is justified in tests/test_safety.py). Target: no refusal of a translation Microsoft
published legitimately. Corpus text: Microsoft Docs contributors, CC BY 4.0.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import tempfile
import time
from pathlib import Path

from _common import CORPUS, table
from docloc.catalog.po import read_catalog
from docloc.checks.safety import field_refusal, judge_article, segment_refusal
from docloc.cli import main
from docloc.fileio import read_text
from docloc.formats.english import read_page_with_catalog
from docloc.project import Project

LOCALES = ("cs-cz", "de-de", "pl-pl")


def judge_locale(corpus: Path, locale: str) -> tuple[int, int, list[tuple[str, int, str, str]], int, int]:
    """(translated segments, refused alone, every refusal as (PO file, line, reason, translation), translated
    front-matter fields (title, description), fields refused: their refusals are in the list too)."""
    with tempfile.TemporaryDirectory(prefix="docloc-safety-") as tmp:
        root = Path(tmp)
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            main(["import", "--project", str(root), str(corpus / locale / "bilingual")])
        project = Project.open(root)
        translated = alone = fields = fields_refused = 0
        refusals: list[tuple[str, int, str, str]] = []
        for language in project.catalog_languages():
            for name in project.catalog_names(language):
                path = project.catalog(language, name)
                display = project.relative(path)
                catalog = read_catalog(path, display)
                page = project.english_page(name)
                entries: list = []
                article, _ = read_page_with_catalog(
                    read_text(page),
                    name,
                    str(page),
                    project.page_reference(name),
                    catalog,
                    project.config.translated_fields,
                    entries,
                )
                for segment in article.segments:
                    if segment.target and segment.target != segment.source:
                        translated += 1
                        alone += segment_refusal(segment.source, segment.target) is not None
                for entry in catalog:  # the translated title and description, judged as the site judges them
                    if entry.msgctxt in project.config.translated_fields and entry.msgstr and not entry.obsolete:
                        fields += 1
                        reason = field_refusal(entry.msgid, entry.msgstr)
                        if reason:
                            fields_refused += 1
                            refusals.append((display, entry.linenum, reason, entry.msgstr))
                judgement = judge_article(article.segments, article.chunks)
                for index, reason in judgement.refused.items():
                    refusals.append((display, entries[index].linenum, reason, article.segments[index].target))
    return translated, alone, refusals, fields, fields_refused


def main_() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--locale", action="append", help=f"corpus locale (default: {', '.join(LOCALES)})")
    parser.add_argument("--show", type=int, default=50, help="list at most N refusals per locale")
    args = parser.parse_args()
    rows = [["locale", "translated segments", "refused alone", "refused in page", "refused", "fields", "refused",
             "seconds"]]  # fmt: skip
    listed: list[str] = []
    for locale in args.locale or LOCALES:
        if not (args.corpus / locale / "bilingual").is_dir():
            continue
        started = time.perf_counter()
        translated, alone, refusals, fields, fields_refused = judge_locale(args.corpus, locale)
        elapsed = time.perf_counter() - started
        in_page = len(refusals) - fields_refused - alone
        rows.append([locale, str(translated), str(alone), str(in_page), str(len(refusals) - fields_refused),
                     str(fields), str(fields_refused), f"{elapsed:.1f}"])  # fmt: skip
        for file, line, reason, target in refusals[: args.show]:
            shown = target if len(target) <= 90 else target[:87] + "..."
            listed.append(f"  {locale} {file}:{line}: {reason}\n      {shown!r}")
    print("the safety rule on Microsoft's published translations (target: no refusal of a legitimate one)")
    print(table(rows))
    print("\n".join(listed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main_())
