"""The package's layers, low to high, and the test that keeps every import going downwards.

    core        errors, fileio, atomic, lock, workers, model, frontmatter, locales, progress, project
                (configuration, paths), userkey, installed, stamps
    grammar     markdown/  (the one Markdown grammar: parser, DocFX, headings, links, structure, render)
    catalogs    catalog/   (the one catalog layer: PO reading and writing, conventions, states, merge)
    formats     formats/   (bilingual articles, the English page read with its catalog)
    workflows   workflows/ (import, export, extract, update: orchestration and I/O at the edges)
    checks      checks/    (every check in one registry, and the run)
    reports     report/    (the check report as text, JSON, CSV, SARIF, GitHub annotations)
    site        site/      (the MkDocs plugin and what it renders)
    cli         cli/       (argument parsing, calls, printing)

A module may import from its own layer and from lower ones only, never from a higher one; the
grammar and the catalogs know nothing of each other, nor do the workflows and the checks. Every
import counts, at the top of a module or inside a function (where it only waits until it runs).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "tools" / "docloc"

LAYERS = {
    "core": 0,
    "markdown": 1,
    "catalog": 1,
    "formats": 2,
    "workflows": 3,
    "checks": 3,
    "report": 4,
    "site": 5,
    "cli": 6,
    "__main__": 6,  # ``python -m docloc``: the command itself
}
CORE = {
    "errors",
    "fileio",
    "atomic",
    "lock",
    "workers",
    "model",
    "frontmatter",
    "locales",
    "progress",
    "project",
    "settings",
    "userkey",
    "installed",
    "stamps",
    "__init__",
}
# Layers on one level that must not import each other.
STRANGERS = [{"markdown", "catalog"}, {"workflows", "checks"}]


def _layer(module: str) -> str:
    """The layer of ``docloc.x.y`` (or ``docloc.x``)."""
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else "__init__"
    return "core" if top in CORE else top


def _module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(relative.parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _submodule(package: str, name: str) -> str:
    """``package.name`` when that is a module, else ``package`` (``name`` is one of its names)."""
    folder = PACKAGE.parent.joinpath(*package.split("."))
    return f"{package}.{name}" if (folder / f"{name}.py").is_file() or (folder / name).is_dir() else package


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module) of every docloc import in a module, function-local ones included."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("docloc"):
                if node.module is None or target.count(".") == 0:  # "from . import x": x is a module or a name
                    found += [(node.lineno, _submodule(target, alias.name)) for alias in node.names]
                else:
                    found.append((node.lineno, target))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names if alias.name.startswith("docloc")]
    return found


def test_every_import_goes_down_the_layers():
    wrong = []
    modules = sorted(PACKAGE.rglob("*.py"))
    for path in modules:
        own = _layer(_module_name(path))
        for line, target in _imports(path):
            theirs = _layer(target)
            if theirs not in LAYERS:
                wrong.append(f"{path.relative_to(PACKAGE)}:{line}: {target} is in no layer")
            elif LAYERS[theirs] > LAYERS[own]:
                wrong.append(f"{path.relative_to(PACKAGE)}:{line}: {own} imports {target} ({theirs}, a higher layer)")
            elif theirs != own and {own, theirs} in STRANGERS:
                wrong.append(f"{path.relative_to(PACKAGE)}:{line}: {own} imports {target} ({theirs}, a sibling)")
    assert len(modules) > 40
    assert not wrong, "\n".join(wrong)


def test_the_layers_name_every_package():
    packages = {path.name for path in PACKAGE.iterdir() if path.is_dir() and (path / "__init__.py").is_file()}
    assert packages <= set(LAYERS), packages - set(LAYERS)
    modules = {path.stem for path in PACKAGE.glob("*.py")}
    assert modules <= CORE | {"__main__"}, modules - CORE


# The project's layout, known only to ``project.py`` (and ``lock.py``, below it, for its state folder).
LAYOUT_NAMES = {"docs", "locales", "LC_MESSAGES", "templates", "_ui", ".docloc", ".docloc-handoff", "mkdocs.yml"}
# Strings equal to one of them that name something else, each with its reason.
NOT_LAYOUT = {
    ("cli/check.py", "locales"),  # a key of the JSON report
    ("cli/replay.py", ".docloc"),  # the replay imports nothing of docloc's (a test holds it to Project's folder)
    ("site/search.py", "docs"),  # a key of MkDocs' search index
    ("site/interface.py", "locales"),  # docloc's shipped interface catalogs, inside the package
}


def test_only_project_knows_the_layout():
    """A folder or file of the project spelled outside ``Project`` is a second truth of where things are."""
    spelled = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = path.relative_to(PACKAGE).as_posix()
        if module in ("project.py", "lock.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in LAYOUT_NAMES and (module, node.value) not in NOT_LAYOUT:
                spelled.append(f"{module}:{node.lineno}: {node.value!r}")
    assert not spelled, "\n".join(spelled)
