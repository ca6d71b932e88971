"""worksheet.html: the student's page of one kind of exercise, holding nothing of the key.

The page is built from what the student may see anyway (worksheet.md, the worksheet diagram, the
blank answer sheet): no map data, no ids of hidden nodes, no gap findings. The student writes the
answers in a text box and downloads them as ``answers-NAME.<ext>``, named after the student.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from typing import Any

from argmap.exercises.page_starter import STARTER_SCRIPT, STARTER_STYLE

__all__ = ["worksheet_page"]

_SCRIPT = """
(function () {
  var box = document.getElementById('answers');
  var nameBox = document.getElementById('name');
  var holder = document.getElementById('form');
  var data = holder ? JSON.parse(holder.getAttribute('data-form')) : null;
  function one(s) { return String(s || '').split(/\\s+/).join(' ').trim(); }
  function q(s) { return JSON.stringify(one(s)); }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function select(cls, label, options) {
    var s = el('select', {'class': cls, 'aria-label': label});
    s.appendChild(el('option', {value: ''}, '(choose)'));
    options.forEach(function (o) {
      var parent = s;
      if (o.group) {
        parent = Array.prototype.find.call(s.children, function (g) { return g.label === o.group; });
        if (!parent) { parent = el('optgroup', {label: o.group}); s.appendChild(parent); }
      }
      parent.appendChild(el('option', {value: o.value}, o.text));
    });
    return s;
  }
  function head() {
    return data.head.map(function (line) {
      if (line === 'name: ""') return 'name: ' + q(nameBox.value);
      if (/^# name: ?$/.test(line)) return ('# name: ' + one(nameBox.value)).trim();
      return line;
    });
  }
  var picked = '';  // the words last selected in the text (a click on a button may clear the selection)
  document.addEventListener('selectionchange', function () {
    var sel = window.getSelection(); var text = document.getElementById('article');
    if (sel && text && sel.rangeCount && text.contains(sel.anchorNode) && one(sel.toString())) {
      picked = one(sel.toString());
    }
  });
  function fillForm() {
    var types = {};
    data.types.forEach(function (t) { types[t.type] = t.fields; });
    data.blanks.forEach(function (b) {
      var f = el('fieldset', {'class': 'blank', 'data-blank': b.id});
      f.appendChild(el('legend', {}, b.id + ': ' + b.bears));
      var ev = el('textarea', {'class': 'evidence', rows: '2', 'aria-label': b.id + ' evidence in your words'});
      f.appendChild(el('label', {}, 'The evidence, in your words')); f.appendChild(ev);
      var type = select('type', b.id + ' type', data.types.map(function (t) { return {value: t.type, text: t.type}; }));
      var row = el('p', {}); row.appendChild(el('label', {}, 'Its type ')); row.appendChild(type); f.appendChild(row);
      var facts = el('div', {'class': 'facts'}); f.appendChild(facts);
      type.addEventListener('change', function () {
        facts.textContent = '';
        (types[type.value] || []).forEach(function (name) {
          var p = el('p', {}); p.appendChild(el('label', {}, name + ' '));
          p.appendChild(el('input', {'class': 'fact', 'data-field': name, 'aria-label': b.id + ' ' + name}));
          facts.appendChild(p);
        });
      });
      var quote = el('input', {'class': 'quote', 'aria-label': b.id + ' words of the text', size: '60'});
      var take = el('button', {type: 'button', 'class': 'take'}, 'Use the words selected in the text');
      take.addEventListener('click', function () {
        if (picked) { quote.value = picked; update(); }
      });
      var qrow = el('p', {}); qrow.appendChild(el('label', {}, 'Words of the text ')); qrow.appendChild(quote);
      qrow.appendChild(take); f.appendChild(qrow);
      holder.appendChild(f);
    });
    return function () {
      var out = head(); out.push('answers:');
      holder.querySelectorAll('fieldset.blank').forEach(function (f) {
        var facts = [];
        f.querySelectorAll('input.fact').forEach(function (i) {
          if (one(i.value)) facts.push(i.getAttribute('data-field') + ': ' + one(i.value));
        });
        var ev = one(f.querySelector('.evidence').value);
        if (facts.length) ev = one(ev + ' (' + facts.join('; ') + ')');
        out.push('  ' + f.getAttribute('data-blank') + ':');
        out.push('    evidence: ' + q(ev));
        out.push('    type: ' + q(f.querySelector('.type').value));
        out.push('    quote: ' + q(f.querySelector('.quote').value));
      });
      return out.join('\\n') + '\\n';
    };
  }
  function pair(item) {
    var p = el('p', {'class': 'pair'});
    p.appendChild(select('target', item + ' bears on', data.targets.map(function (t) {
      return {value: t.id, text: t.id + ': ' + t.text.slice(0, 70)};
    })));
    p.appendChild(select('how', item + ' how', ['supports', 'attacks', 'undercuts'].map(function (k) {
      return {value: k, text: k};
    })));
    return p;
  }
  function matchForm() {
    data.items.forEach(function (it) {
      var f = el('fieldset', {'class': 'item', 'data-number': it.number});
      f.appendChild(el('legend', {}, it.number + '. ' + it.text));
      var pairs = el('div', {}); pairs.appendChild(pair(it.number)); f.appendChild(pairs);
      var more = el('button', {type: 'button', 'class': 'more'}, 'It bears on something else too');
      more.addEventListener('click', function () { pairs.appendChild(pair(it.number)); update(); });
      f.appendChild(more); holder.appendChild(f);
    });
    return function () {
      var out = head();
      holder.querySelectorAll('fieldset.item').forEach(function (f) {
        var n = f.getAttribute('data-number'); var any = false;
        f.querySelectorAll('p.pair').forEach(function (p) {
          var t = p.querySelector('.target').value;
          if (t) { out.push(n + ': ' + t + ' ' + (p.querySelector('.how').value || 'supports')); any = true; }
        });
        if (!any) out.push(n + ':');
      });
      return out.join('\\n') + '\\n';
    };
  }
  function gapRow() {
    var p = el('p', {'class': 'gap'});
    p.appendChild(select('id', 'what is weak', data.ids.map(function (i) {
      return {value: i.id, text: i.id, group: i.group};
    })));
    p.appendChild(select('weakness', 'the weakness', data.weaknesses.map(function (w) {
      return {value: w.code, text: w.text};
    })));
    p.appendChild(el('input', {'class': 'why', 'aria-label': 'why', placeholder: 'why, in your words', size: '50'}));
    return p;
  }
  function gapsForm() {
    var rows = el('div', {}); holder.appendChild(rows);
    for (var i = 0; i < 3; i++) rows.appendChild(gapRow());
    var more = el('button', {type: 'button', 'class': 'more'}, 'Another weakness');
    more.addEventListener('click', function () { rows.appendChild(gapRow()); update(); });
    holder.appendChild(more);
    return function () {
      var out = head();
      holder.querySelectorAll('p.gap').forEach(function (p) {
        var code = p.querySelector('.weakness').value;
        if (!code) return;
        var line = '- ' + code + (p.querySelector('.id').value ? ' ' + p.querySelector('.id').value : '');
        var why = one(p.querySelector('.why').value.replace(/#/g, ' '));
        out.push(why ? line + '  # ' + why : line);
      });
      return out.join('\\n') + '\\n';
    };
  }
  var build = null;
  if (data && data.kind === 'fill-evidence') build = fillForm();
  else if (data && data.kind === 'match') build = matchForm();
  else if (data && data.kind === 'find-gaps') build = gapsForm();
  function update() { if (build) box.value = build(); }
  if (build) {
    box.readOnly = true;
    holder.addEventListener('input', update);
    holder.addEventListener('change', update);
    nameBox.addEventListener('input', update);
    update();
  }
  document.getElementById('download').addEventListener('click', function () {
    update();
    var name = (nameBox.value || 'student').trim().toLowerCase()
      .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'student';
    var ext = box.getAttribute('data-ext');
    var blob = new Blob([box.value], {type: 'text/plain'});
    var a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = 'answers-' + name + '.' + ext;
    document.body.appendChild(a); a.click(); a.remove();
  });
})();
"""

_STYLE = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;line-height:1.45}
code{background:#f2f2f2;padding:0 .2em}
.diagram{overflow:auto;border:1px solid #ccc;margin:1rem 0}
.diagram svg{max-width:100%;height:auto}
textarea{width:100%;font-family:inherit}
#answers{min-height:12rem;font-family:monospace}
#article{white-space:pre-wrap;max-height:14rem;overflow:auto;border:1px solid #ccc;padding:.5rem;
position:sticky;top:0;background:#fff;z-index:1}
.facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr));gap:0 1rem}
.facts p{margin:.2rem 0}
fieldset{margin:.6rem 0;border:1px solid #bbb}
legend{font-weight:600}
select{max-width:28rem}
"""


def _inline(text: str) -> str:
    out = html.escape(text, quote=False)
    out = re.sub(r"`([^`]*)`", r"<code>\1</code>", out)
    out = re.sub(r"\*\*([^*]*)\*\*", r"<strong>\1</strong>", out)
    return re.sub(r"\\([\\`*_{}\[\]()#+\-.!|<>])", r"\1", out)


_BREAK = "\u2028"  # a Markdown hard break (two spaces at the end of a line), kept through escaping


def _markdown(md: str) -> str:
    """The worksheet's Markdown as HTML: headings, bullet lists, numbered items (their numbers kept:
    the answers refer to them), paragraphs joined across lines, indented code."""
    out: list[str] = []
    para: list[str] = []
    in_list = False

    def flush() -> None:
        if para:
            out.append(f"<p>{_inline(' '.join(para)).replace(_BREAK + ' ', '<br>')}</p>")
            para.clear()

    for raw in md.splitlines():
        line = raw.rstrip()
        bullet = re.match(r"^\s*- (.*)$", line)
        number = re.match(r"^(\d+)\. (.*)$", line)
        if in_list and not bullet:
            out.append("</ul>")
            in_list = False
        if not line.strip():
            flush()
            continue
        heading = re.match(r"^(#{1,3}) (.*)$", line)
        if heading:
            flush()
            n = len(heading.group(1))
            out.append(f"<h{n}>{_inline(heading.group(2))}</h{n}>")
        elif bullet:
            flush()
            if not in_list:
                out.append("<ul>")
                in_list = True
            out.append(f"<li>{_inline(bullet.group(1))}</li>")
        elif number:
            flush()
            para.append(f"**{number.group(1)}.** {number.group(2)}" + (_BREAK if raw.endswith("  ") else ""))
        elif line.startswith("    "):
            flush()
            out.append(f"<pre>{html.escape(line.strip())}</pre>")
        else:
            para.append(line.strip() + (_BREAK if raw.endswith("  ") else ""))
    flush()
    if in_list:
        out.append("</ul>")
    return "\n".join(out)


def _editor(form: dict[str, Any], article: str) -> str:
    """The starter's map editor (see :mod:`argmap.exercises.page_starter`): the article to select
    from, the nodes made, the links, all written as the map in the answer box below."""
    import json

    data = html.escape(json.dumps(form, ensure_ascii=False), quote=True)
    how = "".join(f'<option value="{k}">{k}</option>' for k in ("supports", "attacks", "undercuts"))
    return (
        "<h2>The text</h2>\n<p>Select the words where the author says a claim or gives evidence, then press "
        "<em>Make a node of the selected words</em>: say it in your own words, check its kind and type. "
        "Then link the nodes.</p>\n"
        f'<div id="article" tabindex="0" aria-label="the text">{html.escape(article)}</div>\n'
        f'<div id="editor" data-form="{data}">\n'
        '<p><button id="make" type="button">Make a node of the selected words</button> '
        "(with nothing selected: an empty node, to fill in by hand)</p>\n"
        '<h3>Your nodes</h3>\n<div id="nodes"></div>\n'
        '<h3>Links</h3>\n<p><label>From <select id="from"></select></label> '
        f'<label>how <select id="how">{how}</select></label> '
        '<label>to <select id="to"></select></label> '
        '<button id="link" type="button">Link</button></p>\n<p id="status" role="status"></p>\n'
        '<ul id="links"></ul>\n</div>\n'
        "<h3>The map you will save</h3>\n"
    )


def worksheet_page(
    markdown: str,
    svg: bytes | None,
    blank_sheet: str,
    sheet_name: str,
    *,
    form: dict[str, Any] | None = None,
    article: str | None = None,
) -> str:
    """The page (see the module docstring). With ``form`` (:func:`argmap.exercises.form.form_data`) the
    student answers in a form that writes the answer sheet below; ``article`` is shown to pick
    quotations from."""
    import json

    ext = sheet_name.rsplit(".", 1)[-1]
    editor = form is not None and form.get("kind") == "starter" and article is not None
    script = _SCRIPT + (STARTER_SCRIPT if editor else "")
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    csp = f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{digest}'"
    title = next((line[2:] for line in markdown.splitlines() if line.startswith("# ")), "Worksheet")
    diagram = ""
    if svg:
        text = svg.decode("utf-8", "replace")
        text = re.sub(r"<\?xml[^>]*>|<!DOCTYPE[^>]*>", "", text)
        diagram = f'<div class="diagram">{text}</div>'
    answers = ""
    if editor:
        answers += _editor(form or {}, article or "")
    elif form is not None:
        if article is not None and form.get("kind") == "fill-evidence":
            answers += (
                "<h2>The text</h2>\n<p>Select the words a piece of evidence stands on, then press "
                "<em>Use the words selected in the text</em> beside its blank.</p>\n"
                f'<div id="article">{html.escape(article)}</div>\n'
            )
        data = html.escape(json.dumps(form, ensure_ascii=False), quote=True)
        answers += f'<div id="form" data-form="{data}"></div>\n<h3>The answer sheet you will save</h3>\n'
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        f"<title>{html.escape(title)}</title>\n<style>{_STYLE}{STARTER_STYLE if editor else ''}</style>\n"
        "</head>\n<body>\n"
        f"{_markdown(markdown)}\n{diagram}\n"
        "<h2>Your answers</h2>\n"
        '<p><label>Your name: <input id="name" autocomplete="name"></label></p>\n'
        f"{answers}"
        f'<textarea id="answers" data-ext="{html.escape(ext)}" spellcheck="false">'
        f"{html.escape(blank_sheet)}</textarea>\n"
        '<p><button id="download" type="button">Download answers</button> '
        "and hand the file in.</p>\n"
        f"<script>{script}</script>\n</body>\n</html>\n"
    )
