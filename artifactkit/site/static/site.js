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

  // --- search: MiniSearch over titles (boosted) and text ----------------------------------------
  var input = document.getElementById("search-input");
  if (input && window.MiniSearch && window.AK_SEARCH) {
    var index = new window.MiniSearch({
      fields: ["t", "b"], storeFields: ["t", "u", "y", "s", "x"],
      searchOptions: { boost: { t: 4 }, prefix: true, fuzzy: 0.15, combineWith: "AND" }
    });
    index.addAll(window.AK_SEARCH);
    var list = document.getElementById("search-results");
    var status = document.getElementById("search-status");
    var run = function () {
      var q = input.value.trim();
      list.textContent = "";
      if (!q) { status.textContent = "Type a word to search " + window.AK_SEARCH.length + " documents."; return; }
      var started = performance.now();
      var hits = index.search(q).slice(0, 50);
      var took = performance.now() - started;
      body.setAttribute("data-search-ms", took.toFixed(2));
      status.textContent = hits.length ? hits.length + (hits.length === 50 ? "+" : "") + (hits.length === 1 ? " result" : " results") : "No results for \u201c" + q + "\u201d";
      hits.forEach(function (hit) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = single ? hit.u : root + hit.u;
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
    };
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
