// The site's search: Pagefind's interface in the header's dialog (partials/search.html).
// Nothing of it loads with a page: the first time the reader opens the search (the
// magnifier, the keys / s f as in Material, or a ?q= link), Pagefind's interface, its
// stylesheet and then the chunks of the index the query needs are fetched from the
// site's own pagefind/ folder. Result addresses are made from the page's own location,
// so a site served under a sub-path, or a release's snapshot, finds its own pages.
(function () {
  var script = document.currentScript;
  var bundle = new URL(script.getAttribute("data-bundle"), location.href);
  var started = false, ui = null, waiting = [];

  function dialog() { return document.querySelector("dialog.sitrep-search"); }

  function load(then) {
    if (ui) return then();
    waiting.push(then);
    if (started) return;
    started = true;
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = new URL("pagefind-ui.css", bundle).href;
    document.head.appendChild(css);
    var js = document.createElement("script");
    js.src = new URL("pagefind-ui.js", bundle).href;
    js.onload = function () {
      ui = new PagefindUI({
        element: "dialog.sitrep-search .sitrep-search__ui",
        bundlePath: bundle.pathname,
        baseUrl: new URL("../", bundle).pathname,
        showImages: false,  // the charts would be fetched for thumbnails: bytes a search does not need
        showSubResults: true,
        resetStyles: false,
        autofocus: true,
      });
      // Pagefind's box has a placeholder and a title but no name: give it the dialog's (axe: label-title-only).
      var input = document.querySelector("dialog.sitrep-search input.pagefind-ui__search-input");
      if (input) input.setAttribute("aria-label", dialog().getAttribute("aria-label"));
      waiting.splice(0).forEach(function (f) { f(); });
    };
    document.head.appendChild(js);
  }

  function open(query) {
    var d = dialog();
    if (!d) return;
    if (!d.open) d.showModal();
    load(function () {
      if (query) ui.triggerSearch(query);
      var input = d.querySelector("input");
      if (input) input.focus();
    });
  }

  document.addEventListener("click", function (e) {
    var t = e.target instanceof Element ? e.target : null;
    if (t && t.closest("[data-sitrep-search]")) { e.preventDefault(); open(); }
    else if (t && t.matches("dialog.sitrep-search")) t.close();  // a click on the backdrop
  });
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || ["/", "s", "S", "f", "F"].indexOf(e.key) < 0) return;
    var t = e.target;
    if (t instanceof Element && t.closest("input, textarea, select, [contenteditable], dialog[open]")) return;
    e.preventDefault();
    open();
  });
  var q = new URLSearchParams(location.search).get("q");
  if (q) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { open(q); });
    else open(q);
  }
})();
