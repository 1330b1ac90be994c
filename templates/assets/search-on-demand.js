// Material downloads the whole search index (search/search_index.json) on every first
// page view, searched or not. It grows with every report; on a large site it is most
// of what a reader downloads. This script, loaded before Material's bundle, holds that
// one request back until the reader shows they want to search: focusing or opening the
// search box, a search shortcut key, or a ?q= search link. Everything else about
// search is Material's own; until the index arrives its box says "Initializing search".
(function () {
  var INDEX = /\/search\/search_index\.json(\?.*)?$/;
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  var wanted = /[?&]q=/.test(location.search);
  var held = [];

  function want() {
    if (wanted) return;
    wanted = true;
    held.splice(0).forEach(function (release) { release(); });
  }

  XMLHttpRequest.prototype.open = function (method, url) {
    this.sitrepIndex = INDEX.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var xhr = this, args = arguments;
    if (xhr.sitrepIndex && !wanted) {
      held.push(function () { send.apply(xhr, args); });
      return;
    }
    return send.apply(xhr, args);
  };

  function isSearch(el) {
    return el instanceof Element && el.closest("label[for='__search'], .md-search, #__search") !== null;
  }
  ["focusin", "pointerdown", "click"].forEach(function (type) {
    document.addEventListener(type, function (e) { if (isSearch(e.target)) want(); }, true);
  });
  document.addEventListener("change", function (e) { if (e.target && e.target.id === "__search") want(); }, true);
  document.addEventListener("keydown", function (e) {
    if (["/", "s", "S", "f", "F"].indexOf(e.key) >= 0) want();  // Material's search shortcuts
  }, true);
})();
