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
