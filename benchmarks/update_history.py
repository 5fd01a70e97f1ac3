"""``docloc update`` on real edits: the 283 older cs-cz articles of the corpus against their current English.

For each pair, the older bilingual version is imported into a fresh project, its English
page is replaced by the current version's English (as the import would write it), and
``extract`` + ``update`` run. Counts kept, fuzzy, new and obsolete entries over the whole
set, and checks that no translation of unchanged English is lost.

    python benchmarks/update_history.py [CORPUS_DIR]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from docloc.catalog.po import read_catalog
from docloc.catalog.states import is_translated
from docloc.fileio import read_text, write_text_atomic
from docloc.formats.english import derive_english_fields, write_english_page
from docloc.formats.sxs import read_bilingual
from docloc.project import Project, init_project
from docloc.workflows.extract import extract_page
from docloc.workflows.importer import import_article
from docloc.workflows.update import update_catalog

DEFAULT_CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"


@dataclass
class HistoryTotals:
    articles: int = 0
    kept: int = 0
    fuzzy: int = 0
    new: int = 0
    obsolete: int = 0
    unchanged_translated: int = 0  # segments whose English is unchanged and had a translation
    lost: list[str] = field(default_factory=list)  # "article: English" whose translation did not survive


def current_english(path: Path, name: str, fields: tuple[str, ...]) -> str:
    article = read_bilingual(read_text(path, str(path)), name, str(path))
    return write_english_page(article, derive_english_fields(article, fields), fields).text


def replay_edit(root: Path, older: Path, current: Path, name: str, totals: HistoryTotals) -> None:
    """Import ``older``, give its page the English of ``current``, extract and update; add up the counts."""
    init_project(root, ["en", "cs"])
    project = Project.open(root)
    fields = project.config.translated_fields
    article = read_bilingual(read_text(older, str(older)), name, str(older))
    result = import_article(project, article, str(older))
    language = result.language
    before = read_catalog(project.catalog(language, name))
    translations: dict[str, set[str]] = {}
    for entry in before:
        if is_translated(entry) and entry.msgctxt not in fields:
            translations.setdefault(entry.msgid, set()).add(entry.msgstr)
    write_text_atomic(project.english_page(name), current_english(current, name, fields))
    extract_page(project, name)
    outcome = update_catalog(project, name, language)
    totals.articles += 1
    totals.kept += outcome.kept
    totals.fuzzy += outcome.fuzzy
    totals.new += outcome.new
    totals.obsolete += outcome.obsolete
    after = read_catalog(project.catalog(language, name))
    active = {}
    for entry in after:
        if not entry.obsolete and is_translated(entry):
            active.setdefault(entry.msgid, set()).add(entry.msgstr)
    template = read_catalog(project.template(name))
    for entry in template:
        if entry.msgid in translations and entry.msgctxt not in fields:
            totals.unchanged_translated += 1
            if not translations[entry.msgid] & active.get(entry.msgid, set()):
                totals.lost.append(f"{name}: {entry.msgid}")


def replay_history(corpus: Path, limit: int | None = None) -> HistoryTotals:
    history = corpus / "cs-cz" / "history"
    current_root = corpus / "cs-cz" / "bilingual"
    totals = HistoryTotals()
    pairs = sorted(history.rglob("*.md"))[:limit]
    with tempfile.TemporaryDirectory(prefix="docloc-history-") as tmp:
        for number, older in enumerate(pairs):
            name = older.relative_to(history).as_posix()
            current = current_root / name
            if current.exists():
                replay_edit(Path(tmp) / str(number), older, current, name, totals)
    return totals


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args(argv)
    if not (args.corpus / "cs-cz" / "history").is_dir():
        print(f"no history corpus at {args.corpus / 'cs-cz' / 'history'}; nothing to measure")
        return 0
    started = time.perf_counter()
    totals = replay_history(args.corpus)
    print(
        f"{totals.articles} edited articles: kept {totals.kept}, fuzzy {totals.fuzzy}, new {totals.new}, "
        f"obsolete {totals.obsolete} ({time.perf_counter() - started:.1f} s)"
    )
    print(
        f"unchanged English with a translation: {totals.unchanged_translated} entries, "
        f"translations lost: {len(totals.lost)}"
    )
    for line in totals.lost[:20]:
        print(f"  lost: {line}")
    return 1 if totals.lost else 0


if __name__ == "__main__":
    sys.exit(main())
