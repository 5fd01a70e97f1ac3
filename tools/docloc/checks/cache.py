"""What ``docloc check`` computed last time, so a run re-checks only what changed.

Writers and CI run ``check`` on every change, and most catalogs did not change. The cache (in the
project's ``.docloc/`` folder, which git ignores) keeps, by the content they came from:

* in an SQLite file (``PartStore``): each catalog's coverage, findings and translated entries (the
  project checks' input), keyed by the digests of the catalog, its English page and its template
  (everything its checks read), and the project checks' findings by English text: after an edit,
  only the changed catalog's rows are written, and only the English texts it had or has are
  checked again, over their entries in every catalog;
* in a JSON file (``CheckCache``), each English page's links and anchors (its index) and its front
  matter's length, keyed by the page's digest: when any English page changed, the link check of
  the whole site is recomputed from these indexes (resolving is cheap; reading and parsing pages is
  what costs), so a page whose headings changed updates every link to it;
* there too, the English pages' findings (their links), keyed by every English page's digest, with
  the files their links named: reused while no page changed and each file is still there (or still
  missing).

Both are kept under the configuration and docloc's version (``settings_fingerprint``).
File digests are remembered by (size, modification time) as git's index does; a file whose
stamp changed is read and hashed again. JSON and SQLite, not pickle: a cache in a project folder
must not be able to run code. A cache that cannot be read is ignored (and rewritten); a run that
changed nothing writes nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__
from ..fileio import write_text_atomic
from ..markdown.links import PageIndex, PageLink
from .coverage import CatalogCoverage
from .registry import CHECKS, CatalogUnit, Finding, english_of

FORMAT = 4


def file_digest(path: Path) -> str:
    """The SHA-256 of a file's bytes ('' when it cannot be read: a missing file is content too)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def settings_fingerprint(options: dict[str, Any], extra: str = "") -> str:
    """What every result depends on besides the files: docloc's version and the configuration."""
    text = json.dumps([FORMAT, __version__, options, extra], sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class PartResult:
    """One catalog's coverage row, findings, and translated entries for the project checks."""

    coverage: list[CatalogCoverage] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    units: list[CatalogUnit] = field(default_factory=list)


@dataclass
class CheckCache:
    path: Path
    settings: str
    stamps: dict[str, list] = field(default_factory=dict)  # relative path → [size, mtime_ns, digest]
    indexes: dict[str, tuple[PageIndex, int]] = field(default_factory=dict)  # page digest → index, front lines
    used_indexes: set[str] = field(default_factory=set)
    changed: bool = False  # something to write: a stamp, a result, or results no longer used
    # The JSON of the results read from the file, written back as read: serializing them again cost more
    # than the rest of a run that changed one catalog.
    read_indexes: dict[str, Any] = field(default_factory=dict)
    # The English pages' findings: (key of every English page's digest, findings, files their links named
    # and whether each was there).
    english: tuple[str, list[Finding], dict[str, bool]] | None = None
    read_english: Any = None

    @classmethod
    def load(cls, path: Path, settings: str) -> CheckCache:
        cache = cls(path, settings)
        data = _read_json(path, settings)
        if data is None:
            cache.changed = True
            return cache
        try:
            cache.stamps = {str(k): list(v) for k, v in data.get("stamps", {}).items()}
            for key, (links, anchors, front) in data.get("indexes", {}).items():
                page_links = tuple(PageLink(str(t), int(line), bool(image)) for t, line, image in links)
                cache.indexes[key] = (PageIndex(page_links, frozenset(anchors)), int(front))
            if data.get("english"):
                key, findings, files = data["english"]
                files = {str(file): bool(found) for file, found in files.items()}
                cache.english = (str(key), [Finding(**f) for f in findings], files)
                cache.read_english = data["english"]
            cache.read_indexes = data.get("indexes", {})
        except (KeyError, TypeError, ValueError):
            fresh = cls(path, settings)
            fresh.changed = True
            return fresh
        return cache

    def digest(self, root: Path, relative: str) -> str:
        """The SHA-256 of a project file ('' when it does not exist), recomputed only when its stamp changed."""
        path = os.path.join(root, relative)  # not pathlib: a run stats every file of the project
        try:
            stat = os.stat(path)
        except OSError:
            if self.stamps.pop(relative, None) is not None:
                self.changed = True
            return ""
        known = self.stamps.get(relative)
        if known and known[0] == stat.st_size and known[1] == stat.st_mtime_ns:
            return str(known[2])
        digest = file_digest(Path(path))
        self.stamps[relative] = [stat.st_size, stat.st_mtime_ns, digest]
        self.changed = True
        return digest

    def english_findings(self, key: str, root: Path) -> list[Finding] | None:
        """The English pages' findings of the last run, if its pages were the same (``key``) and every file
        their links named is still there, or still missing."""
        if self.english is None or self.english[0] != key:
            return None
        if any(os.path.isfile(os.path.join(root, file)) != found for file, found in self.english[2].items()):
            return None
        return self.english[1]

    def store_english(self, key: str, findings: list[Finding], files: dict[str, bool]) -> None:
        self.english = (key, findings, files)
        self.read_english = None
        self.changed = True

    def index(self, digest: str) -> tuple[PageIndex, int] | None:
        found = self.indexes.get(digest)
        if found is not None:
            self.used_indexes.add(digest)
        return found

    def store_index(self, digest: str, index: tuple[PageIndex, int]) -> None:
        self.indexes[digest] = index
        self.read_indexes.pop(digest, None)
        self.used_indexes.add(digest)
        self.changed = True

    def write(self) -> None:
        """Write what this run used (results of files that are gone or changed are dropped), if anything changed."""
        if self.used_indexes != self.indexes.keys():
            self.changed = True
        if not self.changed:
            return
        english = self.read_english
        if english is None and self.english is not None:
            site, found, files = self.english
            english = [site, [f.as_dict() for f in found], files]
        data = {
            "settings": self.settings,
            "stamps": self.stamps,
            "indexes": {
                key: self.read_indexes.get(key)
                or [[[link.target, link.line, link.image] for link in index.links], sorted(index.anchors), front]
                for key, (index, front) in self.indexes.items()
                if key in self.used_indexes
            },
            "english": english,
        }
        # A read-only project still gets its report; the next run checks everything again.
        with contextlib.suppress(OSError):
            write_text_atomic(self.path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def _read_json(path: Path, settings: str) -> dict | None:
    """A cache file's data, or None when it is missing, unreadable or made under other settings."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("settings") == settings else None


_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (settings TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS parts (key TEXT PRIMARY KEY, coverage TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS part_findings (
    part TEXT NOT NULL, check_id TEXT NOT NULL, severity TEXT NOT NULL, message TEXT NOT NULL, file TEXT NOT NULL,
    line INTEGER NOT NULL, page TEXT NOT NULL, language TEXT NOT NULL, msgid TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS part_findings_part ON part_findings (part);
CREATE TABLE IF NOT EXISTS units (
    part TEXT NOT NULL, english TEXT NOT NULL, language TEXT NOT NULL, file TEXT NOT NULL, line INTEGER NOT NULL,
    msgctxt TEXT, msgid TEXT NOT NULL, msgstr TEXT NOT NULL, page TEXT NOT NULL, silenced TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS units_part ON units (part);
CREATE INDEX IF NOT EXISTS units_english ON units (english);
CREATE TABLE IF NOT EXISTS findings (
    english TEXT NOT NULL, check_id TEXT NOT NULL, severity TEXT NOT NULL, message TEXT NOT NULL, file TEXT NOT NULL,
    line INTEGER NOT NULL, page TEXT NOT NULL, language TEXT NOT NULL, msgid TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS findings_english ON findings (english);
"""
_UNIT_COLUMNS = "language, file, line, msgctxt, msgid, msgstr, page, silenced"
_FINDING_COLUMNS = "check_id, severity, message, file, line, page, language, msgid"


def english_key(unit: CatalogUnit) -> str:
    """A short digest of the English text a unit translates (``registry.english_of``): the store's index.

    Two English texts with one digest only make a run recompute both together, which the project
    checks' contract allows: the key decides what is recomputed, never what is found.
    """
    language, context, msgid = english_of(unit)
    text = "\x00".join((language, "\x01" if context is None else context, msgid))
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


class PartStore:
    """Every checked catalog's result and translated entries, and the project checks' findings by English text.

    The project checks (``scope == "project"``) read every catalog's translated entries, but
    each English text's findings depend on that text's entries alone (``registry.project_check``).
    After an edit to one catalog, only the English texts it had or has are checked again: the
    store finds their entries in the other catalogs by an index. SQLite because that index
    answers without reading or rewriting the whole set (26,000 entries on the corpus, 8 MB as
    JSON: reading and rewriting it was half the run), and a run writes the rows of the catalogs that
    changed, not every catalog's result. It holds data only, like the JSON file.

    The whole run is one transaction (taken when the store opens): two ``docloc check`` runs
    in one project take turns rather than mix their catalogs' entries.
    """

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection
        self.parts: dict[str, PartResult] = {
            str(key): PartResult([CatalogCoverage(**row) for row in json.loads(coverage)])
            for key, coverage in connection.execute("SELECT key, coverage FROM parts")
        }
        for part, *finding in connection.execute(f"SELECT part, {_FINDING_COLUMNS} FROM part_findings ORDER BY rowid"):
            self.parts[part].findings.append(Finding(*finding))

    @classmethod
    def open(cls, path: Path | None, settings: str) -> PartStore:
        """The store at ``path`` (emptied when made under other settings or damaged); in memory for None,
        or when it cannot be written (a read-only project: the next run checks everything again)."""
        if path is not None:
            with contextlib.suppress(OSError, sqlite3.Error):
                path.parent.mkdir(parents=True, exist_ok=True)
                try:
                    return cls(_connect(str(path), settings))
                except sqlite3.OperationalError:  # locked too long, or read-only: this run keeps it in memory
                    raise
                except (sqlite3.DatabaseError, KeyError, TypeError, ValueError):  # damaged: start again
                    path.unlink()
                    return cls(_connect(str(path), settings))
        return cls(_connect(":memory:", settings))

    def project_findings(self, keys: set[str], fresh: dict[str, PartResult]) -> list[Finding]:
        """The project checks' findings over the parts ``keys``, after storing ``fresh`` (parts checked this run).

        Parts no longer in ``keys`` are dropped; the English texts of dropped, replaced and fresh
        parts are checked again over all their entries; the others' findings are the stored ones.
        Commits, ending the run's transaction.
        """
        execute = self.connection.execute
        gone = list((self.parts.keys() - keys) | (fresh.keys() & self.parts.keys()))
        if gone or fresh:
            execute("CREATE TEMP TABLE IF NOT EXISTS touched (english TEXT PRIMARY KEY)")
            execute("DELETE FROM touched")
            if gone:
                marks = ",".join("?" * len(gone))
                execute(f"INSERT OR IGNORE INTO touched SELECT english FROM units WHERE part IN ({marks})", gone)
                execute(f"DELETE FROM units WHERE part IN ({marks})", gone)
                execute(f"DELETE FROM parts WHERE key IN ({marks})", gone)
                execute(f"DELETE FROM part_findings WHERE part IN ({marks})", gone)
            rows = [
                (key, english_key(unit), *unit[:-1], "\n".join(sorted(unit.silenced)))
                for key, result in fresh.items()
                for unit in result.units
            ]
            executemany = self.connection.executemany
            executemany(f"INSERT INTO units VALUES ({','.join('?' * 10)})", rows)
            executemany("INSERT OR IGNORE INTO touched VALUES (?)", [(row[1],) for row in rows])
            executemany(
                "INSERT INTO parts VALUES (?, ?)",
                [(key, json.dumps([vars(row) for row in result.coverage])) for key, result in fresh.items()],
            )
            executemany(
                f"INSERT INTO part_findings VALUES ({','.join('?' * 9)})",
                [(key, *vars(f).values()) for key, result in fresh.items() for f in result.findings],
            )
            for key in gone:
                del self.parts[key]
            self.parts |= fresh
            self._recheck()
        found = [
            Finding(*row)
            for row in execute(f"SELECT {_FINDING_COLUMNS} FROM findings ORDER BY english, rowid").fetchall()
        ]
        execute("COMMIT")
        return found

    def _recheck(self) -> None:
        """Run the project checks again over every entry of the touched English texts; store their findings."""
        execute = self.connection.execute
        units = [
            CatalogUnit(language, file, line, context, msgid, msgstr, page, frozenset(silenced.split("\n")) - {""})
            for language, file, line, context, msgid, msgstr, page, silenced in execute(
                f"SELECT {_UNIT_COLUMNS} FROM units WHERE english IN (SELECT english FROM touched)"
            )
        ]
        units.sort(key=lambda u: (u.language, u.file, u.line))  # a full run's order
        english = {(unit.file, unit.line): english_key(unit) for unit in units}
        execute("DELETE FROM findings WHERE english IN (SELECT english FROM touched)")
        rows = []
        for found in project_check_findings(units):
            key = english.get((found.file, found.line))
            if key is None:
                raise RuntimeError(f"project check {found.check} reported away from the entries it was given")
            rows.append((key, *vars(found).values()))
        self.connection.executemany(f"INSERT INTO findings VALUES ({','.join('?' * 9)})", rows)


def project_check_findings(units: list[CatalogUnit]) -> list[Finding]:
    """What every project check finds over ``units`` (sorted by language, file and line)."""
    return [f for item in CHECKS.values() if item.scope == "project" for f in item.function(units)]


def _connect(name: str, settings: str) -> sqlite3.Connection:
    """A connection inside its write transaction, the schema made, emptied when made under other settings."""
    connection = sqlite3.connect(name, timeout=120, isolation_level=None)
    try:
        connection.execute("PRAGMA synchronous = OFF")  # a cache: a damaged one is detected and made again
        connection.execute("BEGIN IMMEDIATE")
        for statement in _SCHEMA.split(";"):
            if statement.strip():
                connection.execute(statement)
        stored = connection.execute("SELECT settings FROM meta").fetchall()
        if stored != [(settings,)]:  # another docloc (its tables may differ) or other settings: start again
            tables = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
            for (table,) in tables:
                connection.execute(f'DROP TABLE "{table}"')
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    connection.execute(statement)
            connection.execute("INSERT INTO meta VALUES (?)", (settings,))
    except BaseException:
        connection.close()
        raise
    return connection
