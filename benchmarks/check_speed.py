"""Speed of ``docloc check`` against translate-toolkit's pocount and pofilter on the same catalogs.

    python benchmarks/check_speed.py [--runs 3] [--corpus ../shared/corpus]

Imports the whole cs-cz corpus into a temporary project, then runs, side by side in one run
and several times each (medians): ``docloc check`` (coverage + every QA check + link
targets + drift, the whole command) cold (no cache: its cache files and last reports removed before each run),
cold on one core, after one catalog was edited (the cache of the run before), and with nothing
changed; Python only importing what checking a catalog needs (the floor of a run after an
edit); ``pocount`` (statistics only) and ``pofilter`` with its default checks, all over the
same catalogs. Prints wall and CPU times (docloc uses every core; the reference tools use
one), ratios and peak memory, and the targets of issue 17 met or not.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from _common import compile_docloc, only_not_bilingual
from docloc.project import Project

REPO = Path(__file__).resolve().parents[1]
# What a run that checks one edited catalog imports (the CLI, every check, the cache, the report; not Babel: the
# cache keeps each language's plural rule); ``python -X importtime -m docloc check`` lists them.
CHECK_IMPORTS = "import docloc.cli.check, docloc.cli.replay, docloc.checks.run, docloc.report"


def measure(command: list[str], prepare: Callable[[], None] | None = None) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of it and its children, peak RSS in MiB of the largest process)."""
    if prepare is not None:
        prepare()
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        sys.exit(f"{' '.join(command)} failed ({process.returncode}): {process.stderr.read().decode()[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    args = parser.parse_args()
    compile_docloc()
    source = args.corpus / "cs-cz" / "bilingual"
    if not source.is_dir():
        sys.exit(f"the corpus is not at {args.corpus}")
    for tool in ("pocount", "pofilter"):
        if not shutil.which(tool):
            sys.exit(f"{tool} not found: pip install translate-toolkit")
    with tempfile.TemporaryDirectory(prefix="docloc-check-speed-") as tmp:
        root = Path(tmp) / "project"
        docloc = [sys.executable, "-m", "docloc"]
        done = subprocess.run([*docloc, "import", "--project", str(root), "--locale", "cs-CZ", str(source)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)  # fmt: skip
        if done.returncode != 0 and not only_not_bilingual(done.returncode, done.stderr):
            sys.exit(f"docloc import failed ({done.returncode}):\n{done.stderr[-2000:]}")
        catalogs = root / "locales" / "cs"
        articles = [p for p in catalogs.rglob("*.po") if "_ui" not in p.parts]  # (and docloc's 2 interface catalogs)
        count = len(articles)
        size = sum(p.stat().st_size for p in articles) / 1e6
        out = Path(tmp) / "pofilter-out"
        project = Project.open(root)
        caches = (project.check_cache_file(),)
        replays = project.check_replay_dir()
        edited = sorted(articles)[len(articles) // 2]

        def cold() -> None:
            for cache in caches:
                cache.unlink(missing_ok=True)
            shutil.rmtree(replays, ignore_errors=True)

        def edit_one() -> None:  # a translator's edit: one translation changed in one catalog
            text = edited.read_text(encoding="utf-8")
            marker = 'msgstr "'
            at = text.index(marker, text.index("\nmsgid ", text.index("\n\n"))) + len(marker)
            changed = text[:at] + "x" + text[at:]  # a letter more at the start of the first entry's translation
            edited.write_text(changed, encoding="utf-8")

        check = [*docloc, "check", "--project", str(root), "--locale", "cs", "--format", "json"]
        commands: dict[str, tuple[list[str], Callable[[], None] | None]] = {
            "docloc check cold": (check, cold),
            "docloc check -j1 cold": ([*check, "--jobs", "1"], cold),
            "docloc check 1 edited": (check, edit_one),
            "docloc check unchanged": (check, None),
            # The floor of a run that checks a catalog: Python starting and importing what that needs.
            "imports alone": ([sys.executable, "-c", CHECK_IMPORTS], None),
            "pocount": (["pocount", str(catalogs)], None),
            "pofilter": (["pofilter", "--progress=none", "-i", str(catalogs), "-o", str(out)],
                         lambda: shutil.rmtree(out, ignore_errors=True)),
        }  # fmt: skip
        results: dict[str, list[tuple[float, float, int]]] = {name: [] for name in commands}
        for _ in range(args.runs):  # interleaved, so a noisy moment hurts every tool alike
            for name, (command, prepare) in commands.items():
                results[name].append(measure(command, prepare))
    print(
        f"cs-cz corpus: {count} catalogs, {size:.1f} MB of PO; {args.runs} runs each, medians; {os.cpu_count()} cores"
    )
    medians = {
        name: (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs), max(r[2] for r in runs))
        for name, runs in results.items()
    }
    pocount_wall, pofilter_wall = medians["pocount"][0], medians["pofilter"][0]
    print(f"{'command':18} {'wall s':>8} {'cpu s':>8} {'peak MiB':>9} {'÷ pocount':>10} {'÷ pofilter':>11}")
    for name, (wall, cpu, peak) in medians.items():
        print(f"{name:18} {wall:8.2f} {cpu:8.2f} {peak:9d} {wall / pocount_wall:10.2f} {wall / pofilter_wall:11.2f}")
    targets = (("docloc check cold", 0.7), ("docloc check -j1 cold", 0.7), ("docloc check 1 edited", 0.1),
               ("docloc check unchanged", 0.05))  # fmt: skip
    for name, limit in targets:
        ratio = medians[name][0] / pocount_wall
        print(f"target {name}: at most {limit}× pocount: {ratio:.2f}× {'met' if ratio <= limit else 'NOT met'}")
    floor = medians["imports alone"][0]
    print(
        f"a process that only starts and imports what checking one catalog needs takes {floor:.2f} s "
        f"({floor / pocount_wall:.2f}× pocount): the floor of a run after an edit"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
