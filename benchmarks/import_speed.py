"""Import speed: `docloc import` of a whole locale vs translate-toolkit's `pocount` on the catalogs it wrote.

Side by side in one run, alternating, medians of several runs; prints times, the ratio and
peak memory (max RSS of the command and its worker processes).

    python benchmarks/import_speed.py [--locale cs-cz] [--runs 5]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from _common import compile_docloc, median, require_corpus, run_timed, table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--locale", default="cs-cz")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    compile_docloc()
    source = require_corpus() / args.locale / "bilingual"
    docloc = [sys.executable, "-m", "docloc"]
    pocount = shutil.which("pocount") or sys.exit("pocount not found: pip install -e '.[bench]'")
    work = Path(tempfile.mkdtemp(prefix="docloc-bench-"))
    times: dict[str, list[float]] = {
        "docloc import (fresh project)": [],
        "docloc import (re-import)": [],
        "pocount": [],
    }
    peaks: dict[str, int] = dict.fromkeys(times, 0)
    try:
        for run in range(args.runs):
            project = work / f"p{run}"
            for label, command in (
                ("docloc import (fresh project)", [*docloc, "import", str(source), "--project", str(project)]),
                ("docloc import (re-import)", [*docloc, "import", str(source), "--project", str(project)]),
                ("pocount", [pocount, str(project / "locales")]),
            ):
                elapsed, peak = run_timed(command)
                times[label].append(elapsed)
                peaks[label] = max(peaks[label], peak)
        articles = sum(1 for _ in source.rglob("*.md"))
        base = median(times["pocount"])
        rows = [["command", "median s", "runs", "× pocount", "peak MiB"]]
        for label, values in times.items():
            rows.append(
                [
                    label,
                    f"{median(values):.2f}",
                    str(len(values)),
                    f"{median(values) / base:.2f}",
                    f"{peaks[label] / 1024:.0f}",
                ]
            )
        print(f"{args.locale}: {articles} articles from {source}")
        print(table(rows))
        verdict = median(times["docloc import (fresh project)"]) <= base
        print(f"\ndocloc import {'is not slower' if verdict else 'is SLOWER'} than pocount on the catalogs it wrote.")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
