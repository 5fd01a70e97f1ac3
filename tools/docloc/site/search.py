"""Search in the reader's language only, with or without diacritics.

mkdocs-static-i18n merges every language into one ``search/search_index.json``. After the
build it is split into one index per language, each at its language's root (``cs/search/``),
and every page's ``__config.base`` points at that root, so Material's search loads only the
reader's language. lunr has no Czech or Polish support (nor for many languages), so for each
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


def split_search_index(site_dir: Path, languages: list[str], default: str) -> dict[str, int]:
    """Write one index per language from the merged one; returns how many entries each got."""
    path = site_dir / INDEX
    if not path.is_file():
        return {}
    merged = json.loads(path.read_text(encoding="utf-8"))
    others = [lang for lang in languages if lang != default]
    counts: dict[str, int] = {}
    for language in [default, *others]:
        prefix = "" if language == default else f"{language}/"
        docs = []
        for doc in merged.get("docs", []):
            location = doc.get("location", "")
            owner = next((lang for lang in others if location.startswith(f"{lang}/")), default)
            if owner == language:
                docs.append({**doc, "location": location[len(prefix) :]})
        config = dict(merged.get("config", {}))
        config["lang"] = [language if _has_lunr(site_dir, language) else "en"]
        index = {**merged, "config": config, "docs": docs}
        folder = site_dir / prefix
        text = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
        write_text_atomic(folder / INDEX, text)
        # Material reads search_index.js (a global ``__index``) when the site is opened from file://
        write_text_atomic(folder / INDEX.with_suffix(".js"), f"var __index = {text};\n")
        counts[language] = len(docs)
    return counts


def write_lunr_modules(site_dir: Path, languages: list[str]) -> list[str]:
    """Add a diacritics-folding lunr module for each language Material ships none for; returns those languages."""
    written = []
    for language in languages:
        if language == "en" or (site_dir / LUNR_DIR / f"lunr.{language}.min.js").is_file():
            continue
        write_text_atomic(site_dir / LUNR_DIR / f"lunr.{language}.min.js", lunr_module(language))
        written.append(language)
    return written


def _has_lunr(site_dir: Path, language: str) -> bool:
    return language == "en" or (site_dir / LUNR_DIR / f"lunr.{language}.min.js").is_file()
