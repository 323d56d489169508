// The merged site of many repositories (artifactkit site build --catalog): search with a repository
// facet. Nothing is loaded before a search, and a search loads only what it needs:
//  * across all repositories, the index split by term (assets/terms/<hex>.js: the documents of the
//    terms that start with the query word's first two characters), then the titles and pages of
//    the hits shown (assets/docs/<n>.js, a thousand documents each);
//  * narrowed to one repository, that repository's records (assets/search/<repo>.js) in MiniSearch,
//    as the one-repository site searches (fuzzy, titles ranked first).
// Everything shown comes from catalogues: it is set as text (textContent), never as HTML.
(function () {
  "use strict";
  var body = document.body;
  var root = body.getAttribute("data-root") || "";
  var params = new URLSearchParams(window.location.search);
  var input = document.getElementById("search-input");
  var data = document.getElementById("ak-repos");
  if (!input || !data || !window.MiniSearch) { return; }
  var repos = JSON.parse(data.textContent);
  var names = Object.create(null);  // maps without a prototype: a repository may be named "__proto__"
  var facet = document.getElementById("repo-facet");
  repos.forEach(function (r) {
    names[r.slug] = r.name;
    var o = document.createElement("option");
    o.value = r.slug;
    o.textContent = r.name + " (" + r.documents + ")";
    facet.appendChild(o);
  });

  // --- scripts loaded once each; a missing one counts as empty -------------------------------------
  var arrived = Object.create(null), waiting = Object.create(null);
  function arrive(id, payload) {
    if (id in arrived) { return; }
    arrived[id] = payload;
    var then = waiting[id] || [];
    delete waiting[id];
    then.forEach(function (f) { f(); });
  }
  function load(id, src, empty, then) {
    if (id in arrived) { then(); return; }
    if (waiting[id]) { waiting[id].push(then); return; }
    waiting[id] = [then];
    var s = document.createElement("script");
    s.src = root + src;
    s.onerror = function () { arrive(id, empty); };
    document.head.appendChild(s);
  }
  function loadMany(items, then) {  // items: [id, src, empty]
    var left = items.length;
    if (!left) { then(); return; }
    items.forEach(function (it) { load(it[0], it[1], it[2], function () { left -= 1; if (left === 0) { then(); } }); });
  }
  window.AK_SHARD = function (slug, records) { arrive("s:" + slug, records); };
  window.AK_TERMS = function (key, terms, titles) { arrive("t:" + key, { t: terms, h: titles }); };
  window.AK_DOCS = function (n, rows) { arrive("d:" + n, rows); };

  // --- all repositories: the index split by term ---------------------------------------------------
  var WORD = /[\p{L}\p{M}\p{N}_][\p{L}\p{M}\p{N}_'-]*[\p{L}\p{M}\p{N}_]|[\p{L}\p{M}\p{N}_]/gu;
  var CHUNK = 1000;
  var shardKeys = new Set(JSON.parse(document.getElementById("ak-terms").textContent));
  function keyOf(term) {
    var bytes = new TextEncoder().encode(Array.from(term).slice(0, 2).join(""));
    return Array.from(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function decode(deltas) {
    var out = new Array(deltas.length), n = 0;
    for (var i = 0; i < deltas.length; i++) { n += deltas[i]; out[i] = n; }
    return out;
  }
  function repoOf(number) {  // repositories are ranges of document numbers, in order
    var lo = 0, hi = repos.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (repos[mid].start <= number) { lo = mid; } else { hi = mid - 1; }
    }
    return repos[lo].slug;
  }
  function searchAll(q, then) {
    var words = Array.from(new Set(q.toLowerCase().match(WORD) || []));
    if (!words.length) { then([]); return; }
    var keys = Array.from(new Set(words.map(keyOf)));
    keys.forEach(function (k) { if (!shardKeys.has(k)) { arrive("t:" + k, { t: {}, h: {} }); } });  // no such file: no such word
    loadMany(keys.map(function (k) { return ["t:" + k, "assets/terms/" + k + ".js", { t: {}, h: {} }]; }), function () {
      var found = null, inTitle = Object.create(null);
      words.forEach(function (word, i) {
        var shard = arrived["t:" + keyOf(word)], prefix = i === words.length - 1, docs = new Set(), titled = new Set();
        Object.keys(shard.t).forEach(function (term) {
          if (term === word || (prefix && term.lastIndexOf(word, 0) === 0)) {
            decode(shard.t[term]).forEach(function (d) { docs.add(d); });
            if (Object.prototype.hasOwnProperty.call(shard.h, term)) { decode(shard.h[term]).forEach(function (d) { titled.add(d); }); }
          }
        });
        titled.forEach(function (d) { inTitle[d] = (inTitle[d] || 0) + 1; });
        found = found === null ? docs : new Set(Array.from(found).filter(function (d) { return docs.has(d); }));
      });
      var hits = Array.from(found);
      hits.sort(function (a, b) { return (inTitle[b] || 0) - (inTitle[a] || 0) || a - b; });
      var per = Object.create(null);
      hits.forEach(function (d) { var r = repoOf(d); per[r] = (per[r] || 0) + 1; });
      var top = hits.slice(0, 100);
      var chunks = Array.from(new Set(top.map(function (d) { return Math.floor(d / CHUNK); })));
      loadMany(chunks.map(function (n) { return ["d:" + n, "assets/docs/" + n + ".js", []]; }), function () {
        then(top.map(function (d) {
          var row = arrived["d:" + Math.floor(d / CHUNK)][d % CHUNK] || ["?", "index.html", "", "", repoOf(d), ""];
          return { t: row[0], u: row[1], y: row[2], s: row[3], r: row[4], x: row[5] };
        }), hits.length, per);
      });
    });
  }

  // --- one repository: its records in MiniSearch ---------------------------------------------------
  var indexes = Object.create(null);
  function searchOne(slug, q, then) {
    load("s:" + slug, "assets/search/" + encodeURIComponent(slug) + ".js", [], function () {
      if (!indexes[slug]) {
        indexes[slug] = new window.MiniSearch({
          fields: ["t", "b"], storeFields: ["t", "u", "y", "s", "x", "r"],
          searchOptions: { boost: { t: 4 }, prefix: true, fuzzy: 0.15, combineWith: "AND" }
        });
        indexes[slug].addAll(arrived["s:" + slug]);
      }
      var hits = indexes[slug].search(q);
      var per = Object.create(null);
      if (hits.length) { per[slug] = hits.length; }
      then(hits.slice(0, 100), hits.length, per);
    });
  }

  // --- the page ------------------------------------------------------------------------------------
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var facets = document.getElementById("search-facets");
  var generation = 0;
  function show(mine, q, hits, total, per) {
    if (mine !== generation) { return; }
    list.textContent = "";
    facets.textContent = "";
    var slugs = Object.keys(per).sort();
    slugs.forEach(function (slug) {
      var li = document.createElement("li");
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = names[slug] + " (" + per[slug] + ")";
      b.setAttribute("data-repo", slug);
      b.addEventListener("click", function () { facet.value = slug; update(); });
      li.appendChild(b);
      facets.appendChild(li);
    });
    status.textContent = total ? total + (total === 1 ? " result" : " results") + " in " + slugs.length + (slugs.length === 1 ? " repository" : " repositories") + (total > hits.length ? " (the first " + hits.length + " shown)" : "") : "No results for \u201c" + q + "\u201d";
    hits.forEach(function (hit) {
      var li = document.createElement("li");
      var repo = document.createElement("span");
      repo.className = "repo";
      repo.textContent = (names[hit.r] || hit.r) + " \u00b7 ";
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
    body.setAttribute("data-searches", String(mine));  // how many searches have shown their results (for benchmarks)
  }
  function run() {
    var q = input.value.trim();
    var only = facet.value;
    var mine = ++generation;
    list.textContent = "";
    facets.textContent = "";
    if (!q) { status.textContent = "Type a word to search " + repos.length + " repositories."; return; }
    status.textContent = "Searching\u2026";
    var done = function (hits, total, per) { show(mine, q, hits, total, per); };
    if (only) { searchOne(only, q, done); } else { searchAll(q, done); }
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
  if (r && r in names) { facet.value = r; }
  var header = document.getElementById("site-search");
  if (header && q) { header.value = q; }
  run();
})();
