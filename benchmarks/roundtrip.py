"""Round trip: import each locale of the corpus, export it again, compare byte for byte.

Prints, per locale: articles, bilingual exports identical to the originals, translated
exports identical to Microsoft's published articles, each remaining difference with its
class, and how many written catalogs GNU msgfmt --check accepts.

    python benchmarks/roundtrip.py [CORPUS_DIR]     (default: ../shared/corpus)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def classify_translated_difference(ours: str, published: str) -> str:
    """Why an exported translated article differs from Microsoft's, or 'unexplained'."""
    if ours.replace("\\*", "*") == published.replace("\\*", "*"):
        return (
            "escaped-star: Microsoft kept some \\* escapes that its renderer drops elsewhere; "
            "the bilingual file does not say which"
        )
    return "unexplained"


@dataclass
class LocaleRoundTrip:
    locale: str
    articles: int = 0
    bilingual_identical: int = 0
    translated_total: int = 0
    translated_identical: int = 0
    bilingual_differences: list[str] = field(default_factory=list)
    translated_differences: dict[str, str] = field(default_factory=dict)  # article → class
    catalogs: int = 0
    msgfmt_rejected: list[str] = field(default_factory=list)
    import_errors: str = ""
    # Target-language-only files among Microsoft's (a TOC.md): not bilingual, skipped by the import (a warning).
    not_bilingual: list[str] = field(default_factory=list)


def docloc(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "docloc", *map(str, args)], capture_output=True, text=True)


def msgfmt_check(path: Path) -> bool:
    done = subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(path)], capture_output=True)
    return done.returncode == 0


def round_trip(locale_dir: Path, work: Path) -> LocaleRoundTrip:
    result = LocaleRoundTrip(locale_dir.name)
    bilingual = locale_dir / "bilingual"
    project, out = work / "project", work / "out"
    done = docloc("import", bilingual, "--project", project)
    for original in sorted(bilingual.rglob("*.md")):
        if "data-ttu-id" not in original.read_text(encoding="utf-8"):
            result.not_bilingual.append(original.relative_to(bilingual).as_posix())
    other_errors = [line for line in done.stderr.splitlines() if ": not a bilingual article: " not in line]
    if done.returncode != 0 or other_errors:
        result.import_errors = done.stderr
    for fmt in ("bilingual", "translated"):
        docloc("export", "--project", project, "--locale", result.locale, "--format", fmt, "--out", out / fmt)
    for original in sorted(bilingual.rglob("*.md")):
        name = original.relative_to(bilingual)
        if name.as_posix() in result.not_bilingual:
            continue
        result.articles += 1
        exported = out / "bilingual" / name
        if exported.is_file() and exported.read_bytes() == original.read_bytes():
            result.bilingual_identical += 1
        else:
            result.bilingual_differences.append(name.as_posix())
        published = locale_dir / "translated" / name
        if published.is_file():
            result.translated_total += 1
            ours = out / "translated" / name
            ours_text = ours.read_text(encoding="utf-8") if ours.is_file() else ""
            if ours_text.encode() == published.read_bytes():
                result.translated_identical += 1
            else:
                reason = classify_translated_difference(ours_text, published.read_text(encoding="utf-8"))
                result.translated_differences[name.as_posix()] = reason
    # The articles' catalogs (a new project's interface catalogs, locales/**/_ui/, are docloc's own).
    locales = project / "locales"
    catalogs = [path for path in [*locales.rglob("*.po"), *locales.rglob("*.pot")] if "_ui" not in path.parts]
    result.catalogs = len(catalogs)
    with ThreadPoolExecutor(os.cpu_count() or 2) as pool:
        for path, ok in zip(catalogs, pool.map(msgfmt_check, catalogs)):
            if not ok:
                result.msgfmt_rejected.append(str(path.relative_to(project)))
    return result


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "n/a"


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared" / "corpus"
    if not corpus.is_dir():
        sys.exit(f"no corpus at {corpus}")
    print(f"round trip over {corpus}")
    header = ("locale", "articles", "bilingual identical", "translated identical", "msgfmt --check ok")
    print(f"{header[0]:8} {header[1]:>8} {header[2]:>22} {header[3]:>24} {header[4]:>20}")
    for locale_dir in sorted(p for p in corpus.iterdir() if (p / "bilingual").is_dir()):
        with tempfile.TemporaryDirectory(prefix="docloc-roundtrip-") as work:
            r = round_trip(locale_dir, Path(work))
        translated = (
            f"{r.translated_identical}/{r.translated_total} ({percent(r.translated_identical, r.translated_total)})"
            if r.translated_total
            else "n/a (no translated/)"
        )
        print(
            f"{r.locale:8} {r.articles:>8} "
            f"{f'{r.bilingual_identical}/{r.articles} ({percent(r.bilingual_identical, r.articles)})':>22} "
            f"{translated:>24} {f'{r.catalogs - len(r.msgfmt_rejected)}/{r.catalogs}':>20}"
        )
        for name in r.not_bilingual:
            print(f"    not bilingual (no segments; skipped by the import): {name}")
        for name in r.bilingual_differences:
            print(f"    bilingual differs: {name}")
        for name, reason in r.translated_differences.items():
            print(f"    translated differs: {name}: {reason}")
        for name in r.msgfmt_rejected:
            print(f"    msgfmt rejects: {name}")
        if r.import_errors:
            print("    import errors:\n" + r.import_errors)


if __name__ == "__main__":
    main()
