"""A ``docloc check`` of a project that did not change prints its last report again; any change checks again."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import copy_project
from docloc import userkey
from docloc.cli import replay
from docloc.project import Project
from docloc.stamps import file_stamp


def check(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "docloc", "check", "--project", str(root), "--jobs", "1", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def replayed(root: Path, *args: str, env: dict[str, str] | None = None) -> tuple[bool, subprocess.CompletedProcess]:
    """(whether the run replayed, the run): a replay does not check, so it does not write the check cache back."""
    cache = Project.open(root).check_cache_file()
    cache.unlink(missing_ok=True)
    done = check(root, *args, env=env)
    return not cache.exists(), done


def catalog(root: Path) -> Path:
    return root / "locales" / "cs" / "LC_MESSAGES" / "assign-support-contacts.po"


def record(root: Path, argv: list[str], run: Callable[[], object], code: int = 0) -> None:
    """A full run of ``argv`` in ``root`` recorded for the replay; ``run`` is what the run reads and prints."""
    folders, files = Project.open(root).check_inputs()
    recording = replay.Recording(root, argv, folders, files)
    run()
    recording.finish(code)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = copy_project(tmp_path / "project")
    first = check(root)
    assert first.returncode in (0, 1), first.stderr
    return root


def test_an_unchanged_project_gets_the_same_report_without_a_check(project: Path) -> None:
    first = check(project, "--format", "json")
    again, done = replayed(project, "--format", "json")
    assert again
    assert (done.returncode, done.stdout, done.stderr) == (first.returncode, first.stdout, first.stderr)
    assert done.stdout.startswith("{")


def test_each_command_line_has_its_own_report(project: Path) -> None:
    text = check(project)
    json_report = check(project, "--format", "json")
    assert replayed(project)[1].stdout == text.stdout
    assert replayed(project, "--format", "json")[1].stdout == json_report.stdout
    assert not replayed(project, "--format", "csv")[0]  # never run this way: checked
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"} | {"COLUMNS": "200"}
    assert not replayed(project, env=env)[0]  # the text report's width depends on it


def test_an_edited_catalog_is_checked_again(project: Path) -> None:
    before = check(project, "--format", "json")
    path = catalog(project)
    text = path.read_text(encoding="utf-8")
    at = text.index('msgstr "', text.index("msgid", text.index("\n\n")) + 1) + len('msgstr "')
    path.write_text(text[:at] + "<b>x</b> " + text[at:], encoding="utf-8")
    again, done = replayed(project, "--format", "json")
    assert not again
    assert done.stdout != before.stdout


def test_a_change_that_keeps_size_and_time_is_seen_by_content(project: Path) -> None:
    """Within the same clock tick a change keeps the stamp; a file that recent is compared by its bytes."""
    path = catalog(project)
    os.utime(path)  # just saved
    check(project)
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    at = text.index('msgstr "', text.index("msgid", text.index("\n\n")) + 1) + len('msgstr "')
    path.write_text(text[:at] + "x" + text[at + 1 :], encoding="utf-8")  # one character for another
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size
    assert not replayed(project)[0]


def test_an_old_file_changed_with_its_time_set_back_is_checked_again(project: Path) -> None:
    """``touch -r``, ``cp -p``, ``tar`` and ``rsync -t`` set a modification time back: a stamp of size and
    modification time alone would vouch for an edited file last modified long ago;
    its change time cannot be set back."""
    path = catalog(project)
    past = time.time_ns() - 3600 * 10**9
    os.utime(path, ns=(past, past))
    time.sleep(0.01)
    check(project, "--format", "json")
    text = path.read_text(encoding="utf-8")
    at = text.index('msgstr "', text.index("msgid", text.index("\n\n")) + 1) + len('msgstr "')
    path.write_text(text[:at] + "<" + text[at + 1 :], encoding="utf-8")  # a tag opened: an html-tags finding
    os.utime(path, ns=(past, past))
    again, done = replayed(project, "--format", "json")
    assert not again
    assert done.stdout == check(project, "--format", "json", "--no-cache").stdout


def test_a_touched_file_is_compared_by_content(project: Path) -> None:
    path = catalog(project)
    os.utime(path)  # recent: its digest is recorded
    check(project)
    time.sleep(0.01)
    os.utime(path)
    assert replayed(project)[0]


@pytest.mark.parametrize("where", ["docs/en/media/new.png", "locales/cs/LC_MESSAGES/new.po", "docs/cs/x.md"])
def test_a_new_file_is_checked_again(project: Path, where: str) -> None:
    """A new file may be a link's target or a catalog: the run is not replayed."""
    (project / where).parent.mkdir(parents=True, exist_ok=True)
    (project / where).write_bytes(catalog(project).read_bytes() if where.endswith(".po") else b"")
    again, done = replayed(project)
    assert not again
    assert done.returncode in (0, 1), done.stderr


def test_a_removed_file_and_the_configuration_are_inputs(project: Path) -> None:
    check(project)
    (project / "locales" / "cs" / "LC_MESSAGES" / "_ui" / "site.po").unlink()
    assert not replayed(project)[0]
    check(project)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert not replayed(project)[0]


def test_warnings_are_replayed_too(project: Path) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - docloc:\n", "  - docloc:\n      unknown_option: 1\n", 1), encoding="utf-8")
    first = check(project)
    assert "warning:" in first.stderr
    again, done = replayed(project)
    assert again
    assert done.stderr == first.stderr


def test_no_cache_neither_replays_nor_records(project: Path) -> None:
    folder = Project.open(project).check_replay_dir()
    assert any(folder.iterdir())
    for record in folder.iterdir():
        record.unlink()
    check(project, "--no-cache")
    assert not any(folder.iterdir())
    check(project, "--coverage-csv", str(project / "coverage.csv"))  # a run that writes a file: not replayed
    assert not any(folder.iterdir())


def test_a_file_changed_during_the_run_is_not_recorded(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    path = catalog(root)

    def edited_while_checked() -> None:
        print("the report")
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")

    record(root, ["check"], edited_while_checked)
    assert not Project.open(root).check_replay_dir().exists()
    record(root, ["check"], lambda: print("the report"))
    assert len(list(Project.open(root).check_replay_dir().iterdir())) == 1


def test_the_folder_is_the_projects() -> None:
    root = Path("/x")
    assert Project(root, None).check_replay_dir() == root / replay.FOLDER  # type: ignore[arg-type]


def test_records_made_elsewhere_are_not_trusted(project: Path, tmp_path: Path) -> None:
    """A ``.docloc/`` committed by a pull request holds another user's secret: its reports and cache go unused."""
    env = os.environ | {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    check(project, env=env)
    cache = Project.open(project).check_cache_file()

    def settings() -> str:
        with contextlib.closing(sqlite3.connect(cache)) as connection:
            return connection.execute("SELECT settings FROM meta").fetchone()[0]

    mine = settings()
    assert replayed(project, env=env)[0]
    (tmp_path / "cache" / "docloc" / "secret").write_text("0" * 64, encoding="ascii")  # as on another machine
    assert not replayed(project, env=env)[0]
    assert settings() != mine


def test_the_secret_is_made_once_for_the_user_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    secret = tmp_path / "docloc" / "secret"
    for expected_new in (True, False):
        monkeypatch.setattr(userkey, "_SECRET", None)
        made = userkey.user_secret()
        assert len(made) == 64
        assert secret.read_text(encoding="ascii") == made
        assert stat.S_IMODE(secret.stat().st_mode) == 0o600
        if expected_new:
            first = made
        else:
            assert made == first  # kept: the cache of the run before stays usable
    secret.write_text("damaged", encoding="ascii")
    monkeypatch.setattr(userkey, "_SECRET", None)
    assert userkey.user_secret() not in (first, "damaged")
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="ascii")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))  # no folder can be made there: a secret for this run alone
    monkeypatch.setattr(userkey, "_SECRET", None)
    one = userkey.user_secret()
    monkeypatch.setattr(userkey, "_SECRET", None)
    assert userkey.user_secret() != one


def settle(*folders: Path) -> None:
    """Date every file and folder below ``folders`` an hour back, as in a project left alone: stamps vouch for them."""
    then = time.time_ns() - 3600 * 10**9
    for folder in folders:
        for directory, names, files in os.walk(folder):
            for name in [*names, *files]:
                os.utime(os.path.join(directory, name), ns=(then, then), follow_symlinks=False)
        os.utime(folder, ns=(then, then))


def test_an_empty_catalog_folder_is_a_language_to_check(project: Path) -> None:
    settle(project)
    check(project)
    (project / "locales" / "de" / "LC_MESSAGES").mkdir(parents=True)
    again, done = replayed(project)
    assert not again
    assert "\nde " in done.stdout


def test_folders_linked_into_the_project_are_inputs_too(project: Path) -> None:
    """``locales/cs`` kept elsewhere in the project, images in a linked folder: the check reads through the links."""
    elsewhere = project / "translations" / "cs"
    elsewhere.parent.mkdir()
    (project / "locales" / "cs").rename(elsewhere)
    (project / "locales" / "cs").symlink_to(Path("..") / "translations" / "cs", target_is_directory=True)
    media = project / "shared" / "media"
    (media / "sub").mkdir(parents=True)
    (media / "sub" / "a.png").write_bytes(b"")
    (project / "docs" / "en" / "media").symlink_to(media, target_is_directory=True)
    page = project / "docs" / "en" / "assign-support-contacts.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n![a](media/sub/a.png)\n", encoding="utf-8")
    settle(project)
    check(project)
    assert replayed(project)[0]
    (elsewhere / "LC_MESSAGES" / "assign-support-contacts.po").unlink()
    assert not replayed(project)[0]
    check(project)
    (media / "sub" / "a.png").unlink()
    again, done = replayed(project)
    assert not again
    assert "'media/sub/a.png' does not exist" in done.stdout


def test_a_project_with_a_folder_linked_out_of_it_is_checked_every_time(project: Path, tmp_path: Path) -> None:
    """What is outside the project is not walked (it may be /): such a project gets no replayed report."""
    (project / "locales" / "pl").rename(tmp_path / "pl")
    (project / "locales" / "pl").symlink_to(tmp_path / "pl", target_is_directory=True)
    (project / "docs" / "en" / "everything").symlink_to(Path("/"), target_is_directory=True)
    first = check(project)
    assert first.returncode in (0, 1), first.stderr
    assert "\npl " in first.stdout
    again, done = replayed(project)
    assert not again
    assert done.stdout == first.stdout


def test_paths_from_a_new_repository_root_are_checked_again(tmp_path: Path) -> None:
    """GitHub and SARIF reports give paths from the git top level: a ``git init`` above the project changes them."""
    root = copy_project(tmp_path / "repository" / "project")
    first = check(root, "--format", "github")
    assert "file=locales/" in first.stdout
    (tmp_path / "repository" / ".git").mkdir()
    again, done = replayed(root, "--format", "github")
    assert not again
    assert "file=project/locales/" in done.stdout


def test_a_package_installed_or_removed_is_checked_again(project: Path, tmp_path: Path) -> None:
    """docloc's dependencies parse what it checks: a folder Python imports from is an input (its entries)."""
    packages = tmp_path / "packages"
    packages.mkdir()
    env = os.environ | {"PYTHONPATH": os.pathsep.join([str(packages), os.environ.get("PYTHONPATH", "")])}
    settle(project, packages)
    check(project, env=env)
    assert replayed(project, env=env)[0]
    (packages / "yaml.py").write_text("raise ImportError('a yaml that cannot be imported')\n", encoding="utf-8")
    assert "a yaml that cannot be imported" in check(project, env=env).stderr  # not the last report: a run


def test_a_damaged_record_is_checked_again(project: Path) -> None:
    """Cut short (a copy or a restore gone wrong), or not JSON: the project is checked, nothing is half-printed."""
    first = check(project)
    record = max(Project.open(project).check_replay_dir().iterdir(), key=lambda p: p.stat().st_mtime_ns)
    data = record.read_bytes()
    for damaged in (data[:-5], b"[" * 100_000 + b"\n", b"\xff\xfe\n"):
        record.write_bytes(damaged)
        done = check(project)
        assert (done.returncode, done.stdout, done.stderr) == (first.returncode, first.stdout, first.stderr)


def test_a_file_rewritten_during_the_run_is_not_recorded(tmp_path: Path) -> None:
    """Saved again with the same bytes while the check ran: the check may have read it half-written."""
    root = copy_project(tmp_path / "project")
    path = catalog(root)
    os.utime(path)  # just saved: its digest is recorded
    text = path.read_bytes()

    def saved_again_while_checked() -> None:
        path.write_bytes(b"")  # what the check read
        print("the report of an empty catalog")
        time.sleep(0.01)
        path.write_bytes(text)

    record(root, ["check"], saved_again_while_checked)
    assert not Project.open(root).check_replay_dir().exists()


class _Terminal:
    """Standard output or error of one terminal: what is written to either, in the order written."""

    def __init__(self, shown: list[str]) -> None:
        self.shown = shown

    def write(self, text: str) -> int:
        self.shown.append(text)
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def test_warnings_and_the_report_come_in_the_order_they_were_printed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a terminal both streams show on one screen: a warning printed before the report stays before it."""
    root = copy_project(tmp_path / "project")
    argv = ["check", "--project", str(root)]

    def warn_around_the_report() -> None:
        sys.stderr.write("warning: first\n")
        sys.stdout.write("the report\n")
        sys.stderr.write("warning: last\n")

    record(root, argv, warn_around_the_report, code=1)
    shown: list[str] = []
    monkeypatch.setattr(sys, "stdout", _Terminal(shown))
    monkeypatch.setattr(sys, "stderr", _Terminal(shown))
    assert replay.replayed(argv) == 1
    assert "".join(shown) == "warning: first\nthe report\nwarning: last\n"


def test_a_change_that_keeps_size_and_time_is_checked_by_content(project: Path) -> None:
    """The check cache, too, does not trust a stamp as recent as its record (the same clock tick keeps it)."""
    path = catalog(project)
    os.utime(path)  # just saved
    check(project, "--format", "json")
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    at = text.index('msgstr "', text.index("msgid", text.index("\n\n")) + 1) + len('msgstr "')
    path.write_text(text[:at] + "<" + text[at + 1 :], encoding="utf-8")  # a tag opened: an html-tags finding
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    done = check(project, "--format", "json")
    assert done.stdout == check(project, "--format", "json", "--no-cache").stdout


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_in_the_project_is_not_read(project: Path) -> None:
    """Only regular files are compared by content: opening a named pipe would wait for a writer for ever."""
    os.mkfifo(project / "docs" / "en" / "pipe")
    for _ in range(2):
        done = check(project)
        assert done.returncode in (0, 1), done.stderr


def test_only_records_are_removed_from_the_records_folder(project: Path, tmp_path: Path) -> None:
    """The newest records are kept and older ones removed: files of other names there are not docloc's."""
    folder = Project.open(project).check_replay_dir()
    for record in folder.iterdir():
        record.unlink()
    folder.rmdir()
    games = tmp_path / "games"  # a committed link, or the user's own, to a folder of other files
    games.mkdir()
    for number in range(replay.KEEP + 2):
        (games / f"match-{number}.replay").write_bytes(b"")
    folder.symlink_to(games, target_is_directory=True)
    check(project)
    assert len(list(games.glob("match-*.replay"))) == replay.KEEP + 2


class _ClosedPipe(_Terminal):
    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


def test_a_reader_that_leaves_early_ends_the_replay_as_it_ends_a_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``docloc check | head``: a replay whose reader is gone ends quietly with the recorded verdict, as a run does."""
    root = copy_project(tmp_path / "project")
    argv = ["check", "--project", str(root)]
    record(root, argv, lambda: sys.stdout.write("the report\n"), code=1)
    monkeypatch.setattr(sys, "stdout", _ClosedPipe([]))
    assert replay.replayed(argv) == 1


@pytest.mark.parametrize("options", [(), ("--fail-on", "info")])
def test_a_check_whose_reader_leaves_early_ends_with_its_verdict(tmp_path: Path, options: tuple[str, ...]) -> None:
    """``set -o pipefail; docloc check | head`` fails when the check does: a cut report is not a clean one.
    Neither is it recorded: the next run checks again and prints the whole report."""
    root = copy_project(tmp_path / "project")
    whole = check(root, "--no-cache", *options)
    assert whole.returncode in (0, 1), whole.stderr
    command = [sys.executable, "-m", "docloc", "check", "--project", str(root), "--jobs", "1", *options]
    cut = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert cut.stdout is not None and cut.stderr is not None
    cut.stdout.close()  # the reader leaves before the report is written
    assert cut.wait(timeout=120) == whole.returncode
    assert b"Traceback" not in cut.stderr.read()
    cut.stderr.close()
    again, run = replayed(root, *options)
    assert not again
    assert run.returncode == whole.returncode
    assert run.stdout == whole.stdout


def test_a_secret_others_could_have_written_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache folder inside the checkout (XDG_CACHE_HOME=$GITHUB_WORKSPACE/.cache, for actions/cache) lets a
    pull request commit a secret it knows: git writes files readable by all, or links; neither is the user's."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    secret = tmp_path / "docloc" / "secret"
    secret.parent.mkdir()
    known = "ab" * 32
    elsewhere = tmp_path / "known"
    elsewhere.write_text(known, encoding="ascii")
    os.chmod(elsewhere, 0o600)
    for plant in ("file", "link"):
        secret.unlink(missing_ok=True)
        if plant == "file":
            secret.write_text(known, encoding="ascii")
            os.chmod(secret, 0o644)
        else:
            secret.symlink_to(elsewhere)
        monkeypatch.setattr(userkey, "_SECRET", None)
        assert userkey.user_secret() != known
        assert not secret.is_symlink()
        assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    assert elsewhere.read_text(encoding="ascii") == known


def test_a_run_not_replayed_records_the_stamps_its_replay_took(tmp_path: Path) -> None:
    """The replay's look at the inputs, taken before the check read anything, is the record's: a run whose
    record is stale walks the folders once before it checks, and a change after that look is not recorded."""
    root = copy_project(tmp_path / "project")
    argv = ["check", "--project", str(root)]
    record(root, argv, lambda: print("the first report"))
    path = catalog(root)
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    seen: dict = {}
    assert replay.replayed(argv, seen) is None
    assert seen["stamps"]["files"] and seen["root"] == os.path.realpath(root)
    folders, files = Project.open(root).check_inputs()
    assert replay._stamps_seen(seen, root, argv, folders, files) is seen["stamps"]
    assert replay._stamps_seen(seen, root, [*argv, "--format", "json"], folders, files) is None  # another key
    assert replay._stamps_seen(seen, tmp_path, argv, folders, files) is None  # another project
    assert replay._stamps_seen(seen, root, argv, folders, [*files, "terms.csv"]) is None  # other inputs

    def edited_after_the_look() -> None:
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        print("the second report")

    recording = replay.Recording(root, argv, folders, files, seen)
    assert recording.stamps is seen["stamps"]
    edited_after_the_look()
    recording.finish(0)
    assert replay.replayed(argv) is None  # the stale record stays: the new one was not kept
    seen = {}
    assert replay.replayed(argv, seen) is None
    recording = replay.Recording(root, argv, folders, files, seen)
    print("the third report")
    recording.finish(0)
    assert replay.replayed(argv) == 0


@pytest.mark.parametrize("change", ["none", "edit", "same-size", "new", "removed", "folder", "touched", "glossary"])
def test_stamps_taken_compare_as_a_walk_compares(tmp_path: Path, change: str) -> None:
    """``_same_stamps`` (stamps taken, then compared) says what ``unchanged`` (a walk compared) says."""
    root = copy_project(tmp_path / "project")
    folders, files = Project.open(root).check_inputs()
    files = [*files, "terms.csv"]  # a glossary named but missing
    path = catalog(root)
    os.utime(path)  # recent: its digest is recorded
    known = replay.take_stamps(root, folders, files)
    time.sleep(0.01)
    if change == "edit":
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    elif change == "same-size":
        stat = path.stat()
        path.write_bytes(path.read_bytes()[:-1] + b"#")
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    elif change == "new":
        (root / "docs" / "en" / "new.md").write_text("# New\n", encoding="utf-8")
    elif change == "removed":
        path.unlink()
    elif change == "folder":
        (root / "locales" / "de").mkdir()
    elif change == "touched":
        os.utime(path)
    elif change == "glossary":
        (root / "terms.csv").write_text("en,cs\n", encoding="utf-8")
    expected = replay.unchanged(root, known)
    assert expected == (change in ("none", "touched"))
    assert replay.unchanged(root, known, exact=True) == (change == "none")  # not even saved again
    again = replay.take_stamps(root, folders, files)  # (recent files with their digests, the others without)
    for folder, stamps in again["folders"].items():
        for name, stamp in stamps.items():
            if stamp is not None:
                file = os.path.join(root, folder, name)
                assert stamp == file_stamp(os.stat(file), file, again["taken"])
    assert replay._same_stamps(root, known, replay.take_stamps(root, folders, files)) == expected
