"""Two writers at once: `docloc import` and `docloc update` started together on one project, repeatedly.

The project holds the older versions of a locale's articles (`history/`); the import brings the
newer ones (`bilingual/`, with --replace-english) while the update merges the templates into
the catalogs. Each trial's catalogs, pages and templates are compared with those of the two
commands run one after the other, in either order: anything else lost someone's work (before
the project lock, the update could write catalogs computed from the state before the import).

    python benchmarks/concurrent_writes.py [--locale cs-cz] [--trials 10]
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import compile_docloc, require_corpus


def state(project: Path) -> dict[str, bytes]:
    return {
        p.relative_to(project).as_posix(): p.read_bytes()
        for folder in ("docs", "locales")
        for p in sorted((project / folder).rglob("*"))
        if p.is_file()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--locale", default="cs-cz")
    parser.add_argument("--trials", type=int, default=10)
    args = parser.parse_args()
    compile_docloc()
    corpus = require_corpus() / args.locale
    docloc = [sys.executable, "-m", "docloc"]
    commands = {
        "import": ["import", str(corpus / "bilingual"), "--replace-english"],
        "update": ["update", "--quiet"],
    }
    work = Path(tempfile.mkdtemp(prefix="docloc-bench-"))
    try:
        base = work / "base"
        subprocess.run([*docloc, "import", str(corpus / "history"), "--project", str(base)], capture_output=True)
        orders = {}
        for order in (("import", "update"), ("update", "import")):
            project = work / "-".join(order)
            shutil.copytree(base, project)
            for name in order:
                subprocess.run([*docloc, *commands[name], "--project", str(project)], capture_output=True, check=True)
            orders[" then ".join(order)] = state(project)
        rng = random.Random(1)
        outcomes: dict[str, int] = {}
        started = time.perf_counter()
        for trial in range(args.trials):
            project = work / f"trial{trial}"
            shutil.copytree(base, project)
            running = []
            for name in ("import", "update"):
                running.append(
                    subprocess.Popen(
                        [*docloc, *commands[name], "--project", str(project)],
                        stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL,
                    )
                )
                time.sleep(rng.uniform(0, 0.5))  # the update starts while the import reads and writes
            for process in running:
                process.wait()
            result = state(project)
            outcome = next((label for label, expected in orders.items() if result == expected), "DAMAGED")
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
            shutil.rmtree(project)
        print(f"{args.locale}: import (newer articles) and update started together, {args.trials} trials")
        print(f"  ({time.perf_counter() - started:.0f} s)")
        first, second = orders.values()
        differ = sum(1 for name in first.keys() | second.keys() if first.get(name) != second.get(name))
        print(f"  the two orders differ in {differ} files" if differ else "  the two orders give the same files")
        for label in (*orders, "DAMAGED"):
            print(f"  {label:20} {outcomes.get(label, 0)}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
