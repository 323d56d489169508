/* artifactkit site: filters, search, the single-file view and live reload. Every page reads fine without it. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var body = document.body;
  var root = body.getAttribute("data-root") || "";
  var single = body.hasAttribute("data-single");
  var params = new URLSearchParams(window.location.search);

  // --- single-file export: show the page the fragment points into -------------------------------
  function showFromHash() {
    var id = decodeURIComponent(window.location.hash.slice(1)) || "home";
    var target = document.getElementById(id) || document.getElementById("home");
    var page = target && target.closest(".single-page");
    if (!page) { return; }
    document.querySelectorAll(".single-page.shown").forEach(function (p) { p.classList.remove("shown"); });
    page.classList.add("shown");
    if (target !== page) { target.scrollIntoView(); } else { window.scrollTo(0, 0); }
  }
  if (single) {
    window.addEventListener("hashchange", showFromHash);
    showFromHash();
    document.querySelectorAll("form.search-form").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var q = form.querySelector("input").value;
        var input = document.getElementById("search-input");
        if (input) { input.value = q; input.dispatchEvent(new Event("input")); }
        window.location.hash = "search";
      });
    });
  }

  // --- filters on a type's timeline --------------------------------------------------------------
  document.querySelectorAll("form.filters").forEach(function (filters) {
    filters.hidden = false;
    var scope = filters.parentElement;
    var selects = Array.prototype.slice.call(filters.querySelectorAll("select"));
    var entries = Array.prototype.slice.call(scope.querySelectorAll(".timeline li.entry"));
    var count = filters.querySelector(".filter-count");
    var apply = function () {
      var shown = 0;
      entries.forEach(function (li) {
        var ok = selects.every(function (sel) {
          if (!sel.value) { return true; }
          var values = (li.getAttribute("data-" + sel.getAttribute("data-key")) || "").split("\n");
          return values.indexOf(sel.value) !== -1;
        });
        li.hidden = !ok;
        if (ok) { shown += 1; }
      });
      scope.querySelectorAll(".timeline .group").forEach(function (group) {
        group.hidden = !group.querySelector("li.entry:not([hidden])");
      });
      count.textContent = shown + " of " + entries.length + " shown";
    };
    selects.forEach(function (sel) {
      var wanted = single ? null : params.get(sel.getAttribute("data-key"));
      if (wanted) {
        Array.prototype.forEach.call(sel.options, function (o) { if (o.value.toLowerCase() === wanted.toLowerCase()) { sel.value = o.value; } });
      }
      sel.addEventListener("change", apply);
    });
    apply();
  });

  // --- search: MiniSearch over number, title, type (boosted) and text; facets by type and status ------
  var input = document.getElementById("search-input");
  if (input && window.MiniSearch && window.AK_SEARCH) {
    var records = window.AK_SEARCH;
    records.forEach(function (r) { r.y2 = r.y + " " + r.l; r.ps = (r.p || []).join(" "); });
    var index = new window.MiniSearch({
      fields: ["n", "t", "y2", "s", "b", "ps", "x"], storeFields: ["t", "n", "u", "y", "l", "s", "d", "x", "p"],
      searchOptions: { boost: { n: 6, y2: 8, t: 4, s: 2 }, prefix: true, fuzzy: 0.15, combineWith: "AND" }
    });
    index.addAll(records);
    var list = document.getElementById("search-results");
    var status = document.getElementById("search-status");
    var facets = Array.prototype.slice.call(document.querySelectorAll("#search-facets select"));
    var facetForm = document.getElementById("search-facets");
    if (facetForm) { facetForm.hidden = false; }
    var escapeRe = function (t) { return t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); };
    // text with each query term (and words it starts) wrapped in <mark>, built as DOM nodes: never HTML
    var marked = function (el, text, terms) {
      if (!terms.length) { el.textContent = text; return; }
      var re = new RegExp("(" + terms.map(escapeRe).join("|") + ")", "gi");
      var last = 0, m;
      while ((m = re.exec(text)) !== null) {
        if (m[0] === "") { re.lastIndex += 1; continue; }
        el.appendChild(document.createTextNode(text.slice(last, m.index)));
        var mark = document.createElement("mark");
        mark.textContent = m[0];
        el.appendChild(mark);
        last = m.index + m[0].length;
      }
      el.appendChild(document.createTextNode(text.slice(last)));
    };
    // the passage holding the most query terms, cut around the first of them
    var snippet = function (hit, terms) {
      var best = hit.x || "", score = -1;
      [hit.x || ""].concat(hit.p || []).forEach(function (p) {
        var low = p.toLowerCase(), n = 0;
        terms.forEach(function (t) { if (low.indexOf(t) !== -1) { n += 1; } });
        if (n > score) { best = p; score = n; }
      });
      var low = best.toLowerCase(), at = -1;
      terms.forEach(function (t) { var i = low.indexOf(t); if (i !== -1 && (at === -1 || i < at)) { at = i; } });
      if (at > 60) { best = "\u2026" + best.slice(best.indexOf(" ", at - 50) + 1); }
      return best.length > 200 ? best.slice(0, 200) + "\u2026" : best;
    };
    var run = function () {
      var q = input.value.trim();
      list.textContent = "";
      if (!q) { status.textContent = "Type a word to search " + records.length + " documents."; return; }
      var wanted = {};
      facets.forEach(function (sel) { if (sel.value) { wanted[sel.getAttribute("data-key")] = sel.value; } });
      var started = performance.now();
      var hits = index.search(q, { filter: function (r) { return (!wanted.y || r.y === wanted.y) && (!wanted.s || r.s === wanted.s); } }).slice(0, 50);
      var took = performance.now() - started;
      body.setAttribute("data-search-ms", took.toFixed(2));
      status.textContent = hits.length ? hits.length + (hits.length === 50 ? "+" : "") + (hits.length === 1 ? " result" : " results") : "No results for \u201c" + q + "\u201d";
      var terms = q.toLowerCase().split(/\s+/).filter(function (t) { return t.length > 1; });
      hits.forEach(function (hit) {
        var li = document.createElement("li");
        li.setAttribute("data-type", hit.y);
        var a = document.createElement("a");
        a.href = single ? hit.u : root + hit.u;
        marked(a, (hit.n ? hit.n + ": " : "") + hit.t, terms);
        li.appendChild(a);
        var meta = document.createElement("span");
        meta.className = "facts";
        meta.textContent = " " + hit.l + (hit.s ? " \u00b7 " + hit.s : "") + (hit.d ? " \u00b7 " + hit.d : "");
        li.appendChild(meta);
        var text = snippet(hit, terms);
        if (text) {
          var ex = document.createElement("span");
          ex.className = "excerpt";
          marked(ex, text, terms);
          li.appendChild(ex);
        }
        list.appendChild(li);
      });
    };
    facets.forEach(function (sel) { sel.addEventListener("change", run); });
    input.addEventListener("input", function () {
      if (!single) { history.replaceState(null, "", "?q=" + encodeURIComponent(input.value)); }
      run();
    });
    var q = params.get("q");
    if (q) { input.value = q; }
    var header = document.getElementById("site-search");
    if (header && q) { header.value = q; }
    run();
  }

  // --- Mermaid diagrams (strict security: no script or HTML labels from documents) -------------------
  if (window.mermaid && document.querySelector("pre.mermaid")) {
    var dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
    window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: dark ? "dark" : "default" });
    window.mermaid.run({ querySelector: "pre.mermaid" });
  }

  // --- live reload under `artifactkit site serve` ------------------------------------------------
  if (body.hasAttribute("data-live") && window.location.protocol.indexOf("http") === 0) {
    var seen = null;
    var poll = function () {
      fetch(root + "assets/version.json", { cache: "no-store" }).then(function (r) { return r.json(); }).then(function (v) {
        if (seen !== null && v.version !== seen) { window.location.reload(); return; }
        seen = v.version;
        setTimeout(poll, 700);
      }).catch(function () { setTimeout(poll, 1500); });
    };
    poll();
  }
})();
