// Wide tables scroll sideways inside Material's .md-typeset__scrollwrap (added by its
// JavaScript). Make each such region reachable by keyboard and named for screen
// readers, as axe-core's scrollable-region-focusable asks (WCAG 2.1.1).
document$.subscribe(function () {
  document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (el, i) {
    el.setAttribute("tabindex", "0");
    el.setAttribute("role", "region");
    el.setAttribute("aria-label", "Table " + (i + 1) + ", scrolls sideways");
  });
});

// "Sources and method" (the evidence) is folded in the page's HTML: a phone reader, with or
// without JavaScript, scrolls past it in one line. On a wide screen it opens; a link to
// something inside it (#download-the-data, #cite-this-report) opens it too. Paper always
// shows it (sitrep.css, print).
function sitrepOpenTarget() {
  var target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
  for (var el = target; el; el = el.parentElement) {
    if (el.tagName === "DETAILS") el.open = true;
  }
  if (target) target.scrollIntoView();
}
document$.subscribe(function () {
  if (window.matchMedia("(min-width: 45em)").matches) {
    document.querySelectorAll("details.sitrep-method").forEach(function (el) { el.open = true; });
  }
  sitrepOpenTarget();
});
window.addEventListener("hashchange", sitrepOpenTarget);
