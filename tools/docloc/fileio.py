"""File I/O at the edges: decoding with located errors, and atomic writes (see ``atomic``)."""

from __future__ import annotations

from pathlib import Path

from .errors import DoclocError


def read_bytes(path: Path, display: str | None = None, what: str = "file") -> bytes:
    """A file's bytes; a missing file or a folder is a located error (the readers of catalogs and XML)."""
    try:
        return path.read_bytes()
    except IsADirectoryError:
        raise DoclocError(f"is a folder, not a {what}", display or str(path)) from None
    except FileNotFoundError:
        raise DoclocError("no such file", display or str(path)) from None


def read_text(path: Path, display: str | None = None) -> str:
    """Read UTF-8 text exactly as stored (BOM and CRLF kept); invalid bytes are a located error."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        prefix = data[: exc.start]
        line = prefix.count(b"\n") + 1
        column = len(prefix[prefix.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        raise DoclocError(
            f"invalid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
            display or str(path),
            line,
            column,
        ) from None


def write_text_atomic(path: Path, text: str) -> bool:
    """Write ``text`` via a temporary file and rename; returns False when the file already held it.

    Skipping unchanged files keeps re-runs byte-identical and leaves timestamps alone, so
    MkDocs' live reload and make-style tools see no spurious changes. How the write itself is
    made safe (permissions, fsync, leftovers, error messages) is ``atomic.write_bytes_atomic``'s.
    """
    return write_bytes_atomic(path, encoded_text(text))


def encoded_text(text: str) -> bytes:
    """``text`` as ``write_text_atomic`` writes it: UTF-8, and bytes a catalog held that are not UTF-8 (msgfmt
    accepts "\\377") written back as they were (surrogateescape)."""
    return text.encode("utf-8", "surrogateescape")


def write_bytes_atomic(path: Path, data: bytes) -> bool:
    """``write_text_atomic`` for bytes already encoded (a catalog in its own charset)."""
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    from .atomic import write_bytes_atomic  # here: read-only commands need not load it at start-up

    write_bytes_atomic(path, data)
    return True


def write_state_text(path: Path, text: str) -> bool:
    """``write_text_atomic`` for a file of docloc's own state (``.docloc-handoff/``): a link in its place is
    removed, not written through.

    A project folder is not trusted ground: a pull request can commit such a file as a link to a file of
    the user's, which ``write_text_atomic`` would replace (it writes through links, as editors do, for the
    pages and catalogs a writer links in).
    """
    if path.is_symlink():
        path.unlink()
    return write_text_atomic(path, text)
