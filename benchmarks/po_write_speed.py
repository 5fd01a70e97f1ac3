"""PO write speed: polib's writer (``str(po)`` with no wrapping) and docloc's ``polib_text``, which
writes the same text, on every catalog and template of a corpus locale.

``docloc import`` writes two catalogs per article, so the writer is a large share of its work.
Both writers run in this process on the same catalogs, alternating, medians of several runs
(CPU time of the process, the steadier figure on a busy machine). The texts are compared too:
a difference is an error.

    python benchmarks/po_write_speed.py [--locale cs-cz] [--runs 5]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from _common import compile_docloc, median, require_corpus, table


def _timed(write: Callable[[object], str], catalogs: list) -> float:
    start = time.process_time()
    for po in catalogs:
        write(po)
    return time.process_time() - start


def _polibs(po) -> str:
    po.wrapwidth = 0
    return str(po)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--locale", default="cs-cz")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    compile_docloc()
    from docloc.catalog.po import polib_text, read_catalog
    from docloc.cli import main as docloc

    work = Path(tempfile.mkdtemp(prefix="docloc-bench-"))
    try:
        project = work / "project"
        source = require_corpus() / args.locale / "bilingual"
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as errors:
            code = docloc(["import", str(source), "--project", str(project)])
        if code != 0:
            sys.exit(f"the import failed:\n{errors.getvalue()[-2000:]}")
        paths = sorted(project.glob("locales/**/*.po")) + sorted(project.glob("locales/**/*.pot"))
        catalogs = [read_catalog(path) for path in paths]
        differ = [path for path, po in zip(paths, catalogs) if polib_text(po) != _polibs(po)]
        if differ:
            sys.exit(f"polib_text differs from polib's writer on {len(differ)} files, first {differ[0]}")
        writers = {"polib str(po), no wrapping": _polibs, "docloc polib_text": polib_text}
        times: dict[str, list[float]] = {label: [] for label in writers}
        for run in range(args.runs):
            for label in writers if run % 2 == 0 else list(writers)[::-1]:
                times[label].append(_timed(writers[label], catalogs))
        base = median(times["polib str(po), no wrapping"])
        rows = [["writer", "median CPU s", "runs", "× polib"]]
        for label, values in times.items():
            rows.append([label, f"{median(values):.3f}", str(len(values)), f"{median(values) / base:.2f}"])
        print(f"{args.locale}: {len(paths)} catalogs and templates, written in memory, byte-identical")
        print(table(rows))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
