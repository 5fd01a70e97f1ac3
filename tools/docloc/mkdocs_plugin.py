"""docloc's MkDocs plugin: holds docloc's settings in mkdocs.yml (rendering comes with the site)."""

from __future__ import annotations

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin


class DoclocConfig(Config):
    source_language = opt.Type(str, default="en")
    languages = opt.ListOfItems(opt.Type(str), default=[])
    translated_fields = opt.ListOfItems(opt.Type(str), default=["title", "description"])


class DoclocPlugin(BasePlugin[DoclocConfig]):
    """Registered as ``docloc`` so mkdocs.yml can carry docloc's configuration."""
