"""docloc's MkDocs site: the pages of every language rendered from the catalogs at build time.

``render`` turns an English page and a catalog into a language's Markdown; ``markdown``
rewrites Microsoft's Markdown dialect for MkDocs (alerts, heading anchors, links to other
articles); ``pages`` writes the generated pages (home, translation status); ``html`` patches
the built pages (hreflang, notices); ``search`` splits the search index by language and folds
diacritics; ``ui`` holds the site's own interface strings. ``docloc.site.plugin`` wires them
to MkDocs events.
"""
