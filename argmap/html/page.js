// argmap interactive page: details panel, search, toggles, zoom and pan, exercise answers.
// Map text reaches the document only through textContent and setAttribute, never as markup.
(function () {
  "use strict";

  var SVG_NS = "http://www.w3.org/2000/svg";
  var data = JSON.parse(document.getElementById("argmap-data").textContent);
  // Every table keyed by a map's ids has no prototype: an id `toString`, `constructor` or
  // `__proto__` is an id like any other, never an inherited property.
  function table(from) {
    var t = Object.create(null);
    Object.keys(from || {}).forEach(function (k) { t[k] = from[k]; });
    return t;
  }
  data.nodes = table(data.nodes);
  var body = document.body;
  var viewport = document.getElementById("viewport");
  var svg = document.getElementById("diagram");
  var panel = document.getElementById("panel");
  var panelBody = document.getElementById("panel-body");
  var search = document.getElementById("search");
  var searchCount = document.getElementById("search-count");
  var toggles = {
    evidence: document.getElementById("show-evidence"),
    attacks: document.getElementById("show-attacks"),
    gaps: document.getElementById("show-gaps"),
    status: document.getElementById("show-status")
  };

  var relations = table();
  data.relations.forEach(function (r) { relations[r.id] = r; });
  var nodeEls = table();
  svg.querySelectorAll("g.argmap-node[data-id]").forEach(function (g) {
    nodeEls[g.getAttribute("data-id")] = g;
  });
  var relEls = Array.prototype.slice.call(svg.querySelectorAll("g[data-rel], g[data-from], g[data-to]"));
  var answers = table();
  var quotes = table();
  var revealed = table();
  var current = null; // id of the node shown in the panel
  var returnFocus = null;

  // ------------------------------------------------------------------ small DOM helpers

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) {
      if (c === null || c === undefined || c === "") { return; }
      e.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return e;
  }

  function svgEl(tag, attrs) {
    var e = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    return e;
  }

  function clear(e) {
    while (e.firstChild) { e.removeChild(e.firstChild); }
    return e;
  }

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  // ------------------------------------------------------------------ exercise: veiled evidence

  function isVeiled(id) {
    var n = data.nodes[id];
    return Boolean(data.exercise && n && n.kind === "evidence" && !revealed[id]);
  }

  // The words on a link (warrant, qualifier, note) stay hidden while any of its premises is.
  function relationVeiled(r) {
    return Boolean(r) && r.premises.some(function (p) { return isVeiled(p.id); });
  }

  function reveal(id) {
    revealed[id] = true;
    var g = nodeEls[id];
    if (g) {
      g.classList.remove("veiled");
      g.setAttribute("aria-label", data.nodes[id].aria);
    }
    data.nodes[id].outgoing.forEach(function (rid) {
      if (relationVeiled(relations[rid])) { return; }
      relEls.forEach(function (e) {
        if (e.getAttribute("data-rel") === rid) { e.classList.remove("veiled"); }
      });
    });
    runSearch();
  }

  // ------------------------------------------------------------------ markers drawn over the diagram

  var SEVERITY_RANK = { error: 0, warning: 1, info: 2 };

  function addMarkers() {
    Object.keys(nodeEls).forEach(function (id) {
      var g = nodeEls[id];
      var n = data.nodes[id];
      var box = g.getBBox();
      if (n && n.gaps.length) {
        var worst = n.gaps.reduce(function (a, b) {
          return (SEVERITY_RANK[b.severity] || 3) < (SEVERITY_RANK[a.severity] || 3) ? b : a;
        }).severity;
        var m = svgEl("g", { "class": "gap-marker sev-" + worst, "aria-hidden": "true" });
        var cx = box.x + box.width - 4;
        var cy = box.y + 4;
        m.appendChild(svgEl("circle", { cx: cx, cy: cy, r: 9 }));
        var t = svgEl("text", { x: cx, y: cy, "text-anchor": "middle", "dominant-baseline": "central" });
        t.textContent = String(n.gaps.length);
        m.appendChild(t);
        g.appendChild(m);
      }
      if (data.exercise && n && n.kind === "evidence") {
        var q = svgEl("text", {
          "class": "veil-mark", x: box.x + box.width / 2, y: box.y + box.height / 2,
          "text-anchor": "middle", "dominant-baseline": "central", "aria-hidden": "true"
        });
        q.textContent = "?";
        g.appendChild(q);
      }
    });
  }

  // ------------------------------------------------------------------ the details panel

  function nodeLink(ref) {
    if (ref.type === "node" && data.nodes[ref.id]) {
      var hidden = isVeiled(ref.id);
      var b = el("button", { type: "button", "class": "linkish", "data-goto": ref.id },
        [ref.id + (hidden ? " (hidden evidence)" : ": " + ref.text)]);
      return b;
    }
    if (ref.type === "relation") { return el("span", {}, ["relation " + ref.id + " (" + ref.text + ")"]); }
    return el("span", { "class": "muted" }, [ref.id + " (not in this map)"]);
  }

  function gapList(gaps) {
    var ul = el("ul", { "class": "gaps" });
    gaps.forEach(function (g) {
      var head = el("div", {}, [
        el("span", { "class": "code" }, [g.code]), " ",
        g.name ? el("span", {}, [g.name]) : null, " ",
        el("span", { "class": "muted" }, ["(" + g.severity + ")"])
      ]);
      var li = el("li", { "class": "gap sev-" + g.severity }, [head, el("div", {}, [g.message])]);
      if (g.hint) { li.appendChild(el("div", { "class": "muted" }, ["Hint: " + g.hint])); }
      if (g.summary || g.doc) {
        var more = el("details", {}, [el("summary", {}, [g.summary || "Why this matters"])]);
        if (g.doc) { more.appendChild(el("pre", {}, [g.doc])); }
        li.appendChild(more);
      }
      ul.appendChild(li);
    });
    return ul;
  }

  function relationItem(r, id, incoming) {
    var li = el("li", {});
    var kind = el("span", { "class": "rel-kind rel-" + r.kind }, [r.kind]);
    if (incoming) {
      r.premises.forEach(function (p, i) {
        if (i) { li.appendChild(document.createTextNode(" + ")); }
        li.appendChild(nodeLink(p));
      });
      li.appendChild(document.createTextNode(" "));
      li.appendChild(kind);
      li.appendChild(document.createTextNode(" this"));
    } else {
      li.appendChild(document.createTextNode("This "));
      li.appendChild(kind);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(nodeLink(r.target));
      var others = r.premises.filter(function (p) { return p.id !== id; });
      if (others.length) {
        li.appendChild(document.createTextNode(" (linked with "));
        others.forEach(function (p, i) {
          if (i) { li.appendChild(document.createTextNode(", ")); }
          li.appendChild(nodeLink(p));
        });
        li.appendChild(document.createTextNode(")"));
      }
    }
    var bits = [r.id];
    var veiled = relationVeiled(r);
    if (r.qualifier && !veiled) { bits.push("qualifier: " + r.qualifier); }
    if (r.scheme && !veiled) { bits.push("scheme: " + r.scheme); }
    if (r.strength !== null && r.strength !== undefined) { bits.push("strength " + r.strength); }
    li.appendChild(el("div", { "class": "muted" }, [bits.join("; ")]));
    if (veiled && (r.warrant || r.qualifier || r.note)) {
      li.appendChild(el("div", { "class": "muted" }, ["Why it bears on it is shown once the evidence is revealed."]));
    } else {
      if (r.warrant) { li.appendChild(el("div", {}, ["Warrant: " + r.warrant])); }
      if (r.note) { li.appendChild(el("div", { "class": "muted" }, ["Note: " + r.note])); }
    }
    r.undercut_by.forEach(function (uid) {
      var u = relations[uid];
      if (!u) { return; }
      var line = el("div", {}, ["Undercut by "]);
      u.premises.forEach(function (p, i) {
        if (i) { line.appendChild(document.createTextNode(" + ")); }
        line.appendChild(nodeLink(p));
      });
      line.appendChild(document.createTextNode(" (" + u.id + ")"));
      li.appendChild(line);
    });
    if (r.gaps.length && !veiled) { li.appendChild(gapList(r.gaps)); }
    return li;
  }

  function sourceItem(s) {
    if (s.missing) { return el("li", { "class": "muted" }, [s.id + " (source not in this map)"]); }
    var li = el("li", {}, [el("div", {}, [s.citation])]);
    if (s.url) {
      if (/^https?:\/\//i.test(s.url)) {
        li.appendChild(el("div", {}, [el("a", { href: s.url, rel: "noopener noreferrer", target: "_blank" }, [s.url])]));
      } else {
        li.appendChild(el("div", { "class": "muted" }, [s.url]));
      }
    }
    var meta = [s.id];
    if (s.kind) { meta.push(s.kind + " source"); }
    li.appendChild(el("div", { "class": "muted" }, [meta.join(", ")]));
    if (s.note) { li.appendChild(el("div", { "class": "muted" }, ["Note: " + s.note])); }
    return li;
  }

  function fieldList(fields) {
    var dl = el("dl", {});
    fields.forEach(function (f) {
      dl.appendChild(el("dt", {}, [f.label]));
      var value = Array.isArray(f.value)
        ? el("ul", {}, f.value.map(function (v) { return el("li", {}, [v]); }))
        : f.value;
      dl.appendChild(el("dd", {}, [value]));
    });
    return dl;
  }

  function showNode(id) {
    var n = data.nodes[id];
    var veiled = isVeiled(id);
    var out = clear(panelBody);
    out.appendChild(el("h2", { id: "panel-heading", tabindex: "-1" }, [
      el("span", { "class": "kind" }, [n.label + " "]), n.id
    ]));
    if (n.status && !veiled) {
      var word = n.status.standing || n.status.status;
      var st = el("p", {}, ["Standing: ", el("span", { "class": "status " + n.status.status }, [word])]);
      if (n.status.reason) { st.appendChild(el("span", { "class": "muted" }, [" — " + n.status.reason])); }
      if (n.status.note) { st.appendChild(el("span", { "class": "muted" }, [" (" + n.status.note + ")"])); }
      if (n.status.grounding) {
        st = el("div", {}, [st, el("p", {}, ["Grounding: ", el("span", { "class": "grounding" }, [n.status.grounding]),
          el("span", { "class": "muted" }, [n.status.grounding_reason ? " — " + n.status.grounding_reason : ""])])]);
      }
      out.appendChild(st);
    }
    if (veiled) {
      out.appendChild(el("p", { "class": "veil-note" }, [
        "This evidence is hidden. Find it in the text, write your answer below, then reveal it to compare."
      ]));
      out.appendChild(el("button", { type: "button", id: "reveal-one" }, ["Reveal this evidence"]));
    } else {
      out.appendChild(el("p", { "class": "text", id: "panel-text" }, [n.text]));
      if (n.fields.length) {
        out.appendChild(el("h3", {}, ["Evidence"]));
        out.appendChild(fieldList(n.fields));
      }
      if (n.anchor) {
        out.appendChild(el("h3", {}, ["Quote"]));
        out.appendChild(el("blockquote", { id: "panel-quote" }, [
          n.anchor.prefix ? el("span", { "class": "context" }, ["…" + n.anchor.prefix + " "]) : null,
          el("mark", {}, [n.anchor.exact]),
          n.anchor.suffix ? el("span", { "class": "context" }, [" " + n.anchor.suffix + "…"]) : null
        ]));
        if (n.anchor.source && !n.anchor.source.missing) {
          out.appendChild(el("p", { "class": "muted" }, ["— " + n.anchor.source.citation]));
        }
      }
      if (n.sources.length) {
        out.appendChild(el("h3", {}, [n.sources.length === 1 ? "Source" : "Sources"]));
        out.appendChild(el("ul", { "class": "sources", id: "panel-sources" }, n.sources.map(sourceItem)));
      }
      if (n.note) { out.appendChild(el("p", { "class": "muted" }, ["Note: " + n.note])); }
      if (n.tags.length) { out.appendChild(el("p", { "class": "muted" }, ["Tags: " + n.tags.join(", ")])); }
    }
    if (data.exercise && n.kind === "evidence") {
      out.appendChild(el("h3", {}, [el("label", { "for": "answer" }, ["Your answer"])]));
      var ta = el("textarea", { id: "answer", maxlength: "20000",
        placeholder: "In your own words: what evidence does the text give here?" });
      ta.value = answers[id] || "";
      ta.addEventListener("input", function () { answers[id] = ta.value; countAnswers(); });
      out.appendChild(ta);
      out.appendChild(el("h3", {}, [el("label", { "for": "answer-quote" }, ["Words of the text"])]));
      var qa = el("textarea", { id: "answer-quote", maxlength: "20000", rows: "2",
        placeholder: "Copy the words of the text you found it in (optional)." });
      qa.value = quotes[id] || "";
      qa.addEventListener("input", function () { quotes[id] = qa.value; });
      out.appendChild(qa);
    }
    var ins = n.incoming.map(function (rid) { return relations[rid]; }).filter(Boolean);
    var outs = n.outgoing.map(function (rid) { return relations[rid]; }).filter(Boolean);
    out.appendChild(el("h3", {}, ["Relations"]));
    if (!ins.length && !outs.length) { out.appendChild(el("p", { "class": "muted" }, ["None."])); }
    if (ins.length) {
      out.appendChild(el("ul", { "class": "rels", id: "panel-in" }, ins.map(function (r) {
        return relationItem(r, id, true);
      })));
    }
    if (outs.length) {
      out.appendChild(el("ul", { "class": "rels", id: "panel-out" }, outs.map(function (r) {
        return relationItem(r, id, false);
      })));
    }
    out.appendChild(el("h3", {}, ["Gaps"]));
    if (!data.rules.available) {
      out.appendChild(el("p", { "class": "muted" }, [data.rules.note || "Gap checks are not available."]));
    } else if (veiled) {
      out.appendChild(el("p", { "class": "muted" }, ["Shown once the evidence is revealed."]));
    } else if (n.gaps.length) {
      var gl = gapList(n.gaps);
      gl.id = "panel-gaps";
      out.appendChild(gl);
    } else {
      out.appendChild(el("p", { "class": "muted" }, ["No gaps found for this node."]));
    }
  }

  function showAbout() {
    var out = clear(panelBody);
    out.appendChild(el("h2", { id: "panel-heading", tabindex: "-1" }, [data.title]));
    if (data.description) { out.appendChild(el("p", { "class": "text" }, [data.description])); }
    var meta = [];
    if (data.authors.length) { meta.push("Mapped by " + data.authors.join(", ")); }
    if (data.created) { meta.push("created " + data.created); }
    meta.push(plural(Object.keys(data.nodes).length, "node") + ", " + plural(data.relations.length, "relation"));
    out.appendChild(el("p", { "class": "muted" }, [meta.join("; ") + "."]));
    if (data.sources.length) {
      out.appendChild(el("h3", {}, ["Sources"]));
      out.appendChild(el("ul", { "class": "sources" }, data.sources.map(sourceItem)));
    }
    out.appendChild(el("h3", {}, ["Gaps in the whole map"]));
    if (!data.rules.available) {
      out.appendChild(el("p", { "class": "muted" }, [data.rules.note || "Gap checks are not available."]));
    } else if (data.rules.general.length) {
      out.appendChild(gapList(data.rules.general));
    } else {
      out.appendChild(el("p", { "class": "muted" }, ["None beyond those shown on nodes."]));
    }
    out.appendChild(el("h3", {}, ["Keys"]));
    out.appendChild(el("p", { "class": "muted" }, [
      "Tab moves through the nodes, Enter opens one, Escape closes this panel. " +
      "+ and − zoom, 0 fits the map, arrow keys pan; drag to pan, scroll to zoom."
    ]));
  }

  function openPanel(render, opener) {
    render();
    panel.hidden = false;
    returnFocus = opener || null;
    var heading = document.getElementById("panel-heading");
    if (heading) { heading.focus({ preventScroll: true }); }
  }

  function openNode(id, opener) {
    if (!data.nodes[id]) { return; }
    if (current && nodeEls[current]) { nodeEls[current].classList.remove("selected"); }
    current = id;
    if (nodeEls[id]) {
      nodeEls[id].classList.add("selected");
      ensureVisible(nodeEls[id]);
    }
    openPanel(function () { showNode(id); }, opener || nodeEls[id]);
  }

  function closePanel() {
    if (panel.hidden) { return; }
    panel.hidden = true;
    if (current && nodeEls[current]) { nodeEls[current].classList.remove("selected"); }
    current = null;
    var target = returnFocus;
    returnFocus = null;
    if (target && target.isConnected && !target.classList.contains("is-hidden")) { target.focus(); }
  }

  panelBody.addEventListener("click", function (e) {
    var t = e.target.closest("[data-goto]");
    if (t) { openNode(t.getAttribute("data-goto"), returnFocus); return; }
    if (e.target.id === "reveal-one" && current) {
      var id = current;
      reveal(id);
      openNode(id, returnFocus);
    }
  });
  document.getElementById("panel-close").addEventListener("click", closePanel);
  document.getElementById("about").addEventListener("click", function (e) {
    if (current && nodeEls[current]) { nodeEls[current].classList.remove("selected"); }
    current = null;
    openPanel(showAbout, e.currentTarget);
  });

  // ------------------------------------------------------------------ choosing nodes

  var suppressClick = false;
  svg.addEventListener("click", function (e) {
    if (suppressClick) { suppressClick = false; return; }
    var g = e.target.closest("g.argmap-node[data-id]");
    if (g) { openNode(g.getAttribute("data-id"), g); }
  });
  svg.addEventListener("keydown", function (e) {
    var g = e.target.closest && e.target.closest("g.argmap-node[data-id]");
    if (g && (e.key === "Enter" || e.key === " ")) {
      e.preventDefault();
      openNode(g.getAttribute("data-id"), g);
    }
  });

  // ------------------------------------------------------------------ search

  function searchText(n) {
    if (isVeiled(n.id)) { return n.id.toLowerCase(); }
    var parts = [n.id, n.label, n.text, n.note || ""].concat(n.tags);
    n.fields.forEach(function (f) { parts = parts.concat(f.value); });
    if (n.anchor) { parts.push(n.anchor.exact); }
    n.sources.forEach(function (s) { if (!s.missing) { parts.push(s.citation); } });
    return parts.join("\n").toLowerCase();
  }

  function runSearch() {
    var q = search.value.trim().toLowerCase();
    var words = q ? q.split(/\s+/) : [];
    var hits = [];
    Object.keys(nodeEls).forEach(function (id) {
      var g = nodeEls[id];
      var text = words.length ? searchText(data.nodes[id]) : "";
      var hit = words.length > 0 && words.every(function (w) { return text.indexOf(w) !== -1; });
      g.classList.toggle("search-hit", hit);
      if (hit && !g.classList.contains("is-hidden")) { hits.push(id); }
    });
    body.classList.toggle("searching", words.length > 0);
    searchCount.textContent = !words.length ? "" : hits.length === 0 ? "no match"
      : hits.length === 1 ? "1 match" : hits.length + " matches";
    return hits;
  }

  search.addEventListener("input", runSearch);
  search.addEventListener("keydown", function (e) {
    if (e.key === "Enter") {
      var hits = runSearch();
      if (hits.length) {
        e.preventDefault();
        nodeEls[hits[0]].focus({ preventScroll: true });
        openNode(hits[0], nodeEls[hits[0]]);
      }
    }
  });

  // ------------------------------------------------------------------ toggles: evidence, attacks, gaps, status

  function applyVisibility() {
    var hideEvidence = !toggles.evidence.checked;
    var hideAttacks = !toggles.attacks.checked;
    var hiddenNode = table();
    var hiddenRel = table();
    Object.keys(data.nodes).forEach(function (id) {
      if (hideEvidence && data.nodes[id].kind === "evidence") { hiddenNode[id] = true; }
    });
    // A relation goes when its kind is hidden or its ends are; a node goes when everything it
    // bears on is gone (an attacker with its own supporters vanishes with the attack).
    var changed = true;
    while (changed) {
      changed = false;
      data.relations.forEach(function (r) {
        if (hiddenRel[r.id]) { return; }
        var hide = (hideAttacks && r.kind !== "supports") ||
          hiddenNode[r.target.id] || hiddenRel[r.target.id] ||
          r.premises.every(function (p) { return hiddenNode[p.id]; });
        if (hide) { hiddenRel[r.id] = true; changed = true; }
      });
      Object.keys(data.nodes).forEach(function (id) {
        var n = data.nodes[id];
        if (hiddenNode[id] || n.kind === "thesis" || !n.outgoing.length) { return; }
        if (n.outgoing.every(function (rid) { return hiddenRel[rid]; })) { hiddenNode[id] = true; changed = true; }
      });
    }
    Object.keys(nodeEls).forEach(function (id) { nodeEls[id].classList.toggle("is-hidden", Boolean(hiddenNode[id])); });
    relEls.forEach(function (g) {
      var rid = g.getAttribute("data-rel");
      var from = g.getAttribute("data-from");
      var to = g.getAttribute("data-to");
      var hide = Boolean((rid && hiddenRel[rid]) || (from && hiddenNode[from]) || (to && hiddenNode[to]));
      g.classList.toggle("is-hidden", hide);
    });
    runSearch();
  }

  toggles.evidence.addEventListener("change", applyVisibility);
  toggles.attacks.addEventListener("change", applyVisibility);
  toggles.gaps.addEventListener("change", function () { body.classList.toggle("hide-gaps", !toggles.gaps.checked); });
  var legend = document.getElementById("status-legend");
  if (!data.statuses) {
    toggles.status.disabled = true;
    toggles.status.parentNode.title = "Acceptability is not computed by this build of argmap.";
  }
  toggles.status.addEventListener("change", function () {
    body.classList.toggle("show-status", toggles.status.checked);
    legend.hidden = !toggles.status.checked;
  });
  document.getElementById("status-note").textContent =
    "Grounded semantics: a node holds when every attack on it is defeated.";
  if (!data.rules.available) {
    toggles.gaps.disabled = true;
    toggles.gaps.parentNode.title = data.rules.note || "Gap checks are not available.";
  }

  // ------------------------------------------------------------------ zoom and pan (the SVG viewBox)

  var base = svg.viewBox.baseVal;
  var home = { x: base.x, y: base.y, w: base.width, h: base.height };
  var vb = { x: home.x, y: home.y, w: home.w, h: home.h };

  function setViewBox() { svg.setAttribute("viewBox", [vb.x, vb.y, vb.w, vb.h].join(" ")); }

  // The zoom the person chose is kept when the drawing's room changes (a bar, a list or the editor
  // opening or closing): the same drawing units per screen pixel, the same top-left corner.
  var room = null;
  function keepZoom() {
    var r = viewport.getBoundingClientRect();
    if (!r.width || !r.height) { return; }
    if (room && (room.w !== r.width || room.h !== r.height)) {
      var unit = Math.max(vb.w / room.w, vb.h / room.h);
      vb.w = unit * r.width;
      vb.h = unit * r.height;
      setViewBox();
    }
    room = { w: r.width, h: r.height };
  }
  if (window.ResizeObserver) { new ResizeObserver(keepZoom).observe(viewport); }

  function toSvg(clientX, clientY) {
    var pt = svg.createSVGPoint();
    pt.x = clientX;
    pt.y = clientY;
    return pt.matrixTransform(svg.getScreenCTM().inverse());
  }

  function zoomAt(factor, p) {
    var w = Math.min(Math.max(vb.w / factor, home.w / 40), home.w * 4);
    var k = w / vb.w;
    vb.x = p.x - (p.x - vb.x) * k;
    vb.y = p.y - (p.y - vb.y) * k;
    vb.w = w;
    vb.h = vb.h * k;
    setViewBox();
  }

  function zoomCentre(factor) { zoomAt(factor, { x: vb.x + vb.w / 2, y: vb.y + vb.h / 2 }); }

  function fit() {
    vb = { x: home.x, y: home.y, w: home.w, h: home.h };
    setViewBox();
  }

  function ensureVisible(g) {
    var r = g.getBoundingClientRect();
    var v = viewport.getBoundingClientRect();
    if (!r.width && !r.height) { return; } // not drawn (hidden by a toggle)
    if (r.left >= v.left && r.right <= v.right && r.top >= v.top && r.bottom <= v.bottom) { return; }
    var c = toSvg(r.left + r.width / 2, r.top + r.height / 2);
    vb.x = c.x - vb.w / 2;
    vb.y = c.y - vb.h / 2;
    setViewBox();
  }

  document.getElementById("zoom-in").addEventListener("click", function () { zoomCentre(1.25); });
  document.getElementById("zoom-out").addEventListener("click", function () { zoomCentre(0.8); });
  document.getElementById("zoom-fit").addEventListener("click", fit);
  viewport.addEventListener("wheel", function (e) {
    e.preventDefault();
    zoomAt(Math.exp(-e.deltaY * 0.0015), toSvg(e.clientX, e.clientY));
  }, { passive: false });

  var drag = null;
  viewport.addEventListener("pointerdown", function (e) {
    if (e.button !== 0) { return; }
    drag = { id: e.pointerId, x: e.clientX, y: e.clientY, vx: vb.x, vy: vb.y, moving: false };
  });
  viewport.addEventListener("pointermove", function (e) {
    if (!drag || e.pointerId !== drag.id) { return; }
    var dx = e.clientX - drag.x;
    var dy = e.clientY - drag.y;
    if (!drag.moving && Math.abs(dx) + Math.abs(dy) < 5) { return; }
    if (!drag.moving) {
      drag.moving = true;
      viewport.setPointerCapture(e.pointerId);
      viewport.classList.add("dragging");
    }
    var rect = svg.getBoundingClientRect();
    var unit = Math.max(vb.w / rect.width, vb.h / rect.height);
    vb.x = drag.vx - dx * unit;
    vb.y = drag.vy - dy * unit;
    setViewBox();
  });
  function endDrag(e) {
    if (!drag || e.pointerId !== drag.id) { return; }
    if (drag.moving) {
      suppressClick = true;
      window.setTimeout(function () { suppressClick = false; }, 0);
      viewport.classList.remove("dragging");
    }
    drag = null;
  }
  viewport.addEventListener("pointerup", endDrag);
  viewport.addEventListener("pointercancel", endDrag);

  var PAN = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") {
      if (!panel.hidden) { e.preventDefault(); closePanel(); return; }
      if (document.activeElement === search && search.value) { search.value = ""; runSearch(); }
      return;
    }
    var t = e.target;
    if (e.ctrlKey || e.metaKey || e.altKey || (t && /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) { return; }
    if (e.key === "+" || e.key === "=") { zoomCentre(1.25); e.preventDefault(); }
    else if (e.key === "-" || e.key === "_") { zoomCentre(0.8); e.preventDefault(); }
    else if (e.key === "0") { fit(); e.preventDefault(); }
    else if (PAN[e.key]) {
      vb.x += PAN[e.key][0] * vb.w * 0.1;
      vb.y += PAN[e.key][1] * vb.h * 0.1;
      setViewBox();
      e.preventDefault();
    }
  });

  // ------------------------------------------------------------------ exercise: reveal, answers, download

  if (data.exercise) {
    document.getElementById("reveal-all").addEventListener("click", function () {
      Object.keys(data.nodes).forEach(function (id) {
        if (data.nodes[id].kind === "evidence") { reveal(id); }
      });
      if (current) { showNode(current); }
    });
    document.getElementById("download").addEventListener("click", function () {
      var blob = new Blob([JSON.stringify(answeredMap(), null, 2) + "\n"], { type: "application/json" });
      var a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = data.download_name;
      document.body.appendChild(a);
      a.click();
      window.setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    });
    countAnswers();
  }

  function countAnswers() {
    var out = document.getElementById("answer-count");
    if (!out) { return; }
    var total = 0;
    var done = 0;
    Object.keys(data.nodes).forEach(function (id) {
      if (data.nodes[id].kind !== "evidence") { return; }
      total += 1;
      if ((answers[id] || "").trim()) { done += 1; }
    });
    out.textContent = done + " of " + total + " answered";
  }

  // The student's map: the given structure, each evidence node the student answered with the
  // student's words (and quotation), unanswered evidence left out with the links it took part in,
  // so that nothing of the key is handed back as the student's work.
  function answeredMap() {
    var m = JSON.parse(JSON.stringify(data.map));
    m.nodes = (m.nodes || []).filter(function (n) {
      if (n.kind !== "evidence") { return true; }
      var text = (answers[n.id] || "").trim();
      if (!text) { return false; }
      n.text = text;
      var quote = (quotes[n.id] || "").trim();
      if (quote) { n.anchor = { exact: quote }; } else { delete n.anchor; }
      return true;
    });
    var nodeIds = table();
    m.nodes.forEach(function (n) { nodeIds[n.id] = true; });
    var rels = m.relations || [];
    var before = -1;
    while (before !== rels.length) {
      before = rels.length;
      var relIds = table();
      rels.forEach(function (r) { relIds[r.id] = true; });
      rels = rels.filter(function (r) {
        var from = (Array.isArray(r.from) ? r.from : [r.from]).filter(function (p) { return nodeIds[p]; });
        r.from = from;
        return from.length > 0 && (r.kind === "undercuts" ? relIds[r.to] : nodeIds[r.to]);
      });
    }
    m.relations = rels;
    var name = document.getElementById("student-name").value.trim();
    if (name) { m.authors = [name]; }
    return m;
  }

  // ------------------------------------------------------------------ opening zoom

  // Fitting a big map into the window makes its words unreadably small. When the fitted drawing
  // would be drawn at less than READABLE of its size, open instead at 100 % with the thesis at the
  // top centre (the Fit button and 0 still show the whole map).
  var READABLE = 0.75;
  function readableStart() {
    var r = viewport.getBoundingClientRect();
    if (!r.width || !r.height || Math.min(r.width / home.w, r.height / home.h) >= READABLE) { return; }
    var w = Math.min(home.w, r.width);
    var h = w * r.height / r.width;
    var x = home.x + (home.w - w) / 2;
    var y = home.y;
    var thesis = svg.querySelector("g.argmap-node.kind-thesis");
    if (thesis) {
      var t = thesis.getBoundingClientRect();
      var c = toSvg(t.left + t.width / 2, t.top);
      x = c.x - w / 2;
      y = Math.max(home.y, c.y - 16);
    }
    vb = { x: x, y: y, w: w, h: h };
    setViewBox();
  }

  // ------------------------------------------------------------------ live preview (argmap serve)

  // The server sends an event on every change of the map; the page fetches the new page and
  // redraws the diagram in place: the same zoom, the same node selected, the same search.
  function remount(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var fresh = doc.getElementById("diagram");
    var freshData = doc.getElementById("argmap-data");
    if (!fresh || !freshData) { return; }
    data = JSON.parse(freshData.textContent);
    relations = {};
    data.relations.forEach(function (r) { relations[r.id] = r; });
    svg.replaceChildren.apply(svg, Array.prototype.map.call(fresh.childNodes, function (c) {
      return document.importNode(c, true);
    }));
    var box = fresh.getAttribute("viewBox").split(/\s+/).map(Number);
    home = { x: box[0], y: box[1], w: box[2], h: box[3] };
    setViewBox();
    nodeEls = {};
    svg.querySelectorAll("g.argmap-node[data-id]").forEach(function (g) {
      nodeEls[g.getAttribute("data-id")] = g;
    });
    relEls = Array.prototype.slice.call(svg.querySelectorAll("g[data-rel], g[data-from], g[data-to]"));
    addMarkers();
    applyVisibility();
    runSearch();
    if (current && data.nodes[current]) {
      if (nodeEls[current]) { nodeEls[current].classList.add("selected"); }
      showNode(current);
    } else if (current) {
      closePanel();
    }
  }

  function showLive(state) {
    var line = document.getElementById("live-state");
    var errors = document.getElementById("live-errors");
    var findings = document.getElementById("live-findings");
    var summary = document.getElementById("live-summary");
    clear(errors);
    clear(findings);
    state.errors.forEach(function (e) { errors.appendChild(el("li", { "class": "live-error" }, [e])); });
    state.findings.forEach(function (f) {
      var where = f.line ? "line " + f.line + (f.column ? ":" + f.column : "") : "";
      findings.appendChild(el("li", { "class": "finding severity-" + f.severity }, [
        el("span", { "class": "where" }, [where]), " ", el("code", {}, [f.code]), " " + f.message
      ]));
    });
    body.classList.toggle("live-broken", !state.ok);
    line.textContent = state.ok
      ? "live: " + state.map + ", redrawn " + new Date().toLocaleTimeString()
      : "live: " + state.map + " does not validate; showing the last good drawing";
    summary.textContent = state.ok
      ? plural(state.findings.length, "finding")
      : plural(state.errors.length, "error") + " (" + plural(state.findings.length, "finding") + ")";
    var details = document.getElementById("live-details");
    if (!state.ok && !details.open) { details.open = true; details.setAttribute("data-auto", "1"); }
    if (state.ok && details.getAttribute("data-auto")) { details.open = false; details.removeAttribute("data-auto"); }
    // The editor (editor.js) takes up a new revision of the file from here.
    document.dispatchEvent(new CustomEvent("argmap:state", { detail: state }));
  }

  function followServer() {
    var shown = -1;
    var busy = false;
    var again = false;
    function update() {
      if (busy) { again = true; return; }
      busy = true;
      fetch("/state", { cache: "no-store" }).then(function (r) { return r.json(); }).then(function (state) {
        showLive(state);
        if (!state.ok || shown === state.version) { return null; }
        var first = shown === -1;
        shown = state.version;
        if (first) { return null; } // the page as loaded is this version's drawing
        return fetch("/", { cache: "no-store" }).then(function (r) { return r.text(); }).then(remount);
      }).catch(function () {
        document.getElementById("live-state").textContent = "live: the server does not answer (stopped?)";
      }).then(function () {
        busy = false;
        if (again) { again = false; update(); }
      });
    }
    var events = new EventSource("/events");
    events.addEventListener("change", update);
    events.onerror = function () {
      document.getElementById("live-state").textContent = "live: reconnecting to the server…";
    };
  }

  addMarkers();
  applyVisibility();
  readableStart();
  keepZoom();
  if (body.classList.contains("live")) { followServer(); }
  body.classList.add("ready");
})();
