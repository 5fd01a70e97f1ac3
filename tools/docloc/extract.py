"""``docloc extract``: the templates (POT) from the English pages.

Every template records the hash of the page it was built from (``X-Docloc-Page-Hash``,
written by the import too); a page whose hash still matches is skipped without parsing
anything, so re-running extract after editing a few pages costs little more than reading
the pages. Only a page that changed or has no template loads the segmenter and the PO
machinery (``page_template``): a run over unedited pages starts as fast as Python does.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .fileio import read_text, write_text_atomic
from .pagehash import page_hash, recorded_page_hash
from .project import Project, ProjectConfig

__all__ = ["ExtractResult", "extract_page"]


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


@lru_cache(maxsize=8)
def _folders(root: Path, source_language: str) -> tuple[str, str]:
    """The English pages' and the templates' folders as strings: the hash check runs on every page."""
    project = Project(root, ProjectConfig(source_language=source_language))
    return str(project.english_dir), str(project.template("x.md").parent)


def extract_page(project: Project, name: str, force: bool = False) -> ExtractResult:
    """Write the template of one page (only if it changed).

    A page whose template records its current hash is skipped unless ``force`` is given.
    """
    pages, templates = _folders(project.root, project.config.source_language)
    page_path = os.path.join(pages, name)
    template_path = os.path.join(templates, os.path.splitext(name)[0] + ".pot")
    page_ref, fields = project.page_reference(name), project.config.translated_fields
    try:
        with open(page_path, "rb") as handle:
            data = handle.read()
    except OSError:
        data = None  # read_text below says what is wrong, located
    current = page_hash(data, page_ref, fields) if data is not None else None
    if not force and current is not None and recorded_page_hash(Path(template_path)) == current:
        return ExtractResult(name, 0, 0, False, "unchanged")
    page_file = project.relative(project.english_page(name))
    try:
        text = data.decode("utf-8") if data is not None else None
    except UnicodeDecodeError:
        text = None
    if text is None:
        text = read_text(project.english_page(name), page_file)  # the located error
    from .catalog import catalog_text
    from .page_template import page_template
    from .poreader import read_po

    template_file = project.template(name)
    known = read_po(template_file, project.relative(template_file)) if template_file.exists() else None
    template, article, how = page_template(project, name, text, known, current)
    written = write_text_atomic(template_file, catalog_text(template))
    return ExtractResult(name, len(article.segments), len(template), written, how)
