"""docloc: documentation localization for Microsoft side-by-side Markdown."""

__version__ = "0.1.0"
