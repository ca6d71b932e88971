"""worksheet.html's map editor for the starter exercise (issue 28): offline, from file://, no server.

The student selects words of the article and makes a node of them: the page proposes it from what the
reader found there when the page was made (:mod:`argmap.exercises.form`): kind, type and typed
fields, with the selected words (made unique in the text) as its anchor.
The student says it in their own words, changes kind, type and fields, links nodes (supports or
attacks a node, undercuts a step) and deletes; the page writes the map as YAML into the answer box
below, which the student downloads as ``answers-NAME.yaml``, read by ``exercise grade`` as a map written by hand.
"""

from __future__ import annotations

__all__ = ["STARTER_SCRIPT", "STARTER_STYLE"]

STARTER_STYLE = """
#editor fieldset.node{margin:.5rem 0}
#editor textarea.text{width:100%}
#editor .fields{display:grid;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr));gap:0 1rem}
#editor .fields p,#editor fieldset p{margin:.2rem 0}
#links li{margin:.2rem 0}
#editor .warn{color:#a00;font-weight:600}
"""

STARTER_SCRIPT = """
(function () {
  var holder = document.getElementById('editor');
  if (!holder) return;
  var data = JSON.parse(holder.getAttribute('data-form'));
  var box = document.getElementById('answers');
  var nameBox = document.getElementById('name');
  var article = document.getElementById('article');
  var text = article.textContent;
  var nodesBox = document.getElementById('nodes');
  var linksBox = document.getElementById('links');
  var nodes = [];  // {id, kind, type, text, anchor, values, sources}
  var links = [];  // {id, kind, from, to}
  var made = 0;
  function one(s) { return String(s || '').split(/\\s+/).join(' ').trim(); }
  function el(tag, attrs, content) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (content !== undefined) e.textContent = content;
    return e;
  }
  function labelled(label, control) {
    var p = el('p', {}); var l = el('label', {}, label + ' '); l.appendChild(control); p.appendChild(l); return p;
  }
  function options(s, list) {
    s.textContent = '';
    list.forEach(function (o) { s.appendChild(el('option', {value: o[0]}, o[1])); });
  }
  var picked = null;  // [start, end] of the words last selected in the article
  document.addEventListener('selectionchange', function () {
    var sel = window.getSelection();
    if (!sel || !sel.rangeCount) return;
    var r = sel.getRangeAt(0);
    if (r.startContainer !== article.firstChild || r.endContainer !== article.firstChild) return;
    if (r.endOffset > r.startOffset && one(text.slice(r.startOffset, r.endOffset))) {
      picked = [r.startOffset, r.endOffset];
    }
  });
  var WORD = /[\\w\\u00C0-\\uFFFF'\\u2019-]/;
  function snap(start, end) {
    while (start > 0 && WORD.test(text[start - 1]) && WORD.test(text[start])) start--;
    while (end < text.length && WORD.test(text[end]) && WORD.test(text[end - 1])) end++;
    while (start < end && !WORD.test(text[start]) && !/["\\u201C(]/.test(text[start])) start++;
    while (end > start && !WORD.test(text[end - 1]) && !/["\\u201D)]/.test(text[end - 1])) end--;
    return [start, end];
  }
  function unique(start, end) {  // the shortest span from start, at least to end, found once in the text
    var folded = one(text);
    while (end < text.length) {
      var words = one(text.slice(start, end));
      if (folded.indexOf(words) === folded.lastIndexOf(words)) break;
      var next = text.slice(end).search(/\\S\\s|\\S$/);
      end = next < 0 ? text.length : end + next + 1;
    }
    return one(text.slice(start, end));
  }
  function proposalFor(start, end) {  // the suggestion the words overlap most, else their sentence's
    var best = null; var most = 0;
    data.spans.forEach(function (s) {
      var overlap = Math.min(end, s.end) - Math.max(start, s.start);
      if (overlap > most) { best = s; most = overlap; }
    });
    best = best || data.sentences.find(function (s) { return s.start <= start && start < s.end; });
    return best ? best.proposal : {};
  }
  function newId(prefix, words) {
    var slug = one(words).toLowerCase().replace(/[^a-z0-9 ]+/g, '').split(' ').filter(Boolean).slice(0, 3).join('_');
    var base = prefix + (slug || 'node'); var id = base; var n = 2;
    var taken = function (x) { return x === 'T' || data.map.nodes.some(function (m) { return m.id === x; }) ||
      nodes.some(function (m) { return m.id === x; }); };
    while (taken(id)) id = base + '_' + n++;
    return id;
  }
  var SKIP = ['id', 'kind', 'type', 'text', 'anchor', 'sources'];
  function propose(span) {
    var s = span ? snap(span[0], span[1]) : null;
    var words = s ? unique(s[0], s[1]) : '';
    var p = s ? proposalFor(s[0], s[1]) : {};
    var kind = p.kind === 'evidence' ? 'evidence' : 'claim';
    var values = {};
    Object.keys(p).forEach(function (k) { if (SKIP.indexOf(k) < 0) values[k] = p[k]; });
    var said = one(words.replace(/^["\\u201C]|["\\u201D]$/g, ''));
    said = said ? said.charAt(0).toUpperCase() + said.slice(1).replace(/[.,;:]$/, '') + '.' : '';
    return {id: newId(kind === 'evidence' ? 'E_' : 'C_', words), kind: kind, type: p.type || '', text: said,
            anchor: words, values: values, sources: p.sources || (data.source ? [data.source] : [])};
  }
  function shown(v) { return typeof v === 'string' ? v : JSON.stringify(v); }
  function nodeForm(n) {
    var f = el('fieldset', {'class': 'node', 'data-node': n.id});
    f.appendChild(el('legend', {}, n.id));
    var kind = el('select', {'class': 'kind'}); options(kind, [['claim', 'claim'], ['evidence', 'evidence']]);
    kind.value = n.kind; f.appendChild(labelled('Kind', kind));
    var type = el('select', {'class': 'type'});
    options(type, [['', '(choose)']].concat(Object.keys(data.types).map(function (t) { return [t, t]; })));
    type.value = n.type; var typeRow = labelled('Type of evidence', type); f.appendChild(typeRow);
    var said = el('textarea', {'class': 'text', rows: '2'}); said.value = n.text;
    f.appendChild(labelled('In your own words', said));
    var anchor = el('input', {'class': 'anchor', size: '60'}); anchor.value = n.anchor;
    f.appendChild(labelled('Words of the text (anchor)', anchor));
    var facts = el('div', {'class': 'fields'}); f.appendChild(facts);
    function showFacts() {
      facts.textContent = ''; typeRow.hidden = n.kind !== 'evidence';
      if (n.kind !== 'evidence' || !data.types[n.type]) return;
      var t = data.types[n.type];
      t.fields.forEach(function (name) {
        var i = el('input', {'class': 'fact', 'data-field': name});
        if (n.values[name] !== undefined) i.value = shown(n.values[name]);
        i.addEventListener('input', function () {
          var was = n.values[name];
          var v = i.value.trim();
          if (!v) { delete n.values[name]; return; }
          if (was !== undefined && typeof was !== 'string') {
            try { n.values[name] = JSON.parse(v); return; } catch (e) { /* kept as words */ }
          } else if (/^-?\\d+(\\.\\d+)?$/.test(v) && /^(value|number)$/.test(name)) {
            n.values[name] = Number(v); return;
          }
          n.values[name] = v;
        });
        facts.appendChild(labelled(name.replace(/_/g, ' ') + (t.needed.indexOf(name) >= 0 ? ' (needed)' : ''), i));
      });
    }
    kind.addEventListener('change', function () { n.kind = kind.value; showFacts(); });
    type.addEventListener('change', function () { n.type = type.value; showFacts(); });
    said.addEventListener('input', function () { n.text = said.value; });
    anchor.addEventListener('input', function () { n.anchor = anchor.value; });
    var del = el('button', {type: 'button', 'class': 'delete'}, 'Delete ' + n.id);
    del.addEventListener('click', function () {
      nodes = nodes.filter(function (m) { return m !== n; });
      var gone = links.filter(function (l) { return l.from === n.id || l.to === n.id; })
        .map(function (l) { return l.id; });
      links = links.filter(function (l) { return gone.indexOf(l.id) < 0 && gone.indexOf(l.to) < 0; });
      f.remove(); refresh(); document.getElementById('make').focus();
    });
    var find = el('button', {type: 'button', 'class': 'find'}, 'Propose from these words of the text');
    find.addEventListener('click', function () {  // the keyboard's way to select: type the words
      var words = one(anchor.value).split(' ').map(function (w) {
        return w.replace(/[.*+?^${}()|[\\]\\\\]/g, '\\\\$&');
      });
      var found = words[0] ? new RegExp(words.join('\\\\s+'), 'i').exec(text) : null;
      if (!found) { f.querySelector('.warn').textContent = 'These words are not in the text.'; return; }
      var p = propose([found.index, found.index + found[0].length]);
      n.kind = p.kind; n.type = p.type; n.values = p.values; n.sources = p.sources; n.anchor = p.anchor;
      if (!one(n.text)) n.text = p.text;
      var g = nodeForm(n); f.replaceWith(g); refresh(); g.querySelector('select.kind').focus();
    });
    anchor.parentNode.parentNode.appendChild(find);
    f.appendChild(el('p', {'class': 'warn', role: 'status'})); f.appendChild(del); showFacts();
    return f;
  }
  var from = document.getElementById('from'); var to = document.getElementById('to');
  var how = document.getElementById('how'); var status = document.getElementById('status');
  function refresh() {
    var all = data.map.nodes.concat(nodes).map(function (n) {
      return [n.id, n.id + ': ' + one(n.text).slice(0, 60)];
    });
    var steps = links.map(function (l) { return [l.id, 'step ' + l.id + ': ' + l.from + ' ' + l.kind + ' ' + l.to]; });
    [[from, all], [to, all.concat(steps)]].forEach(function (p) {
      var was = p[0].value; options(p[0], [['', '(choose)']].concat(p[1])); p[0].value = was;
    });
    linksBox.textContent = '';
    links.forEach(function (l) {
      var li = el('li', {'data-link': l.id}, l.id + ': ' + l.from + ' ' + l.kind + ' ' + l.to + ' ');
      var del = el('button', {type: 'button', 'class': 'unlink'}, 'Delete ' + l.id);
      del.addEventListener('click', function () {
        links = links.filter(function (m) { return m !== l && m.to !== l.id; }); refresh(); from.focus();
      });
      li.appendChild(del); linksBox.appendChild(li);
    });
    update();
  }
  document.getElementById('make').addEventListener('click', function () {
    var n = propose(picked); nodes.push(n); var f = nodeForm(n); nodesBox.appendChild(f);
    picked = null; refresh(); f.querySelector('textarea.text').focus();
  });
  document.getElementById('link').addEventListener('click', function () {
    var step = links.some(function (l) { return l.id === to.value; });
    var why = !from.value || !to.value ? 'Choose what the link is from and what it is to.'
      : from.value === to.value ? 'A node cannot bear on itself.'
      : how.value === 'undercuts' && !step ? 'Undercuts goes to a step (a link), not to a node.'
      : how.value !== 'undercuts' && step ? how.value + ' goes to a node; to a step it undercuts.' : '';
    status.textContent = why;
    if (why) return;
    var n = 1; while (links.some(function (l) { return l.id === 'R' + n; })) n++;
    links.push({id: 'R' + n, kind: how.value, from: from.value, to: to.value}); refresh();
  });
  function node(n) {
    var out = {id: n.id, kind: n.kind, text: one(n.text)};
    if (n.kind === 'evidence') {
      out.type = n.type;
      var t = data.types[n.type] || {fields: []};
      t.fields.forEach(function (k) { if (n.values[k] !== undefined && n.values[k] !== '') out[k] = n.values[k]; });
      if (n.sources.length) out.sources = n.sources;
    }
    if (one(n.anchor)) out.anchor = one(n.anchor);
    return out;
  }
  function yaml(map) {
    var lines = data.head.slice();
    Object.keys(map).forEach(function (k) {
      var v = map[k];
      if (!Array.isArray(v)) { lines.push(k + ': ' + JSON.stringify(v)); return; }
      if (!v.length) return;
      lines.push(k + ':');
      v.forEach(function (item) {
        if (!item || typeof item !== 'object' || Array.isArray(item)) {
          lines.push('- ' + JSON.stringify(item)); return;
        }
        Object.keys(item).forEach(function (f, i) {
          lines.push((i ? '  ' : '- ') + f + ': ' + JSON.stringify(item[f]));
        });
      });
    });
    return lines.join('\\n') + '\\n';
  }
  function missing(n) {  // why the node would make the map unreadable, or ''
    if (!one(n.text)) return 'say it in your own words';
    if (n.kind !== 'evidence') return '';
    if (!data.types[n.type]) return 'choose its type';
    var lack = data.types[n.type].needed.filter(function (k) { return n.values[k] === undefined; });
    return lack.length ? 'fill in ' + lack.join(', ').replace(/_/g, ' ') : '';
  }
  function update() {  // a node the map could not hold waits, said so beside it, with the links to it
    var map = JSON.parse(JSON.stringify(data.map));
    if (one(nameBox.value)) map.authors = [one(nameBox.value)];
    var out = [];
    nodes.forEach(function (n) {
      var why = missing(n);
      var warn = nodesBox.querySelector('fieldset[data-node="' + n.id + '"] .warn');
      if (warn) warn.textContent = why ? 'Not saved yet: ' + why + '.' : '';
      if (!why) out.push(n);
    });
    var ids = data.map.nodes.concat(out).map(function (n) { return n.id; });
    var kept = [];
    links.forEach(function (l) {  // in order: a step is made before what undercuts it
      if (ids.indexOf(l.from) >= 0 && ids.indexOf(l.to) >= 0) { kept.push(l); ids.push(l.id); }
    });
    map.nodes = map.nodes.concat(out.map(node));
    map.relations = (map.relations || []).concat(kept.map(function (l) {
      return {id: l.id, kind: l.kind, from: l.from, to: l.to};
    }));
    box.value = yaml(map);
  }
  box.readOnly = true;
  holder.addEventListener('input', update);
  holder.addEventListener('change', update);
  nameBox.addEventListener('input', update);
  refresh();
})();
"""
