"""Speed of ``docloc extract`` against mdpo's ``md2po`` on the same English pages, side by side.

The cs-cz corpus is imported into a temporary project; then, alternating, docloc writes
every template (``docloc extract`` in-process: segmenting, building, writing) and md2po
builds and saves a PO file for every page. Prints the median of several runs, the ratio
and the peak memory (tracemalloc, in one extra run each).

    python benchmarks/extract_speed.py [CORPUS_DIR] [--runs 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from mdpo.md2po import markdown_to_pofile

from docloc.extract import extract_page
from docloc.fileio import read_text
from docloc.importer import import_article
from docloc.project import Project, init_project
from docloc.sxs import read_bilingual

DEFAULT_CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"


def docloc_extract(project: Project, names: list[str]) -> None:
    for name in names:
        extract_page(project, name)


def mdpo_extract(project: Project, names: list[str], out: Path) -> None:
    for name in names:
        target = out / Path(name).with_suffix(".po")
        target.parent.mkdir(parents=True, exist_ok=True)
        markdown_to_pofile(str(project.english_page(name)), po_filepath=str(target), save=True)


def timed(action: Callable[[], None]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def peak_memory(action: Callable[[], None]) -> int:
    tracemalloc.start()
    action()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    source = args.corpus / "cs-cz" / "bilingual"
    if not source.is_dir():
        print(f"no corpus at {source}; nothing to measure")
        return 0
    with tempfile.TemporaryDirectory(prefix="docloc-extract-speed-") as tmp:
        root = Path(tmp) / "project"
        init_project(root, ["en", "cs"])
        project = Project.open(root)
        for path in sorted(source.rglob("*.md")):
            name = path.relative_to(source).as_posix()
            article = read_bilingual(read_text(path), name, str(path))
            article.locale = article.locale or "cs-CZ"  # a TOC has no front matter to say so
            import_article(project, article, str(path))
        names = project.article_names()
        # md2po stops with an exception on some real pages; both tools get the pages md2po can read.
        refused = []
        for name in names:
            try:
                markdown_to_pofile(str(project.english_page(name)))
            except Exception:  # noqa: BLE001 - any md2po failure excludes the page for both tools
                refused.append(name)
        names = [name for name in names if name not in refused]
        templates = root / "locales" / "templates"
        out = Path(tmp) / "mdpo"

        def fresh_docloc() -> None:
            shutil.rmtree(templates, ignore_errors=True)  # no template to lean on: the segmenter alone
            docloc_extract(project, names)

        runs: dict[str, list[float]] = {"docloc extract": [], "docloc extract (no templates)": [], "md2po": []}
        for _ in range(args.runs):
            runs["docloc extract"].append(timed(lambda: docloc_extract(project, names)))
            runs["docloc extract (no templates)"].append(timed(fresh_docloc))
            runs["md2po"].append(timed(lambda: mdpo_extract(project, names, out)))
        memory = {
            "docloc extract": peak_memory(lambda: docloc_extract(project, names)),
            "docloc extract (no templates)": peak_memory(fresh_docloc),
            "md2po": peak_memory(lambda: mdpo_extract(project, names, out)),
        }
    reference = statistics.median(runs["md2po"])
    print(f"{len(names)} English pages of cs-cz, median of {args.runs} runs (peak memory: tracemalloc)")
    if refused:
        print(f"  ({len(refused)} more pages left out: md2po fails on them, e.g. {refused[0]})")
    for tool, times in runs.items():
        median = statistics.median(times)
        print(
            f"  {tool:<31} {median:8.3f} s   {reference / median:7.1f}x md2po's speed   "
            f"peak {memory[tool] / 2**20:7.1f} MiB"
        )
    ratio = reference / statistics.median(runs["docloc extract"])
    print(f"docloc extract is {ratio:.1f} times faster than md2po (target: at least 50)")
    return 0 if ratio >= 50 else 1


if __name__ == "__main__":
    sys.exit(main())
