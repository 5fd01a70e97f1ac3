/* docloc site behaviour. Loaded synchronously after Material's bundle, before DOMContentLoaded. */
(function () {
  "use strict";
  // 1. hreflang alternates are absolute URLs (for search engines). Material fetches
  //    <alternate>/sitemap.xml for every link[rel=alternate] it finds, which would send requests to
  //    the public host (or 404s). The static HTML keeps them; the live page tags them so Material's
  //    selector (link[rel=alternate]) no longer matches. rel keeps the "alternate" token.
  var alternates = document.querySelectorAll('link[rel="alternate"][hreflang]');
  for (var i = 0; i < alternates.length; i++) alternates[i].setAttribute("rel", "alternate docloc-hreflang");

  // 2. The language switcher goes to the same page (mkdocs-static-i18n links) and keeps the #anchor:
  //    heading ids are identical in every language.
  function keepHash(event) {
    var link = event.target && event.target.closest && event.target.closest("a.md-select__link[hreflang]");
    if (!link) return;
    var href = link.getAttribute("href").split("#")[0];
    link.setAttribute("href", href + (location.hash || ""));
  }
  document.addEventListener("click", keepHash, true);
  document.addEventListener("auxclick", keepHash, true);
  document.addEventListener("focusin", keepHash, true);
  document.addEventListener("mouseover", keepHash, true);

  // 3. The 404 page holds its message in every language: show the reader's (by URL, then browser).
  var blocks = document.querySelectorAll(".docloc-404[data-docloc-lang]");
  if (blocks.length) {
    var langs = [];
    for (var j = 0; j < blocks.length; j++) langs.push(blocks[j].getAttribute("data-docloc-lang"));
    var path = location.pathname.split("/").filter(Boolean);
    var chosen = null;
    for (var k = 0; k < path.length && !chosen; k++) if (langs.indexOf(path[k]) > 0) chosen = path[k];
    if (!chosen) {
      var wanted = navigator.languages || [navigator.language || ""];
      for (var m = 0; m < wanted.length && !chosen; m++) {
        var base = String(wanted[m]).toLowerCase().split("-")[0];
        if (langs.indexOf(base) !== -1) chosen = base;
      }
    }
    chosen = chosen || langs[0];
    for (var n = 0; n < blocks.length; n++) blocks[n].hidden = blocks[n].getAttribute("data-docloc-lang") !== chosen;
    document.documentElement.setAttribute("lang", chosen);
  }
})();
