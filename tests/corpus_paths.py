"""Where the shared corpus is, and one rule for tests that need it.

The corpus lies beside the clone (../shared/corpus), as in CI. Where it is missing a
corpus-wide test is skipped with the reason; under CI it fails instead, so CI never skips.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def in_ci() -> bool:
    """``CI`` set to anything but empty, 0, false or no (CI services set CI=true)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def require_corpus(*parts: str) -> Path:
    """``SHARED_CORPUS / parts``, or skip (fail under CI) when it is not there."""
    path = SHARED_CORPUS.joinpath(*parts)
    if not path.is_dir():
        message = f"the corpus is not at {path}: this corpus-wide test cannot run here"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    return path


def corpus_present() -> bool:
    """For tests that read the corpus on top of the fixtures: whether it is there (under CI it must be)."""
    if SHARED_CORPUS.is_dir():
        return True
    if in_ci():
        pytest.fail(f"the corpus is not at {SHARED_CORPUS}: under CI every corpus test must read it")
    return False


def import_folder(project: Path, folder: Path, locale: str, jobs: int = 1) -> None:
    """``docloc import`` of a folder of the corpus into ``project``.

    Microsoft's folders also hold target-language-only files (each ``TOC.md``; ``translated/``):
    the import skips them with a warning (not bilingual, nothing written for them). Exactly those,
    and nothing else, are skipped, and the import succeeds.
    """
    import contextlib
    import io

    from docloc.cli import main

    errors = io.StringIO()
    with contextlib.redirect_stderr(errors):
        code = main(["import", "--project", str(project), "--locale", locale, "--jobs", str(jobs), str(folder)])
    monolingual = sorted(
        str(path) for path in folder.rglob("*.md") if "data-ttu-id" not in path.read_text(encoding="utf-8")
    )
    lines = [line for line in errors.getvalue().splitlines() if line]
    skipped = sorted(line.removeprefix("warning: ").split(":1:1: ")[0] for line in lines)
    assert skipped == monolingual, errors.getvalue()
    assert all(line.startswith("warning: ") and "not a bilingual article" in line for line in lines), lines
    assert code == 0
