// The site's search: a small front end over Pagefind's JavaScript API, in the header's dialog
// (partials/search.html). Nothing of it loads with a page: the first time the reader opens the
// search (the magnifier, the keys / s f as in Material, or a ?q= link), Pagefind's script
// (pagefind.js, which starts its worker and WebAssembly) and then the chunks of the index the
// query needs and the fragments of the results shown are fetched from the site's own pagefind/
// folder, with assets/search.css. Pagefind's ready-made interface (pagefind-ui.js and its
// stylesheet, 134 KB) is not used: it was most of a first search's bytes (issue 29).
// The dialog's words come from the theme's translations (data-* attributes of the dialog).
// Result addresses are made from the page's own location, so a site served under a sub-path,
// or a release's snapshot, finds its own pages.
(function () {
  var script = document.currentScript;
  var bundle = new URL(script.getAttribute("data-bundle"), location.href);
  var styles = new URL("search.css", script.src).href;
  var SHOWN = 5;  // results drawn at once (each fetches its fragment); scrolling to the end draws five more
  var pagefind = null, loading = null, box = null, list = null, status = null, more = null;
  var latest = 0, found = [], drawn = 0;

  function dialog() { return document.querySelector("dialog.sitrep-search"); }
  function word(name, fallback) { var d = dialog(); return (d && d.getAttribute("data-" + name)) || fallback; }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  // Pagefind's excerpt is the page's text, escaped, with <mark> around the words found. It is
  // parsed inert (a template runs nothing and fetches nothing) and only text and <mark> kept.
  function excerpt(html) {
    var t = document.createElement("template"), out = el("p", "pagefind-ui__result-excerpt");
    t.innerHTML = html || "";
    t.content.childNodes.forEach(function (n) {
      if (n.nodeType === 3) out.appendChild(document.createTextNode(n.textContent));
      else if (n.nodeName === "MARK") out.appendChild(el("mark", null, n.textContent));
      else out.appendChild(document.createTextNode(n.textContent || ""));
    });
    return out;
  }

  function draw(data) {
    var li = el("li", "pagefind-ui__result"), inner = el("div", "pagefind-ui__result-inner");
    var title = el("p", "pagefind-ui__result-title"), link = el("a", "pagefind-ui__result-link", data.meta.title || data.url);
    link.href = data.url;
    title.appendChild(link);
    inner.appendChild(title);
    inner.appendChild(excerpt(data.excerpt));
    var subs = (data.sub_results || []).filter(function (s) { return s.url !== data.url; }).slice(0, 3);
    subs.forEach(function (s) {
      var sub = el("div", "pagefind-ui__result-nested"), a = el("a", "pagefind-ui__result-link", s.title);
      a.href = s.url;
      var p = el("p", "pagefind-ui__result-title");
      p.appendChild(a);
      sub.appendChild(p);
      sub.appendChild(excerpt(s.excerpt));
      inner.appendChild(sub);
    });
    var keys = Object.keys(data.meta).filter(function (k) { return k !== "title" && k !== "image" && k !== "image_alt"; });
    if (keys.length) {
      var tags = el("ul", "pagefind-ui__result-tags");
      keys.forEach(function (k) {
        tags.appendChild(el("li", "pagefind-ui__result-tag", k.charAt(0).toUpperCase() + k.slice(1) + ": " + data.meta[k]));
      });
      inner.appendChild(tags);
    }
    li.appendChild(inner);
    return li;
  }

  function seen(e) {
    var r = e.getBoundingClientRect(), d = dialog().getBoundingClientRect();
    return r.top < d.bottom && r.bottom >= d.top;
  }

  function count(n) {
    if (n === 0) return word("none", "No matching documents");
    if (n === 1) return word("one", "1 matching document");
    return word("other", "# matching documents").replace("#", n.toLocaleString());
  }

  // The next results, drawn in order once all of their fragments are here (a later query wins).
  function showMore(query) {
    var next = found.slice(drawn, drawn + SHOWN);
    drawn += next.length;
    list.setAttribute("aria-busy", "true");
    Promise.all(next.map(function (r) { return r.data(); })).then(function (all) {
      if (query !== latest) return;
      all.forEach(function (d) { list.appendChild(draw(d)); });
      list.removeAttribute("aria-busy");
      more.hidden = drawn >= found.length;
      if (!more.hidden && seen(more)) showMore(query);  // the end of the list is still in view
    });
  }

  function run() {
    if (!pagefind) return;  // still loading: the query typed so far runs once it is here
    var term = box.value.trim(), query = ++latest;
    more.hidden = true;
    if (!term) { list.textContent = ""; status.textContent = ""; return; }
    pagefind.debouncedSearch(term, {}, 200).then(function (res) {
      if (res === null || query !== latest) return;  // superseded by a later keystroke
      found = res.results;
      drawn = 0;
      list.textContent = "";
      status.textContent = count(found.length);
      showMore(query);
    });
  }

  function build() {
    var d = dialog();
    var css = el("link");
    css.rel = "stylesheet";
    css.href = styles;
    document.head.appendChild(css);
    var form = el("form", "pagefind-ui__form");
    form.setAttribute("role", "search");
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    box = el("input", "pagefind-ui__search-input");
    box.type = "search";
    box.autocomplete = "off";
    box.placeholder = word("placeholder", "Search");
    box.setAttribute("aria-label", d.getAttribute("aria-label"));
    box.addEventListener("input", run);
    status = el("p", "pagefind-ui__message");
    status.setAttribute("role", "status");
    list = el("ol", "pagefind-ui__results");
    more = el("div", "sitrep-search__more");  // the end of the list: seen, it draws the next results
    more.hidden = true;
    if (window.IntersectionObserver) {
      new IntersectionObserver(function (seen) {
        if (seen[0].isIntersecting && !more.hidden && !list.hasAttribute("aria-busy")) showMore(latest);
      }).observe(more);
    }
    form.appendChild(box);
    var ui = d.querySelector(".sitrep-search__ui");
    ui.appendChild(form);
    ui.appendChild(status);
    ui.appendChild(list);
    ui.appendChild(more);
  }

  function load(then) {
    if (pagefind) return then();
    if (!loading) {
      loading = import(new URL("pagefind.js", bundle).href).then(function (pf) {
        return pf.options({ baseUrl: new URL("../", bundle).pathname }).then(function () {
          pagefind = pf;
          pf.init();
        });
      });
    }
    loading.then(then);
  }

  function open(query) {
    var d = dialog();
    if (!d) return;
    if (!d.open) d.showModal();
    if (!box) build();
    box.focus();
    load(function () {
      if (query) box.value = query;
      if (box.value) run();
      box.focus();
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
