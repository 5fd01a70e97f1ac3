"""What ``docloc check`` computed last time, so a run re-checks only what changed.

Writers and CI run ``check`` on every change, and most catalogs did not change. The cache (a JSON
file in the project's ``.docloc/`` folder, which git ignores) keeps, by the content they came from:

* each catalog's coverage, findings and translated entries (the project checks' input: they
  run over every catalog on every run), keyed by the digests of the catalog, its English page and
  its template (everything its checks read), under the configuration and docloc's version;
* each English page's links and anchors (its index), keyed by the page's digest: the link check
  of the whole site is recomputed from these indexes on every run (resolving is cheap; parsing
  pages is what costs), so a page whose headings changed updates every link to it.

File digests are remembered by (size, modification time) as git's index does; a file whose
stamp changed is read and hashed again. JSON, not pickle: a cache in a project folder must not
be able to run code. A cache that cannot be read is ignored (and rewritten).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__
from ..fileio import write_text_atomic
from ..markdown.links import PageIndex, PageLink
from .coverage import CatalogCoverage
from .registry import CatalogUnit, Finding

FORMAT = 2


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


def _unit(
    language: str, file: str, line: int, msgctxt: str | None, msgid: str, msgstr: str, page: str, silenced: list
) -> CatalogUnit:
    """A ``CatalogUnit`` from its JSON list."""
    return CatalogUnit(language, file, int(line), msgctxt, msgid, msgstr, page, frozenset(map(str, silenced)))


@dataclass
class CheckCache:
    path: Path
    settings: str
    stamps: dict[str, list] = field(default_factory=dict)  # relative path → [size, mtime_ns, digest]
    parts: dict[str, PartResult] = field(default_factory=dict)  # part key → result
    indexes: dict[str, PageIndex] = field(default_factory=dict)  # page digest → index
    used_parts: set[str] = field(default_factory=set)
    used_indexes: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, path: Path, settings: str) -> CheckCache:
        cache = cls(path, settings)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cache
        if not isinstance(data, dict) or data.get("settings") != settings:
            return cache
        try:
            cache.stamps = {str(k): list(v) for k, v in data.get("stamps", {}).items()}
            for key, part in data.get("parts", {}).items():
                cache.parts[key] = PartResult(
                    [CatalogCoverage(**row) for row in part["coverage"]],
                    [Finding(**f) for f in part["findings"]],
                    [_unit(*unit) for unit in part["units"]],
                )
            for key, index in data.get("indexes", {}).items():
                links = tuple(PageLink(str(t), int(line), bool(image)) for t, line, image in index["links"])
                cache.indexes[key] = PageIndex(links, frozenset(index["anchors"]))
        except (KeyError, TypeError, ValueError):
            return cls(path, settings)
        return cache

    def digest(self, root: Path, relative: str) -> str:
        """The SHA-256 of a project file ('' when it does not exist), recomputed only when its stamp changed."""
        path = root / relative
        try:
            stat = os.stat(path)
        except OSError:
            self.stamps.pop(relative, None)
            return ""
        known = self.stamps.get(relative)
        if known and known[0] == stat.st_size and known[1] == stat.st_mtime_ns:
            return str(known[2])
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        self.stamps[relative] = [stat.st_size, stat.st_mtime_ns, digest]
        return digest

    def part(self, key: str) -> PartResult | None:
        found = self.parts.get(key)
        if found is not None:
            self.used_parts.add(key)
        return found

    def store_part(self, key: str, result: PartResult) -> None:
        self.parts[key] = result
        self.used_parts.add(key)

    def index(self, digest: str) -> PageIndex | None:
        found = self.indexes.get(digest)
        if found is not None:
            self.used_indexes.add(digest)
        return found

    def store_index(self, digest: str, index: PageIndex) -> None:
        self.indexes[digest] = index
        self.used_indexes.add(digest)

    def write(self) -> None:
        """Write what this run used (results of files that are gone or changed are dropped)."""
        data = {
            "settings": self.settings,
            "stamps": self.stamps,
            "parts": {
                key: {
                    "coverage": [asdict(row) for row in part.coverage],
                    "findings": [asdict(finding) for finding in part.findings],
                    "units": [[*unit[:-1], sorted(unit.silenced)] for unit in part.units],
                }
                for key, part in self.parts.items()
                if key in self.used_parts
            },
            "indexes": {
                key: {
                    "links": [[link.target, link.line, link.image] for link in index.links],
                    "anchors": sorted(index.anchors),
                }
                for key, index in self.indexes.items()
                if key in self.used_indexes
            },
        }
        # A read-only project still gets its report; the next run checks everything again.
        with contextlib.suppress(OSError):
            write_text_atomic(self.path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
