"""Nothing a writer or translator did is lost: the project lock, atomic writes, the build swap.

Real processes throughout (``python -m docloc``), no mocked file system: commands run at once,
commands killed with SIGKILL at random (seeded) moments, a full disk (RLIMIT_FSIZE in the
child: writes past the limit fail with EFBIG, as they fail with ENOSPC on a full disk, and it
needs no mount, so it runs the same in any container) and read-only folders (as root, the
child drops the capabilities that let root write anyway).
"""

from __future__ import annotations

import ctypes
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ROOT, copy_project
from docloc.catalog.po import read_catalog, write_catalog

FIXTURES = ROOT / "tests" / "fixtures" / "corpus" / "cs-cz"
NAME = "partner-center/account-structure.md"
CATALOG = "locales/cs/LC_MESSAGES/partner-center/account-structure.po"
LEFTOVER = re.compile(r"\.docloc-[a-z0-9]{8}\.(tmp|build|old)$")
REFUSED = re.compile(
    r"^(?P<project>.+): the project is in use by docloc (?P<holder>import|update|build) "
    r"\(pid \d+, since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\); not waiting \(--wait SECONDS or DOCLOC_LOCK_WAIT to wait\)$"
)
IMPORT = ("import", str(FIXTURES / "bilingual"), "--replace-english")
UPDATE = ("update", "--quiet")
ENV = {
    **os.environ,
    "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "tools"), os.environ.get("PYTHONPATH")])),
    "NO_MKDOCS_2_WARNING": "1",
    "SOURCE_DATE_EPOCH": "1767225600",  # the site's dates (sitemap) are the same in every build
}
ENV.pop("DOCLOC_LOCK_WAIT", None)
BUILD_SECONDS = [3.0]  # how long the guide's build took here (measured by the built_guide fixture)
HOLD = """
import sys
from pathlib import Path
from docloc.lock import ProjectLock
with ProjectLock(Path(sys.argv[1]), sys.argv[2], exclusive=sys.argv[3] == "write"):
    print("held", flush=True)
    sys.stdin.read()  # until the test closes it
"""


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "docloc", *args]


def docloc(*args: str, preexec: Callable[[], None] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(command(*args), env=ENV, capture_output=True, text=True, preexec_fn=preexec, timeout=300)


def start(*args: str) -> subprocess.Popen:
    return subprocess.Popen(command(*args), env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def hold_lock(project: Path, holder: str, mode: str) -> subprocess.Popen:
    """A process holding the project lock as ``docloc <holder>`` would, until its stdin is closed."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(project), holder, mode],
        env=ENV,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline() == "held\n"
    return process


def release(holder: subprocess.Popen) -> None:
    assert holder.stdin is not None
    holder.stdin.close()
    assert holder.wait(timeout=30) == 0


def waits(process: subprocess.Popen) -> str:
    """The line in which a started command says it waits for the lock (it is still waiting)."""
    assert process.stderr is not None
    line = process.stderr.readline()
    assert process.poll() is None, line
    return line


def files(folder: Path, *, leftovers: bool = False) -> dict[str, bytes]:
    """Every file below ``folder`` (docloc's state and the site aside), with docloc's leftovers or without."""
    found = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_dir() or relative.split("/")[0] in (".docloc", "site"):
            continue
        if leftovers or not LEFTOVER.search(path.name):
            found[relative] = path.read_bytes()
    return found


def leftovers(*folders: Path) -> list[str]:
    return [str(p) for folder in folders for p in folder.rglob("*") if LEFTOVER.search(p.name)]


def site_state(site: Path) -> dict[str, tuple[bytes, int, int]]:
    """Each file of a site with its mode and modification time: "exactly as it was" means all three."""
    return {
        p.relative_to(site).as_posix(): (p.read_bytes(), p.stat().st_mode, p.stat().st_mtime_ns)
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def edit_english(project: Path, name: str = NAME, sentence: str = "A sentence nobody has translated yet.") -> None:
    page = project / "docs" / "en" / name
    page.write_text(page.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8")


def copy(source: Path, target: Path) -> Path:
    shutil.copytree(source, target, symlinks=True)
    return target


def update_with_mode(project: Path, path: Path, mode: int) -> subprocess.CompletedProcess:
    """``docloc update`` of ``project`` with ``path`` given ``mode`` for the run (root's override dropped), its
    mode restored after."""
    before = path.stat().st_mode
    path.chmod(mode)
    try:
        return docloc("update", "--project", str(project), preexec=without_root_override)
    finally:
        path.chmod(before)


def without_root_override() -> None:
    """In the child: no CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH or CAP_FOWNER, so permissions bind root too."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2, 3):
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP: gone from what exec grants
            os.write(2, b"cannot drop root's file capabilities (needs CAP_SETPCAP)\n")
            os._exit(98)


def file_size_limit(limit: int) -> Callable[[], None]:
    """In the child: no file may grow past ``limit`` bytes (EFBIG), a full disk without a mount."""

    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Older Czech articles and a Polish one imported, then a writer's edits extracted: ``update`` has work,
    and so has the import of the newer Czech articles, which replaces the English the Polish was updated to."""
    project = tmp_path_factory.mktemp("edited") / "project"
    for articles in (FIXTURES / "history", FIXTURES.parent / "pl-pl" / "bilingual"):
        assert docloc("import", "--project", str(project), str(articles)).returncode == 0
    edit_english(project)
    edit_english(project, "partner-center/multichannel.md")
    assert docloc("extract", "--project", str(project)).returncode == 0
    return project


@pytest.fixture(scope="module")
def built_guide(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The guide project with its site built in ``site/``."""
    project = copy_project(tmp_path_factory.mktemp("guide") / "project")
    started = time.monotonic()
    result = docloc("build", "--project", str(project), "--strict")
    assert result.returncode == 0, result.stderr
    BUILD_SECONDS[0] = time.monotonic() - started
    return project


# --- permissions ------------------------------------------------------------------------------------


@pytest.mark.parametrize("umask", [0o022, 0o027], ids=["umask022", "umask027"])
def test_files_get_the_umask_permissions_and_replaced_files_keep_theirs(
    built_guide: Path, tmp_path: Path, umask: int
) -> None:
    def under_umask() -> None:
        os.umask(umask)

    project = tmp_path / "project"
    result = subprocess.run(
        command("import", "--project", str(project), str(FIXTURES / "history")),
        env=ENV,
        capture_output=True,
        text=True,
        preexec_fn=under_umask,
    )
    assert result.returncode == 0, result.stderr
    written = [p for p in project.rglob("*") if p.is_file()]
    assert {p.suffix for p in written} >= {".md", ".pot", ".po", ".yml"} and project / ".docloc" / "lock" in written
    for path in written:
        assert oct(path.stat().st_mode & 0o777) == oct(0o666 & ~umask), path
    for path in [project, *(p for p in project.rglob("*") if p.is_dir())]:
        assert oct(path.stat().st_mode & 0o777) == oct(0o777 & ~umask), path

    # A replaced file keeps its mode, whatever the umask: private stays private, 0644 stays 0644.
    private, public = project / CATALOG, project / "locales/cs/LC_MESSAGES/partner-center/chip-users.po"
    private.chmod(0o600)
    public.chmod(0o644)
    before = private.read_bytes(), public.read_bytes()
    edit_english(project)
    edit_english(project, "partner-center/chip-users.md")
    for args in (("extract",), ("update",)):
        result = subprocess.run(
            command(*args, "--project", str(project)), env=ENV, capture_output=True, preexec_fn=under_umask
        )
        assert result.returncode == 0, result.stderr
    assert (private.read_bytes(), public.read_bytes()) != before
    assert (oct(private.stat().st_mode & 0o777), oct(public.stat().st_mode & 0o777)) == ("0o600", "0o644")

    # The built site, in a folder outside the project whose parents do not exist yet: every file as open()
    # makes it, docloc's own writes among them.
    guide = copy_project(tmp_path / "guide")
    site = tmp_path / "www" / "guides" / "site"
    result = subprocess.run(
        command("build", "--project", str(guide), "--strict", "--site-dir", str(site)),
        env=ENV,
        capture_output=True,
        text=True,
        preexec_fn=under_umask,
    )
    assert result.returncode == 0, result.stderr
    assert site_files(site) == site_files(built_guide / "site") and not leftovers(site.parent)
    for own in (
        "404.html",
        "cs/404.html",
        "pl/404.html",
        "search/search_index.json",
        "cs/search/search_index.json",
        "pl/search/search_index.js",
        "assets/javascripts/lunr/min/lunr.cs.min.js",
        "assets/javascripts/lunr/min/lunr.pl.min.js",
    ):
        assert (site / own).is_file(), own
    for path in site.rglob("*"):
        expected = 0o777 & ~umask if path.is_dir() else 0o666 & ~umask
        assert oct(path.stat().st_mode & 0o777) == oct(expected), path
    assert oct(site.stat().st_mode & 0o777) == oct(0o777 & ~umask)
    if umask == 0o022:  # a site folder someone restricted stays restricted when the next build replaces it
        site.chmod(0o750)
        assert docloc("build", "--project", str(guide), "--site-dir", str(site)).returncode == 0
        assert oct(site.stat().st_mode & 0o777) == "0o750"


# --- the project lock -------------------------------------------------------------------------------


def test_import_and_update_at_once_never_lose_either(edited: Path, tmp_path: Path) -> None:
    """Started together, repeatedly: the result is always one order or the other, or one was refused whole."""
    outcomes: dict[str, dict[str, bytes]] = {}
    for order in ((IMPORT,), (UPDATE,), (IMPORT, UPDATE), (UPDATE, IMPORT)):
        project = copy(edited, tmp_path / "ref" / "-".join(c[0] for c in order))
        for args in order:
            assert docloc(*args, "--project", str(project)).returncode == 0
        outcomes[" then ".join(c[0] for c in order)] = files(project)
    assert outcomes["import then update"] != outcomes["update then import"]  # the order matters here
    rng = random.Random(20261130)
    seen = []
    for trial in range(6):
        project = copy(edited, tmp_path / f"trial{trial}")
        refuse = ("--wait", "0") if trial % 2 else ()  # half the trials wait, half give up at once
        first, second = (IMPORT, UPDATE) if trial % 4 < 2 else (UPDATE, IMPORT)
        processes = {first[0]: start(*first, *refuse, "--project", str(project))}
        time.sleep(rng.uniform(0.0, 0.3))
        processes[second[0]] = start(*second, *refuse, "--project", str(project))
        refused = []
        for name, process in processes.items():
            _, err = process.communicate(timeout=300)
            assert process.returncode in (0, 2), err
            assert "Traceback" not in err
            if process.returncode == 2:
                last = err.strip().splitlines()[-1]
                assert REFUSED.match(last), last
                assert REFUSED.match(last)["holder"] != name
                refused.append(name)
        state = files(project)
        allowed = (
            [outcomes[f"{second[0] if refused[0] == first[0] else first[0]}"]]
            if refused
            else [outcomes["import then update"], outcomes["update then import"]]
        )
        assert len(refused) <= 1
        assert state in allowed, f"trial {trial}: damaged ({refused or 'both ran'})"
        assert not leftovers(project)
        seen.append(
            f"refused {refused[0]}" if refused else next(k for k, v in outcomes.items() if v == state and " " in k)
        )
    print("import and update at once:", seen)


def test_a_second_writer_waits_and_then_proceeds(edited: Path, tmp_path: Path) -> None:
    project = copy(edited, tmp_path / "project")
    holder = hold_lock(project, "import", "write")
    update = start("update", "--project", str(project))
    line = waits(update)
    assert re.fullmatch(
        rf"docloc: waiting for docloc import \(pid {holder.pid}, since [\d :-]+\) to finish "
        r"\(up to 120 s\)\n",
        line,
    ), line
    assert files(project) == files(edited)  # nothing written while it waits
    release(holder)
    _, err = update.communicate(timeout=120)
    assert update.returncode == 0, err
    assert files(project)[CATALOG] != (edited / CATALOG).read_bytes()  # and then it did its work


def test_a_lock_whose_holder_was_killed_is_taken_over(edited: Path, tmp_path: Path) -> None:
    project = copy(edited, tmp_path / "project")
    holder = hold_lock(project, "import", "write")
    refused = docloc("update", "--project", str(project), "--wait", "0")
    assert refused.returncode == 2 and REFUSED.match(refused.stderr.strip()), refused.stderr
    assert str(project) in refused.stderr and f"pid {holder.pid}" in refused.stderr
    holder.kill()
    holder.wait()
    result = docloc("update", "--project", str(project), "--wait", "0")
    assert result.returncode == 0, result.stderr
    assert f"docloc import (pid {holder.pid}, " in result.stderr and "taking it over" in result.stderr


def test_check_waits_for_a_writer_and_readers_share(edited: Path, tmp_path: Path) -> None:
    """check holds the lock shared: it reports one state of the project, never a half-updated one."""
    project = copy(edited, tmp_path / "project")
    writer = hold_lock(project, "update", "write")
    refused = docloc("check", "--project", str(project), "--no-links", "--wait", "0")
    assert refused.returncode == 2 and REFUSED.match(refused.stderr.strip()), refused.stderr
    check = start("check", "--project", str(project), "--no-links", "--format", "json")
    assert "waiting for docloc update" in waits(check)
    release(writer)
    out, err = check.communicate(timeout=120)
    assert check.returncode in (0, 1) and out.startswith("{"), err
    reader = hold_lock(project, "check", "read")
    assert docloc("check", "--project", str(project), "--no-links", "--wait", "0").returncode in (0, 1)
    blocked = docloc("update", "--project", str(project), "--wait", "0")
    assert blocked.returncode == 2
    assert "in use by another docloc command (check, export and update --dry-run" in blocked.stderr
    release(reader)


# --- kill -9 ------------------------------------------------------------------------------------------


def run_until_locked(args: tuple[str, ...], project: Path) -> tuple[subprocess.Popen, float]:
    """Start ``docloc args --wait 0`` and return once it holds the lock (its start-up done), with the time."""
    process = start(*args, "--project", str(project), "--wait", "0")
    lock = project / ".docloc" / "lock"
    deadline = time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline:
        if lock.exists() and lock.stat().st_size:
            break
        time.sleep(0.002)
    return process, time.monotonic()


def kill_at_random(args: tuple[str, ...], project: Path, rng: random.Random, work: float) -> bool:
    """Run ``docloc args`` and kill it at a random moment of its work; whether it was killed (else it had
    finished). Never refused: the lock of a killed run goes with it."""
    process, _ = run_until_locked(args, project)
    time.sleep(rng.uniform(0, work))
    process.kill()
    _, err = process.communicate()
    assert process.returncode in (0, -9), err
    return process.returncode == -9


def survivors(project: Path) -> list[str]:
    """Processes still running with ``project`` on their command line (Linux's /proc; none elsewhere)."""
    time.sleep(0.1)  # the kernel kills a dead parent's workers at once, but give them a moment to go
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            words = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue
        if os.fsencode(str(project)) in words:
            found.append(cmdline.parent.name)
    return found


def work_time(args: tuple[str, ...], project: Path) -> float:
    """How long ``docloc args`` works once it holds the lock."""
    process, locked = run_until_locked(args, project)
    _, err = process.communicate()
    assert process.returncode == 0, err
    return time.monotonic() - locked


@pytest.mark.parametrize("args", [IMPORT, UPDATE], ids=["import", "update"])
def test_kill_9_leaves_every_file_complete(edited: Path, tmp_path: Path, args: tuple[str, ...]) -> None:
    before = files(edited)
    reference = copy(edited, tmp_path / "reference")
    work = work_time(args, reference)
    after = files(reference)
    assert before != after
    rng = random.Random(f"kill {args[0]}")
    mixed = left = 0
    for trial in range(5):
        project = copy(edited, tmp_path / f"trial{trial}")
        # One article after the other (--jobs 1) spreads the writes over the run; the pool's workers die with it.
        killed = kill_at_random(args + (("--jobs", "1") if trial % 2 and args == IMPORT else ()), project, rng, work)
        assert not (killed and survivors(project)), f"kill {trial}: worker processes outlived the command"
        state = files(project)
        for name in sorted(set(before) | set(after) | set(state)):
            assert state.get(name) in (before.get(name), after.get(name)), f"kill {trial}: {name} is torn or foreign"
        mixed += state not in (before, after)
        left += bool(leftovers(project))
        again = docloc(*args, "--project", str(project), "--wait", "0")
        assert again.returncode == 0, again.stderr
        assert files(project) == after
        assert not leftovers(project), f"kill {trial}"
    print(f"{args[0]}: of 5 kills, {mixed} left a mix of old and new files, {left} left temporary files")


def test_kill_9_during_a_build_leaves_the_old_or_the_new_site(built_guide: Path, tmp_path: Path) -> None:
    old = site_files(built_guide / "site")
    project = copy(built_guide, tmp_path / "project")
    change_a_translation(project)
    rng = random.Random("kill build")
    sites, killed = [], 0
    for _ in range(4):
        killed += kill_at_random(("build",), project, rng, BUILD_SECONDS[0])
        sites.append(site_files(project / "site"))
    again = docloc("build", "--project", str(project), "--wait", "0")
    assert again.returncode == 0, again.stderr
    new = site_files(project / "site")
    assert old != new and killed
    for trial, site in enumerate(sites):
        assert site in (old, new), f"kill {trial}: a broken site"
    assert not leftovers(project)
    print(f"build: {killed} of 4 killed, {sum(site == new for site in sites)} of them after the swap")


def unsafe_translation(project: Path) -> None:
    """A translation that adds markup its English lacks: the build publishes the English with a warning."""
    path = project / "locales" / "cs" / "LC_MESSAGES" / "assign-support-contacts.po"
    catalog = read_catalog(path)
    next(e for e in catalog if e.msgid == "Next steps").msgstr = 'Další kroky<img src=x onerror="alert(1)">'
    write_catalog(path, catalog)


def change_a_translation(project: Path) -> None:
    path = project / "locales" / "cs" / "LC_MESSAGES" / "assign-support-contacts.po"
    catalog = read_catalog(path)
    entry = next(e for e in catalog if e.msgid == "Next steps")
    entry.msgstr = "Co dál"
    write_catalog(path, catalog)


# --- failed builds ----------------------------------------------------------------------------------


def test_a_failed_build_leaves_the_previous_site_exactly_as_it_was(built_guide: Path, tmp_path: Path) -> None:
    project = copy(built_guide, tmp_path / "project")
    site = project / "site"
    before, inode = site_state(site), site.stat().st_ino
    config = project / "mkdocs.yml"
    original = config.read_text(encoding="utf-8")
    config.write_text(original + "nav:\n  - Home: index.md\n  - Missing: no-such-page.md\n", encoding="utf-8")
    strict = docloc("build", "--project", str(project), "--strict")  # a strict warning, after every page is built
    assert strict.returncode == 2 and "Aborted with" in strict.stderr and "Traceback" not in strict.stderr
    assert site_state(site) == before and site.stat().st_ino == inode
    assert not leftovers(project)

    inside = docloc("build", "--project", str(project), "--site-dir", str(project))  # would swap the project away
    assert inside.returncode == 2 and "Traceback" not in inside.stderr, inside.stderr
    assert (project / "mkdocs.yml").is_file() and site_state(site) == before and not leftovers(tmp_path)

    config.write_text(original, encoding="utf-8")
    unsafe_translation(project)
    refused = docloc("build", "--project", str(project), "--strict")  # docloc's own warning this time
    assert refused.returncode == 2 and "assign-support-contacts.po:" in refused.stderr, refused.stderr
    assert site_state(site) == before and site.stat().st_ino == inode
    assert not leftovers(project)


def test_the_next_build_puts_back_a_site_a_killed_swap_left_aside(built_guide: Path, tmp_path: Path) -> None:
    """Where there is no atomic exchange, the swap is two renames; killed between them, the site is aside."""
    project = copy(built_guide, tmp_path / "project")
    before = site_state(project / "site")
    (project / "site").rename(project / ".site.docloc-k1ll3d00.old")
    (project / ".site.docloc-k1ll3d00.build" / "cs").mkdir(parents=True)  # the new site, complete or not
    unsafe_translation(project)
    refused = docloc("build", "--project", str(project), "--strict")  # fails, after putting the old site back
    assert refused.returncode == 2, refused.stderr
    assert "put back the previous site" in refused.stderr
    assert site_state(project / "site") == before and not leftovers(project)


# --- leftovers, full disk, read-only ---------------------------------------------------------------


def test_the_next_run_removes_only_what_killed_runs_left(edited: Path, tmp_path: Path) -> None:
    project = copy(edited, tmp_path / "project")
    folder = project / "locales" / "cs" / "LC_MESSAGES" / "partner-center"
    abandoned = folder / ".account-structure.po.docloc-k1ll3d00.tmp"
    abandoned.write_text("half a catalog")
    foreign = [folder / ".account-structure.po.abcdefgh.tmp", folder / "notes.tmp", project / "docs" / "draft.docloc"]
    for path in foreign:
        path.write_text("not docloc's")
    live = folder / ".chip-users.po.docloc-w0rk1ng0.tmp"  # a writer that is still running holds its file's lock
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, os, sys, time\n"
            "fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT, 0o666)\n"
            "fcntl.flock(fd, fcntl.LOCK_EX)\nprint('held', flush=True)\ntime.sleep(60)",
            str(live),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline() == "held\n"
        result = docloc("update", "--project", str(project))
        assert result.returncode == 0, result.stderr
        assert "removed 1 temporary files an interrupted run left" in result.stderr
        assert not abandoned.exists() and live.exists() and all(p.exists() for p in foreign)
    finally:
        writer.kill()
        writer.wait()
    out = tmp_path / "out" / "partner-center"
    out.mkdir(parents=True)
    (out / ".account-structure.md.docloc-k1ll3d00.tmp").write_text("half an article")
    exported = docloc("export", "--project", str(project), "--locale", "cs-CZ", "--out", str(out.parent))
    assert exported.returncode == 0, exported.stderr
    assert not leftovers(out.parent) and (out / "account-structure.md").is_file()


def test_a_full_disk_names_the_file_and_leaves_everything_whole(
    edited: Path, built_guide: Path, tmp_path: Path
) -> None:
    project = copy(edited, tmp_path / "project")
    before = files(project)
    result = docloc("update", "--project", str(project), preexec=file_size_limit(4096))
    assert result.returncode == 2, result.stderr
    assert re.fullmatch(
        rf"{re.escape(str(project))}/locales/(cs|pl)/LC_MESSAGES/\S+\.po: File too large\n", result.stderr
    )
    assert files(project, leftovers=True) == before

    guide = copy(built_guide, tmp_path / "guide")
    site = site_state(guide / "site")
    built = docloc("build", "--project", str(guide), preexec=file_size_limit(4096))
    assert built.returncode == 2, built.stderr
    last = built.stderr.strip().splitlines()[-1]
    assert re.fullmatch(rf"{re.escape(str(guide / 'site'))}/\S+: File too large", last), last
    assert ".docloc-" not in built.stderr and "Traceback" not in built.stderr
    assert site_state(guide / "site") == site and not leftovers(guide)


def test_a_read_only_folder_names_the_file_and_changes_nothing(edited: Path, tmp_path: Path) -> None:
    project = copy(edited, tmp_path / "project")
    before = files(project)
    result = update_with_mode(project, project / "locales" / "cs" / "LC_MESSAGES" / "partner-center", 0o555)
    assert result.returncode == 2, result.stderr
    assert result.stderr == f"{project / CATALOG}: Permission denied\n"
    assert files(project, leftovers=True) == before

    for path in [project, *project.rglob("*")]:
        path.chmod(path.stat().st_mode & ~0o222)
    try:
        result = docloc("update", "--project", str(project), preexec=without_root_override)
        assert result.returncode == 2
        assert result.stderr == f"{project / '.docloc' / 'lock'}: cannot lock the project: Permission denied\n"
        checked = docloc("check", "--project", str(project), "--no-links", preexec=without_root_override)
        assert checked.returncode in (0, 1), checked.stderr  # reading a read-only project needs no write
    finally:
        for path in [project, *project.rglob("*")]:
            path.chmod(path.stat().st_mode | 0o200)
    assert files(project, leftovers=True) == before


def test_a_read_only_catalog_is_not_replaced(edited: Path, tmp_path: Path) -> None:
    """A catalog made read-only (by a translator, a vendor's hand-off) is refused as ``open(path, "w")`` refuses
    it, though a rename into its folder could replace it: named, exit 2, nothing written (the other catalogs
    neither), as msgmerge -U leaves it."""
    project = copy(edited, tmp_path / "project")
    before = files(project)
    result = update_with_mode(project, project / CATALOG, 0o444)
    assert result.returncode == 2, result.stderr
    assert f"{CATALOG}: Permission denied: the catalog is read-only; make it writable to update it" in result.stderr
    assert files(project, leftovers=True) == before


def test_a_lock_file_committed_as_a_link_is_not_followed(tmp_path: Path) -> None:
    """A pull request can commit ``.docloc/lock`` as a link to a file of the user's: no command writes through it."""
    from docloc.lock import ProjectLock

    victim = tmp_path / "precious.txt"
    victim.write_text("precious\n", encoding="utf-8")
    project = tmp_path / "project"
    (project / ".docloc").mkdir(parents=True)
    (project / ".docloc" / "lock").symlink_to(victim)
    with pytest.raises(OSError, match="cannot lock the project"), ProjectLock(project, "update", exclusive=True):
        pass
    with ProjectLock(project, "check", exclusive=False):  # a reader: no lock to take there, nothing written
        pass
    (project / ".docloc" / "lock").unlink()
    (project / ".docloc" / "lock").symlink_to(tmp_path / "made-by-docloc")
    with ProjectLock(project, "check", exclusive=False):
        pass
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert not (tmp_path / "made-by-docloc").exists()


@pytest.mark.parametrize(
    "args",
    [
        ("check",),
        ("update",),
        ("extract",),
        ("build",),
        ("export", "--locale", "cs", "--out", "out"),
        ("import", "x.md"),
    ],
)
def test_a_command_refusing_a_folder_that_is_no_project_leaves_no_lock_there(tmp_path: Path, args: tuple) -> None:
    folder = tmp_path / "not-a-project"
    folder.mkdir()
    if args[0] == "import":  # a file that is no bilingual article: nothing imported, no project made
        (folder / "x.md").write_text("# Just a page\n", encoding="utf-8")
    before = files(folder)
    result = docloc(*args, "--project", str(folder))
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*")) == sorted(before), (
        "nothing written"
    )


@pytest.mark.parametrize("site_dir", ["locales", "locales/cs", ".docloc-handoff"])
def test_a_site_folder_inside_the_projects_own_folders_is_refused(tmp_path: Path, site_dir: str) -> None:
    """The build swaps its site in whole: --site-dir locales deleted every catalog, with exit code 0."""
    project = copy_project(tmp_path / "project")
    (project / ".docloc-handoff" / "cs").mkdir(parents=True)
    (project / ".docloc-handoff" / "cs" / "base.po").write_text("# a hand-off's base\n", encoding="utf-8")
    before = files(project)
    result = docloc("build", "--project", str(project), "--site-dir", str(project / site_dir))
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert f"{project / site_dir}: the site folder lies in the project's {site_dir.split('/')[0]}/ folder" in (
        result.stderr
    )
    assert files(project) == before
