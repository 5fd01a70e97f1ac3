"""Findings per check on the real corpus: cs-cz and de-de imported into one temporary project.

    python benchmarks/check_corpus.py [--corpus ../shared/corpus]

Prints the number of findings of every check (the figures the README quotes), per locale.
Corpus text: Microsoft Docs contributors, CC BY 4.0.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from _common import only_not_bilingual
from docloc.checks import CHECKS
from docloc.checks.coverage import add_up
from docloc.checks.run import check_project
from docloc.cli import main
from docloc.project import Project

REPO = Path(__file__).resolve().parents[1]


def run(corpus: Path, external_base: bool = True) -> int:
    with tempfile.TemporaryDirectory(prefix="docloc-check-corpus-") as tmp:
        root = Path(tmp)
        for locale, folder in (("cs-CZ", "cs-cz"), ("de-DE", "de-de")):
            source = corpus / folder / "bilingual"
            if not source.is_dir():
                print(f"corpus not found: {source}", file=sys.stderr)
                return 2
            errors = io.StringIO()
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(errors):
                code = main(["import", "--project", str(root), "--locale", locale, str(source)])
            if code not in (0, 1) and not only_not_bilingual(code, errors.getvalue()):
                return code
        if external_base:  # as the guide's site does: articles not in the project live on learn.microsoft.com
            config = root / "mkdocs.yml"
            text = config.read_text(encoding="utf-8").replace("# external_base:", "external_base:")
            config.write_text(text, encoding="utf-8")
        started = time.perf_counter()
        report = check_project(Project.open(root), ["cs", "de"])
        elapsed = time.perf_counter() - started
    # The articles' figures: the interface catalogs a new project gets (locales/cs/LC_MESSAGES/_ui/) are docloc's.
    report.coverage = [r for r in report.coverage if not r.name.startswith("_ui/")]
    report.findings = [f for f in report.findings if "/_ui/" not in f.file]
    where = "with" if external_base else "without"
    print(f"docloc check on {corpus} (cs-cz, de-de imported into one project), {elapsed:.1f} s")
    print(f"  ({where} external_base for links to articles outside the project)")
    for language in ("cs", "de"):
        total = add_up([r for r in report.coverage if r.language == language], language, "*")
        print(
            f"  {language}: {total.total} strings, {total.percent:.1f} % translated, "
            f"{total.words_percent:.1f} % of {total.total_words} English words"
        )
    counts = Counter((f.check, f.language) for f in report.findings)
    print(f"\n{'check':16} {'severity':8} {'cs':>7} {'de':>7} {'en':>7} {'total':>7}")
    severities = {c.id: c.severity for c in CHECKS.values()}
    for check, severity in severities.items():
        row = [counts.get((check, lang), 0) for lang in ("cs", "de", "en")]
        print(f"{check:16} {severity:8} {row[0]:7} {row[1]:7} {row[2]:7} {sum(row):7}")
    print(f"{'all':16} {'':8} {'':7} {'':7} {'':7} {len(report.findings):7}")
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument(
        "--no-external-base", action="store_true", help="leave external_base unset: links out of the project are errors"
    )
    arguments = parser.parse_args()
    sys.exit(run(arguments.corpus, external_base=not arguments.no_external_base))
