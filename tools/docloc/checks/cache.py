"""What ``docloc check`` computed last time, so a run re-checks only what changed.

Writers and CI run ``check`` on every change, and most catalogs did not change. The cache (JSON
files in the project's ``.docloc/`` folder, which git ignores) keeps, by the content they came from:

* each catalog's coverage and findings, keyed by the digests of the catalog, its English page and
  its template (everything its checks read), under the configuration and docloc's version;
* each catalog's translated entries (the project checks' input), in a file of their own, read
  only when the project checks must run again;
* the project checks' findings, keyed by every catalog's key: when no catalog changed they are
  not computed again, and the translated entries are not read at all;
* each English page's links and anchors (its index) and its front matter's length, keyed by the
  page's digest: the link check of the whole site is recomputed from these indexes on every run
  (resolving is cheap; reading and parsing pages is what costs), so a page whose headings changed
  updates every link to it.

File digests are remembered by (size, modification time) as git's index does; a file whose
stamp changed, or that was modified just before it was read (``stamps``), is read and hashed
again. JSON, not pickle: a cache in a project folder must not be able to run code. A cache that
cannot be read is ignored (and rewritten); a run that changed nothing writes nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__
from ..fileio import write_text_atomic
from ..installed import import_stamps
from ..markdown.links import PageIndex, PageLink
from ..stamps import vouches
from ..userkey import user_secret
from .coverage import CatalogCoverage
from .registry import CatalogUnit, Finding

FORMAT = 3


def file_digest(path: Path) -> str:
    """The SHA-256 of a file's bytes ('' when it cannot be read: a missing file is content too)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


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


def _unit(
    language: str, file: str, line: int, msgctxt: str | None, msgid: str, msgstr: str, page: str, silenced: list
) -> CatalogUnit:
    """A ``CatalogUnit`` from its JSON list."""
    return CatalogUnit(language, file, int(line), msgctxt, msgid, msgstr, page, frozenset(map(str, silenced)))


@dataclass
class CheckCache:
    path: Path
    settings: str
    units_path: Path = Path()  # where the translated entries are kept (``Project.check_units_file``)
    stamps: dict[str, list] = field(default_factory=dict)  # relative path → [size, mtime_ns, digest]
    parts: dict[str, PartResult] = field(default_factory=dict)  # part key → coverage and findings
    indexes: dict[str, tuple[PageIndex, int]] = field(default_factory=dict)  # page digest → index, front lines
    project: tuple[str, list[Finding]] | None = None  # (key of every part checked, the project checks' findings)
    units: dict[str, list[CatalogUnit]] | None = None  # part key → translated entries, read when first asked for
    used_parts: set[str] = field(default_factory=set)
    used_indexes: set[str] = field(default_factory=set)
    changed: bool = False  # something to write: a stamp, a result, or results no longer used
    units_changed: bool = False

    @classmethod
    def load(cls, path: Path, units_path: Path, settings: str) -> CheckCache:
        cache = cls(path, settings, units_path)
        data = _read_json(path, settings)
        if data is None:
            cache.changed = cache.units_changed = True
            return cache
        try:
            cache.stamps = {str(k): list(v) for k, v in data.get("stamps", {}).items()}
            for key, part in data.get("parts", {}).items():
                cache.parts[key] = PartResult(
                    [CatalogCoverage(**row) for row in part["coverage"]], [Finding(**f) for f in part["findings"]]
                )
            for key, (links, anchors, front) in data.get("indexes", {}).items():
                page_links = tuple(PageLink(str(t), int(line), bool(image)) for t, line, image in links)
                cache.indexes[key] = (PageIndex(page_links, frozenset(anchors)), int(front))
            if data.get("project"):
                key, findings = data["project"]
                cache.project = (str(key), [Finding(**f) for f in findings])
        except (KeyError, TypeError, ValueError):
            fresh = cls(path, settings, units_path)
            fresh.changed = fresh.units_changed = True
            return fresh
        return cache

    def digest(self, root: Path, relative: str) -> str:
        """The SHA-256 of a project file ('' when it does not exist), recomputed only when its stamp changed."""
        path = root / relative
        try:
            stat = os.stat(path)
        except OSError:
            if self.stamps.pop(relative, None) is not None:
                self.changed = True
            return ""
        known = self.stamps.get(relative)
        if known and known[0] == stat.st_size and known[1] == stat.st_mtime_ns:
            return str(known[2])
        digest = file_digest(path)
        # A file modified just before it was read may change again in the same clock tick, keeping its
        # stamp: its digest is kept without one (None never matches), so the next run reads it again.
        vouched = vouches(stat.st_mtime_ns, time.time_ns())
        self.stamps[relative] = [stat.st_size, stat.st_mtime_ns if vouched else None, digest]
        self.changed = True
        return digest

    def part(self, key: str) -> PartResult | None:
        found = self.parts.get(key)
        if found is not None:
            self.used_parts.add(key)
        return found

    def store_part(self, key: str, result: PartResult) -> None:
        self.parts[key] = PartResult(result.coverage, result.findings)
        self.used_parts.add(key)
        self.part_units()[key] = result.units
        self.changed = self.units_changed = True

    def part_units(self) -> dict[str, list[CatalogUnit]]:
        """The translated entries of every part, by key (the project checks' input), read once when first asked."""
        if self.units is None:
            self.units = {}
            data = _read_json(self.units_path, self.settings)
            try:
                for key, units in (data or {}).get("units", {}).items():
                    self.units[key] = [_unit(*unit) for unit in units]
            except (TypeError, ValueError):
                self.units = {}
        return self.units

    def project_findings(self, key: str) -> list[Finding] | None:
        """The project checks' findings of the last run, if it checked the same parts (``key``)."""
        return self.project[1] if self.project is not None and self.project[0] == key else None

    def store_project(self, key: str, findings: list[Finding]) -> None:
        self.project = (key, findings)
        self.changed = True

    def index(self, digest: str) -> tuple[PageIndex, int] | None:
        found = self.indexes.get(digest)
        if found is not None:
            self.used_indexes.add(digest)
        return found

    def store_index(self, digest: str, index: tuple[PageIndex, int]) -> None:
        self.indexes[digest] = index
        self.used_indexes.add(digest)
        self.changed = True

    def write(self) -> None:
        """Write what this run used (results of files that are gone or changed are dropped), if anything changed.

        The translated entries go to a file of their own: a run in which nothing changed does not read them.
        """
        if self.used_parts != self.parts.keys() or self.used_indexes != self.indexes.keys():
            self.changed = True
        if not self.changed:
            return
        data = {
            "settings": self.settings,
            "stamps": self.stamps,
            "parts": {
                key: {
                    "coverage": [asdict(row) for row in part.coverage],
                    "findings": [finding.as_dict() for finding in part.findings],
                }
                for key, part in self.parts.items()
                if key in self.used_parts
            },
            "indexes": {
                key: [[[link.target, link.line, link.image] for link in index.links], sorted(index.anchors), front]
                for key, (index, front) in self.indexes.items()
                if key in self.used_indexes
            },
            "project": [self.project[0], [f.as_dict() for f in self.project[1]]] if self.project else None,
        }
        # A read-only project still gets its report; the next run checks everything again.
        with contextlib.suppress(OSError):
            if self.units_changed or (self.units is not None and self.units.keys() - self.used_parts):
                units = self.part_units()
                records = {
                    key: [[*unit[:-1], sorted(unit.silenced)] for unit in units[key]]
                    for key in self.used_parts
                    if key in units
                }
                text = json.dumps(
                    {"settings": self.settings, "units": records}, ensure_ascii=False, separators=(",", ":")
                )
                _write_own(self.units_path, text)
            _write_own(self.path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def _write_own(path: Path, text: str) -> None:
    """Write a cache file as a file of the project's: a link in its place is removed, not written through.

    A project folder is not trusted ground (``userkey``): a pull request can commit
    ``.docloc/check-cache.json`` as a link to a file of the user's, and ``write_text_atomic`` writes
    through links (as editors do); ``_read_json`` does not follow one either (a link to /dev/zero).
    """
    if path.is_symlink():
        path.unlink()
    write_text_atomic(path, text)


def _read_json(path: Path, settings: str) -> dict | None:
    """A cache file's data, or None when it is missing, unreadable, a link, or made under other settings."""
    try:
        if path.is_symlink():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("settings") == settings else None
