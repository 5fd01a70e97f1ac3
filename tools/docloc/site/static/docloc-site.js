/* docloc site behaviour. Loaded synchronously after Material's bundle, before DOMContentLoaded. */
(function () {
  "use strict";
  // 1. hreflang alternates are absolute URLs (for search engines). Material fetches
  //    <alternate>/sitemap.xml for every link[rel=alternate] it finds, which would send requests to
  //    the public host (or 404s). The static HTML keeps them; the live page tags them so Material's
  //    selector (link[rel=alternate]) no longer matches. rel keeps the "alternate" token.
  var alternates = document.querySelectorAll('link[rel="alternate"][hreflang]');
  for (var i = 0; i < alternates.length; i++) alternates[i].setAttribute("rel", "alternate docloc-hreflang");

  // 2. Links to this page in another language carry the address's fragment: heading ids and the
  //    walkthrough's #step-n are the same in every language, so the reader lands on the same anchor
  //    or step. Those links are the language switcher's (mkdocs-static-i18n) and the
  //    machine-translation notice's link to the English original (a[data-docloc-alternate]). This is
  //    the one place that keeps their fragments in step: now, on hashchange, on "docloc:hashchange"
  //    (the walkthrough writes its step with history.replaceState, which fires no event), and again
  //    just before a link is used (click, middle click, context menu, focus, hover).
  var LANGUAGE_LINKS = "a.md-select__link[hreflang], a[data-docloc-alternate]";
  function syncLanguageLinks() {
    var hash = location.hash || "";
    var links = document.querySelectorAll(LANGUAGE_LINKS);
    for (var i = 0; i < links.length; i++) {
      var href = links[i].getAttribute("href");
      if (href === null) continue;
      var wanted = href.split("#")[0] + hash;
      if (wanted !== href) links[i].setAttribute("href", wanted);
    }
  }
  function beforeUse(event) {
    var target = event.target;
    if (target && target.closest && target.closest(LANGUAGE_LINKS)) syncLanguageLinks();
  }
  ["click", "auxclick", "contextmenu", "focusin", "mouseover"].forEach(function (type) {
    document.addEventListener(type, beforeUse, true);
  });
  window.addEventListener("hashchange", syncLanguageLinks);
  window.addEventListener("docloc:hashchange", syncLanguageLinks);
  syncLanguageLinks();

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
