// argmap editor (argmap serve): the source text to select passages in, node and link forms, undo and
// redo, every node with its findings. The file is the only state: each change is an edit sent to
// POST /api/edit with the revision it was made against; a refused edit (409) takes up the file as it is.
// Map text reaches the document only through textContent and value, never as markup.
(function () {
  "use strict";

  var EVIDENCE_FIELDS = {
    statistic: ["value", "unit", "scale", "period", "approximate", "baseline", "change"],
    count: ["what", "number", "period", "approximate"],
    statement: ["speaker", "date", "quote", "said", "medium"],
    event: ["date", "status"],
    absence: ["expected", "expected_from", "date", "reason"]
  };
  var NUMBERS = { value: true, number: true };
  var FLAGS = { approximate: true };
  var OBJECTS = { baseline: true, change: true, occasion: true }; // written as JSON in their field
  var CLAIM_TYPES = ["", "fact", "cause", "comparison", "prediction", "value", "policy"];

  var state = { revision: null, map: null, diagnostics: [] };
  // Revisions this page's own edits replaced, until the server's drawing has caught up with the edit:
  // a state naming one of them is the drawing lagging behind, not a change on disk.
  var lagging = Object.create(null);
  var undoStack = [];
  var redoStack = [];
  var editing = null; // {item, isNew}
  var busy = false;

  function $(id) { return document.getElementById(id); }
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) {
      if (c === null || c === undefined || c === "") { return; }
      e.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return e;
  }
  function clear(e) { while (e.firstChild) { e.removeChild(e.firstChild); } return e; }
  function say(text, bad) {
    var out = $("ed-status");
    out.textContent = text;
    out.classList.toggle("bad", Boolean(bad));
  }
  function nodes() { return (state.map && state.map.nodes) || []; }
  function relations() { return (state.map && state.map.relations) || []; }
  // Tables by id, made once per state (a 1,000-node map must not be searched per node): no prototype,
  // so that an id `constructor` is an id like any other.
  var index = Object.create(null);
  var findings = Object.create(null);
  function byId(id) { return index[id] || null; }
  function reindex() {
    index = Object.create(null);
    findings = Object.create(null);
    nodes().concat(relations()).forEach(function (x) { index[x.id] = x; });
    state.diagnostics.forEach(function (d) {
      var key = d.id && index[d.id] && index[d.id].text !== undefined ? d.id : ""; // a node's, or the map's
      (findings[key] = findings[key] || []).push(d);
    });
  }

  function post(path, body) {
    return fetch(path, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body)
    }).then(function (r) { return r.json().then(function (j) { return { status: r.status, body: j }; }); });
  }

  function take(answer) {
    if (state.revision && state.revision !== answer.revision) { lagging[state.revision] = true; }
    state.revision = answer.revision;
    state.map = answer.map;
    state.diagnostics = answer.diagnostics || [];
    document.body.setAttribute("data-revision", state.revision || "");
    reindex();
    renderList();
    if (editing && !editing.isNew && !byId(editing.item.id)) { closeForm(); }
  }

  function load() {
    return fetch("/api/map", { cache: "no-store" }).then(function (r) { return r.json(); }).then(function (a) {
      if (a.error) { say(a.error, true); }
      take(a);
    });
  }

  // Send ops; on success push what undoes them. `history`: "undo", "redo" or undefined (a new edit).
  function edit(ops, what, history) {
    if (busy) { say("Still saving the last change…"); return Promise.resolve(false); }
    busy = true;
    // The answer holds the validation findings; the gap rules' come with the drawing (argmap:state).
    return post("/api/edit", { revision: state.revision, ops: ops, findings: "validation" }).then(function (res) {
      busy = false;
      if (res.status === 200) {
        take(res.body);
        if (res.body.changed) {
          var entry = { ops: res.body.undo, what: what };
          if (history === "undo") { redoStack.push(entry); }
          else { undoStack.push(entry); if (history !== "redo") { redoStack = []; } }
        }
        say(res.body.changed ? what + ": saved." : "Nothing changed.");
        document.body.classList.add("edited");
        updateHistory();
        return true;
      }
      if (res.status === 409) {
        take(res.body);
        undoStack = [];
        redoStack = [];
        updateHistory();
        say("The file changed on disk; the list now shows it as saved there. Your change was not applied: " +
          "check it and save again.", true);
        return false;
      }
      say("Not saved: " + (res.body.error || "the server refused the edit"), true);
      return false;
    }).catch(function () {
      busy = false;
      say("Not saved: the server does not answer.", true);
      return false;
    });
  }

  function updateHistory() {
    $("ed-undo").disabled = !undoStack.length;
    $("ed-redo").disabled = !redoStack.length;
    $("ed-undo").title = undoStack.length ? "Undo " + undoStack[undoStack.length - 1].what : "";
    $("ed-redo").title = redoStack.length ? "Redo " + redoStack[redoStack.length - 1].what : "";
  }
  function undo() {
    var e = undoStack.pop();
    if (!e) { return; }
    edit(e.ops, "undo " + e.what, "undo").then(function (ok) { if (!ok) { updateHistory(); } });
  }
  function redo() {
    var e = redoStack.pop();
    if (!e) { return; }
    edit(e.ops, e.what.replace(/^undo /, ""), "redo").then(function (ok) { if (!ok) { updateHistory(); } });
  }

  // ------------------------------------------------------------------ the list of nodes with their findings

  function findingsOf(id) { return findings[id] || []; }

  // Rows are kept by id and made again only when their words or findings change: an edit of a
  // 1,000-node map touches a row or two, not the whole list.
  var rows = Object.create(null);

  function findingsList(found) {
    var ul = el("ul", { "class": "node-findings" });
    found.forEach(function (d) { ul.appendChild(el("li", { "class": "sev-" + d.severity }, [d.code + " " + d.message])); });
    return ul;
  }

  function nodeRow(n, found, sig) {
    var label = n.id + " (" + n.kind + (n.type ? ", " + n.type : "") + "): " + n.text;
    var b = el("button", { type: "button", "class": "linkish", "data-edit": n.id,
      "aria-label": "Edit " + label + (found.length ? "; " + found.length + " findings" : "") }, [label]);
    var li = el("li", { "data-id": n.id }, [b]);
    if (found.length) { li.appendChild(findingsList(found)); }
    return { sig: sig, li: li };
  }

  function renderList() {
    var list = $("node-list");
    var fresh = Object.create(null);
    var wanted = nodes().map(function (n) {
      var found = findingsOf(n.id);
      var sig = JSON.stringify([n.kind, n.type, n.text, found.map(function (d) { return [d.code, d.severity, d.message]; })]);
      var row = rows[n.id] && rows[n.id].sig === sig ? rows[n.id] : nodeRow(n, found, sig);
      fresh[n.id] = row;
      return row.li;
    });
    rows = fresh;
    var general = findingsOf("");
    if (general.length) { wanted.push(el("li", { "class": "whole-map" }, ["Whole map:", findingsList(general)])); }
    var old = list.querySelector("li.whole-map");
    if (old) { old.remove(); }
    wanted.forEach(function (li, i) {
      if (list.children[i] !== li) { list.insertBefore(li, list.children[i] || null); }
    });
    while (list.children.length > wanted.length) { list.removeChild(list.lastChild); }
    renderSources();
  }

  // ------------------------------------------------------------------ the reading pane

  var texts = {};
  function renderSources() {
    var select = $("ed-source");
    var sources = (state.map && state.map.sources) || [];
    var chosen = select.value;
    var ids = sources.map(function (s) { return s.id; }).join("\n");
    if (select.getAttribute("data-ids") === ids) { showText(); return; }
    select.setAttribute("data-ids", ids);
    clear(select);
    sources.forEach(function (s) { select.appendChild(el("option", { value: s.id }, [s.id + ": " + s.title])); });
    if (chosen && ids.split("\n").indexOf(chosen) !== -1) { select.value = chosen; }
    fetch("/api/sources", { cache: "no-store" }).then(function (r) { return r.json(); }).then(function (a) {
      texts = {};
      a.sources.forEach(function (s) { texts[s.id] = s; });
      showText();
    });
  }
  // Where the map's anchors stand in a source's text: [start, end, node id], in order, none overlapping.
  function anchored(text, sourceId) {
    var sources = (state.map && state.map.sources) || [];
    var spans = [];
    nodes().forEach(function (n) {
      var a = typeof n.anchor === "string" ? { exact: n.anchor } : n.anchor;
      if (!a || !a.exact) { return; }
      var from = a.source || (n.kind === "evidence" ? (n.sources || [])[0] : sources.length === 1 ? sources[0].id : null);
      if (from !== sourceId) { return; }
      var before = a.prefix ? a.prefix + " " : "";
      var at = text.indexOf(before + a.exact + (a.suffix ? " " + a.suffix : ""));
      if (at === -1) { return; } // not verbatim here (check reports it); not marked
      spans.push([at + before.length, at + before.length + a.exact.length, n.id]);
    });
    spans.sort(function (x, y) { return x[0] - y[0]; });
    var last = -1;
    return spans.filter(function (x) { var ok = x[0] >= last; if (ok) { last = x[1]; } return ok; });
  }

  function showText() {
    var s = texts[$("ed-source").value];
    var pane = $("source-text");
    var spans = s && s.text !== null ? anchored(s.text, s.id) : [];
    var shown = JSON.stringify([s ? s.id : null, s && s.text !== null ? s.text.length : null, spans]);
    if (pane.getAttribute("data-shown") === shown) { return; } // as it is: a selection in it stays
    pane.setAttribute("data-shown", shown);
    var top = pane.scrollTop;
    clear(pane);
    if (!s) { pane.appendChild(el("p", { "class": "muted" }, ["This map names no source yet."])); return; }
    if (s.text === null) { pane.appendChild(el("p", { "class": "muted" }, [s.problem])); return; }
    var at = 0;
    spans.forEach(function (x) {
      pane.appendChild(document.createTextNode(s.text.slice(at, x[0])));
      pane.appendChild(el("mark", { "data-node": x[2], title: "anchor of " + x[2] }, [s.text.slice(x[0], x[1])]));
      at = x[1];
    });
    pane.appendChild(document.createTextNode(s.text.slice(at)));
    pane.scrollTop = top;
  }

  // Offsets of the selection in the source text, in characters (code points) as the server counts.
  function selectionOffsets() {
    var pane = $("source-text");
    var sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) { return null; }
    var range = sel.getRangeAt(0);
    if (!pane.contains(range.startContainer) || !pane.contains(range.endContainer)) { return null; }
    function offset(node, off) {
      var r = document.createRange();
      r.setStart(pane, 0);
      r.setEnd(node, off);
      return Array.from(r.toString()).length;
    }
    return { start: offset(range.startContainer, range.startOffset), end: offset(range.endContainer, range.endOffset) };
  }

  function proposeFromSelection() {
    var at = selectionOffsets();
    if (!at) { say("Select some words of the source text first.", true); return; }
    post("/api/propose", { source: $("ed-source").value, start: at.start, end: at.end }).then(function (res) {
      if (res.status !== 200) { say(res.body.error || "No node from this selection.", true); return; }
      openForm(res.body.item, true);
      say("Proposed " + res.body.item.id + ": check its fields, then Save.");
    });
  }

  // ------------------------------------------------------------------ the node form

  function field(name, value, opts) {
    opts = opts || {};
    var id = "f-" + name;
    var input;
    if (opts.choices) {
      input = el("select", { id: id, name: name });
      opts.choices.forEach(function (c) { input.appendChild(el("option", { value: c }, [c || "(none)"])); });
      input.value = value === undefined || value === null ? "" : String(value);
    } else if (opts.long) {
      input = el("textarea", { id: id, name: name, rows: "3" });
      input.value = value || "";
    } else if (FLAGS[name]) {
      input = el("input", { id: id, name: name, type: "checkbox" });
      input.checked = Boolean(value);
    } else {
      input = el("input", { id: id, name: name, type: "text", autocomplete: "off" });
      input.value = value === undefined || value === null ? "" : (typeof value === "object" ? JSON.stringify(value) : String(value));
      if (opts.readonly) { input.readOnly = true; }
    }
    return el("div", { "class": "field" }, [el("label", { "for": id }, [opts.label || name.replace(/_/g, " ")]), input]);
  }

  function anchorParts(a) {
    if (!a) { return {}; }
    return typeof a === "string" ? { exact: a } : a;
  }

  function renderFields(item) {
    var box = clear($("form-fields"));
    box.appendChild(field("id", item.id, { readonly: !editing.isNew }));
    box.appendChild(field("kind", item.kind, { choices: ["claim", "evidence", "thesis"] }));
    if (item.kind === "evidence") {
      box.appendChild(field("type", item.type, { choices: Object.keys(EVIDENCE_FIELDS) }));
    } else {
      box.appendChild(field("type", item.type || "", { choices: CLAIM_TYPES, label: "claim type" }));
    }
    box.appendChild(field("text", item.text, { long: true, label: "text (your own words)" }));
    (EVIDENCE_FIELDS[item.kind === "evidence" ? item.type : ""] || []).forEach(function (f) {
      box.appendChild(field(f, item[f]));
    });
    if (item.kind === "evidence") {
      box.appendChild(field("sources", (item.sources || []).join(", "), { label: "sources (ids, comma-separated)" }));
    }
    var a = anchorParts(item.anchor);
    box.appendChild(field("anchor_exact", a.exact, { label: "quote (exact words)" }));
    box.appendChild(field("anchor_prefix", a.prefix, { label: "words just before (if the quote repeats)" }));
    box.appendChild(field("anchor_suffix", a.suffix, { label: "words just after" }));
    ["kind", "type"].forEach(function (k) {
      $("f-" + k).addEventListener("change", function () { renderFields(readForm()); });
    });
  }

  function openForm(item, isNew) {
    editing = { item: item, isNew: isNew, original: JSON.parse(JSON.stringify(item)) };
    $("form-heading").textContent = (isNew ? "New " : "Edit ") + item.kind + " " + item.id;
    $("ed-delete").hidden = isNew;
    $("ed-save").textContent = isNew ? "Add" : "Save";
    renderFields(item);
    $("node-form").hidden = false;
    renderLinkForm();
    $("f-text").focus();
  }
  function closeForm() {
    editing = null;
    $("node-form").hidden = true;
    $("link-form").hidden = true;
  }

  function readForm() {
    var item = {};
    var get = function (n) { var e = $("f-" + n); return e ? (e.type === "checkbox" ? e.checked : e.value.trim()) : undefined; };
    item.id = get("id");
    item.kind = get("kind");
    var type = get("type");
    if (item.kind === "evidence") { item.type = EVIDENCE_FIELDS[type] ? type : "statistic"; }
    else if (type && CLAIM_TYPES.indexOf(type) > 0) { item.type = type; }
    item.text = get("text");
    (EVIDENCE_FIELDS[item.kind === "evidence" ? item.type : ""] || []).forEach(function (f) {
      var v = get(f);
      if (v === undefined || v === "" || v === false) { return; }
      if (NUMBERS[f] && !isNaN(Number(v.replace(/,/g, "")))) { v = Number(v.replace(/,/g, "")); }
      if (OBJECTS[f]) { try { v = JSON.parse(v); } catch (err) { /* the server says what is wrong */ } }
      item[f] = v;
    });
    if (item.kind === "evidence") {
      var s = (get("sources") || "").split(",").map(function (x) { return x.trim(); }).filter(Boolean);
      if (s.length) { item.sources = s; }
    }
    var exact = get("anchor_exact");
    var prefix = get("anchor_prefix");
    var suffix = get("anchor_suffix");
    var old = editing ? anchorParts(editing.original.anchor) : {};
    if (exact) {
      if (prefix || suffix || old.source) {
        item.anchor = { exact: exact };
        if (prefix) { item.anchor.prefix = prefix; }
        if (suffix) { item.anchor.suffix = suffix; }
        if (old.source) { item.anchor.source = old.source; }
      } else { item.anchor = exact; }
    }
    return item;
  }

  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

  function save(e) {
    e.preventDefault();
    var item = readForm();
    if (editing.isNew) {
      edit([{ op: "add", item: item }], "add " + item.id).then(function (ok) { if (ok) { openForm(byId(item.id) || item, false); } });
      return;
    }
    var original = editing.original;
    var fields = {};
    var keys = {};
    Object.keys(item).concat(Object.keys(original)).forEach(function (k) { keys[k] = true; });
    var editable = { text: 1, kind: 1, type: 1, anchor: 1, sources: 1 };
    Object.keys(EVIDENCE_FIELDS).forEach(function (t) { EVIDENCE_FIELDS[t].forEach(function (f) { editable[f] = 1; }); });
    Object.keys(keys).forEach(function (k) {
      if (!editable[k] || same(item[k], original[k])) { return; }
      if (k === "anchor" && same(anchorParts(item[k]), anchorParts(original[k]))) { return; }
      fields[k] = item[k] === undefined ? null : item[k];
    });
    if (!Object.keys(fields).length) { say("Nothing changed."); return; }
    edit([{ op: "set", id: item.id, fields: fields }], "edit " + item.id).then(function (ok) {
      if (ok) { openForm(byId(item.id), false); }
    });
  }

  function remove() {
    if (!editing || editing.isNew) { return; }
    var id = editing.item.id;
    edit([{ op: "remove", id: id }], "delete " + id).then(function (ok) { if (ok) { closeForm(); } });
  }

  // ------------------------------------------------------------------ links

  function renderLinkForm() {
    if (!editing || editing.isNew) { $("link-form").hidden = true; return; }
    var box = clear($("link-fields"));
    var from = editing.item.id;
    $("link-heading").textContent = "Link " + from + " to…";
    box.appendChild(field("link_kind", "supports", { choices: ["supports", "attacks", "undercuts"], label: "relation" }));
    var targets = nodes().filter(function (n) { return n.id !== from; }).map(function (n) { return n.id; });
    var rels = relations().map(function (r) { return r.id; });
    box.appendChild(field("link_to", "", { choices: targets.concat(rels), label: "target (a node; a relation for undercuts)" }));
    box.appendChild(field("link_warrant", "", { label: "warrant (why it bears on it)" }));
    box.appendChild(field("link_qualifier", "", { label: "qualifier (e.g. probably)" }));
    $("link-form").hidden = false;
  }

  function nextRelationId() {
    var taken = {};
    nodes().concat(relations()).concat((state.map && state.map.sources) || []).forEach(function (x) { taken[x.id] = true; });
    var n = 1;
    relations().forEach(function (r) { var m = /^R(\d+)$/.exec(r.id); if (m) { n = Math.max(n, Number(m[1]) + 1); } });
    while (taken["R" + n]) { n += 1; }
    return "R" + n;
  }

  function link(e) {
    e.preventDefault();
    if (!editing) { return; }
    var rel = { id: nextRelationId(), kind: $("f-link_kind").value, from: editing.item.id, to: $("f-link_to").value };
    var w = $("f-link_warrant").value.trim();
    var q = $("f-link_qualifier").value.trim();
    if (w) { rel.warrant = w; }
    if (q) { rel.qualifier = q; }
    edit([{ op: "add", item: rel }], "link " + rel.from + " " + rel.kind + " " + rel.to).then(function (ok) {
      if (ok) { renderLinkForm(); }
    });
  }

  // ------------------------------------------------------------------ wiring

  $("node-form").addEventListener("submit", save);
  $("link-form").addEventListener("submit", link);
  $("ed-delete").addEventListener("click", remove);
  $("ed-cancel").addEventListener("click", closeForm);
  $("ed-undo").addEventListener("click", undo);
  $("ed-redo").addEventListener("click", redo);
  $("ed-propose").addEventListener("click", proposeFromSelection);
  $("ed-source").addEventListener("change", showText);
  $("ed-new-claim").addEventListener("click", function () {
    var taken = nodes().map(function (n) { return n.id; });
    var n = 1;
    while (taken.indexOf("C" + n) !== -1) { n += 1; }
    openForm({ id: "C" + n, kind: "claim", text: "" }, true);
  });
  // The source text takes a caret, so that words can be selected from the keyboard, but no change.
  ["beforeinput", "paste", "drop", "cut"].forEach(function (kind) {
    $("source-text").addEventListener(kind, function (e) { e.preventDefault(); });
  });
  $("source-text").addEventListener("click", function (e) {
    var m = e.target.closest("mark[data-node]");
    if (m && byId(m.getAttribute("data-node")) && window.getSelection().isCollapsed) {
      openForm(byId(m.getAttribute("data-node")), false);
    }
  });
  $("node-list").addEventListener("click", function (e) {
    var b = e.target.closest("[data-edit]");
    if (b && byId(b.getAttribute("data-edit"))) { openForm(byId(b.getAttribute("data-edit")), false); }
  });
  document.getElementById("diagram").addEventListener("click", function (e) {
    var g = e.target.closest("g.argmap-node[data-id]");
    if (g && byId(g.getAttribute("data-id"))) { openForm(byId(g.getAttribute("data-id")), false); }
  });
  document.addEventListener("keydown", function (e) {
    var inField = e.target && /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName);
    if ((e.ctrlKey || e.metaKey) && !inField && (e.key === "z" || e.key === "Z")) {
      e.preventDefault();
      if (e.shiftKey) { redo(); } else { undo(); }
    } else if ((e.ctrlKey || e.metaKey) && !inField && e.key === "y") {
      e.preventDefault();
      redo();
    } else if (e.altKey && (e.key === "n" || e.key === "N")) {
      e.preventDefault();
      proposeFromSelection();
    }
  });
  // The server says the file changed (an edit here, or a save elsewhere): take up the file as it is.
  document.addEventListener("argmap:state", function (e) {
    var rev = e.detail.revision;
    if (rev === state.revision) {
      lagging = Object.create(null);
      if (e.detail.ok) { state.diagnostics = e.detail.findings; reindex(); renderList(); }
      return;
    }
    if (rev && !lagging[rev] && !busy) { load(); }
  });
  load();
})();
