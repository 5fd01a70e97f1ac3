"""``docloc extract``: the templates (POT) from the English pages.

Every template records the hash of the page it was built from (``X-Docloc-Page-Hash``,
written by the import too); a page whose hash still matches is skipped without parsing
anything, so re-running extract after editing a few pages costs little more than reading
the pages. Only a page that changed or has no template loads the segmenter and the PO
machinery (``page_template``): a run over unedited pages starts as fast as Python does.

With the translation memory on (``memory``: ``workflows.memory.memory_settings``), where a
writer joined known segments into one sentence (``**Roles**`` became ``**Roles**: Admin``) and
every language's memory holds that whole sentence translated, the sentence is cut whole, so
``update`` can offer the project's translation of it. The memory is read only when an edited
page asks (``workflows.memory.HeldEnglish``); without it extract cuts as it always did.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING

from ..catalog.pagehash import page_hash, recorded_page_hash
from ..errors import DoclocError
from ..fileio import read_text
from ..project import Project, ProjectConfig

if TYPE_CHECKING:
    from ..workers import ForkedWorker
    from .memory import HeldEnglish, MemorySettings

__all__ = ["ExtractResult", "extract_page", "extract_pages"]


@dataclass
class ExtractResult:
    name: str
    segments: int
    messages: int
    written: bool
    # "unchanged": the page hash matches its template, nothing read; "template": the known
    # segmentation reused; "template+segmenter": reused, and added text cut; "segmenter": cut afresh
    segmentation: str

    @property
    def unchanged(self) -> bool:
        return self.segmentation == "unchanged"

    @classmethod
    def unchanged_page(cls, name: str) -> ExtractResult:
        return cls(name, 0, 0, False, "unchanged")


@lru_cache(maxsize=8)
def _folders(root: Path, source_language: str) -> tuple[str, str]:
    """The English pages' and the templates' folders as strings: the hash check runs on every page."""
    project = Project(root, ProjectConfig(source_language=source_language))
    return str(project.english_dir), str(project.template("x.md").parent)


def _page_state(project: Project, name: str) -> tuple[bytes | None, str | None, str | None]:
    """The page's bytes (None if unreadable), its hash now, and the hash its template records."""
    data, current = _page_now(project, name)
    return data, current, _recorded_hash(project, name) if data is not None else None


def _page_now(project: Project, name: str) -> tuple[bytes | None, str | None]:
    """The page's bytes and its hash now; (None, None) if it cannot be read (``read_text`` says why, located)."""
    pages = _folders(project.root, project.config.source_language)[0]
    try:
        with open(os.path.join(pages, name), "rb", buffering=0) as handle:
            data = handle.readall()
    except OSError:
        return None, None
    return data, page_hash(data, project.page_reference(name), project.config.translated_fields)


def _recorded_hash(project: Project, name: str) -> str | None:
    """The page hash the page's template records; None without one."""
    templates = _folders(project.root, project.config.source_language)[1]
    return recorded_page_hash(os.path.join(templates, os.path.splitext(name)[0] + ".pot"))


def _unchanged(project: Project, name: str) -> bool:
    """Whether the page's template records its hash now. The template is asked first: a page with none
    (a first extract) is not read and hashed here, where its worker would read and hash it again."""
    recorded = _recorded_hash(project, name)
    return recorded is not None and _page_now(project, name)[1] == recorded


def extract_page(
    project: Project,
    name: str,
    force: bool = False,
    memory: MemorySettings | HeldEnglish | None = None,
) -> ExtractResult:
    """Write the template of one page (only if it changed).

    A page whose template records its current hash is skipped unless ``force`` is given.
    ``memory``: the memory's settings (or a ``HeldEnglish`` shared by many pages), None or
    disabled for none.
    """
    data, current, recorded = _page_state(project, name)
    if not force and current is not None and recorded == current:
        return ExtractResult.unchanged_page(name)
    page_file = project.relative(project.english_page(name))
    try:
        text = data.decode("utf-8") if data is not None else None
    except UnicodeDecodeError:
        text = None
    if text is None:
        try:
            text = read_text(project.english_page(name), page_file)  # the located error
        except OSError as error:  # gone or unreadable: this page's error, the other pages go on
            raise DoclocError(f"cannot read the English page: {error.strerror or error}", page_file) from None
    from ..catalog.po import read_catalog
    from ..fileio import write_text_atomic
    from .page_template import page_template

    template_file = project.template(name)
    known = read_catalog(template_file, project.relative(template_file)) if template_file.exists() else None
    held = _held(project, memory)
    try:
        template = page_template(project, name, text, known, current, held)
    finally:
        if held is not None and held is not memory:  # built for this page alone
            held.release()
    written = write_text_atomic(template_file, template.text)
    return ExtractResult(name, len(template.article.segments), template.entries, written, template.how)


def _held(project: Project, memory: MemorySettings | HeldEnglish | None) -> HeldEnglish | None:
    """What ``page_template`` asks the memory through, or None when the memory is off."""
    from .memory import HeldEnglish

    if memory is None or isinstance(memory, HeldEnglish):
        return memory
    return HeldEnglish(project, memory) if memory.enabled else None


# Fewer pages to cut than this are cut here: starting worker processes costs about as much as
# cutting a few dozen pages that lean on their templates (measured on the cs-cz corpus).
_POOL_FROM = 64


def extract_pages(
    project: Project,
    names: list[str],
    force: bool = False,
    workers: int = 0,
    memory: MemorySettings | None = None,
) -> Iterator[tuple[str, ExtractResult | DoclocError]]:
    """Extract ``names`` in order: (name, result, or the located error of a page that cannot be read).

    Unedited pages are skipped here by their hash; when many pages must be segmented (a first
    extract, ``--force``), they are cut on every core, as the import prepares articles (once that
    many are found, the pages after them go to the workers unchecked: ``extract_page`` skips an
    unedited one there as here). ``memory``: as ``extract_page``'s, read at most once per process.
    """
    from ..project import article_name_problem

    refused = {name: problem for name in names if (problem := article_name_problem(name))}
    workers = workers or min(os.cpu_count() or 1, 8)
    unchanged: set[str] = set()
    pending: list[str] = []
    checked = len(names)  # the pages from here on go to the workers unchecked: each worker checks their hashes
    for index, name in enumerate(names):
        if name in refused:
            continue
        if not force and _unchanged(project, name):
            unchanged.add(name)
            continue
        pending.append(name)
        if workers > 1 and len(pending) == _POOL_FROM and index + 1 < len(names):
            checked = index + 1  # enough to cut for the pool: checking the rest here would be work done twice
            pending += [other for other in names[checked:] if other not in refused]
            break
    held = _held(project, memory) if pending else None
    pool = None
    children: list[ForkedWorker] = []
    if workers > 1 and len(pending) >= _POOL_FROM:
        from ..workers import can_fork, worker_pool

        _load_for_workers()
        if can_fork():
            cut = _cut_on_every_core(project, pending, force, held, workers, children)
        else:  # pragma: no cover - Windows: a pool's workers take the pages in chunks
            pool = worker_pool(workers, _inherit, (project, force, held))
            cut = pool.map(_extract_inherited, pending, chunksize=4)
    else:
        cut = (_extract_or_error(project, name, force, held) for name in pending)
    try:
        for index, name in enumerate(names):
            if name in refused:
                yield name, DoclocError(f"{refused[name]}; nothing extracted")
            else:
                yield name, ExtractResult.unchanged_page(name) if index < checked and name in unchanged else next(cut)
    finally:
        for child in children:  # only when the run stopped early: each child ends its page first
            child.stop()
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        if held is not None:
            held.release()


def _cut_on_every_core(
    project: Project,
    pending: list[str],
    force: bool,
    held: HeldEnglish | None,
    workers: int,
    children: list[ForkedWorker],
) -> Iterator[ExtractResult | DoclocError]:
    """``pending``'s results in their order: this process cuts the first share, forked children the others
    (dealt by the pages' sizes); each result is given as soon as those before it are in. A page named twice is
    cut twice by one worker, in order, as one process cuts it (in two at once, both wrote its template).

    A failure that is no page's error (raised by ``_extract_or_error``, here or in a child) is raised where
    one process would raise it: after every page before the failing one (their lines printed, their own
    errors said), whichever share was cut faster; pages after it in this process's share are not cut."""
    from ..workers import ForkedWorker, deal, first_failure, ready

    pages = _folders(project.root, project.config.source_language)[0]
    first: dict[str, int] = {}  # each page's first place: a page named twice goes to one worker, cut in order
    for index, name in enumerate(pending):
        first.setdefault(name, index)
    places = list(first.values())
    dealt = deal([_size(pages, pending[place]) for place in places], workers)
    owner = {places[i]: worker for worker, share in enumerate(dealt) for i in share}
    shares: list[list[int]] = [[] for _ in dealt]
    for index, name in enumerate(pending):
        shares[owner[first[name]]].append(index)
    for share in shares[1:]:
        children.append(ForkedWorker(partial(_extract_share, project, pending, share, force, held)))
    done: dict[int, ExtractResult | DoclocError] = {}  # by the page's place in ``pending``
    sent = [0] * len(children)  # how many results each child has sent
    failed: list[tuple[int, Exception]] = []  # (the place of a page whose cutting failed, why)

    def take(child: int, wait: bool) -> None:
        try:
            pairs = children[child].received(wait)
        except Exception as error:  # the child failed on the page after those it sent (after its last: at the end)
            share = shares[child + 1]
            failed.append((share[sent[child]] if sent[child] < len(share) else len(pending), error))
            return
        sent[child] += len(pairs)
        done.update(pairs)  # (index, result) pairs

    def end() -> int:
        """The place up to which results are given: the first failing page's, or the end."""
        return first_failure(failed)[0] if failed else len(pending)

    position = 0

    def given() -> Iterator[ExtractResult | DoclocError]:
        """The results ready in ``pending``'s order, up to the first failing page."""
        nonlocal position
        while position < end() and position in done:
            yield done.pop(position)
            position += 1

    for index in shares[0]:
        if index > end():
            break  # one process would have stopped before this page
        try:
            done[index] = _extract_or_error(project, pending[index], force, held)
        except Exception as error:
            failed.append((index, error))
            break
        finally:
            for child in range(len(children)):
                take(child, False)
        yield from given()
    yield from given()
    while position < end():
        waiting = [child for child in children if child.fileno() >= 0]
        if not waiting:
            raise RuntimeError("a docloc worker ended without every page it was given")  # (a bug, not the input)
        for child in ready(waiting):
            take(children.index(child), True)
        yield from given()
    if failed:
        raise first_failure(failed)[1]


def _size(folder: str, name: str) -> int:
    """The page's size in bytes (0 if it cannot be read: its worker says why)."""
    try:
        return os.stat(os.path.join(folder, name)).st_size
    except OSError:
        return 0


def _extract_share(
    project: Project,
    pending: list[str],
    share: list[int],
    force: bool,
    held: HeldEnglish | None,
    send: Callable[[object], None],
) -> None:
    """In a forked worker: each page's (place in ``pending``, result), sent as soon as it is cut."""
    for index in share:
        send((index, _extract_or_error(project, pending[index], force, held)))


def _load_for_workers() -> None:
    """What each worker would load for its first pages, loaded once here: forked workers inherit it."""
    from ..atomic import write_bytes_atomic  # noqa: F401 - the templates are written through it
    from ..markdown.parser import block_parser
    from .page_template import page_template  # noqa: F401

    for tables in (True, False):  # the parser the block shortcut leaves some blocks to (as parse_blocks asks it)
        block_parser(tables)


# In a pool's worker (where there is no fork): the project, ``force`` and the memory its parent extracts with,
# given once (``_inherit``) rather than pickled with every page.
_inherited: tuple[Project, bool, HeldEnglish | None] | None = None


def _inherit(project: Project, force: bool, held: HeldEnglish | None) -> None:
    global _inherited
    _inherited = (project, force, held)


def _extract_inherited(name: str) -> ExtractResult | DoclocError:
    assert _inherited is not None, "a worker started without _inherit"
    project, force, held = _inherited
    return _extract_or_error(project, name, force, held)


def _extract_or_error(
    project: Project, name: str, force: bool, held: HeldEnglish | None = None
) -> ExtractResult | DoclocError:
    """``extract_page``'s result, or the located error of a page that cannot be read."""
    try:
        return extract_page(project, name, force=force, memory=held)
    except DoclocError as error:
        return error
