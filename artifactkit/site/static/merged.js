// The merged site of many repositories (artifactkit site build --catalog): search with a repository
// facet. Each repository's records are a script of their own (assets/search/<repo>.js), loaded only
// when a search needs them, so no page loads the whole organisation's index up front. Everything
// shown comes from catalogues: it is set as text (textContent), never as HTML.
(function () {
  "use strict";
  var body = document.body;
  var root = body.getAttribute("data-root") || "";
  var params = new URLSearchParams(window.location.search);
  var input = document.getElementById("search-input");
  var data = document.getElementById("ak-repos");
  if (!input || !data || !window.MiniSearch) { return; }
  var repos = JSON.parse(data.textContent);
  var names = {};
  var facet = document.getElementById("repo-facet");
  repos.forEach(function (r) {
    names[r.slug] = r.name;
    var o = document.createElement("option");
    o.value = r.slug;
    o.textContent = r.name + " (" + r.documents + ")";
    facet.appendChild(o);
  });
  var index = new window.MiniSearch({
    fields: ["t", "b"], storeFields: ["t", "u", "y", "s", "x", "r"],
    searchOptions: { boost: { t: 4 }, prefix: true, fuzzy: 0.15, combineWith: "AND" }
  });
  var loaded = {}, pending = {};
  window.AK_SHARD = function (slug, records) {
    if (!loaded[slug] && names.hasOwnProperty(slug)) { index.addAll(records); loaded[slug] = true; }
    var done = pending[slug] || [];
    delete pending[slug];
    done.forEach(function (f) { f(); });
  };
  function load(slug, then) {
    if (loaded[slug]) { then(); return; }
    if (pending[slug]) { pending[slug].push(then); return; }
    pending[slug] = [then];
    var s = document.createElement("script");
    s.src = root + "assets/search/" + encodeURIComponent(slug) + ".js";
    s.onerror = function () { loaded[slug] = true; window.AK_SHARD(slug, []); };
    document.head.appendChild(s);
  }
  // then(done, total) after every PROGRESS shards and once all are in: results show while the rest
  // load. At most PARALLEL scripts at a time, so that the page stays responsive between them.
  var PROGRESS = 25, PARALLEL = 4;
  function loadAll(slugs, then) {
    var done = 0, next = 0;
    if (!slugs.length) { then(0, 0); return; }
    function more() {
      if (next >= slugs.length) { return; }
      load(slugs[next++], function () {
        done += 1;
        if (done === slugs.length || done % PROGRESS === 0) { then(done, slugs.length); }
        setTimeout(more, 0);
      });
    }
    for (var i = 0; i < PARALLEL; i++) { more(); }
  }
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var facets = document.getElementById("search-facets");
  var generation = 0;
  function run() {
    var q = input.value.trim();
    var only = facet.value;
    var mine = ++generation;
    list.textContent = "";
    facets.textContent = "";
    if (!q) { status.textContent = "Type a word to search " + repos.length + " repositories."; return; }
    var wanted = only ? [only] : repos.map(function (r) { return r.slug; });
    status.textContent = "Loading the search records of " + wanted.length + (wanted.length === 1 ? " repository" : " repositories") + "\u2026";
    loadAll(wanted, function (done, total) {
      if (mine !== generation) { return; }
      list.textContent = "";
      facets.textContent = "";
      var hits = index.search(q, only ? { filter: function (h) { return h.r === only; } } : {});
      var per = {};
      hits.forEach(function (h) { per[h.r] = (per[h.r] || 0) + 1; });
      Object.keys(per).sort().forEach(function (slug) {
        var li = document.createElement("li");
        var b = document.createElement("button");
        b.type = "button";
        b.textContent = names[slug] + " (" + per[slug] + ")";
        b.setAttribute("data-repo", slug);
        b.addEventListener("click", function () { facet.value = slug; update(); });
        li.appendChild(b);
        facets.appendChild(li);
      });
      var shown = hits.slice(0, 100);
      status.textContent = hits.length ? hits.length + (hits.length === 1 ? " result" : " results") + " in " + Object.keys(per).length + (Object.keys(per).length === 1 ? " repository" : " repositories") : "No results for \u201c" + q + "\u201d";
      if (done < total) {
        status.textContent = "Searched " + done + " of " + total + " repositories\u2026 " + status.textContent;
      } else {
        body.setAttribute("data-searches", String(mine));  // how many searches have shown all their results (for benchmarks)
      }
      shown.forEach(function (hit) {
        var li = document.createElement("li");
        var repo = document.createElement("span");
        repo.className = "repo";
        repo.textContent = names[hit.r] + " \u00b7 ";
        li.appendChild(repo);
        var a = document.createElement("a");
        a.href = root + hit.u;
        a.textContent = hit.t;
        li.appendChild(a);
        var meta = document.createElement("span");
        meta.className = "meta";
        meta.textContent = " " + hit.y + (hit.s ? " \u00b7 " + hit.s : "");
        li.appendChild(meta);
        if (hit.x) {
          var ex = document.createElement("span");
          ex.className = "excerpt";
          ex.textContent = hit.x;
          li.appendChild(ex);
        }
        list.appendChild(li);
      });
    });
  }
  function update() {
    var query = "?q=" + encodeURIComponent(input.value) + (facet.value ? "&repo=" + encodeURIComponent(facet.value) : "");
    history.replaceState(null, "", query);
    run();
  }
  input.addEventListener("input", update);
  facet.addEventListener("change", update);
  var q = params.get("q"), r = params.get("repo");
  if (q) { input.value = q; }
  if (r && names.hasOwnProperty(r)) { facet.value = r; }
  var header = document.getElementById("site-search");
  if (header && q) { header.value = q; }
  // after the page's load event: records loaded before it would hold the page "loading" until all are in
  if (document.readyState === "complete") { run(); } else { window.addEventListener("load", run); }
})();
