"""Where a page's links and images point on the built site.

MkDocs' own rule (``_RelativePathTreeprocessor``), applied to the tokens docloc renders: a
relative target is resolved against the page's source file, looked up among the site's files
(mkdocs-static-i18n's ``Files`` find a language's file or its English fallback) and written
relative to the page's URL. A link to an article that is not on this site goes to the
configured ``external_base`` in the reader's locale. A target found nowhere is left as written:
a page link is a warning (``--strict`` fails on it), a missing image is left to ``docloc check``.
"""

from __future__ import annotations

import logging
import posixpath
import re
from collections.abc import Callable, Collection
from urllib.parse import unquote, urlsplit, urlunsplit

from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from ..markdown.render import UrlMap

log = logging.getLogger("mkdocs.plugins.docloc")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def external_link(target: str, page_name: str, articles: Collection[str], base: str) -> str | None:
    """Where a link to an article that is not on this site goes, or None to keep it.

    ``base`` has a ``{slug}`` placeholder (``https://learn.microsoft.com/cs-cz/partner-center/{slug}``);
    the slug is the article's path from the page's folder, without ``.md``.
    """
    if _SCHEME.match(target) or target.startswith(("/", "#", "<")):
        return None
    path, hash_mark, fragment = target.partition("#")
    path, query_mark, query = path.partition("?")
    if not path.endswith(".md"):
        return None
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page_name), path))
    if resolved in articles:
        return None
    url = base.replace("{slug}", resolved[: -len(".md")])
    scheme, _, rest = url.partition("://")
    host, slash, url_path = rest.partition("/")
    if "/../" in "/" + url_path:  # an article above this site's root: resolve it on the external site
        url = f"{scheme}://{host}{slash}{posixpath.normpath(url_path)}"
    return url + (query_mark + query) + (hash_mark + fragment)


def page_urls(file: File, files: Files, external: Callable[[str], str | None] | None = None) -> UrlMap:
    """The target map of one page (``markdown.render.render_document``'s ``url``)."""

    def url(target: str, kind: str) -> str:
        scheme, netloc, path, query, anchor = urlsplit(target)
        if scheme or netloc or not path or target.startswith(("/", "\\")):
            return target  # another site, an absolute path, or an anchor on this page
        if kind == "link" and external is not None:
            mapped = external(target)
            if mapped is not None:
                return mapped
        target_uri = posixpath.normpath(posixpath.join(posixpath.dirname(file.src_uri), unquote(path)).lstrip("/"))
        found = files.get_file_from_path(target_uri)
        if found is None:
            level = logging.WARNING if kind == "link" and path.endswith(".md") else logging.INFO
            log.log(level, "Doc file '%s' contains a link '%s', but the target is not found", file.src_uri, target)
            return target
        return urlunsplit(("", "", get_relative_url(found.url, file.url), query, anchor))

    return url
