"""DocFX's Markdown extensions (Markdig's, as Microsoft Learn renders them), one module per construct.

Each module is a markdown-it plugin: the rule that parses the construct into tokens of its own
and the renderer rule that writes the HTML the site shows. Everything that parses Markdown in
docloc (the segmenter, the link index, the checks, the site) sees these constructs, so none of
them shows raw on a page or hides a link from the checks.
"""

from __future__ import annotations

from . import alerts, image, include, nextstep, noloc, video

# In this order: alerts and the [!div] sections both rewrite block quotes; includes and videos are
# lines of their own; images are ::: blocks; no-loc is inline.
DOCFX_PLUGINS = (alerts.plugin, nextstep.plugin, video.plugin, include.plugin, image.plugin, noloc.plugin)

__all__ = ["DOCFX_PLUGINS"]
