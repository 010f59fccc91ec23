// Search with the Pagefind index built next to the site (one index per language).
// Queries are tried with Persian and with ASCII digits, since pages show Persian digits in Persian text.
// Opened from disk (the offline copy), where fetch, modules and WebAssembly are refused, the page loads
// the figures' words with a classic script (render/offline.py SEARCH_INDEX) and searches them here,
// folded the same way: Arabic letter forms, digit scripts and ZWNJ.
(function () {
  "use strict";
  var script = document.currentScript;
  var bundle = script.getAttribute("data-bundle");
  var form = document.querySelector("form[role=search]");
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var PERSIAN = "۰۱۲۳۴۵۶۷۸۹", ARABIC = "٠١٢٣٤٥٦٧٨٩";
  var engine = null;

  function asciiDigits(text) {
    return text.replace(/[۰-۹]/g, function (d) { return String(PERSIAN.indexOf(d)); })
               .replace(/[٠-٩]/g, function (d) { return String(ARABIC.indexOf(d)); });
  }
  // As the index is folded (factsite/render/typography.py SEARCH_FOLD): Arabic yeh and kaf typed on an
  // Arabic keyboard layout become Persian ی and ک; harakat and tatweel are dropped.
  function fold(text) {
    return text.replace(/[\u064A\u0649]/g, "\u06CC").replace(/\u0643/g, "\u06A9")
               .replace(/[\u0640\u064B-\u065F\u0670]/g, "");
  }
  function persianDigits(text) {
    return asciiDigits(text).replace(/[0-9]/g, function (d) { return PERSIAN[Number(d)]; });
  }
  // The copy's own search: every word of the query in an entry's folded text, this language's first.
  function flat(text) {
    return asciiDigits(fold(text)).replace(/\u200C/g, "").replace(/\u066C/g, ",").replace(/\u066B/g, ".")
      .toLowerCase();
  }
  function offlineSearch(query) {
    var words = flat(query).split(/\s+/).filter(Boolean), lang = document.documentElement.lang, found = [];
    var root = script.getAttribute("data-offline-index").replace(/[^\/]*$/, "");
    Object.keys(window.factsiteIndex).sort(function (a, b) { return (b === lang) - (a === lang); })
      .forEach(function (code) {
        window.factsiteIndex[code].forEach(function (entry) {
          var text = flat(entry[1] + " " + entry[2]);
          if (words.every(function (w) { return text.indexOf(w) >= 0; })) {
            found.push({ url: root + entry[0] + "index.html", title: entry[1], text: entry[2], lang: code });
          }
        });
      });
    list.textContent = "";
    found.slice(0, 50).forEach(function (hit) {
      var item = document.createElement("li"), link = document.createElement("a");
      var excerpt = document.createElement("p");
      link.href = hit.url;
      link.textContent = hit.title;
      item.lang = hit.lang;
      item.dir = hit.lang === "fa" ? "rtl" : "ltr";
      excerpt.textContent = hit.text;
      item.appendChild(link);
      item.appendChild(excerpt);
      list.appendChild(item);
    });
    status.textContent = found.length ? "" : status.getAttribute("data-none");
  }
  function fromDisk() {
    var loaded = document.createElement("script");
    loaded.src = script.getAttribute("data-offline-index");
    loaded.onload = function () {
      status.textContent = "";
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        offlineSearch(input.value);
      });
    };
    document.head.appendChild(loaded);
  }
  function load() {
    if (!engine) {
      engine = import(bundle + "pagefind.js").then(function (pagefind) {
        var base = new URL(bundle + "../", document.baseURI).pathname;
        return pagefind.options({ baseUrl: base }).then(function () { return pagefind; });
      });
    }
    return engine;
  }
  function show(results) {
    list.textContent = "";
    results.forEach(function (data) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = data.url;
      link.textContent = (data.meta && data.meta.title) || data.url;
      var excerpt = document.createElement("p");
      excerpt.innerHTML = data.excerpt; // Pagefind's excerpt: our own page text, with <mark> around matches
      item.appendChild(link);
      item.appendChild(excerpt);
      list.appendChild(item);
    });
    status.textContent = results.length ? "" : status.getAttribute("data-none");
  }
  function run(query) {
    query = fold(query.trim());
    if (!query) { list.textContent = ""; status.textContent = ""; return; }
    status.textContent = status.getAttribute("data-loading");
    var variants = [query, asciiDigits(query), persianDigits(query)].filter(function (v, i, all) {
      return all.indexOf(v) === i;
    });
    load().then(function (pagefind) {
      return Promise.all(variants.map(function (v) { return pagefind.search(v); }));
    }).then(function (searches) {
      var seen = {}, merged = [];
      searches.forEach(function (s) {
        s.results.forEach(function (r) { if (!seen[r.id]) { seen[r.id] = true; merged.push(r); } });
      });
      return Promise.all(merged.slice(0, 20).map(function (r) { return r.data(); }));
    }).then(show);
  }
  if (location.protocol === "file:") {  // the copy read from disk: its own index, loaded as a classic script
    fromDisk();
    return;
  }
  status.textContent = "";
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
    run(input.value);
  });
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) { input.value = initial; run(initial); }
})();
