"""PO read speed: docloc's reader (``read_catalog``) on every catalog and template of a corpus locale,
side by side with ``polib.pofile`` and, as a reference, GNU ``msgcat`` reading the same files.

``docloc check`` reads every catalog of a project, so this is the cost every check pays. Each
reader runs in this process (msgcat as one command over all files), alternating, medians of
several runs. ``--compare-with FILE.py`` times one more reader: a module with ``read_po(path)``
(for instance an earlier docloc's ``catalog/poreader.py``, taken from git).

    python benchmarks/po_read_speed.py [--locale cs-cz] [--runs 5] [--compare-with OLD.py]
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from _common import compile_docloc, median, require_corpus, table


def _timed(read: Callable[[Path], object], paths: list[Path]) -> float:
    start = time.perf_counter()
    for path in paths:
        read(path)
    return time.perf_counter() - start


def _msgcat(paths: list[Path]) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        ["msgcat", "--use-first", "--no-wrap", "-o", "/dev/null", *map(str, paths)], capture_output=True, check=False
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"msgcat failed:\n{done.stderr.decode(errors='replace')[-2000:]}")
    return elapsed


def _load_reader(path: Path) -> Callable[[Path], object]:
    spec = importlib.util.spec_from_file_location("compared_reader", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["compared_reader"] = module
    spec.loader.exec_module(module)
    return module.read_po


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--locale", default="cs-cz")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--compare-with", type=Path, metavar="FILE.py", help="a module whose read_po(path) to time too")
    parser.add_argument("--project", type=Path, help="an imported project to read (default: import the locale)")
    args = parser.parse_args()
    compile_docloc()
    import polib

    from docloc.catalog.po import read_catalog
    from docloc.cli import main as docloc

    work = None
    project = args.project
    if project is None:
        work = Path(tempfile.mkdtemp(prefix="docloc-bench-"))
        project = work / "project"
        source = require_corpus() / args.locale / "bilingual"
        if docloc(["import", str(source), "--project", str(project)]) != 0:
            sys.exit("the import failed")
    try:
        paths = sorted(project.glob("locales/**/*.po")) + sorted(project.glob("locales/**/*.pot"))
        size = sum(path.stat().st_size for path in paths)
        readers: dict[str, Callable[[list[Path]], float]] = {
            "docloc read_catalog": lambda p: _timed(read_catalog, p),
            "polib.pofile": lambda p: _timed(lambda path: polib.pofile(str(path)), p),
            "msgcat (GNU, one command)": _msgcat,
        }
        if args.compare_with:
            compared = _load_reader(args.compare_with)
            readers[f"compared: {args.compare_with.name}"] = lambda p: _timed(compared, p)
        times: dict[str, list[float]] = {label: [] for label in readers}
        for _ in range(args.runs):
            for label, run in readers.items():
                times[label].append(run(paths))
        base = median(times["docloc read_catalog"])
        rows = [["reader", "median s", "min s", "runs", "÷ docloc"]]
        for label, values in times.items():
            rows.append(
                [label, f"{median(values):.3f}", f"{min(values):.3f}", str(len(values)), f"{median(values) / base:.2f}"]
            )
        print(f"{len(paths)} catalogs and templates of {project}, {size / 1e6:.1f} MB; medians of {args.runs} runs")
        print(table(rows))
    finally:
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
