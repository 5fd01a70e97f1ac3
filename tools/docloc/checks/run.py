"""``docloc check`` as a library call: coverage, QA checks, link targets and source drift of a project."""

from __future__ import annotations

import os
import pickle
import signal
from dataclasses import dataclass, field
from pathlib import Path

from ..catalog.poreader import read_msgids, read_po
from ..project import Project
from . import check_entries, context_from_options
from .consistency import catalog_units
from .coverage import CatalogCoverage, catalog_path, coverage_of_entries
from .drift import drift_findings
from .registry import PROJECT_CHECKS, CatalogUnit, Finding


@dataclass
class CheckReport:
    coverage: list[CatalogCoverage] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    units: list[CatalogUnit] = field(default_factory=list)  # translated entries, for the project checks


def _check_share(root: str, share: list[tuple[str | None, list[str]]], links: bool) -> CheckReport:
    """One worker's share: several (language, names) parts."""
    report = CheckReport()
    project = Project.open(Path(root))
    for language, names in share:
        part = _check_part(project, language, names, links)
        report.coverage += part.coverage
        report.findings += part.findings
        report.units += part.units
    return report


def _check_part(project: Project, language: str | None, names: list[str], links: bool) -> CheckReport:
    """Coverage, QA and drift of ``names`` in ``language``, and their pages' links."""
    from .links import check_link_targets  # links import the exporter; only workers that need it pay

    report = CheckReport()
    if language is None:  # the English pages' own links
        if links:
            report.findings += check_link_targets(project, [], names=names)
        return report
    context = context_from_options(language, project.config.options, project.root)
    loaded: dict[tuple[str, str], object] = {}
    memo: dict = {}  # check results by (checks, English, translation): sentences recur across articles
    for name in names:
        path = catalog_path(project, language, name)
        template_path = project.template(name) if not name.startswith("_ui/") else None
        display = project.relative(path)
        if not path.is_file():  # an English page with no catalog in this language: all of it is to do
            if template_path is not None and template_path.is_file():
                entries = read_po(template_path, project.relative(template_path))
                report.coverage.append(coverage_of_entries(entries, language, name))
            continue
        entries = read_po(path, display)
        loaded[(language, name)] = entries
        report.coverage.append(coverage_of_entries(entries, language, name))
        report.findings += check_entries(entries, display, context, memo=memo)
        report.units += catalog_units(entries, display, language, context.fields)
        if template_path is not None and template_path.is_file():
            template = read_msgids(template_path, project.relative(template_path))
            report.findings += drift_findings(entries, template, language, display)
    if links:
        articles = [n for n in names if not n.startswith("_ui/") and project.catalog(language, n).is_file()]
        report.findings += check_link_targets(
            project, [language], names=articles, include_source=False, catalogs=loaded
        )
    return report


def _run_shares(root: str, shares: list, links: bool) -> list[CheckReport]:
    """Each share's report; this process takes the first share itself while forked children take the others.

    A plain ``fork`` per share, its report sent back through a pipe, and ``os._exit`` once it is
    sent: a pool's queues, manager thread and the children's interpreter shutdown cost each run
    a tenth of a second. Where there is no ``fork``, a process pool does the same.
    """
    if len(shares) <= 1:
        return [_check_share(root, share, links) for share in shares]
    if not hasattr(os, "fork"):  # pragma: no cover - Windows
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(len(shares) - 1) as pool:
            futures = [pool.submit(_check_share, root, share, links) for share in shares[1:]]
            return [_check_share(root, shares[0], links)] + [f.result() for f in futures]
    children: list[tuple[int, int]] = []
    try:
        for share in shares[1:]:
            children.append(_fork_share(root, share, links))
        results = [_check_share(root, shares[0], links)]
        while children:
            pid, pipe = children.pop(0)
            with os.fdopen(pipe, "rb") as stream:
                data = stream.read()
            _, status = os.waitpid(pid, 0)
            if not data:
                raise RuntimeError(f"a docloc check worker ended without a report (status {status})")
            kind, value = pickle.loads(data)
            if kind == "error":
                raise value
            results.append(value)
    finally:
        for pid, pipe in children:  # only when this process failed: stop the others
            os.close(pipe)
            os.kill(pid, signal.SIGTERM)
            os.waitpid(pid, 0)
    return results


def _fork_share(root: str, share: list, links: bool) -> tuple[int, int]:
    """(pid, read end of its pipe) of a forked child that checks ``share`` and sends its pickled report."""
    reading, writing = os.pipe()
    pid = os.fork()
    if pid:
        os.close(writing)
        return pid, reading
    status = 1
    try:
        os.close(reading)
        try:
            result: tuple[str, object] = ("ok", _check_share(root, share, links))
        except BaseException as error:  # sent to the parent, which raises it
            result = ("error", error)
        with os.fdopen(writing, "wb") as stream:
            stream.write(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        status = 0
    finally:
        os._exit(status)  # no interpreter shutdown: the parent has the report


def _work_size(root: str, source_language: str, language: str | None, name: str) -> int:
    """Bytes a part reads: its catalog (or the template, when there is none), or the English page.

    Paths are joined as strings: this runs for every page before the workers start.
    """
    if language is None:
        paths = [os.path.join(root, "docs", source_language, name)]
    else:
        stem = os.path.splitext(name)[0] if not name.startswith("_ui/") else name
        paths = [os.path.join(root, "locales", language, "LC_MESSAGES", stem + ".po")]
        if not name.startswith("_ui/"):
            paths.append(os.path.join(root, "locales", "templates", stem + ".pot"))  # read when no catalog
    for path in paths:
        try:
            return os.stat(path).st_size
        except OSError:
            continue
    return 0


def _balanced_shares(project: Project, parts: list[tuple[str | None, list[str]]], jobs: int) -> list:
    """Pages dealt to ``jobs`` workers, largest first, each to the least loaded one.

    Work grows with the size of what a page reads; dealing by name in turn left one core
    idle for a tenth of the run on the corpus. Each share keeps its pages in the parts' order.
    """
    if jobs <= 1:
        return [[(language, names) for language, names in parts if names]]
    root, source = str(project.root), project.config.source_language
    sized = [
        (_work_size(root, source, language, name), index, order)
        for index, (language, names) in enumerate(parts)
        for order, name in enumerate(names)
    ]
    sized.sort(key=lambda item: -item[0])
    loads = [0] * jobs
    dealt: list[dict[int, list[int]]] = [{} for _ in range(jobs)]
    for size, index, order in sized:
        worker = loads.index(min(loads))
        loads[worker] += size
        dealt[worker].setdefault(index, []).append(order)
    shares = []
    for worker in dealt:
        share = [
            (parts[index][0], [parts[index][1][o] for o in sorted(orders)]) for index, orders in sorted(worker.items())
        ]
        if share:
            shares.append(share)
    return shares


def check_project(project: Project, languages: list[str], links: bool = True, jobs: int = 0) -> CheckReport:
    """Everything ``docloc check`` reports, for ``languages`` (gettext codes)."""
    parts: list[tuple[str | None, list[str]]] = []
    english = project.article_names()
    for language in languages:
        names = sorted(set(project.catalog_names(language)) | {n for n in english if project.template(n).is_file()})
        parts.append((language, names + project.ui_catalog_names(language)))
    parts.append((None, english))
    jobs = jobs or os.cpu_count() or 1
    shares = _balanced_shares(project, parts, jobs)
    report = CheckReport()
    results = _run_shares(str(project.root), shares, links)
    for part in results:
        report.coverage += part.coverage
        report.findings += part.findings
        report.units += part.units
    for project_check in PROJECT_CHECKS.values():  # checks across catalogs: every worker's entries at once
        report.findings += project_check.function(report.units)
    report.units = []
    order = {lang: i for i, lang in enumerate(languages)}
    report.coverage.sort(key=lambda r: (order.get(r.language, 99), r.name.startswith("_ui/"), r.name))
    report.findings.sort(key=lambda f: (f.file, f.line, f.check, f.page))
    return report
