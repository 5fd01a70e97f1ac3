"""How closely docloc's segmenter reproduces Microsoft's segments, from the English page alone.

For every bilingual article of the corpus, the English page is written as ``docloc import``
writes it; the segmenter then cuts that page with no catalog to lean on, and each of
Microsoft's segments (the ``sxs-lookup`` spans) counts as reproduced when a segment with
the same English starts at the same place. Prints the share per locale and the articles
that match worst.

    python benchmarks/segmentation.py [CORPUS_DIR] [--locales cs-cz de-de] [--worst 10]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from docloc.errors import DoclocError
from docloc.fileio import read_text
from docloc.formats.english import derive_english_fields, write_english_page
from docloc.formats.sxs import read_bilingual
from docloc.markdown.segmenter import article_spans, segment_page
from docloc.settings import DEFAULT_TRANSLATED_FIELDS

DEFAULT_CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"


def score_article(path: Path, name: str) -> tuple[int, int, list[str]]:
    """(Microsoft's segments, reproduced, examples of misses) for one bilingual article."""
    article = read_bilingual(read_text(path, str(path)), name, str(path))
    english = derive_english_fields(article, DEFAULT_TRANSLATED_FIELDS)
    page = write_english_page(article, english, DEFAULT_TRANSLATED_FIELDS)
    ours = set(article_spans(segment_page(page.text, name)))
    theirs = article_spans(article)
    misses = [source for span in theirs if span not in ours for source in [span[1]]]
    return len(theirs), len(theirs) - len(misses), misses


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--locales", nargs="+", default=["cs-cz", "de-de"])
    parser.add_argument("--worst", type=int, default=10, help="how many worst-matching articles to list")
    parser.add_argument("--examples", type=int, default=0, help="print this many missed segments per worst article")
    args = parser.parse_args(argv)
    status = 0
    for locale in args.locales:
        root = args.corpus / locale / "bilingual"
        if not root.is_dir():
            print(f"{locale}: no corpus at {root}; skipped")
            continue
        started = time.perf_counter()
        total = matched = articles = 0
        per_article: list[tuple[float, str, int, int, list[str]]] = []
        for path in sorted(root.rglob("*.md")):
            name = path.relative_to(root).as_posix()
            try:
                count, hits, misses = score_article(path, name)
            except DoclocError as error:
                print(f"  {error}", file=sys.stderr)
                continue
            articles += 1
            total += count
            matched += hits
            if count:
                per_article.append((hits / count, name, hits, count, misses))
        share = matched / total if total else 1.0
        elapsed = time.perf_counter() - started
        print(
            f"{locale}: {matched} of {total} segments reproduced exactly ({share:.2%}) "
            f"in {articles} articles, {elapsed:.1f} s"
        )
        per_article.sort()
        print("  worst-matching articles:")
        for ratio, name, hits, count, misses in per_article[: args.worst]:
            print(f"    {ratio:7.2%}  {hits:4}/{count:<4}  {name}")
            for source in misses[: args.examples]:
                print(f"               missed: {source[:110]!r}")
        if share < 0.97:
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
