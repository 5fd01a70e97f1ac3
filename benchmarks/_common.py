"""Shared helpers for the benchmarks: locating the corpus, timing commands, peak memory."""

from __future__ import annotations

import os
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("DOCLOC_CORPUS", REPO.parent / "shared" / "corpus"))


def require_corpus() -> Path:
    if not CORPUS.is_dir():
        sys.exit(f"the corpus is not at {CORPUS}; set DOCLOC_CORPUS to its folder")
    return CORPUS


def compile_docloc() -> None:
    """Byte-compile the docloc package before timing it, as ``pip install`` does for the reference tools.

    An editable install leaves docloc as source; where ``PYTHONDONTWRITEBYTECODE`` is set (this
    machine sets it) every docloc process would compile its modules again, which pip did once,
    at install time, for translate-toolkit and mdpo. Timing that would measure the compiler.
    """
    import compileall

    import docloc

    compileall.compile_dir(str(Path(docloc.__file__).parent), quiet=1)


def run_timed(command: list[str], **kwargs) -> tuple[float, int]:
    """Run a command; return wall time in seconds and its peak memory (max RSS of it and its children, KiB)."""
    wrapped = ["/usr/bin/time", "-f", "%M", *command] if Path("/usr/bin/time").exists() else command
    start = time.perf_counter()
    done = subprocess.run(wrapped, capture_output=True, text=True, **kwargs)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1) and not only_not_bilingual(done.returncode, done.stderr):
        sys.exit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    peak = 0
    if wrapped is not command:
        last = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "0"
        peak = int(last) if last.isdigit() else 0
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, 0) or children


def only_not_bilingual(code: int, stderr: str) -> bool:
    """Whether an import failed only for the target-language-only files Microsoft's folders hold (each
    TOC.md): earlier versions of ``docloc import`` refused them (exit 2; this one skips them with a warning
    when they are found in a folder), and the benchmarks accept that. The errors are the located lines
    (``file:line:col: message``); notes and warnings are not errors."""
    errors = [line for line in stderr.splitlines() if _LOCATED.match(line)]
    return code == 2 and bool(errors) and all(": not a bilingual article: " in line for line in errors)


_LOCATED = re.compile(r"[^\s:][^:]*:\d+:\d+: ")


def median(values: list[float]) -> float:
    return statistics.median(values)


def table(rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        lines.append(
            "  ".join(cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(row))
        )
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)
