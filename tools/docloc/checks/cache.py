"""What ``docloc check`` computed last time, so a run re-checks only what changed.

Writers and CI run ``check`` on every change, and most catalogs did not change. The cache (one
SQLite file in the project's ``.docloc/`` folder, which git ignores) keeps, by the content they
came from:

* each catalog's coverage, findings and translated entries (the project checks' input), keyed by
  the digests of the catalog, its English page and its template (everything its checks read);
* the project checks' findings, by English text: after an edit, only the English texts the changed
  catalogs had or have are checked again, over their entries in every catalog;
* each English page's links and anchors (its index) and its front matter's length, keyed by the
  page's digest: when any English page changed, the link check of the whole site is recomputed
  from these indexes (resolving is cheap; reading and parsing pages is what costs), so a page whose
  headings changed updates every link to it;
* the English pages' findings (their links), keyed by every English page's digest, with the files
  their links named: reused while no page changed and each file is still there (or still missing);
* each language's Plural-Forms as Babel gives it (``locales.plural_forms``): a run that checks one
  catalog need not import Babel to know it.

All of it under the configuration, docloc's version and its dependencies' (``settings_fingerprint``).
File digests are remembered by (size, modification time) as git's index does; a file whose stamp
changed, or that was modified just before it was read (``stamps``), is read and hashed again.
SQLite, not JSON: a run that changed one catalog writes that catalog's rows, and finds the entries
of its English texts in the others by an index, where a JSON cache was read and written whole
(10 MB on the corpus: most of such a run). Not pickle: a cache in a project folder must not be able
to run code; and no link in its place is followed. A cache that cannot be read is ignored (and made
again); a run that changed nothing writes nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import time
import zlib
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from .. import __version__
from ..installed import import_stamps
from ..markdown.links import PageIndex, PageLink
from ..stamps import Stamp, file_sha256, stamp, vouches
from ..userkey import user_secret
from .coverage import CatalogCoverage
from .registry import CHECKS, UNIT_ORDER, CatalogUnit, Finding, english_of

FORMAT = 9  # 8: an article entry's unit keyed by its English alone, whatever context it has; 9: plural_forms,
# holds_bytes
LEGACY_FILES = ("check-cache.json", "check-cache-units.json")  # in .docloc/: the JSON cache this one replaced


def settings_fingerprint(options: dict[str, Any], extra: str = "") -> str:
    """What every result depends on besides the files: docloc's version, its dependencies (``installed``) and
    the configuration; and this user's secret, so that a cache made elsewhere (a committed ``.docloc/``) is
    never trusted (``userkey``)."""
    text = json.dumps(
        [FORMAT, __version__, import_stamps(), options, extra, user_secret()],
        sort_keys=True,
        default=str,
        ensure_ascii=False,
    )
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class PartResult:
    """One catalog's coverage row, findings, and translated entries for the project checks."""

    coverage: list[CatalogCoverage] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    units: list[CatalogUnit] = field(default_factory=list)

    def __reduce__(self) -> tuple[Any, tuple[list[CatalogCoverage], list[Finding], list[tuple]]]:
        """Pickled with its units as plain tuples: a worker sends every translated entry to the parent, and
        a named tuple's own pickling (a Python call per unit, each way) took three times as long."""
        return _part_result, (self.coverage, self.findings, list(map(tuple, self.units)))


_unit = partial(tuple.__new__, CatalogUnit)  # a unit from its fields' tuple, as ``CatalogUnit._make`` makes it


def _part_result(coverage: list[CatalogCoverage], findings: list[Finding], units: list[tuple]) -> PartResult:
    """A ``PartResult`` unpickled (``PartResult.__reduce__``)."""
    return PartResult(coverage, findings, list(map(_unit, units)))


_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (settings TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS stamps (file TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime INTEGER NOT NULL,
    ctime INTEGER NOT NULL, digest TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS indexes (digest TEXT PRIMARY KEY, page TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS english (site TEXT NOT NULL, findings TEXT NOT NULL, files TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS plural_forms (language TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS holds_bytes (marked INTEGER NOT NULL);  -- a row: some text is kept as bytes
CREATE TABLE IF NOT EXISTS parts (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, language TEXT NOT NULL,
    file TEXT NOT NULL, coverage TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS part_findings (
    part INTEGER NOT NULL, check_id TEXT NOT NULL, severity TEXT NOT NULL, message TEXT NOT NULL, file TEXT NOT NULL,
    line INTEGER NOT NULL, page TEXT NOT NULL, language TEXT NOT NULL, msgid TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS units (
    part INTEGER NOT NULL, english INTEGER NOT NULL, line INTEGER NOT NULL, msgctxt TEXT, msgid TEXT NOT NULL,
    msgstr TEXT NOT NULL, page TEXT NOT NULL, silenced TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS findings (
    english INTEGER NOT NULL, check_id TEXT NOT NULL, severity TEXT NOT NULL, message TEXT NOT NULL, file TEXT NOT NULL,
    line INTEGER NOT NULL, page TEXT NOT NULL, language TEXT NOT NULL, msgid TEXT NOT NULL
);
"""
# A unit's row: its part's id (its language and file are the part's) and the ``english_key`` of its English
# text, both integers, where they were hexadecimal texts with the language and file in every row: a cold run
# stores every translated entry (26 000 on the corpus), and narrower rows and indexes took a quarter less.
# (table, column) of each index: made with the tables, and after the rows on a cold run (``drop_parts``).
_INDEXES = (("part_findings", "part"), ("units", "part"), ("units", "english"), ("findings", "english"))
_FILLED_INDEXES = tuple(index for index in _INDEXES if index[0] in ("units", "part_findings"))  # the parts' rows
_UNIT_COLUMNS = "p.language, p.file, u.line, u.msgctxt, u.msgid, u.msgstr, u.page, u.silenced"
_FINDING_COLUMNS = "check_id, severity, message, file, line, page, language, msgid"


def english_key(unit: CatalogUnit) -> int:
    """A checksum (CRC-32) of the English text a unit translates (``registry.english_of``): the store's index.

    Two English texts with one checksum only make a run recompute both together, which the project
    checks' contract allows: the key decides what is recomputed, never what is found. (A cold run keys
    every translated entry: SHA-1 took three times as long, for collisions it would only make rarer.)
    """
    language, context, msgid = english_of(unit)
    text = "\x00".join((language, "\x01" if context is None else context, msgid))
    return zlib.crc32(text.encode("utf-8", "surrogatepass"))


class CheckCache:
    """What the last ``docloc check`` computed (see the module's docstring), in SQLite.

    The project checks (``scope == "project"``) read every catalog's translated entries, but
    each English text's findings depend on that text's entries alone (``registry.project_check``):
    after an edit to one catalog, only the English texts it had or has are checked again.

    The whole run is one transaction (taken when the cache opens, ended by ``commit``): two
    ``docloc check`` runs in one project take turns rather than mix their results. Without a
    file (``--no-cache``), or when the file cannot be written, it lives in memory for the run.
    """

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection
        self.digests: dict[str, str] = {}  # this run's, by project-relative path
        self._touched: set[int] = set()  # English texts (``english_key``) whose project findings are recomputed
        self._new: list[tuple[int, CatalogUnit]] = []  # the stored parts' units, on a run that keeps no other
        self._everything = False  # no stored part kept: every project finding is recomputed
        self._changed = False  # a part was dropped or stored
        self.stamps: dict[str, tuple[Stamp, str]] = {
            str(file): ((size, mtime, ctime), str(digest))
            for file, size, mtime, ctime, digest in connection.execute("SELECT * FROM stamps")
        }
        self.parts: dict[str, PartResult] = {}
        self._ids: dict[str, int] = {}  # the stored parts' ids (their rows' ``part``), by key
        keys: dict[int, str] = {}
        for number, key, coverage in connection.execute("SELECT id, key, coverage FROM parts"):
            self.parts[key] = PartResult([CatalogCoverage(**row) for row in json.loads(coverage)])
            self._ids[key], keys[number] = int(number), str(key)
        for part, *finding in connection.execute(f"SELECT part, {_FINDING_COLUMNS} FROM part_findings ORDER BY rowid"):
            self.parts[keys[part]].findings.append(Finding(*finding))
        self.plural_forms: dict[str, str] = dict(connection.execute("SELECT language, value FROM plural_forms"))

    @classmethod
    def open(cls, path: Path | None, settings: str) -> CheckCache:
        """The store at ``path`` (emptied when made under other settings or damaged); in memory for None,
        or when it cannot be written (a read-only project: the next run checks everything again)."""
        if path is not None:
            with contextlib.suppress(OSError, sqlite3.Error):
                path.parent.mkdir(parents=True, exist_ok=True)
                for old in LEGACY_FILES:  # what earlier docloc versions kept (10 MB on the corpus), unused now
                    (path.parent / old).unlink(missing_ok=True)
                _unlink_links(path)
                try:
                    return cls(_connect(str(path), settings))
                except sqlite3.OperationalError:  # locked too long, or read-only: this run keeps it in memory
                    pass
                except (sqlite3.DatabaseError, KeyError, TypeError, ValueError):  # damaged: start again
                    path.unlink()
                    return cls(_connect(str(path), settings))
        return cls(_connect(":memory:", settings))

    def digest(self, root: Path, relative: str) -> str:
        """The SHA-256 of a project file ('' when it does not exist), recomputed only when its stamp changed;
        the file is looked at once a run (an English page is read by its catalogs' checks and its own)."""
        found = self.digests.get(relative)
        if found is None:
            found = self.digests[relative] = self._digest(root, relative)
        return found

    def _digest(self, root: Path, relative: str) -> str:
        path = os.path.join(root, relative)  # not pathlib: a run stats every file of the project
        try:
            stat = os.stat(path)
        except OSError:
            if self.stamps.pop(relative, None) is not None:
                self.connection.execute("DELETE FROM stamps WHERE file = ?", _storable((relative,)))
            return ""
        known = self.stamps.get(relative)
        now = stamp(stat)
        if known and known[0] == now:
            return known[1]
        digest = file_sha256(path) or ""  # '': a file that cannot be read, as a missing one
        # A file changed just before it was read may change again in the same clock tick, keeping its
        # stamp: its digest is kept with the times -1 (never a file's), so the next run reads it again.
        kept = now if vouches(now, time.time_ns()) else (now[0], -1, -1)
        self.stamps[relative] = (kept, digest)
        row = _storable((relative, *kept, digest))
        if any(type(value) is bytes for value in row):
            _holds_bytes(self.connection)
        self.connection.execute("INSERT OR REPLACE INTO stamps VALUES (?, ?, ?, ?, ?)", row)
        return digest

    def indexes(self, digests: dict[str, str]) -> dict[str, tuple[PageIndex, int]]:
        """The index and front-matter length of each English page (by name) whose digest the cache knows."""
        by_digest: dict[str, list[str]] = {}
        for name, digest in digests.items():
            by_digest.setdefault(digest, []).append(name)
        found = {}
        wanted = list(by_digest)
        for start in range(0, len(wanted), 500):  # SQLite takes so many parameters at most
            chunk = wanted[start : start + 500]
            query = f"SELECT digest, page FROM indexes WHERE digest IN ({','.join('?' * len(chunk))})"
            for digest, page in self.connection.execute(query, chunk):
                links, anchors, front = json.loads(page)
                page_links = tuple(PageLink(str(t), int(line), bool(image)) for t, line, image in links)
                for name in by_digest[digest]:
                    found[name] = (PageIndex(page_links, frozenset(anchors)), int(front))
        return found

    def store_index(self, digest: str, index: tuple[PageIndex, int]) -> None:
        page, front = index
        data = [[[link.target, link.line, link.image] for link in page.links], sorted(page.anchors), front]
        self.connection.execute("INSERT OR REPLACE INTO indexes VALUES (?, ?)", (digest, json.dumps(data)))

    def english_findings(self, site: str, root: Path) -> list[Finding] | None:
        """The English pages' findings of the last run, if its pages were the same (``site``: every English
        page's digest) and every file their links named is still there, or still missing."""
        row = self.connection.execute("SELECT findings, files FROM english WHERE site = ?", (site,)).fetchone()
        if row is None:
            return None
        files = json.loads(row[1])
        if any(os.path.isfile(os.path.join(root, file)) != found for file, found in files.items()):
            return None
        return [Finding(*finding) for finding in json.loads(row[0])]

    def store_english(self, site: str, findings: list[Finding], files: dict[str, bool], digests: set[str]) -> None:
        """The English pages' findings; indexes of pages that are no longer (not in ``digests``) are dropped."""
        execute = self.connection.execute
        execute("DELETE FROM english")
        rows = json.dumps([list(vars(f).values()) for f in findings]), json.dumps(files)
        execute("INSERT INTO english VALUES (?, ?, ?)", (site, *rows))
        known = [digest for (digest,) in execute("SELECT digest FROM indexes")]
        self.connection.executemany("DELETE FROM indexes WHERE digest = ?", [(d,) for d in known if d not in digests])

    def store_plural_forms(self, known: dict[str, str]) -> None:
        """Keep the Plural-Forms ``locales.plural_forms`` gave (by language) that the cache does not hold yet."""
        new = [(language, value) for language, value in known.items() if self.plural_forms.get(language) != value]
        if new:
            _insert_many(self.connection, "INSERT OR REPLACE INTO plural_forms VALUES (?, ?)", new)
            self.plural_forms.update(new)

    def drop_parts(self, keys: set[str]) -> None:
        """Forget the stored parts not in ``keys`` (the run's parts: a catalog gone or changed has another key):
        the English texts they had are checked again by ``project_findings``.

        Called before the run's parts are stored (``store_parts``). When no stored part is kept (a cold run),
        the tables' indexes are dropped until ``project_findings``: one sort per index files tens of thousands
        of rows faster than a B-tree insert per row.
        """
        execute = self.connection.execute
        gone = list(self.parts.keys() - keys)
        if gone:
            numbers = [self._ids.pop(key) for key in gone]
            marks = ",".join("?" * len(numbers))
            touched = execute(f"SELECT DISTINCT english FROM units WHERE part IN ({marks})", numbers)
            self._touched.update(english for (english,) in touched)
            execute(f"DELETE FROM units WHERE part IN ({marks})", numbers)
            execute(f"DELETE FROM parts WHERE id IN ({marks})", numbers)
            execute(f"DELETE FROM part_findings WHERE part IN ({marks})", numbers)
            for key in gone:
                del self.parts[key]
            self._changed = True
        self._everything = not self.parts  # no catalog kept: every stored project finding is of a touched text
        if self._everything:
            for table, column in _FILLED_INDEXES:
                execute(f"DROP INDEX IF EXISTS {table}_{column}")

    def store_parts(self, fresh: dict[str, PartResult]) -> None:
        """Store the parts checked this run (``drop_parts`` first): ``docloc check`` stores each worker's
        parts as its report comes, this process's own while the other workers still check."""
        if not fresh:
            return
        if not fresh.keys().isdisjoint(self.parts):
            raise ValueError("a part stored twice: check only the parts the cache does not hold")
        first = max(self._ids.values(), default=0) + 1
        ids = {key: number for number, key in enumerate(fresh, first)}
        parts = []
        for key, result in fresh.items():
            catalogs = {unit[:2] for unit in result.units}  # (language, file)
            if len(catalogs) > 1:
                raise ValueError("a part's units are of one catalog: its rows keep its language and file once")
            language, file = catalogs.pop() if catalogs else ("", "")
            parts.append((ids[key], key, language, file, json.dumps([vars(row) for row in result.coverage])))
        new = [(english_key(unit), ids[key], unit) for key, result in fresh.items() for unit in result.units]
        if self._everything:  # no stored unit to read back: the project checks take these as they are
            self._new += [(english, unit) for english, _, unit in new]
        else:  # (with ``_everything`` every project finding is recomputed: none is of a text left untouched)
            self._touched.update(english for english, _, _ in new)
        _insert_many(
            self.connection,
            f"INSERT INTO units VALUES ({','.join('?' * 8)})",
            [
                (part, english, *unit[2:7], "\n".join(sorted(unit.silenced)) if unit.silenced else "")
                for english, part, unit in new
            ],
        )
        _insert_many(self.connection, "INSERT INTO parts VALUES (?, ?, ?, ?, ?)", parts)
        _insert_many(
            self.connection,
            f"INSERT INTO part_findings VALUES ({','.join('?' * 9)})",
            [(ids[key], *vars(f).values()) for key, result in fresh.items() for f in result.findings],
        )
        self._ids |= ids
        self.parts |= fresh
        self._changed = True

    def project_findings(self) -> list[Finding]:
        """The project checks' findings over every stored part, once the run's parts are stored.

        The English texts of dropped and stored parts are checked again over all their entries (in
        every catalog); the others' findings are the stored ones.
        """
        if self._everything:
            _make_indexes(self.connection, _FILLED_INDEXES)
        if self._changed:
            units = self._new if self._everything else self._units_of(self._touched)
            self._recheck(self._touched, units, self._everything)
        return [
            Finding(*row)
            for row in self.connection.execute(
                f"SELECT {_FINDING_COLUMNS} FROM findings ORDER BY english, rowid"
            ).fetchall()
        ]

    def commit(self) -> None:
        """End the run's transaction: what it stored is written at once (nothing, when nothing changed)."""
        self.connection.execute("COMMIT")

    def close(self) -> None:
        """Let the next run in: what was not committed (a run that failed) is dropped."""
        self.connection.close()

    def _units_of(self, english: set[int]) -> list[tuple[int, CatalogUnit]]:
        """The stored entries of the English texts ``english`` (by their ``english_key``), with their keys."""
        execute = self.connection.execute
        execute("CREATE TEMP TABLE IF NOT EXISTS touched (english INTEGER PRIMARY KEY)")
        execute("DELETE FROM touched")
        self.connection.executemany("INSERT INTO touched VALUES (?)", [(key,) for key in english])
        rows = execute(
            f"SELECT u.english, {_UNIT_COLUMNS} FROM units u JOIN parts p ON p.id = u.part"
            " WHERE u.english IN (SELECT english FROM touched)"
        )
        return [
            (
                key,
                CatalogUnit(language, file, line, context, msgid, msgstr, page, frozenset(silenced.split("\n")) - {""}),
            )
            for key, language, file, line, context, msgid, msgstr, page, silenced in rows
        ]

    def _recheck(self, touched: set[int], units: list[tuple[int, CatalogUnit]], everything: bool) -> None:
        """Run the project checks again over ``units``, every entry of the ``touched`` English texts (with their
        keys); their findings replace the stored ones of those texts (all of them, with ``everything``)."""
        english = {(unit.file, unit.line): key for key, unit in units}
        rows = []
        for found in project_check_findings(sorted((unit for _, unit in units), key=UNIT_ORDER)):
            key = english.get((found.file, found.line))
            if key is None:
                raise RuntimeError(f"project check {found.check} reported away from the entries it was given")
            rows.append((key, *vars(found).values()))
        if everything:
            self.connection.execute("DELETE FROM findings")
        else:
            self.connection.executemany("DELETE FROM findings WHERE english = ?", [(key,) for key in touched])
        _insert_many(self.connection, f"INSERT INTO findings VALUES ({','.join('?' * 9)})", rows)


def project_check_findings(units: list[CatalogUnit]) -> list[Finding]:
    """What every project check finds over ``units`` (sorted by language, file and line)."""
    return [f for item in CHECKS.values() if item.scope == "project" for f in item.function(units)]


def _storable(row: tuple) -> tuple:
    """``row`` with each text SQLite cannot take (a lone surrogate: a byte a catalog held that is not UTF-8,
    msgfmt's "\\377", or a file name) as the bytes it stands for; ``_readable`` turns them back."""
    return tuple(_storable_text(value) if type(value) is str and not value.isascii() else value for value in row)


def _storable_text(value: str) -> str | bytes:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return value.encode("utf-8", "surrogatepass")
    return value


def _readable(cursor: sqlite3.Cursor, row: tuple) -> tuple:
    """A row as stored, the texts ``_storable`` kept as bytes turned back (no column holds bytes otherwise)."""
    return tuple(value.decode("utf-8", "surrogatepass") if type(value) is bytes else value for value in row)


def _holds_bytes(connection: sqlite3.Connection) -> None:
    """Say (in the store, with the rows of this transaction) that a row holds a text kept as bytes: from now on
    every row read is made ``_readable``. Only then: a Python call for each of the thousands of rows a run
    reads (every finding) cost a run after an edit 2 ms, for bytes nearly no catalog holds."""
    if connection.row_factory is not _readable:
        connection.execute("INSERT INTO holds_bytes VALUES (1)")
        connection.row_factory = _readable


def _insert_many(connection: sqlite3.Connection, statement: str, rows: list[tuple]) -> None:
    """``executemany``; where a row holds a text SQLite cannot take, again with each row made ``_storable``
    (rare: the rows of every other run go to SQLite as they are)."""
    connection.execute("SAVEPOINT rows")
    try:
        connection.executemany(statement, rows)
    except UnicodeEncodeError:
        connection.execute("ROLLBACK TO rows")
        connection.executemany(statement, [_storable(row) for row in rows])
        _holds_bytes(connection)
    connection.execute("RELEASE rows")


def _make_schema(connection: sqlite3.Connection) -> None:
    for statement in _SCHEMA.split(";"):
        if statement.strip():
            connection.execute(statement)
    _make_indexes(connection, _INDEXES)


def _make_indexes(connection: sqlite3.Connection, indexes: tuple[tuple[str, str], ...]) -> None:
    """The indexes ``(table, column)`` named ``table_column`` (as ``drop_parts`` drops them), where missing."""
    for table, column in indexes:
        connection.execute(f"CREATE INDEX IF NOT EXISTS {table}_{column} ON {table} ({column})")


def _connect(name: str, settings: str) -> sqlite3.Connection:
    """A connection inside its write transaction, the schema made, emptied when made under other settings."""
    connection = sqlite3.connect(name, timeout=120, isolation_level=None)
    try:
        # No fsync (10 ms and more a commit here): the rollback journal still makes a run's commit all or
        # nothing when docloc is killed; only an OS crash mid-commit could leave it damaged, and it holds no
        # one's work (SQLite reports most damage, and the cache is then made again; --no-cache checks anyway).
        connection.execute("PRAGMA synchronous = OFF")
        connection.execute("BEGIN IMMEDIATE")
        _make_schema(connection)
        stored = connection.execute("SELECT settings FROM meta").fetchall()
        if stored != [(settings,)]:  # another docloc (its tables may differ) or other settings: start again
            tables = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
            for (table,) in tables:
                connection.execute(f'DROP TABLE "{table}"')
            _make_schema(connection)
            connection.execute("INSERT INTO meta VALUES (?)", (settings,))
        if connection.execute("SELECT 1 FROM holds_bytes").fetchone() is not None:
            connection.row_factory = _readable
    except BaseException:
        connection.close()
        raise
    return connection


def _unlink_links(path: Path) -> None:
    """Remove the store's files where they are links: SQLite would read and write through them.

    A project folder is not trusted ground (``userkey``): a pull request can commit
    ``.docloc/check-cache.sqlite`` or its journal as a link to a file of the user's (or to /dev/zero).
    """
    for suffix in ("", "-journal", "-wal", "-shm"):
        link = path.with_name(path.name + suffix)
        if link.is_symlink():
            link.unlink()
