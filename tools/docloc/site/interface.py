"""The interface catalogs (``_ui/site``, ``_ui/walkthrough``): made by ``init``, kept in step by ``update``.

Their templates (``locales/templates/_ui/<component>.pot``) come from the code (docloc's own
strings) and, for ``site``, from the project's mkdocs.yml (site name, copyright, the home page's
texts: ``ui.project_messages``). Every language gets a catalog
(``locales/<lang>/LC_MESSAGES/_ui/<component>.po``), merged as ``msgmerge`` merges:

- a string the catalog has keeps its translation, flags and comments (the project's edits win);
- a new string takes docloc's shipped translation where there is one (``site/locales/<lang>/``,
  reviewed Czech and Polish for docloc's own strings and for what ``docloc init`` writes), else
  the closest earlier translation as a fuzzy suggestion, else stays untranslated (``docloc
  check`` counts it: work for the project's translators);
- a string that is gone becomes obsolete (``#~``), never deleted, and comes back if it returns.

An entry still untranslated (empty, not fuzzy) also takes a shipped translation, so a project
made before docloc shipped a language's strings gets them on its next update.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.resources import files as package_files
from pathlib import Path

import polib

from ..catalog import conventions as cat
from ..catalog.merge import closest, leftovers, seed_fuzzy, take_translation
from ..catalog.po import catalog_bytes, copy_entry, new_entry, parse_po, read_catalog, says_more
from ..catalog.states import has_text, is_fuzzy, is_translated, translation
from ..errors import DoclocError
from ..fileio import write_bytes_atomic
from ..locales import plural_forms
from ..project import CONFIG_FILE, UI_CATALOG_DIR, Project, load_yaml
from ..stamps import Seen, seen, still_as_seen
from ..workflows.update import changed_meanwhile
from . import ui, walkthrough

COMPONENTS = ("site", "walkthrough")
SHIPPED_DIR = "locales"  # in the docloc.site package: locales/<lang>/<component>.po
_DATE = "2025-01-01 00:00+0000"  # fixed, as the templates': regenerating changes nothing unless a string did
_HEADERS = {
    "site": "Interface strings of docloc's MkDocs site (docloc.site)",
    "walkthrough": "Interface strings of docloc's interactive walkthrough (docloc.site.walkthrough)",
}

Key = tuple[str | None, str]


@dataclass
class InterfaceResult:
    """What updating one language's catalog of one component did (the numbers ``docloc update`` prints)."""

    name: str  # "_ui/site"
    language: str
    kept: int = 0
    fuzzy: int = 0
    new: int = 0
    shipped: int = 0  # of ``new`` and of kept untranslated entries: filled from docloc's translations
    obsolete: int = 0
    written: bool = False
    created: bool = False


def templates(project: Project) -> dict[str, polib.POFile]:
    """Each component's template as the code and the project's mkdocs.yml make it now."""
    config = load_yaml(project.root / CONFIG_FILE)
    return {"site": ui.ui_template(ui.project_messages(config)), "walkthrough": walkthrough.template_catalog()}


def shipped_entries(language: str, component: str) -> dict[Key, polib.POEntry]:
    """docloc's own translations of ``component`` into ``language`` (empty when it ships none)."""
    folder = package_files("docloc.site").joinpath(SHIPPED_DIR, language)
    item = folder.joinpath(f"{component}.po")
    if not item.is_file():
        return {}
    catalog = parse_po(item.read_bytes(), f"docloc/site/{SHIPPED_DIR}/{language}/{component}.po")
    return {(e.msgctxt, e.msgid): e for e in catalog if is_translated(e)}


def shipped_languages() -> list[str]:
    """The languages docloc ships interface translations for."""
    folder = package_files("docloc.site").joinpath(SHIPPED_DIR)
    return sorted(item.name for item in folder.iterdir() if item.is_dir()) if folder.is_dir() else []


def _nplurals(forms: str) -> int:
    try:
        return max(1, int(forms.split("nplurals=", 1)[1].split(";", 1)[0].strip()))
    except (IndexError, ValueError):
        return 2


def new_catalog(component: str, language: str, template: polib.POFile) -> polib.POFile:
    """An empty catalog of ``component`` in ``language``: the template's headers and the language's plural forms."""
    project_id = template.metadata.get("Project-Id-Version", f"docloc {component}")
    header = (
        f"{_HEADERS[component]}, {language}.\n"
        "Created by docloc; docloc's own strings come translated where docloc ships the language."
    )
    return cat.new_catalog(header, cat.base_metadata(project_id, _DATE, language))


def merge(
    old: polib.POFile, template: polib.POFile, shipped: dict[Key, polib.POEntry]
) -> tuple[polib.POFile, InterfaceResult]:
    """``old`` brought in step with ``template`` (a new catalog; see the module docstring for the rules)."""
    result = InterfaceResult("", "")
    nplurals = _nplurals(old.metadata.get("Plural-Forms", "") or plural_forms(old.metadata.get("Language", "en")))
    current = {(e.msgctxt, e.msgid): e for e in old if not e.obsolete and e.msgid}
    gone = {(e.msgctxt, e.msgid): e for e in old if e.obsolete}
    merged = cat.new_catalog(old.header, dict(old.metadata))
    used: set[int] = set()
    wanted = {(t.msgctxt, t.msgid) for t in template}
    # Earlier translations of strings that are no longer wanted: suggestions for changed English.
    suggestions = [e for e in old if e.msgid and (e.msgctxt, e.msgid) not in wanted and translation(e)]
    for source in template:
        key = (source.msgctxt, source.msgid)
        before = current.get(key) or gone.get(key)
        if before is not None:
            used.add(id(before))
            entry = copy_entry(before)
            entry.obsolete = False
            result.kept += 1
        else:
            entry = new_entry(source.msgid, msgctxt=source.msgctxt)
            suggestion = None if key in shipped else _closest(source, suggestions)
            if suggestion is not None:
                seed_fuzzy(entry, suggestion)
                result.fuzzy += 1
            else:
                result.new += 1  # untranslated, or docloc's translation (below)
        _follow_template(entry, source, nplurals)
        if key in shipped and not has_text(entry) and not is_fuzzy(entry):  # a partial plural is work too
            take_translation(entry, shipped[key])
            entry.tcomment = entry.tcomment or shipped[key].tcomment
            result.shipped += 1
        merged.append(entry)
    for entry, made_obsolete in leftovers(old, used):
        merged.append(entry)
        result.obsolete += made_obsolete
    return merged, result


def _follow_template(entry: polib.POEntry, source: polib.POEntry, nplurals: int) -> None:
    """The template's side of an entry: extracted comment, format flag, plural English."""
    entry.comment = source.comment
    entry.occurrences = list(source.occurrences)
    fuzzy = ["fuzzy"] if "fuzzy" in entry.flags else []
    entry.flags = fuzzy + [flag for flag in source.flags if flag != "fuzzy"]
    if "python-format" not in entry.flags and "%(" in source.msgid + source.msgid_plural:
        entry.flags.append("python-format")
    if source.msgid_plural:
        entry.msgid_plural = source.msgid_plural
        forms = dict(entry.msgstr_plural) if entry.msgstr_plural else {}
        if entry.msgstr and 0 not in forms:
            forms[0] = entry.msgstr
        entry.msgstr = ""
        entry.msgstr_plural = {i: forms.get(i, "") for i in range(nplurals)}
    elif entry.msgid_plural:  # the English lost its plural: keep the singular translation
        entry.msgstr = entry.msgstr_plural.get(0, "") if entry.msgstr_plural else entry.msgstr
        entry.msgid_plural = ""
        entry.msgstr_plural = {}


def _closest(source: polib.POEntry, pool: list[polib.POEntry]) -> polib.POEntry | None:
    """The earlier entry whose English is most like ``source``'s, of the same kind (plural or not)."""
    return closest(source.msgid, [e for e in pool if bool(e.msgid_plural) == bool(source.msgid_plural)])


def init_interface(project: Project) -> list[Path]:
    """The interface templates and every configured language's catalogs, for a new project
    (``docloc init``, or ``docloc import`` making one); returns the files created."""
    templates = [project.ui_template(component) for component in COMPONENTS]
    missing = [path for path in templates if not path.exists()]
    results = update_interface(project, project.config.languages)
    created = [path for path in missing if path.exists()]
    return created + [project.catalog_of(r.language, r.name) for r in results if r.written and r.created]


@dataclass
class InterfacePlan:
    """The interface templates and catalogs as an update would write them: everything read and
    merged first, so a catalog that cannot be read stops the update before anything is written."""

    files: list[tuple[Path, bytes, InterfaceResult | None]]  # path, content, the catalog's result (None: template)
    looked: dict[Path, tuple[Seen, str]] = field(default_factory=dict)  # each catalog before it was read, its name
    late: list[DoclocError] = field(default_factory=list)  # catalogs saved by someone else meanwhile: not written
    as_read: dict[Path, polib.POFile] = field(default_factory=dict)  # each catalog as read (``says_more``)

    @property
    def results(self) -> list[InterfaceResult]:
        return [result for _, _, result in self.files if result is not None]

    def write(self, dry_run: bool = False) -> list[InterfaceResult]:
        """Write what changed (atomically; unchanged files are not touched, nor a catalog laid out by another tool
        that says what the merge says), or with ``dry_run`` only say so. A catalog saved by someone else since it
        was read is not written over (``late`` says which)."""
        for path, data, result in self.files:
            if path in self.as_read and not says_more(path, data, self.as_read[path]):
                changed = False
            elif dry_run:
                changed = not path.is_file() or path.read_bytes() != data
            elif path in self.looked and not still_as_seen(self.looked[path][0], path):
                self.late.append(changed_meanwhile(self.looked[path][1]))
                continue
            else:
                changed = write_bytes_atomic(path, data)
            if result is not None:
                result.written = changed
        return self.results


def plan_interface(
    project: Project,
    languages: list[str],
    shipped: Callable[[str, str], dict[Key, polib.POEntry]] = shipped_entries,
) -> tuple[InterfacePlan, list[DoclocError]]:
    """Read and merge the interface catalogs of ``languages`` (see :class:`InterfacePlan`); the errors, one per
    file, when a catalog cannot be read or a merged one cannot be written."""
    made = templates(project)
    files: list[tuple[Path, bytes, InterfaceResult | None]] = []
    looked: dict[Path, tuple[Seen, str]] = {}
    as_read: dict[Path, polib.POFile] = {}
    errors: list[DoclocError] = []
    for component, template in made.items():
        files.append((project.ui_template(component), catalog_bytes(template), None))
    for language in languages:
        if language == project.config.source_language:
            continue
        for component, template in made.items():
            path = project.ui_catalog(language, component)
            looked[path] = seen(path), project.relative(path)
            created = not path.is_file()
            try:
                old = (
                    new_catalog(component, language, template)
                    if created
                    else read_catalog(path, project.relative(path))
                )
                merged, result = merge(old, template, shipped(language, component))
                data = catalog_bytes(merged)
            except DoclocError as error:
                errors.append(DoclocError(error.message, error.file or project.relative(path), error.line))
                continue
            result.name, result.language, result.created = f"{UI_CATALOG_DIR}/{component}", language, created
            files.append((path, data, result))
            if not created:
                as_read[path] = old
    return InterfacePlan(files, looked, as_read=as_read), errors


def update_interface(
    project: Project,
    languages: list[str],
    dry_run: bool = False,
    shipped: Callable[[str, str], dict[Key, polib.POEntry]] = shipped_entries,
) -> list[InterfaceResult]:
    """Write the interface templates and merge them into the catalogs of ``languages``.

    Unchanged files are not touched; with ``dry_run`` nothing is written and ``written`` says
    what would be. A catalog that cannot be read raises its ``DoclocError`` and nothing is written.
    """
    plan, errors = plan_interface(project, languages, shipped)
    if errors:
        raise errors[0]
    return plan.write(dry_run)
