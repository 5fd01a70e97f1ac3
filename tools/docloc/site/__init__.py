"""docloc's MkDocs site: the pages of every language rendered from the catalogs at build time.

``render`` turns an English page and a catalog into a language's Markdown; ``markdown``
rewrites Microsoft's Markdown dialect for MkDocs (alerts, heading anchors, links to other
articles); ``pages`` writes the generated pages (home, translation status); ``html`` patches
the built pages (hreflang, notices); ``search`` splits the search index by language and folds
diacritics; ``ui`` holds the site's own interface strings. ``docloc.site.plugin`` wires them
to MkDocs events.
"""

import logging

from ..errors import PrintableRecords

# What the site's modules log (``mkdocs.plugins.docloc``, and the walkthrough's own logger) names files and
# quotes translations: escaped as it reads, never acted on by a terminal or a CI log.
for _name in ("mkdocs.plugins.docloc", "mkdocs.plugins.docloc.walkthrough"):
    logging.getLogger(_name).addFilter(PrintableRecords())
