"""The hash a template records of the English page it was built from (``X-Docloc-Page-Hash``).

``docloc extract`` compares it with the page's current hash and skips an unedited page without
parsing either file. Kept apart from ``catalog``: a run over unedited pages loads no PO library.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

# In templates: what the template was built from (``page_hash``), so extract can skip unedited pages.
PAGE_HASH_HEADER = "X-Docloc-Page-Hash"


def page_hash(page: bytes, page_ref: str, fields: Iterable[str]) -> str:
    """SHA-256 of an English page's bytes and of the settings its template depends on.

    The import and ``docloc extract`` record it in the template's header; extract skips a
    page whose template records the hash it has now, without parsing either file.
    """
    digest = hashlib.sha256(f"{page_ref}\n{','.join(sorted(fields))}\n".encode())
    digest.update(page)
    return "sha256:" + digest.hexdigest()


def recorded_page_hash(path: str | Path) -> str | None:
    """The ``X-Docloc-Page-Hash`` in a template's header, read from its first bytes alone.

    Read with ``os.open``/``os.read``: extract asks every page's template, and a file object
    per template cost more than the read.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        head = os.read(descriptor, 8192)
    except OSError as error:  # (a folder where the template should be): named, as ``open`` names it
        raise OSError(error.errno, error.strerror, str(path)) from None
    finally:
        os.close(descriptor)
    end = head.find(b"\n\n")  # the header entry is the first block (or the whole of an empty template)
    if end == -1:
        if len(head) == 8192:
            return None
        end = len(head)
    marker = b'\n"' + PAGE_HASH_HEADER.encode() + b": "
    at = head.find(marker, 0, end)
    if at == -1:
        return None
    start = at + len(marker)
    stop = head.find(b'\\n"', start, end)
    return head[start:stop].decode("ascii", "replace") if stop != -1 else None
