"""The site's languages built apart, one MkDocs build per language, and merged into the site one build makes.

mkdocs-static-i18n builds the default language in MkDocs' own build, then, in its
``on_post_build``, every other language one after the other in the same process: a site of
many languages takes as many builds' time on one core. Here each language's part of the site is
a build of its own (a *shard*), so ``docloc build`` runs them in parallel processes and a CI
matrix on many machines (``docloc build --language cs``, then ``docloc build --merge``).

**One language's build.** A shard starts in the state i18n gives its own build of that language
(``_as_one_language_build``): i18n configures it for that language and builds no other, exactly
as it does inside a one-process build. docloc's plugin (``DoclocPlugin.shard``) then renders only
that language's pages; the other languages' pages exist as empty pages, so that every page is
still linked to its versions (language switcher, hreflang, sitemap), and the switcher's coverage
of them comes from their catalogs (``render.page_status``). A shard writes its pages under
``<lang>/`` (the default language's at the root) with its 404 page and search index (docloc takes
each language's index from its own build: ``search.language_index``), a sitemap of its own pages,
and at the root what every language's build writes alike (the theme's files, docloc's assets; the
default language's shard also the lunr modules and the multilingual root 404 page). A shard of
another language keeps only its ``<lang>/`` folder and its sitemap: the rest is the default's.

**Parts of a language.** Three languages on two cores would leave one core idle for a third of
the build, so the parallel build splits the default language (the lightest: it renders no catalog)
into one *part* per core when the other languages fill the cores evenly (``build_units``). A part
is the language's build in which every page is read (the navigation names them all) but only a
contiguous share of them written, of about the same cost as the other parts' (``plugin.part_shares``,
set in ``DoclocPlugin.on_env``); it keeps those pages and its share of the search index, and the
merge adds both to the first part's (``search.joined_index``). The parts are built first, and each
leaves in the staging folder the heading ids and markup of its English pages (``ENGLISH_FACTS``),
which every other language's build needs and would otherwise find by rendering every English page
itself; what is not there yet when asked for, that build finds as before.

**What the processes share.** ``docloc build`` reads every catalog before the build (a catalog
msgfmt refuses stops it before anything is written); forked processes start with those catalogs
(``build_in_parallel``'s ``catalogs``) instead of reading them again, each needing most of them
(its pages, the switcher's coverage of the other languages, the status page).

**The merge** takes the default language's shard whole and each other shard's ``<lang>/`` folder,
and joins the shards' sitemaps in build order (the default language, then the others as
configured), which is what the last build of one process writes; ``sitemap.xml.gz`` is compressed
again with the last shard's timestamp, as MkDocs does. The result is the one-process site byte for
byte (``tests/test_site_shards.py``); what MkDocs takes from the clock (the sitemap's ``lastmod``
and the gzip timestamp: the day of the build) differs only between builds on different days.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..errors import DoclocError
from ..fileio import write_text_atomic
from .i18n import I18nBuild, configured_languages
from .search import index_file, joined_index, write_search_index

if TYPE_CHECKING:
    from ..catalog.po import CatalogCache
    from .plugin import DoclocPlugin

SHARD_FILE = ".docloc-shard.json"  # in a shard's folder: which language it holds, of which site
SHARDS_DIR = ".docloc-shards"  # in the staging folder of a parallel build, while the shards are built
SITEMAP = "sitemap.xml"
ENGLISH_FACTS = "english-{}.json"  # in SHARDS_DIR: the English facts of a default-language part (build_units)
_FORMAT = 1


@dataclass(frozen=True)
class ShardInfo:
    """What a shard's ``SHARD_FILE`` says; the merge checks that the shards belong together."""

    language: str
    languages: tuple[str, ...]  # in build order: the default language first
    fingerprint: str  # of the configuration and docloc's version
    part: tuple[int, int] = (0, 1)  # (index, count): which share of the language's pages it holds

    @property
    def default(self) -> str:
        return self.languages[0]


def site_languages(config: Any) -> list[str]:
    """The site's languages in the order one MkDocs process builds them (the default language first)."""
    return configured_languages(config)


def fingerprint(config_file: Path) -> str:
    """The configuration a shard was built with (and docloc's version): shards of one site share it."""
    digest = hashlib.sha256(Path(config_file).read_bytes())
    digest.update(__version__.encode())
    return digest.hexdigest()[:16]


def docloc_plugin(config: Any) -> DoclocPlugin | None:
    """The configuration's docloc plugin, if it has one."""
    from .plugin import DoclocPlugin

    return next((plugin for plugin in config.plugins.values() if isinstance(plugin, DoclocPlugin)), None)


def build_shard(
    config: Any,
    language: str,
    part: tuple[int, int] = (0, 1),
    catalogs: CatalogCache | None = None,
    handoff: Path | None = None,
) -> None:
    """Build ``language``'s part of the site into ``config.site_dir`` (a configuration just loaded).

    ``part`` (index, count): only that share of the language's pages (see the module's docstring);
    ``catalogs``: catalogs already read (the build reads the others); ``handoff``: the parallel build's
    folder where the default language's parts leave the facts of their English pages for the others'.
    """
    from mkdocs.commands.build import build

    languages = site_languages(config)
    if language not in languages:
        known = ", ".join(languages) or "none: the site has no mkdocs-static-i18n languages"
        raise DoclocError(f"no language {language!r} is built on this site (its languages: {known})")
    docloc = docloc_plugin(config)
    if docloc is None:
        raise DoclocError("the docloc plugin is not in the configuration's plugins", str(config.config_file_path))
    index, count = part
    if not 0 <= index < count:
        raise DoclocError(f"no part {index + 1} of {count}")
    docloc.shard = language
    docloc.part = part
    docloc.catalogs = catalogs
    docloc.english_handoff = handoff
    I18nBuild(config).start_as(language)  # the state i18n gives its own build of the language
    build(config)
    site = Path(config.site_dir)
    if handoff is not None and language == languages[0] and count > 1:
        write_text_atomic(handoff / ENGLISH_FACTS.format(index), docloc.english_facts())
    if index > 0:
        index_path = index_file(Path("."), language, languages[0])
        _keep_files(site, {*docloc.part_pages, index_path.as_posix(), index_path.with_suffix(".js").as_posix()})
    elif language != languages[0]:
        _keep_only(site, {language, SITEMAP, SITEMAP + ".gz"})
    info = {
        "format": _FORMAT,
        "language": language,
        "languages": languages,
        "fingerprint": fingerprint(Path(config.config_file_path)),
        "part": list(part),
    }
    (site / SHARD_FILE).write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")


def _keep_only(folder: Path, names: set[str]) -> None:
    for entry in os.scandir(folder):
        if entry.name in names:
            continue
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path)
        else:
            os.unlink(entry.path)


def _keep_files(folder: Path, keep: set[str]) -> None:
    """Only the files ``keep`` names (paths below ``folder``, with /) stay; emptied folders go."""
    for root, dirs, names in os.walk(folder, topdown=False):
        for name in names:
            path = os.path.join(root, name)
            if Path(os.path.relpath(path, folder)).as_posix() not in keep:
                os.unlink(path)
        for name in dirs:
            path = os.path.join(root, name)
            if not os.listdir(path):
                os.rmdir(path)


def read_shard(folder: Path) -> ShardInfo:
    """The shard in ``folder``, or a located error saying it is not one."""
    path = folder / SHARD_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != _FORMAT:
            raise ValueError(f"format {data.get('format')!r}, this docloc reads {_FORMAT}")
        index, count = (int(number) for number in data.get("part", (0, 1)))
        if not 0 <= index < count:
            raise ValueError(f"part {index + 1} of {count}")
        info = ShardInfo(
            str(data["language"]), tuple(map(str, data["languages"])), str(data["fingerprint"]), (index, count)
        )
    except FileNotFoundError:
        raise DoclocError(
            f"not a shard of a site ({SHARD_FILE} is missing): give the folders 'docloc build --language' wrote",
            str(folder),
        ) from None
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise DoclocError(f"not a shard docloc can read: {error}", str(path)) from None
    if info.language not in info.languages:
        raise DoclocError(f"the shard's language {info.language!r} is not among its site's languages", str(path))
    for language in info.languages:  # each names a folder of the site: one plain name, never a path
        if not language or language != os.path.basename(language) or language.startswith(".") or "\\" in language:
            raise DoclocError(f"the shard names a language {language!r} that is not a folder's name", str(path))
    return info


def _refuse_links(folder: Path) -> None:
    """A shard holds only the files and folders its build wrote: a symbolic link (to /etc, to the project's
    catalogs) would publish what it points at, so the merge refuses the shard."""
    for root, dirs, names in os.walk(folder):
        for name in (*dirs, *names):
            path = os.path.join(root, name)
            if os.path.islink(path) or not (os.path.isdir(path) or os.path.isfile(path)):
                raise DoclocError("a shard holds only the files its build wrote, not a link or a special file", path)


def merge_shards(
    folders: Iterable[Path],
    target: Path,
    move: bool = False,
    expected: str | None = None,
    languages: list[str] | None = None,
) -> None:
    """Assemble the site in ``target`` (an empty folder) from one shard per language.

    ``move`` renames the shards' files into ``target`` (the parallel build's own shards, on the same
    filesystem); otherwise they are copied. ``expected``: the fingerprint of the configuration the
    site must be built with (the merge refuses shards of another configuration); ``languages``: the
    site's languages in build order (the shards must say the same: their file is not to be trusted for
    which folders the merge writes). Shards holding links or special files are refused.
    """
    shards: dict[str, Path] = {}  # language → its shard (its first part)
    parts: dict[str, dict[int, Path]] = {}  # language → its further parts, by index
    counts: dict[str, int] = {}
    first: ShardInfo | None = None
    for folder in folders:
        info = read_shard(folder)
        if first is None:
            first = info
        elif (info.languages, info.fingerprint) != (first.languages, first.fingerprint):
            raise DoclocError(
                f"this shard ({info.language}) was built with another configuration or docloc than the shard "
                f"of {first.language} ({_describe(first)}, here {_describe(info)}): build every shard from the "
                "same commit",
                str(folder),
            )
        index, count = info.part
        if counts.setdefault(info.language, count) != count:
            raise DoclocError(f"parts of {info.language} of two different splits", str(folder))
        known = shards.get(info.language) if index == 0 else parts.get(info.language, {}).get(index)
        if known is not None:
            which = f" (part {index + 1} of {count})" if count > 1 else ""
            raise DoclocError(f"two shards of {info.language}{which}: {known} and {folder}", str(folder))
        if index == 0:
            shards[info.language] = folder
        else:
            parts.setdefault(info.language, {})[index] = folder
    if first is None:
        raise DoclocError("no shards to merge")
    if expected is not None and first.fingerprint != expected:
        raise DoclocError(
            "the shards were built with another mkdocs.yml or docloc version than this project's: build them "
            "again from this commit",
            str(shards[first.language]),
        )
    if languages is not None and list(first.languages) != list(languages):
        raise DoclocError(
            f"the shards are of the languages {', '.join(first.languages)}, this project's site of "
            f"{', '.join(languages)}: build them again from this commit",
            str(shards[first.language]),
        )
    missing = [language for language in first.languages if language not in shards]
    if missing:
        raise DoclocError(f"no shard of {', '.join(missing)}: build it with 'docloc build --language {missing[0]}'")
    for language, count in counts.items():
        absent = [str(index + 1) for index in range(1, count) if index not in parts.get(language, {})]
        if absent:
            raise DoclocError(f"no part {', '.join(absent)} of {count} of {language}")
    if not move:  # the parallel build's own shards hold what MkDocs wrote; given folders are looked at
        for folder in [*shards.values(), *(path for further in parts.values() for path in further.values())]:
            _refuse_links(folder)
    sitemaps = [_read_sitemap(shards[language]) for language in first.languages]
    place = _move_into if move else _copy_into
    place(shards[first.default], target)
    for language in first.languages[1:]:
        if os.path.lexists(target / language):
            raise DoclocError(f"the {first.default} shard has a folder {language}/ too", str(shards[first.default]))
        place(shards[language] / language, target / language)
    (target / SHARD_FILE).unlink(missing_ok=True)
    for language, further in parts.items():
        _add_parts(target, language, first.default, [further[index] for index in sorted(further)], move)
    if all(sitemap is not None for sitemap in sitemaps):
        _write_sitemap(target, [sitemap for sitemap in sitemaps if sitemap is not None])


def _add_parts(target: Path, language: str, default: str, folders: list[Path], move: bool) -> None:
    """Add the pages of a language's further parts to the site, and their entries to its search index."""
    index_path = index_file(target, language, default)
    relative = {index_path.relative_to(target), index_path.with_suffix(".js").relative_to(target), Path(SHARD_FILE)}
    texts = [index_path.read_text(encoding="utf-8")] if index_path.is_file() else []
    for folder in folders:
        for root, _dirs, names in os.walk(folder):
            for name in names:
                source = Path(root, name)
                inside = source.relative_to(folder)
                if inside in relative:
                    continue
                destination = target / inside
                if os.path.lexists(destination):
                    raise DoclocError(f"another part of {language} wrote {inside.as_posix()} too", str(folder))
                destination.parent.mkdir(parents=True, exist_ok=True)
                if move:
                    os.rename(source, destination)
                else:
                    shutil.copy2(source, destination)
        part_index = folder / index_path.relative_to(target)
        if texts:
            if not part_index.is_file():
                raise DoclocError(f"this part of {language} has no search index, its first part has", str(folder))
            texts.append(part_index.read_text(encoding="utf-8"))
    if texts:
        write_search_index(target, language, default, joined_index(texts))


def _describe(info: ShardInfo) -> str:
    return f"languages {', '.join(info.languages)}, configuration {info.fingerprint}"


def _move_into(source: Path, target: Path) -> None:
    if not target.exists():
        os.rename(source, target)
        return
    for entry in os.scandir(source):
        os.rename(entry.path, target / entry.name)


def _copy_into(source: Path, target: Path) -> None:
    shutil.copytree(source, target, dirs_exist_ok=True)


@dataclass(frozen=True)
class _Sitemap:
    """A shard's sitemap, cut where the merged one joins them: the urlset's opening, its URLs, the end."""

    head: str
    urls: str
    tail: str
    timestamp: int | None  # of its .gz (MkDocs': the day of the latest page)
    file: str


def _read_sitemap(shard: Path) -> _Sitemap | None:
    path = shard / SITEMAP
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    opening = text.find("<urlset")
    head_end = text.find(">", opening) + 1
    closing = text.rfind("</urlset>")
    if opening == -1 or head_end == 0 or closing < head_end:
        raise DoclocError("the sitemap has no <urlset>: docloc joins sitemaps of that form only", str(path))
    urls = text[head_end:closing].rstrip(" \t\r\n")
    packed = shard / (SITEMAP + ".gz")
    timestamp = None
    if packed.is_file():
        with packed.open("rb") as handle:
            header = handle.read(8)
        timestamp = int.from_bytes(header[4:8], "little") if len(header) == 8 else None
    return _Sitemap(text[:head_end], urls, text[head_end + len(urls) :], timestamp, str(path))


def _write_sitemap(target: Path, sitemaps: list[_Sitemap]) -> None:
    """The sitemap one process writes: every language's URLs in build order (and its .gz, as MkDocs packs it)."""
    first = sitemaps[0]
    for sitemap in sitemaps[1:]:
        if (sitemap.head, sitemap.tail) != (first.head, first.tail):
            raise DoclocError("this sitemap does not begin and end as the default language's does", sitemap.file)
    text = first.head + "".join(sitemap.urls for sitemap in sitemaps) + first.tail
    path = target / SITEMAP
    data = text.encode("utf-8")
    path.write_bytes(data)
    timestamp = sitemaps[-1].timestamp
    if timestamp is not None:
        packed = target / (SITEMAP + ".gz")
        with (
            packed.open("wb") as handle,
            gzip.GzipFile(fileobj=handle, filename=str(packed), mode="wb", mtime=timestamp) as archive,
        ):
            archive.write(data)
    else:
        (target / (SITEMAP + ".gz")).unlink(missing_ok=True)


def site_path(path: str, site_dir: str) -> str:
    """Where a file a shard builds below ``site_dir`` lands in the site: a parallel build writes the site's
    ``x`` as ``<SHARDS_DIR>/<language>/x`` first, and the user knows only the site's name for it."""
    prefix = os.path.join(site_dir, SHARDS_DIR) + os.sep
    if not path.startswith(prefix):
        return path
    inside = path[len(prefix) :].split(os.sep, 1)
    return os.path.join(site_dir, inside[1]) if len(inside) == 2 else site_dir


def build_in_parallel(
    config_file: Path,
    site_dir: Path,
    languages: list[str],
    jobs: int,
    strict: bool,
    pages: int,
    catalogs: CatalogCache | None = None,
) -> None:
    """Every language's shard built at once in up to ``jobs`` processes, then merged into ``site_dir``;
    ``pages``: the site's articles (``build_units``); ``catalogs``: the catalogs this process read.

    The shards are built inside ``site_dir`` (the staging folder: same filesystem, so the merge only
    renames). The first failing shard's error is raised; the site is not merged then. Where the
    processes are forked, they start with ``catalogs`` (copied as memory pages, not read again: every
    process needs most catalogs, for the status page's coverage if not for its pages).
    """
    import multiprocessing
    from concurrent.futures import as_completed

    from ..workers import worker_pool

    folder = site_dir / SHARDS_DIR
    units = build_units(languages, jobs, pages)
    inherited = catalogs if multiprocessing.get_start_method() == "fork" else None  # elsewhere: pickled, slower
    pool = worker_pool(max(1, min(jobs, len(units))), _inherit, (inherited,))
    try:
        futures = [
            pool.submit(
                _shard_worker, str(config_file), str(folder), _part_folder(language, part), language, part, strict
            )
            for language, part in units
        ]
        for future in as_completed(futures):
            error = future.result()
            if error is not None:
                raise error
    finally:
        pool.shutdown(cancel_futures=True)
    merge_shards([folder / _part_folder(language, part) for language, part in units], site_dir, move=True)
    shutil.rmtree(folder)


# A part costs what starting a build costs (MkDocs, the theme, reading every page for the navigation:
# about a second of CPU on the guide); splitting the default language pays only on a site whose pages
# take longer than that to write (the guide's 2 pages: 1.6x the CPU for no gain in time; the corpus
# site's 386: a third less time). Measured with benchmarks/before_after.py and build_speed.py.
SPLIT_FROM_PAGES = 100


def build_units(languages: list[str], jobs: int, pages: int) -> list[tuple[str, tuple[int, int]]]:
    """What the parallel build's processes build, in the order they are started: (language, part).

    The default language's build renders no catalog: the lightest, so last (the others keep every core
    busy). When the other languages fill the cores evenly it would be built alone at the end, one core
    working: then, on a site of ``SPLIT_FROM_PAGES`` pages or more, it is split into one part per core,
    and its parts come first: each leaves the facts of its English pages (heading ids, markup) for the
    other languages' builds, which would otherwise each render every English page for them.
    """
    even = jobs > 1 and (len(languages) - 1) % jobs == 0
    count = jobs if even and pages >= SPLIT_FROM_PAGES else 1
    default = [(languages[0], (k, count)) for k in range(count)]
    others = [(language, (0, 1)) for language in languages[1:]]
    return [*default, *others] if count > 1 else [*others, *default]


def _part_folder(language: str, part: tuple[int, int]) -> str:
    return language if part[0] == 0 else f"{language}@{part[0] + 1}"


_inherited: CatalogCache | None = None  # in a worker process: the catalogs its parent read


def _inherit(catalogs: CatalogCache | None) -> None:
    global _inherited
    _inherited = catalogs


def _shard_worker(
    config_file: str, folder: str, name: str, language: str, part: tuple[int, int], strict: bool
) -> DoclocError | None:
    """A worker process: one shard (into ``folder``/``name``), its failure as a located error (MkDocs'
    exceptions do not pickle)."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    try:
        config = load_config(config_file, site_dir=os.path.join(folder, name), strict=strict)
        build_shard(config, language, part, _inherited, Path(folder))
    except DoclocError as error:
        return error
    except PluginError as error:
        located = getattr(error, "error", None)
        return located if isinstance(located, DoclocError) else DoclocError(str(error))
    except (ConfigurationError, Abort) as error:
        return DoclocError(f"{error} (in the {language} build)", os.path.basename(config_file))
    return None
