"""docloc's commands before and after a change: the same work timed on two versions of the code.

    python benchmarks/before_after.py [--before REV] [--locale cs-cz] [--runs 5] [--commands import ...]

Checks the ``--before`` revision (default: the first commit of this round of work, 23a9580) out
into a temporary git worktree and runs each command of both versions on the same input,
alternating (before, after, before, after, ...) so that the machine's noise falls on both
alike: ``import`` of a corpus locale into a new project, ``extract`` with no templates (every
page segmented afresh), ``update``, ``check`` cold (no cache), ``export`` of the locale, and
``build`` of the bundled guide's site. Each version works in a project of its own making.
Prints the median wall and CPU time (the process and its children), after/before ratios, and
peak memory. CPU time is the steadier figure on a small, busy machine. ``--commands`` times only
the commands named (the ones before them still run, untimed, to make the project they work on).
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
from dataclasses import dataclass, field
from pathlib import Path

from _common import CORPUS, only_not_bilingual, table

REPO = Path(__file__).resolve().parents[1]
ROUND_START = "23a9580"
COMMANDS = ["import", "extract", "update", "check", "export", "build"]


@dataclass
class Timing:
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peak: list[int] = field(default_factory=list)  # MiB


def timed(command: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float, int]:
    """(wall s, CPU s of the process and its children, peak RSS MiB of the largest of them)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1) and not only_not_bilingual(code, stderr):
        sys.exit(f"{' '.join(command)} failed ({code}) in {cwd}:\n{stderr[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


class Version:
    """One version of docloc: its source tree, and the projects it works in."""

    def __init__(self, label: str, tree: Path, work: Path) -> None:
        self.label, self.tree, self.work = label, tree, work
        self.env = {**os.environ, "PYTHONPATH": str(tree / "tools"), "PYTHONDONTWRITEBYTECODE": ""}
        self.env.pop("DOCLOC_CORPUS", None)
        self.project = work / "project"
        self.guide = work / "guide"
        _plugin_shim(tree)
        import compileall

        compileall.compile_dir(str(tree / "tools" / "docloc"), quiet=1)  # as pip would, once

    def docloc(self, *args: str | Path) -> list[str]:
        return [sys.executable, "-m", "docloc", *map(str, args)]

    def steps(self, folder: Path, locale: str) -> list[tuple[str, list[str], object]]:
        """(name, command, what to reset before it) in the order a user runs them."""
        language = locale.split("-")[0]
        templates = self.project / "locales" / "templates"
        out = self.work / "export"
        return [
            ("import", self.docloc("import", folder, "--project", self.project), lambda: _remove(self.project)),
            ("extract (cold)", self.docloc("extract", "--project", self.project), lambda: _remove(templates)),
            ("update", self.docloc("update", "--project", self.project), None),
            (
                "check (cold)",
                self.docloc("check", "--project", self.project),
                lambda: _remove(self.project / ".docloc"),
            ),
            (
                "export",
                self.docloc("export", "--locale", language, "--out", out, "--project", self.project),
                lambda: _remove(out),
            ),
            (
                "build (guide)",
                self.docloc("build", "--project", self.guide, "--site-dir", self.work / "site"),
                lambda: _remove(self.work / "site"),
            ),
        ]

    def prepare_guide(self) -> None:
        """The bundled guide project of this version (mkdocs.yml, docs/, locales/), to build."""
        self.guide.mkdir(parents=True)
        shutil.copy2(self.tree / "mkdocs.yml", self.guide / "mkdocs.yml")
        for name in ("docs", "locales"):
            shutil.copytree(self.tree / name, self.guide / name)


def _plugin_shim(tree: Path) -> None:
    """MkDocs finds the ``docloc`` plugin through the installed package's entry point; where a version of the
    tree keeps its plugin in another module, a module at the installed entry point's place hands over to it
    (in the temporary worktree only)."""
    import tomllib
    from importlib.metadata import entry_points

    installed = next((ep for ep in entry_points(group="mkdocs.plugins") if ep.name == "docloc"), None)
    pyproject = tomllib.loads((tree / "pyproject.toml").read_text(encoding="utf-8"))
    own = pyproject["project"]["entry-points"]["mkdocs.plugins"]["docloc"]
    if installed is None or installed.value == own:
        return
    module, _, name = own.partition(":")
    target = tree / "tools" / Path(*installed.module.split(".")).with_suffix(".py")
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"from {module} import {name} as {installed.attr}  # noqa: F401\n", encoding="utf-8")


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", default=ROUND_START, help=f"the revision to compare with (default {ROUND_START})")
    parser.add_argument("--locale", default="cs-cz", help="the corpus locale to import (default cs-cz)")
    parser.add_argument("--runs", type=int, default=5, help="runs of each command and version (medians)")
    parser.add_argument(
        "--commands", nargs="+", choices=COMMANDS, metavar="NAME", help=f"only these ({', '.join(COMMANDS)})"
    )
    args = parser.parse_args()
    folder = CORPUS / args.locale / "bilingual"
    if not folder.is_dir():
        sys.exit(f"no corpus locale at {folder}; set DOCLOC_CORPUS to the corpus folder")
    with tempfile.TemporaryDirectory(prefix="docloc-before-after-") as temp:
        root = Path(temp)
        before_tree = root / "before-tree"
        subprocess.run(
            ["git", "-C", str(REPO), "worktree", "add", "--detach", "-q", str(before_tree), args.before], check=True
        )
        try:
            run(root, before_tree, folder, args)
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(before_tree)], check=False)


def run(root: Path, before_tree: Path, folder: Path, args: argparse.Namespace) -> None:
    versions = [Version("before", before_tree, root / "before"), Version("after", REPO, root / "after")]
    for version in versions:
        version.work.mkdir()
        version.prepare_guide()
    names = [name for name, _, _ in versions[0].steps(folder, args.locale)]
    timed_names = [name for name in names if not args.commands or name.split(" ")[0] in args.commands]
    names = names[: names.index(timed_names[-1]) + 1]  # the commands before a timed one make its project
    timings = {(version.label, name): Timing() for version in versions for name in names}
    for run_index in range(args.runs):
        for position, name in enumerate(names):
            for version in versions if run_index % 2 == 0 else versions[::-1]:
                _, command, reset = version.steps(folder, args.locale)[position]
                if callable(reset):
                    reset()
                wall, cpu, peak = timed(command, version.env, version.work)
                timing = timings[(version.label, name)]
                timing.wall.append(wall)
                timing.cpu.append(cpu)
                timing.peak.append(peak)
        print(f"run {run_index + 1} of {args.runs} done", file=sys.stderr)
    head = ["command", "before wall", "after wall", "wall ×", "before CPU", "after CPU", "CPU ×", "peak MiB b/a"]
    rows = [head]
    for name in timed_names:
        before, after = timings[("before", name)], timings[("after", name)]
        bw, aw = statistics.median(before.wall), statistics.median(after.wall)
        bc, ac = statistics.median(before.cpu), statistics.median(after.cpu)
        peaks = f"{max(before.peak)}/{max(after.peak)}"
        rows.append([name, f"{bw:.2f} s", f"{aw:.2f} s", f"{aw / bw:.2f}", f"{bc:.2f} s", f"{ac:.2f} s",
                     f"{ac / bc:.2f}", peaks])  # fmt: skip
    print(f"docloc before ({args.before}) and after (this tree), {args.locale} corpus, medians of {args.runs} runs")
    print(table(rows))


if __name__ == "__main__":
    main()
