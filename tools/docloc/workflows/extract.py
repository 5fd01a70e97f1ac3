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
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING

from ..catalog.pagehash import page_hash, recorded_page_hash
from ..errors import DoclocError
from ..fileio import encoded_text, read_text
from ..project import Project, ProjectConfig

if TYPE_CHECKING:
    from ..workers import ForkedWorker
    from .memory import HeldEnglish, MemorySettings

__all__ = ["ExtractResult", "MadeTemplate", "extract_page", "extract_pages", "make_template"]


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


@dataclass
class MadeTemplate:
    """A page's template made and not yet written (``make_template``): a worker makes it, the process that
    runs the extract writes it (``_cut_on_every_core``)."""

    result: ExtractResult  # its ``written`` is the write's to say
    path: Path
    data: bytes  # the template's text encoded where it is made: bytes go through a pipe as they are

    def write(self) -> ExtractResult:
        """Write the template (only if the file does not hold it already)."""
        from ..fileio import write_bytes_atomic

        self.result.written = write_bytes_atomic(self.path, self.data)
        return self.result


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
    made = make_template(project, name, force, memory)
    return made if isinstance(made, ExtractResult) else made.write()


def make_template(
    project: Project,
    name: str,
    force: bool = False,
    memory: MemorySettings | HeldEnglish | None = None,
) -> ExtractResult | MadeTemplate:
    """``extract_page`` up to the write: an unchanged page's result, or the template to write."""
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
    from .page_template import page_template

    template_file = project.template(name)
    known = read_catalog(template_file, project.relative(template_file)) if template_file.exists() else None
    held = _held(project, memory)
    try:
        template = page_template(project, name, text, known, current, held)
    finally:
        if held is not None and held is not memory:  # built for this page alone
            held.release()
    result = ExtractResult(name, len(template.article.segments), template.entries, False, template.how)
    return MadeTemplate(result, template_file, encoded_text(template.text))


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
    extract, ``--force``), they are cut on every core (``_cut_on_every_core``; once that many are
    found, the pages after them go to the workers unchecked: ``make_template`` skips an unedited
    one there as here). ``memory``: as ``extract_page``'s, read at most once per process.
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
        for child in children:  # told there is no more, each ends (one stopped early ends its page first)
            child.stop()
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        if held is not None:
            held.release()


# How many pages a worker is given ahead of those it has sent back: enough that it never waits while this process
# cuts a page of its own and writes what came back, few enough that the workers end together (fewer still as the
# pages run out: see ``_cut_on_every_core``).
_AHEAD = 16


def _cut_on_every_core(
    project: Project,
    pending: list[str],
    force: bool,
    held: HeldEnglish | None,
    workers: int,
    children: list[ForkedWorker],
) -> Iterator[ExtractResult | DoclocError]:
    """``pending``'s results in their order, made on ``workers`` cores: forked workers are given pages as they go
    (``ForkedWorker`` fed), this process makes one whenever nothing waits to be written, and writes every
    template itself, as soon as it is made (here, or in a worker and sent back).

    One process writes every template: two making files side by side in one folder take turns at the folder's
    lock, and the file system's search for a free inode, long where many files were just deleted (ext4 without
    a journal passes over inodes freed in the last minutes), was done twice over when two searched at once:
    in ``extract_speed.py``'s cold case the kernel's time was about half the run's CPU, and written by one
    process it is less than half that. Dealt as they go, the pages keep both cores busy however long writing
    takes, which shares dealt beforehand by size could not. A page named again is made here once every page
    before it is written, as one process finds the template of its first place.

    A failure that is no page's error (raised making a page, here or in a worker, or writing its template) is
    raised where one process would raise it: after every page before the failing one (their lines printed,
    their own errors said), whichever process made them and however much later they came in; no page after it
    is made or written once it is known.
    """
    from ..workers import ForkedWorker, first_failure, ready

    seen: set[str] = set()
    again: list[int] = []  # the places of a page named before: made here, in order
    fresh: deque[int] = deque()  # every other place, in order: whoever is free makes the next one
    for place, name in enumerate(pending):
        (again if name in seen else fresh).append(place)
        seen.add(name)
    repeats = deque(again)
    for _ in range(workers - 1):
        children.append(ForkedWorker(partial(_make_given, project, pending, force, held), fed=True))
    given: list[deque[int]] = [deque() for _ in children]  # the places each worker has and has not sent back
    made: dict[int, ExtractResult | MadeTemplate | DoclocError] = {}  # by place, written, until given in order
    failed: list[tuple[int, Exception]] = []  # (the place of a page whose making or writing failed, why)

    def end() -> int:
        """The place up to which results are given: the first failing page's, or the end."""
        return first_failure(failed)[0] if failed else len(pending)

    def feed() -> None:
        """Give each worker pages up to its share of what is left, at most ``_AHEAD`` ahead."""
        for child, places in zip(children, given):
            if child.giving is None:
                continue
            while fresh and fresh[0] < end() and len(places) < min(_AHEAD, 1 + len(fresh) // workers):
                places.append(fresh.popleft())
                if not child.give(places[-1]):
                    break  # it ended (failed): ``take`` says why, at the first place it did not send back
            if not fresh:
                child.given_all()  # it ends once it has sent the rest

    def take(child: int, wait: bool) -> None:
        try:
            pairs = children[child].received(wait)
        except Exception as error:  # the worker failed on the page after those it sent (after its last: at the end)
            failed.append((given[child][0] if given[child] else len(pending), error))
            return
        for place, item in pairs:  # (place, result): sent in the order they were given
            given[child].popleft()
            made[place] = written(place, item)

    def written(
        place: int, item: ExtractResult | MadeTemplate | DoclocError
    ) -> ExtractResult | MadeTemplate | DoclocError:
        """``item`` with its template written, at once: a page written only in its turn waited behind a page
        still being made, and this process, which writes every page, ended long after the workers."""
        if isinstance(item, MadeTemplate) and place < end():  # (none after a failure)
            try:
                return item.write()
            except Exception as error:
                failed.append((place, error))
        return item

    position = 0
    while position < end():
        feed()
        for child in range(len(children)):
            take(child, False)
        while position < end() and position in made:  # given in order
            yield made.pop(position)
            position += 1
        if position >= end():
            break
        if repeats and repeats[0] == position:
            place = repeats.popleft()  # every page before it is written: its first place's template is there
        elif fresh and fresh[0] < end():
            place = fresh.popleft()
        else:  # every page left is a worker's: wait for one
            waiting = [child for child in children if child.fileno() >= 0]
            if not waiting:
                raise RuntimeError("a docloc worker ended without every page it was given")  # (a bug, not the input)
            for child in ready(waiting):
                take(children.index(child), True)
            continue
        try:
            made[place] = written(place, _make_or_error(project, pending[place], force, held))
        except Exception as error:
            failed.append((place, error))
    if failed:
        raise first_failure(failed)[1]


def _make_given(
    project: Project,
    pending: list[str],
    force: bool,
    held: HeldEnglish | None,
    send: Callable[[object], None],
    receive: Callable[[], object | None],
) -> None:
    """In a forked worker: each page given (its place in ``pending``) made, sent back as (place, result)."""
    while (place := receive()) is not None:
        assert isinstance(place, int)
        send((place, _make_or_error(project, pending[place], force, held)))


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


def _make_or_error(
    project: Project, name: str, force: bool, held: HeldEnglish | None = None
) -> ExtractResult | MadeTemplate | DoclocError:
    """``make_template``'s result, or the located error of a page that cannot be read."""
    try:
        return make_template(project, name, force=force, memory=held)
    except DoclocError as error:
        return error
