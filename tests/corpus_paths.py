"""Where the shared corpus is, and one rule for tests that need it.

The corpus lies beside the clone (../shared/corpus), as in CI. Where it is missing a
corpus-wide test is skipped with the reason; under CI it fails instead, so CI never skips.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def require_corpus(*parts: str) -> Path:
    """``SHARED_CORPUS / parts``, or skip (fail under CI) when it is not there."""
    path = SHARED_CORPUS.joinpath(*parts)
    if not path.is_dir():
        message = f"the corpus is not at {path}: this corpus-wide test cannot run here"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path
