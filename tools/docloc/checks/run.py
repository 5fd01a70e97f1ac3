"""``docloc check`` as a library call: coverage, QA checks, link targets and source drift of a project."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from ..catalog.po import read_catalog
from ..errors import DoclocError
from ..formats.english import PageMismatch, read_page_with_catalog
from ..locales import known_plural_forms, plural_forms, remember_plural_forms
from ..markdown.links import PageIndex
from ..project import Project
from ..stamps import file_sha256
from ..workers import ForkedWorker, can_fork, collector_paused, deal, first_failure
from . import CHECKS, check_entries, context_from_options
from .cache import CheckCache, PartResult, project_check_findings, settings_fingerprint
from .consistency import catalog_units
from .coverage import CatalogCoverage, catalog_path, count_words, coverage_of_entries
from .links import CHECK_ID as LINK_CHECK
from .links import LinkResolver
from .page import PageUnderCheck
from .registry import UNIT_ORDER, Finding
from .safety import judge_article


@dataclass
class CheckReport:
    coverage: list[CatalogCoverage] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    # For the cache: each catalog's own result, and the English pages' indexes this run parsed (each with
    # the length of its page's front matter).
    parts: dict[tuple[str, str], PartResult] = field(default_factory=dict)
    indexes: dict[str, tuple[PageIndex, int]] = field(default_factory=dict)
    # The English pages' findings (also in ``findings``), and the files their links name, found or not.
    english: list[Finding] = field(default_factory=list)
    files: dict[str, bool] = field(default_factory=dict)


def _check_share(
    project: Project | str,
    share: list[tuple[str | None, list[str]]],
    links: bool,
    known: dict[str, tuple[PageIndex, int]],
    reached: list[tuple[str | None, str]],
) -> CheckReport:
    """One worker's share: several (language, names) parts; ``known``: English indexes the cache holds;
    ``reached``: each (language, name) begun is added to it (the last: the one a failure was met on).

    ``project``: the one this process (or the one it was forked from) opened, or, in a pool's worker,
    its root (the worker opens it).
    """
    with collector_paused():
        report = CheckReport()
        if isinstance(project, str):
            project = Project.open(Path(project))
        resolver = LinkResolver.for_project(project)  # one per worker: it caches the English pages' indexes
        resolver.preload(known)
        for language, names in share:
            part = _check_part(project, resolver, language, names, links, reached)
            report.coverage += part.coverage
            report.findings += part.findings
            report.parts |= part.parts
            report.english += part.english
        report.indexes = resolver.parsed()
        report.files = resolver.looked_up
        return report


def _page_checks(links: bool) -> list:
    return [c for c in CHECKS.values() if c.scope == "page" and (links or c.id != LINK_CHECK)]


def _check_part(
    project: Project,
    resolver: LinkResolver,
    language: str | None,
    names: list[str],
    links: bool,
    reached: list[tuple[str | None, str]],
) -> CheckReport:
    """Coverage and the entry checks of ``names`` in ``language``; the page checks of their pages."""
    report = CheckReport()
    page_checks = _page_checks(links)
    if language is None:  # the English pages: their own links
        for name in names:
            reached.append((language, name))
            page = english_page(project, resolver, name)
            for item in page_checks:
                report.english += item.function(page)
        report.findings += report.english
        return report
    context = context_from_options(language, project.config.options, project.root)
    memo: dict = {}  # check results by (checks, English, translation): sentences recur across articles
    for name in names:
        reached.append((language, name))
        path = catalog_path(project, language, name)
        interface = project.is_interface(name)
        template_path = None if interface else project.template(name)
        display = project.relative(path)
        if not path.is_file():  # an English page with no catalog in this language: all of it is to do
            if template_path is not None and template_path.is_file():
                entries = read_catalog(template_path, project.relative(template_path))
                result = PartResult([coverage_of_entries(entries, language, name)])
                report.coverage += result.coverage
                report.parts[(language, name)] = result
            continue
        catalog = read_catalog(path, display)
        result = PartResult(
            [coverage_of_entries(catalog, language, name)],
            check_entries(catalog, display, context, memo=memo),
            catalog_units(catalog, display, language, context.fields, interface),  # for the project checks
        )
        if interface or name not in resolver.pages:
            page = catalog_page(project, resolver, language, name, catalog, display)
        else:
            template = None
            if template_path is not None and template_path.is_file():
                template = read_catalog(template_path, project.relative(template_path))
            page = translated_page(project, resolver, language, name, catalog, display, template)
        for item in page_checks:
            result.findings += item.function(page)
        report.coverage += result.coverage
        report.findings += result.findings
        report.parts[(language, name)] = result
    return report


def link_findings(project: Project, languages: list[str]) -> list[Finding]:
    """The link-target findings of every English page and of every catalog of ``languages``."""
    return [f for f in check_project(project, languages, jobs=1).findings if f.check == LINK_CHECK]


def english_page(project: Project, resolver: LinkResolver, name: str) -> PageUnderCheck:
    """The English page ``name`` as the page checks see it."""
    ref = project.page_reference(name)
    return PageUnderCheck(project, project.config.source_language, name, ref, ref, resolver.front_lines(name), resolver)


def catalog_page(
    project: Project, resolver: LinkResolver, language: str, name: str, catalog, file: str
) -> PageUnderCheck:
    """A catalog with no page of its own (an interface catalog, or one whose English page is gone)."""
    ref = project.relative(project.catalog_of(language, name))
    return PageUnderCheck(project, language, name, file, ref, 0, resolver, catalog, interface=True)


def translated_page(
    project: Project,
    resolver: LinkResolver,
    language: str,
    name: str,
    catalog,
    file: str,
    template,
) -> PageUnderCheck:
    """The page of ``catalog`` rebuilt as the site rebuilds it, and judged as the site judges it."""
    ref = project.page_reference(name)
    text, document = resolver.english(name)
    page = PageUnderCheck(project, language, name, file, ref, document.front_lines, resolver, catalog, template)
    try:
        article, _ = read_page_with_catalog(
            text, name, ref, ref, catalog, project.config.translated_fields, page.entries, document
        )
    except DoclocError as error:
        page.entries = []
        page.unreadable = str(error)
        page.mismatch = error if isinstance(error, PageMismatch) else None
        return page
    page.segments = article.segments
    page.judgement = judge_article(article.segments, article.chunks)
    return page


def _run_shares(
    project: Project,
    parts: list[tuple[str | None, list[str]]],
    shares: list,
    links: bool,
    known: dict[str, tuple[PageIndex, int]],
    received: Callable[[CheckReport], None],
) -> None:
    """Each share's report to ``received``, in the shares' order; this process takes the first share itself
    while forked workers (``workers.ForkedWorker``) take the others, and hands its own report on before it
    waits for theirs. Where there is no ``fork``, a process pool does the same.

    A failure is raised as one process checking ``parts`` in their order raises it: the first in that order,
    whichever worker met it (each stops at its first; all are waited for), not the first in this one's share.
    """
    if len(shares) <= 1:
        for share in shares:
            received(_check_share(project, share, links, known, []))
        return
    if not can_fork():  # pragma: no cover - Windows
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(len(shares) - 1) as pool:
            futures = [pool.submit(_check_share, str(project.root), s, links, known, []) for s in shares[1:]]
            received(_check_share(project, shares[0], links, known, []))
            for future in futures:
                received(future.result())
        return
    _load_before_fork(shares)
    places: dict[tuple[str | None, str], int] = {}  # each catalog's and English page's place in the run's order
    for language, names in parts:
        for name in names:
            places.setdefault((language, name), len(places))

    def place(reached: list, share: list) -> int:
        """Where a share's check failed: at what it began last (at its first if nothing was begun)."""
        language, names = share[0]
        return places[reached[-1] if reached else (language, names[0])]

    children: list[ForkedWorker] = []
    failed: list[tuple[int, Exception]] = []  # (the place of the catalog or page whose check failed, why)
    try:
        for share in shares[1:]:
            children.append(ForkedWorker(partial(_send_share, project, share, links, known)))
        reached: list[tuple[str | None, str]] = []
        try:
            own = _check_share(project, shares[0], links, known, reached)
        except Exception as error:  # a worker may have failed before it in the run's order: theirs are awaited
            failed.append((place(reached, shares[0]), error))
        else:
            received(own)
        for child, share in zip(children, shares[1:]):
            messages: list = []
            try:
                with collector_paused():
                    while not child.done:
                        messages += child.received(wait=True)
            except Exception as error:  # where it failed is its last message (none, or its report: it was killed)
                last = messages[-1] if messages and isinstance(messages[-1], list) else []
                failed.append((place(last, share), error))
                continue
            if not failed:  # (after a failure nothing is kept: the run ends with it)
                for report in messages:
                    received(report)
        if failed:
            raise first_failure(failed)[1]
    finally:
        for child in children:  # only when the run was cut short (an interrupt, a report not taken in)
            child.stop(kill=True)


def _send_share(
    project: Project, share: list, links: bool, known: dict[str, tuple[PageIndex, int]], send: Callable[[object], None]
) -> None:
    """In a forked worker: its share's report, sent whole; or, where its check fails, the (language, name) it
    failed on (in a list, empty if it failed before the first), then its error."""
    reached: list[tuple[str | None, str]] = []
    try:
        report = _check_share(project, share, links, known, reached)
    except Exception:
        send(reached[-1:])
        raise
    send(report)


def _load_before_fork(shares: list) -> None:
    """Load once what each worker would load for itself on first use, so that the forked ones inherit it: the
    word counter's segmenter and each language's plural rule (Babel and what it imports: 70 ms a process)."""
    count_words("word")
    for language in {language for share in shares for language, _ in share if language is not None}:
        plural_forms(language)


# What checking an English page (its links) costs a byte, against a catalog's checks (measured on the corpus:
# three quarters), so that the worker given every English page gets as much work as the others.
ENGLISH_BYTE_COST = 0.75


def _balanced_shares(project: Project, parts: list[tuple[str | None, list[str]]], jobs: int) -> list:
    """Pages dealt to ``jobs`` workers by the size of what each reads (``workers.deal``).

    The English pages go to one worker together: their links name each other's anchors, and each
    worker parsed every page its pages link to (a twelfth of the pages twice on the corpus); their
    bytes count at ``ENGLISH_BYTE_COST``. Each share keeps its pages in the parts' order.
    """
    if jobs <= 1:
        return [[(language, names) for language, names in parts if names]]
    items: list[tuple[int, list[int]]] = []  # (part, the orders of its pages), dealt as one
    sizes: list[int] = []
    for index, (language, names) in enumerate(parts):
        page_sizes = [project.work_size(language, name) for name in names]
        if language is None and names:
            items.append((index, list(range(len(names)))))
            sizes.append(int(sum(page_sizes) * ENGLISH_BYTE_COST))
        else:
            items += [(index, [order]) for order in range(len(names))]
            sizes += page_sizes
    shares = []
    for dealt in deal(sizes, jobs):
        orders: dict[int, list[int]] = {}
        for item in dealt:
            orders.setdefault(items[item][0], []).extend(items[item][1])
        shares.append([(parts[i][0], [parts[i][1][o] for o in sorted(found)]) for i, found in orders.items()])
    return shares


def check_project(
    project: Project, languages: list[str], links: bool = True, jobs: int = 0, cache: bool = True
) -> CheckReport:
    """Everything ``docloc check`` reports, for ``languages`` (gettext codes).

    With ``cache``, a catalog whose files (the catalog, its English page and template) did not
    change since the last run is not read again: its result comes from ``checks.cache``; English
    pages whose text did not change are not parsed again for their links and anchors. The project
    checks run again over the English texts of the catalogs that changed, over their entries in
    every catalog (``cache.CheckCache``); their other findings come from the cache too.
    """
    root = project.root
    glossary = project.glossary_reference()
    # The glossary is configuration the entry checks read: its content is part of the settings.
    extra = (file_sha256(root / glossary) or "") if glossary else ""
    settings = settings_fingerprint(project.config.options, f"{project.config.source_language}|{links}|{extra}")
    memory = CheckCache.open(project.check_cache_file() if cache else None, settings)
    try:
        remember_plural_forms(memory.plural_forms)  # (Babel, which gives them, is not imported for them then)
        report = _check(project, languages, links, jobs, memory, cache)
        if cache:
            memory.store_plural_forms(known_plural_forms())
            memory.commit()
    finally:
        memory.close()
    order = {lang: i for i, lang in enumerate(languages)}
    report.coverage.sort(key=lambda r: (order.get(r.language, 99), project.is_interface(r.name), r.name))
    report.findings.sort(key=lambda f: (f.file, f.line, f.check, f.page))
    return report


def _check(
    project: Project, languages: list[str], links: bool, jobs: int, memory: CheckCache, cache: bool
) -> CheckReport:
    """``check_project`` inside the cache's transaction."""
    english = project.article_names()
    root = project.root
    report = CheckReport()

    def fingerprint(file: str) -> str:
        """What the cache knows a file by: its digest. Without the cache (nothing looked up, nothing kept) its
        name: the catalogs and pages are not read twice, once to be hashed for nothing."""
        return memory.digest(root, file) if cache else file

    def has_template(name: str) -> bool:
        """Whether a page has a template: a digest ('' for none), or without the cache the file system's word
        (the templates are not read to be hashed for nothing)."""
        reference = project.template_reference(name)
        return bool(memory.digest(root, reference)) if cache else os.path.isfile(os.path.join(root, reference))

    # (language, name) → a digest of the digests of everything its checks read (short: every entry's row names it)
    keys: dict[tuple[str, str], str] = {}
    templates = {name for name in english if has_template(name)}
    for language in languages:
        names = sorted(set(project.catalog_names(language)) | templates)
        for name in names + project.ui_catalog_names(language):
            files = project.catalog_file_references(language, name)
            read = "\0".join([language, name] + [fingerprint(file) for file in files])  # NUL: in no file name
            keys[(language, name)] = hashlib.sha256(read.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    todo: dict[str | None, list[str]] = {language: [] for language in languages}
    for (language, name), key in keys.items():
        known = memory.parts.get(key)
        if known is None:
            todo[language].append(name)
        else:
            report.coverage += known.coverage
            report.findings += known.findings
    pending: list[tuple[str | None, list[str]]] = list(todo.items())
    digests = {name: fingerprint(project.page_reference(name)) for name in english}
    # The English pages' findings (their links) depend on every English page and on the files they name.
    site = hashlib.sha256("\n".join(f"{name}\t{digest}" for name, digest in digests.items()).encode()).hexdigest()
    known_english = memory.english_findings(site, root) if links else []
    if known_english is not None:
        report.findings += known_english
    pending.append((None, english if known_english is None else []))
    # The indexes of the pages this run checks (any other is parsed if a check asks for it).
    needed = {name for _, names in pending for name in names if name in digests}
    indexes = memory.indexes({name: digests[name] for name in needed})
    jobs = jobs or os.cpu_count() or 1
    if sum(len(names) for language, names in pending if language is not None) < 8:
        jobs = 1  # only a few catalogs changed: starting workers would cost more than they save
    shares = _balanced_shares(project, pending, jobs)
    fresh: dict[str, PartResult] = {}  # without the cache: the parts checked now, by key
    english_found: list[Finding] = []
    files: dict[str, bool] = {}
    if cache:
        memory.drop_parts(set(keys.values()))  # (the parts checked now are the keys the cache did not hold)

    def received(part: CheckReport) -> None:
        """A share's report, taken in as it comes (this process's own while the other workers still check)."""
        nonlocal english_found, files
        report.coverage += part.coverage
        report.findings += part.findings
        english_found += part.english
        files |= part.files
        checked = {keys[(language, name)]: result for (language, name), result in part.parts.items()}
        if cache:
            for name, index in part.indexes.items():
                memory.store_index(digests[name], index)
            memory.store_parts(checked)
        else:  # kept here for the project checks at the end (the cache keeps them otherwise)
            fresh.update(checked)

    _run_shares(project, pending, shares, links, indexes, received)
    if known_english is None and cache:
        memory.store_english(site, english_found, files, set(digests.values()))
    if cache:
        report.findings += memory.project_findings()
    else:  # everything was checked now: the project checks over every entry at once, as they are written
        units = sorted((u for result in fresh.values() for u in result.units), key=UNIT_ORDER)
        report.findings += project_check_findings(units)
    return report
