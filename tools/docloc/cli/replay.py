"""A ``docloc check`` whose inputs did not change prints its last report again, without checking.

Writers and CI run ``check`` after every change, and often nothing it reads changed since the
last run: then the answer is the last one. Checking that costs a walk of the project's folders;
importing the checks alone costs more than that, so this module runs before anything else is
imported (``docloc.cli.main``) and imports only the standard library.

**What a record holds** (``.docloc/check-replay/<key>.replay``, git-ignored like the check cache):
what the run printed on standard output and standard error (in the order printed), its exit
code, and the stamps (size, modification and change times: ``stamps``) of every file below the folders the check reads
(the project's ``docs/`` and ``locales/``, its configuration, its glossary;
``Project.check_inputs``), which folders are there (links to folders followed, as the check
follows them, within the project: a project with a folder linked out of it is checked every
time), and the stamps of docloc's own files. The key is the command line, the working folder,
where the project really is and the git top level above it, the interpreter and the folders it
imports from with their stamps (``installed``: an install, upgrade or removal changes one), the
environment, which streams are terminals and the terminal's size: everything else a report's text
depends on, as things stand before the check reads anything; and this user's secret
(``userkey``), so that a record made elsewhere, committed to the project by a pull request for
instance, is never replayed.

**When it is replayed**: the same key, the same set of files, each with its stamp. A stamp is
trusted only for a file last modified well before the record was taken, as git trusts its index:
a file modified within ``stamps.RACY_NS`` of it (a change in the same clock tick keeps size and time) is
compared by content (SHA-256). A file whose stamp changed but whose content did not (a ``touch``)
is compared by content too when the record holds its digest. The project lock is not taken: the
record is of one state of the project (the full run held the lock), and every file was seen in
that state during the walk; a writer at work has either written nothing yet (the report is of the
state before it, as if this check had run a moment earlier) or replaced a file, which the walk sees.

**Only what is safe is recorded**: runs that end with 0 or 1 (a report), without
``--no-cache`` and ``--coverage-csv`` (a file written), and only when no input changed while the
run read it (the stamps are taken before the check and compared after it: not even a file saved again with
the same bytes, which the check may have read half-written). A run that is not replayed records the
stamps its replay took (``replayed``'s ``seen``): they too were taken before the check read anything.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import sys
import time
from pathlib import Path

from .. import __version__
from ..installed import import_stamps
from ..stamps import file_stamp, same_file, same_stamp, stamp, vouches
from ..userkey import user_secret

FORMAT = 3
KEEP = 8  # records kept per project (the newest): one per command line in use
FOLDER = Path(".docloc") / "check-replay"
# Environment variables that change from one command to the next in a shell, and nothing else.
VOLATILE = frozenset({"_", "OLDPWD", "SHLVL"})
PACKAGE = Path(__file__).resolve().parents[1]  # docloc's own files: a changed docloc checks again

CODING = ("utf-8", "surrogatepass")  # the report's text as it was printed, whatever a catalog held


def _key(argv: list[str]) -> str:
    """What the report's text depends on besides the files: the command line and where it runs."""
    environment = {k: v for k, v in os.environ.items() if k not in VOLATILE}
    streams = []
    for stream in (sys.stdout, sys.stderr):
        try:
            terminal = stream.isatty()
            size = tuple(os.get_terminal_size(stream.fileno())) if terminal else None
        except (AttributeError, OSError, ValueError):
            terminal, size = False, None
        streams.append([terminal, size])
    place = _place(_project(argv))
    text = json.dumps(
        [FORMAT, __version__, argv, os.getcwd(), place, import_stamps(), environment, streams, user_secret()],
        sort_keys=True,
    )
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _project(argv: list[str]) -> Path:
    """The project folder ``--project`` names (else the current one).

    Only where to look for records: a record is found only under the key of the same command line
    and working folder, which the full run resolved to this same folder.
    """
    root = "."
    for index, arg in enumerate(argv):
        if arg == "--project" and index + 1 < len(argv):
            root = argv[index + 1]
        elif arg.startswith("--project="):
            root = arg.partition("=")[2]
    return Path(root)


def _place(project: Path) -> list:
    """Where the project is: its real path, and which folders above it hold a ``.git``. GitHub and SARIF
    reports give paths from the git top level (``report.location.repository_root``), and SARIF its URI."""
    folder = os.path.realpath(project)
    found = [folder]
    while True:
        if os.path.exists(os.path.join(folder, ".git")):
            found.append(folder)
        parent = os.path.dirname(folder)
        if parent == folder:
            return found
        folder = parent


class LinkedOut(Exception):
    """A folder below the project is a link out of it: a project whose inputs are not all in it is not recorded."""


def _inside(path: str, folders: tuple[str, ...]) -> bool:
    return any(path == folder or path.startswith(folder.rstrip(os.sep) + os.sep) for folder in folders)


def _walk(folder: str, within: tuple[str, ...]) -> dict[str, os.stat_result | None]:
    """Every file below ``folder`` with its stat, and every folder (None), by relative path (a folder ends in "/").

    A folder counts by being there: an empty ``locales/de/LC_MESSAGES/`` is a language to check. Symbolic
    links to folders are followed, as the check follows them (``docs/en`` or ``locales/cs`` may be one, and
    a link's target is looked up through them), each real folder once, if they lead to a folder
    ``within``; a link out of them (to ``/``, it may be) raises ``LinkedOut``: it is not walked.
    """
    found: dict[str, os.stat_result | None] = {}
    cut = len(folder) + 1
    pending = [folder]
    seen = {os.path.realpath(folder)}
    within = (*within, os.path.realpath(folder))
    while pending:
        with contextlib.suppress(OSError), os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.is_dir():
                    if entry.name == "__pycache__":
                        continue
                    found[entry.path[cut:] + "/"] = None
                    if entry.is_symlink():
                        real = os.path.realpath(entry.path)
                        if real in seen:
                            continue
                        if not _inside(real, within):
                            raise LinkedOut(entry.path)
                        seen.add(real)
                    pending.append(entry.path)
                else:
                    try:  # noqa: SIM105 - a context manager per file was a fifth of a walk
                        found[entry.path[cut:]] = entry.stat()
                    except OSError:
                        pass
    return found


def take_stamps(root: Path, folders: list[str], files: list[str]) -> dict:
    """The stamps of everything a check reads: each file below ``folders`` and each of ``files`` (project-relative)."""
    taken = time.time_ns()
    stamps: dict = {"taken": taken, "folders": {}, "files": {}}
    for folder in [*folders, str(PACKAGE)]:
        base = os.path.join(root, folder)
        found = stamps["folders"][folder] = {}
        for name, stat in _walk(base, (os.path.realpath(root),)).items():
            if stat is None:
                found[name] = None
                continue
            now = stamp(stat)  # ``file_stamp``'s, its path made only for a file too recent to vouch for
            found[name] = [*now, None] if vouches(now, taken) else file_stamp(stat, os.path.join(base, name), taken)
    for file in files:
        path = os.path.join(root, file)
        try:
            stamps["files"][file] = file_stamp(os.stat(path), path, taken)
        except OSError:
            stamps["files"][file] = None
    return stamps


def _same_stamps(root: Path, known: dict, now: dict) -> bool:
    """Whether the stamps ``now`` (``take_stamps``) are of the files ``known`` (taken earlier) recorded, and of no
    other: ``unchanged`` for stamps taken already."""
    if known["folders"].keys() != now["folders"].keys() or known["files"].keys() != now["files"].keys():
        return False
    taken = known["taken"]
    pairs = [(known["files"], now["files"], str(root))]
    pairs += [(known["folders"][f], now["folders"][f], os.path.join(root, f)) for f in known["folders"]]
    for recorded, found, base in pairs:
        if recorded.keys() != found.keys():
            return False
        for name, seen in found.items():
            before = recorded[name]
            if seen is None or before is None:  # a folder, or a file missing (the configuration's glossary)
                if seen is not before:
                    return False
            elif not same_stamp(before, tuple(seen[:3]), os.path.join(base, name), taken, digest=seen[3]):
                return False
    return True


def unchanged(root: Path, stamps: dict, exact: bool = False) -> bool:
    """Whether every file ``stamps`` names is as it was, and no file came or went below its folders
    (``exact``: not even saved again, see ``stamps.same_file``)."""
    taken = stamps["taken"]
    for folder, known in stamps["folders"].items():
        base = os.path.join(root, folder)
        found = _walk(base, (os.path.realpath(root),))
        if found.keys() != known.keys():
            return False
        for name, stat in found.items():
            if stat is None:
                continue
            recorded = known[name]
            if (
                recorded[0] == stat.st_size
                and recorded[1] == stat.st_mtime_ns
                and recorded[2] == stat.st_ctime_ns
                and vouches(recorded, taken)
            ):
                continue  # nearly every file: what ``same_file`` says first, without making its path
            if not same_file(recorded, stat, os.path.join(base, name), taken, exact):
                return False
    for file, known in stamps["files"].items():
        path = os.path.join(root, file)
        try:
            stat = os.stat(path)
        except OSError:
            if known is not None:
                return False
            continue
        if known is None or not same_file(known, stat, path, taken, exact):
            return False
    return True


def _is_key(name: str) -> bool:
    return len(name) == 32 and all(c in "0123456789abcdef" for c in name)


def _record_file(root: Path, argv: list[str]) -> Path:
    return root / FOLDER / f"{_key(argv)}.replay"


def replayed(argv: list[str], seen: dict | None = None) -> int | None:
    """The exit code of a replayed ``docloc check`` (its report printed), or None: run it.

    ``seen``: where the stamps this took of the inputs are left (under ``"stamps"``, with the command line and the
    project's real path) when the run is not replayed: that run's ``Recording`` takes them rather than walk the
    folders again.
    """
    if "check" not in argv or "--no-cache" in argv:
        return None
    root = _project(argv)
    try:
        with open(_record_file(root, argv), "rb") as file:  # the header first: the report only if it is replayed
            record = json.loads(file.readline())
            if record.get("format") != FORMAT:
                return None
            known = record["stamps"]
            folders = [folder for folder in known["folders"] if folder != str(PACKAGE)]
            now = take_stamps(root, folders, list(known["files"]))
            if seen is not None:
                seen.update(argv=list(argv), root=os.path.realpath(root), stamps=now)
            if not _same_stamps(root, known, now):
                return None
            output = file.read()
        code, chunks, at = int(record["code"]), [], 0
        for stream, length in record["chunks"]:
            chunks.append((int(stream), output[at : at + int(length)].decode(*CODING)))
            at += int(length)
        if at != len(output) or any(stream not in (0, 1) for stream, _ in chunks):  # cut short, or damaged
            return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError, LinkedOut):  # checked again
        return None
    streams, last = (sys.stdout, sys.stderr), 0
    # A reader gone early (docloc check | head) cuts the report, not the verdict, as a run ends (``ReportCut``).
    with contextlib.suppress(BrokenPipeError):
        for stream, text in chunks:
            if stream != last:  # the other stream's text first, as it was shown (a terminal shows both)
                streams[last].flush()
                last = stream
            streams[stream].write(text)
    return code


class _Copy(io.TextIOBase):
    """A stream that writes to ``stream`` and keeps a copy of the text in ``chunks``, which the other
    stream's copy shares: (0 for standard output or 1 for error, text), in the order written."""

    def __init__(self, stream: io.TextIOBase, chunks: list[tuple[int, str]], number: int) -> None:
        self.stream, self.chunks, self.number = stream, chunks, number

    def write(self, text: str) -> int:
        self.chunks.append((self.number, text))
        return self.stream.write(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self.stream.encoding

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return self.stream.errors


def _stamps_seen(seen: dict | None, root: Path, argv: list[str], folders: list[str], files: list[str]) -> dict | None:
    """The stamps ``replayed`` took of these inputs for this command line (``seen``), if it took them."""
    if not seen or seen.get("argv") != argv or seen.get("root") != os.path.realpath(root):
        return None
    stamps = seen["stamps"]
    if list(stamps["folders"]) != [*folders, str(PACKAGE)] or list(stamps["files"]) != files:
        return None  # the configuration changed what the check reads (a glossary named or dropped)
    return stamps


class Recording:
    """Records a full ``docloc check`` run for ``replayed``: started before the check reads anything."""

    def __init__(
        self, root: Path, argv: list[str], folders: list[str], files: list[str], seen: dict | None = None
    ) -> None:
        """``seen``: what ``replayed`` saw of this command line's inputs before the run (its stamps are taken
        rather than walk the folders again: they were taken before the check read anything, and ``finish``
        compares them with the files as the run leaves them, as it compares its own)."""
        self.root = root
        try:
            self.file: Path | None = _record_file(root, argv)  # keyed as things stand before the check reads
        except OSError:  # no working folder (it was removed): not recorded
            self.file = None
        self.stamps = _stamps_seen(seen, root, argv, folders, files)
        if self.stamps is None:
            try:
                self.stamps = take_stamps(root, folders, files)
            except LinkedOut:  # checked every time
                self.stamps = None
        self.streams = (sys.stdout, sys.stderr)
        self.chunks: list[tuple[int, str]] = []
        sys.stdout, sys.stderr = _Copy(sys.stdout, self.chunks, 0), _Copy(sys.stderr, self.chunks, 1)  # type: ignore[assignment]

    def finish(self, code: int | None) -> None:
        """Stop copying the output; keep the record if the run made a report and read a stable project."""
        copies = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = self.streams
        if code not in (0, 1) or not all(isinstance(c, _Copy) for c in copies):
            return
        # Not when an input changed (or was saved) while the check read it.
        if self.file is None or self.stamps is None or not unchanged(self.root, self.stamps, exact=True):
            return
        from ..atomic import write_bytes_atomic

        # What one stream printed before the other printed, each text encoded on its own: the record is
        # written from these pieces in one join (a report is megabytes, and each copy of it costs milliseconds).
        merged: list[tuple[int, list[bytes]]] = []
        for number, text in self.chunks:
            if not merged or merged[-1][0] != number:
                merged.append((number, []))
            merged[-1][1].append(text.encode(*CODING))
        output = [(number, datas) for number, datas in merged if any(datas)]
        chunks = [[number, sum(map(len, datas))] for number, datas in output]
        header = json.dumps({"format": FORMAT, "code": code, "chunks": chunks, "stamps": self.stamps})
        folder = self.root / FOLDER
        with contextlib.suppress(OSError):  # a read-only project still gets its report
            record = b"".join([header.encode(), b"\n", *(data for _, datas in output for data in datas)])
            # Not fsynced: a record a power cut loses, or cuts short (refused when read), costs one full check.
            write_bytes_atomic(self.file, record, durable=False)
            records = [p for p in folder.glob("*.replay") if _is_key(p.stem)]  # not a file of another name
            kept = sorted(records, key=lambda p: p.stat().st_mtime_ns, reverse=True)
            for old in kept[KEEP:]:
                old.unlink()
