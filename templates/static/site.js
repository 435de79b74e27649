// rulecat documentation site: sortable, filterable tables and client-side
// search. Everything works without this file; it only adds convenience.
(function () {
  'use strict';

  // Sortable tables: <table data-sortable> with <th data-sort="text|num">.
  function cellKey(row, i, numeric) {
    var c = row.cells[i];
    if (!c) return numeric ? 0 : '';
    var v = c.getAttribute('data-key');
    if (v === null) v = c.textContent.trim();
    if (numeric) {
      var n = parseFloat(v);
      return isNaN(n) ? 0 : n;
    }
    return v.toLowerCase();
  }
  function sortTable(table, th) {
    var i = Array.prototype.indexOf.call(th.parentNode.cells, th);
    var numeric = th.getAttribute('data-sort') === 'num';
    var asc = th.getAttribute('aria-sort') !== 'ascending';
    Array.prototype.forEach.call(th.parentNode.cells, function (h) { h.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellKey(a, i, numeric), y = cellKey(b, i, numeric);
      var r = x < y ? -1 : x > y ? 1 : 0;
      return asc ? r : -r;
    });
    var frag = document.createDocumentFragment();
    rows.forEach(function (r) { frag.appendChild(r); });
    body.appendChild(frag);
  }
  Array.prototype.forEach.call(document.querySelectorAll('table[data-sortable]'), function (table) {
    Array.prototype.forEach.call(table.querySelectorAll('th[data-sort]'), function (th) {
      th.tabIndex = 0;
      th.addEventListener('click', function () { sortTable(table, th); });
      th.addEventListener('keydown', function (e) {
        if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sortTable(table, th); }
      });
    });
  });

  // Index filter: a text box and a severity select over #rules.
  var filter = document.getElementById('rules-filter');
  var rules = document.getElementById('rules');
  if (filter && rules) {
    filter.hidden = false;
    var text = filter.querySelector('input');
    var sev = filter.querySelector('select');
    var shown = document.getElementById('rules-shown');
    var apply = function () {
      var words = text.value.toLowerCase().split(/\s+/).filter(Boolean);
      var s = sev.value;
      var n = 0;
      Array.prototype.forEach.call(rules.tBodies[0].rows, function (row) {
        var hay = row.textContent.toLowerCase();
        var ok = (!s || row.getAttribute('data-severity') === s) &&
          words.every(function (w) { return hay.indexOf(w) >= 0; });
        row.hidden = !ok;
        if (ok) n++;
      });
      if (shown) shown.textContent = String(n);
    };
    filter.addEventListener('submit', function (e) { e.preventDefault(); });
    text.addEventListener('input', apply);
    sev.addEventListener('change', apply);
    apply();
  }

  // Search page: the index is embedded as JSON, so it works from file://.
  var data = document.getElementById('search-data');
  var out = document.getElementById('search-results');
  if (data && out && window.MiniSearch) {
    var docs = JSON.parse(data.textContent);
    var ms = new window.MiniSearch({
      fields: ['name', 'description', 'fields', 'values', 'techniques', 'tactics', 'tables'],
      storeFields: ['name', 'url', 'summary', 'severity'],
      // A technique id is searched exactly (T1110 still finds its
      // sub-techniques as a prefix): one fuzzy edit would turn T1110.003
      // into T1114.003, another technique altogether.
      searchOptions: {
        boost: { name: 3, techniques: 2 }, prefix: true, combineWith: 'AND',
        fuzzy: function (term) { return /^t\d{4}(\.\d{3})?$/i.test(term) ? false : 0.15; }
      },
      tokenize: function (s) { return s.split(/[\s,;:()\[\]{}"'|=<>!]+/).filter(Boolean); },
      processTerm: function (t) { return t.toLowerCase(); }
    });
    ms.addAll(docs);
    var box = document.getElementById('search-q');
    var status = document.getElementById('search-status');
    var run = function (q) {
      while (out.firstChild) out.removeChild(out.firstChild);
      q = q.trim();
      if (!q) { status.textContent = docs.length + ' rules indexed.'; return; }
      var hits = ms.search(q);
      status.textContent = hits.length + (hits.length === 1 ? ' rule matches' : ' rules match') + ' \u201c' + q + '\u201d.';
      hits.slice(0, 200).forEach(function (h) {
        var li = document.createElement('li');
        var a = document.createElement('a');
        a.href = h.url;
        a.textContent = h.name;
        li.appendChild(a);
        if (h.severity) {
          var b = document.createElement('span');
          b.className = 'badge sev sev-' + h.severity.toLowerCase();
          b.textContent = h.severity;
          li.appendChild(document.createTextNode(' '));
          li.appendChild(b);
        }
        if (h.summary) {
          var d = document.createElement('span');
          d.className = 'hit-desc';
          d.textContent = h.summary;
          li.appendChild(d);
        }
        out.appendChild(li);
      });
    };
    var params = new URLSearchParams(window.location.search);
    box.value = params.get('q') || '';
    document.getElementById('search-form').addEventListener('submit', function (e) {
      e.preventDefault();
      run(box.value);
      if (window.history && window.history.replaceState && window.location.protocol !== 'file:') {
        window.history.replaceState(null, '', '?q=' + encodeURIComponent(box.value));
      }
    });
    box.addEventListener('input', function () { run(box.value); });
    run(box.value);
  }
})();
