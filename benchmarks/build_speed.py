"""Site build speed: ``docloc build`` vs a plain ``mkdocs build`` of the same rendered pages, and the whole corpus.

1. The repository's site built by ``docloc build`` (pages rendered from the catalogs at build
   time) against ``mkdocs build`` of a copy whose docs/ already holds the very pages docloc
   renders (same theme, same i18n plugin, no docloc plugin). Target: at most 1.2 times.
2. A site of the whole cs-cz and de-de corpus (English plus both languages), imported into a
   temporary project: ``docloc build`` (the languages in parallel processes, one per core) and
   ``docloc build -j 1`` (one process, as ``mkdocs build`` builds them) against ``mkdocs build``
   of a copy whose docs/ holds the very pages docloc renders. Target: the parallel build at most
   0.6 times the plain build, with the same number of HTML pages (takes minutes).

Medians of several runs (``--runs``), the three builds alternating in every run; peak memory is
the max RSS of the build's largest process (for the parallel build: the largest of its processes).
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

from _common import REPO, compile_docloc, median, require_corpus, run_timed, table

PLAIN_CONFIG = """\
site_name: Partner Center guides
site_url: https://partner-guides.example.org/
docs_dir: docs
theme:
  name: material
  language: en
  font: false
markdown_extensions: [admonition, attr_list, toc, tables]
plugins:
  - search
  - i18n:
      docs_structure: folder
      languages:
{languages}
"""

CORPUS_CONFIG = """\
site_name: Partner Center (corpus)
site_url: https://partner-guides.example.org/
docs_dir: docs
theme:
  name: material
  font: false
plugins:
  - search
  - docloc:
      source_language: en
      languages: [cs, de]
  - i18n:
      docs_structure: folder
      languages:
{languages}
"""


def i18n_languages(languages: list[str]) -> str:
    lines = []
    for index, language in enumerate(languages):
        lines.append(f"        - locale: {language}\n          name: {language}\n          build: true")
        if index == 0:
            lines[-1] += "\n          default: true"
    return "\n".join(lines)


def rendered_pages(project: Path) -> dict[str, str]:
    """The pages docloc generates for ``project`` (src_uri → Markdown), taken from a real build."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.ERROR)  # the corpus' broken links and refusals: not measured here
    with tempfile.TemporaryDirectory() as site:
        config = load_config(str(project / "mkdocs.yml"), site_dir=site)
        build(config)
        return dict(config.plugins["docloc"].generated)


def plain_copy(project: Path, target: Path, languages: list[str]) -> Path:
    shutil.copytree(project / "docs", target / "docs")
    for src_uri, text in rendered_pages(project).items():
        path = target / "docs" / src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (target / "mkdocs.yml").write_text(PLAIN_CONFIG.format(languages=i18n_languages(languages)), encoding="utf-8")
    return target


def html_pages(site: Path) -> int:
    """The site's pages: its HTML files but the 404 pages (docloc writes one per language, i18n the root's)."""
    return sum(1 for path in site.rglob("*.html") if path.name != "404.html")


def compare(runs: int) -> None:
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        plain = plain_copy(REPO, work_dir / "plain", ["en", "cs", "pl"])
        docloc_times, plain_times, docloc_mem, plain_mem = [], [], [], []
        for run in range(runs):
            for _label, command, times, memory in (
                ("docloc", [sys.executable, "-m", "docloc", "build", "--project", str(REPO), "--site-dir",
                            str(work_dir / f"site-docloc-{run}")], docloc_times, docloc_mem),
                ("mkdocs", [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(plain / "mkdocs.yml"), "-d",
                            str(work_dir / f"site-plain-{run}")], plain_times, plain_mem),
            ):  # fmt: skip
                elapsed, peak = run_timed(command, env=_env())
                times.append(elapsed)
                memory.append(peak)
        ratio = median(docloc_times) / median(plain_times)
        print(f"guide site (en, cs, pl), median of {runs} runs")
        print(
            table(
                [
                    ["build", "median s", "min s", "peak MiB"],
                    [
                        "docloc build",
                        f"{median(docloc_times):.2f}",
                        f"{min(docloc_times):.2f}",
                        f"{max(docloc_mem) / 1024:.0f}",
                    ],
                    [
                        "mkdocs build (pre-rendered)",
                        f"{median(plain_times):.2f}",
                        f"{min(plain_times):.2f}",
                        f"{max(plain_mem) / 1024:.0f}",
                    ],
                ]  # fmt: skip
            )
        )
        print(f"ratio docloc / mkdocs: {ratio:.2f} (target <= 1.20: {'met' if ratio <= 1.2 else 'NOT met'})")


def corpus_site(runs: int) -> None:
    corpus = require_corpus()
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        project = work_dir / "corpus-site"
        project.mkdir()
        (project / "mkdocs.yml").write_text(CORPUS_CONFIG.format(languages=i18n_languages(["en", "cs", "de"])))
        imported, _ = run_timed(
            [sys.executable, "-m", "docloc", "import", str(corpus / "cs-cz" / "bilingual"),
             str(corpus / "de-de" / "bilingual"), "--project", str(project)], env=_env()
        )  # fmt: skip
        english = sum(1 for _ in (project / "docs" / "en").rglob("*.md"))
        plain = plain_copy(project, work_dir / "plain", ["en", "cs", "de"])
        docloc = [sys.executable, "-m", "docloc", "build", "--quiet", "--project", str(project), "--site-dir"]
        mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(plain / "mkdocs.yml"), "-d"]
        builds = {
            f"docloc build (parallel, {os.cpu_count()} cores)": (docloc, []),
            "docloc build -j 1 (one process)": (docloc, ["-j", "1"]),
            "mkdocs build (pre-rendered)": (mkdocs, []),
        }
        times: dict[str, list[float]] = {label: [] for label in builds}
        memory: dict[str, list[int]] = {label: [] for label in builds}
        pages: dict[str, int] = {}
        for _ in range(runs):
            for index, (label, (command, extra)) in enumerate(builds.items()):
                site = work_dir / f"site-{index}"
                shutil.rmtree(site, ignore_errors=True)
                elapsed, peak = run_timed([*command, str(site), *extra], env=_env())
                times[label].append(elapsed)
                memory[label].append(peak)
                pages[label] = html_pages(site)
        rows = [["build", "median s", "min s", "peak MiB", "HTML pages"]]
        for label in builds:
            rows.append([label, f"{median(times[label]):.1f}", f"{min(times[label]):.1f}",
                         f"{max(memory[label]) / 1024:.0f}", str(pages[label])])  # fmt: skip
        parallel, one, plain_label = builds
        ratio = median(times[parallel]) / median(times[plain_label])
        same = len(set(pages.values())) == 1
        print(f"corpus site: {english} English pages, cs + de (import {imported:.1f} s), median of {runs} runs")
        print(table(rows))
        verdict = "met" if ratio <= 0.6 else "NOT met"
        print(f"ratio docloc build / mkdocs build: {ratio:.2f} (target <= 0.60: {verdict}); "
              f"one process: {median(times[one]) / median(times[plain_label]):.2f}; "
              f"same number of HTML pages: {'yes' if same else 'NO'}")  # fmt: skip


def _env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-corpus", action="store_true", help="only the guide comparison")
    parser.add_argument("--corpus-runs", type=int, default=0, help="runs of the corpus site (default: --runs)")
    parser.add_argument("--skip-guide", action="store_true", help="only the corpus site")
    args = parser.parse_args()
    compile_docloc()
    if not args.skip_guide:
        compare(args.runs)
    if not args.skip_corpus:
        corpus_site(args.corpus_runs or args.runs)


if __name__ == "__main__":
    main()
