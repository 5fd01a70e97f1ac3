"""The code base stays ruff-clean (lint and format), as the project's style requires."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def ruff(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ruff", *args], cwd=REPO, capture_output=True, text=True)


def test_ruff_check() -> None:
    done = ruff("check", "tools", "tests", "benchmarks")
    assert done.returncode == 0, done.stdout + done.stderr


def test_ruff_format() -> None:
    done = ruff("format", "--check", "tools", "tests", "benchmarks")
    assert done.returncode == 0, done.stdout + done.stderr
