"""Search in the reader's language only, with or without diacritics.

Each language gets its own index at its root (``cs/search/``), taken from its own build
(``language_index``), and every page's ``__config.base`` points at that root, so Material's
search loads only the reader's language. lunr has no Czech or Polish support (nor for many languages), so for each
language without a lunr-languages module docloc writes one, ``lunr.<lang>.min.js``: a trimmer
and a pipeline step that folds diacritics (``přiřazení`` → ``prirazeni``, ``ł`` → ``l``) in the
index, and the same folding applied to queries. Material loads it like any lunr language.
"""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

from ..fileio import write_text_atomic

LUNR_DIR = Path("assets") / "javascripts" / "lunr" / "min"
INDEX = Path("search") / "search_index.json"


def lunr_module(language: str) -> str:
    """The lunr language module of ``language`` that folds diacritics (from ``static/lunr-fold.js``)."""
    template = files("docloc.site").joinpath("static", "lunr-fold.js").read_text(encoding="utf-8")
    return template.replace("__LANG__", json.dumps(language))


def language_index(site_dir: Path, language: str, languages: list[str], default: str) -> str | None:
    """The search index of ``language`` from the one its build just wrote (``search/search_index.json``).

    Each language's MkDocs build writes the entries of its own pages there (the next build
    overwrites them), so every language's index is taken right after its own build: a build of
    one language alone (``docloc build --language``) gets the same index as the build of all.
    mkdocs-static-i18n's merged index is not used: it also drops a translated section whose title
    and text equal an English one's, which a per-language index must keep. Locations are made
    relative to the language's root; ``lang`` is the language's own lunr module (Material's, or
    the one ``write_lunr_modules`` writes).
    """
    path = site_dir / INDEX
    if not path.is_file():
        return None
    built = json.loads(path.read_text(encoding="utf-8"))
    others = [lang for lang in languages if lang != default]
    prefix = "" if language == default else f"{language}/"
    docs = []
    for doc in built.get("docs", []):
        location = doc.get("location", "")
        owner = next((lang for lang in others if location.startswith(f"{lang}/")), default)
        if owner == language:
            docs.append({**doc, "location": location[len(prefix) :]})
    config = {**built.get("config", {}), "lang": [language]}
    return _index_text({**built, "config": config, "docs": docs})


def joined_index(texts: list[str]) -> str:
    """One language's index from the indexes of its parts (``site/shards.py``), each of a contiguous share of
    its pages, in page order: the first part's with every part's entries, as the whole build writes it."""
    parts = [json.loads(text) for text in texts]
    return _index_text({**parts[0], "docs": [doc for part in parts for doc in part.get("docs", [])]})


def _index_text(index: dict) -> str:
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"))


def index_file(site_dir: Path, language: str, default: str) -> Path:
    """Where ``language``'s index is (its root's ``search/search_index.json``)."""
    return (site_dir if language == default else site_dir / language) / INDEX


def write_search_index(site_dir: Path, language: str, default: str, text: str) -> None:
    """Write a language's index at its root (``cs/search/``), as JSON and as the script ``file://`` reads."""
    path = index_file(site_dir, language, default)
    write_text_atomic(path, text)
    # Material reads search_index.js (a global ``__index``) when the site is opened from file://
    write_text_atomic(path.with_suffix(".js"), f"var __index = {text};\n")


def write_lunr_modules(site_dir: Path, languages: list[str]) -> list[str]:
    """Add a diacritics-folding lunr module for each language Material ships none for; returns those languages."""
    written = []
    for language in languages:
        if language == "en" or (site_dir / LUNR_DIR / f"lunr.{language}.min.js").is_file():
            continue
        write_text_atomic(site_dir / LUNR_DIR / f"lunr.{language}.min.js", lunr_module(language))
        written.append(language)
    return written
