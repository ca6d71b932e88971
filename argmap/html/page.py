"""Map -> one self-contained interactive HTML page.

The page holds the diagram as inline SVG, the map's data as JSON in a ``<script type="application/json">``
block, and its own script and style (``page.js``, ``page.css``, shipped beside this module). Nothing is
loaded from anywhere: a Content-Security-Policy meta tag forbids every remote load and allows only the
page's own inline script and style, by their SHA-256 hashes.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources

from argmap.diagnostics import Diagnostic
from argmap.graph import MapGraph
from argmap.html.data import Gaps, aria_label, collect_gaps, collect_statuses, json_for_script, page_data
from argmap.html.svg import prepare_svg
from argmap.model import ArgMap

__all__ = ["content_security_policy", "diagram_svg", "page_html", "render_html"]


@cache
def _asset(name: str) -> str:
    return resources.files("argmap.html").joinpath(name).read_text(encoding="utf-8")


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def content_security_policy(script: str, style: str, *, live: bool = False) -> str:
    """No remote loads at all; only this page's inline script and style, pinned by hash. A live page
    (``argmap serve``) may also fetch from the server it came from."""
    return "; ".join(
        [
            "default-src 'none'",
            *(["connect-src 'self'"] if live else []),
            f"script-src '{_sha256(script)}'",
            f"style-src '{_sha256(style)}'",
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )


def diagram_svg(m: ArgMap, *, theme: str = "color", direction: str = "BT", graph: MapGraph | None = None) -> str:
    """The whole map laid out by Graphviz (system ``dot`` or graphviz-pure), as SVG text."""
    from argmap.view.build import build_view
    from argmap.view.dot import to_dot
    from argmap.view.layout import layout

    view = build_view(m, graph=graph)
    return layout(to_dot(view, theme=theme, direction=direction), "svg").decode("utf-8")


def _slug(text: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return slug[:60].rstrip("-") or "map"


def page_html(
    m: ArgMap,
    svg: str,
    *,
    exercise: bool = False,
    title: str | None = None,
    theme: str = "color",
    gaps: Gaps | None = None,
    statuses: Mapping[str, Mapping[str, str | None]] | None = None,
    graph: MapGraph | None = None,
    live: bool = False,
    editor: bool = False,
) -> str:
    """Assemble the page around an already rendered SVG diagram (pure: no layout engine, no rules).

    ``live``: served by ``argmap serve``, the page follows the server's changes (see page.js).
    ``editor``: with it, the reading pane and the editing tools, talking to the server's API (editor.js)."""
    graph = graph or MapGraph(m)
    page_title = title or m.title
    veiled = {n.id for n in graph.evidence} if exercise else set()
    classes: dict[str, list[str]] = {}
    for node_id in graph.nodes:
        extra = []
        status = (statuses or {}).get(node_id)
        if status and status.get("status"):
            extra.append(f"status-{status['status']}")
        if node_id in veiled:
            extra.append("veiled")
        classes[node_id] = extra

    def label(node_id: str) -> str | None:
        node = graph.nodes.get(node_id)
        return aria_label(node, veiled=node_id in veiled) if node is not None else None

    # A warrant on a link from hidden evidence would give the evidence away: veil it too.
    veiled_relations = {r.id: ["veiled"] for r in m.relations if veiled.intersection(r.premises)}
    inline_svg = prepare_svg(
        svg,
        label=label,
        node_classes=classes,
        relation_classes=veiled_relations,
        title=f"Argument map: {page_title}",
    )
    data = page_data(
        m,
        graph=graph,
        gaps=gaps,
        statuses=statuses,
        exercise=exercise,
        download_name=f"{_slug(m.title)}.answers.json",
    )
    return _assemble(page_title, theme, inline_svg, data, exercise=exercise, live=live, editor=editor)


def _assemble(page_title: str, theme: str, svg: str, data: object, *, exercise: bool, live: bool, editor: bool) -> str:
    """The page's markup around its parts: the script and style pinned by hash, the bars each mode has."""
    script, style = _asset("page.js"), _asset("page.css")
    if editor:
        script, style = script + "\n" + _asset("editor.js"), style + "\n" + _asset("editor.css")
    body_class = f"theme-{_slug(theme)}" + (" exercise" if exercise else "") + (" live" if live else "")
    body_class += " editing" if editor else ""
    return _TEMPLATE.format(
        csp=html.escape(content_security_policy(script, style, live=live), quote=True),
        live_bar=_LIVE_BAR if live else "",
        title=html.escape(page_title),
        style=style,
        body_class=body_class,
        heading=html.escape(page_title),
        exercise_tools=_EXERCISE_TOOLS if exercise else "",
        editor_side=_EDITOR_SIDE if editor else "",
        svg=svg,
        data=json_for_script(data),
        script=script,
    )


def render_html(
    m: ArgMap,
    *,
    theme: str = "color",
    direction: str = "BT",
    exercise: bool = False,
    title: str | None = None,
    diagnostics: Sequence[Diagnostic] | None = None,
    live: bool = False,
    editor: bool = False,
) -> str:
    """One self-contained interactive HTML page for ``m``.

    Args:
        m: A validated map.
        theme: Diagram colour theme (see :mod:`argmap.view.themes`).
        direction: Where arrows point: BT (thesis on top), TB, LR or RL.
        exercise: Hide evidence until the student reveals it; let the student type answers and
            download them as a map file.
        title: Page title; default: the map's title.
        diagnostics: Gap findings to show; default: run the rule engine (when this build has one).
        live: For ``argmap serve``: follow the server's changes, redrawing in place.
        editor: For ``argmap serve``: the reading pane and the editing tools (needs ``live``).
    """
    graph = MapGraph(m)
    gaps = Gaps(diagnostics, True) if diagnostics is not None else collect_gaps(m, graph)
    svg = diagram_svg(m, theme=theme, direction=direction, graph=graph)
    statuses = collect_statuses(m)
    return page_html(
        m,
        svg,
        exercise=exercise,
        title=title,
        theme=theme,
        gaps=gaps,
        statuses=statuses,
        graph=graph,
        live=live,
        editor=editor and live,
    )


# The skeleton holds no map data: the title is escaped above, everything else comes from the JSON
# block and is put into the document by page.js with textContent.
_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{title}</title>
<style>{style}</style>
</head>
<body class="{body_class}">
<header class="bar">
<h1 id="map-title">{heading}</h1>
<div class="tools" role="toolbar" aria-label="Diagram tools">
<label class="search"><span class="sr-only">Search nodes</span>
<input id="search" type="search" placeholder="Search nodes…" autocomplete="off"
 aria-describedby="search-count">
</label>
<output id="search-count" aria-live="polite"></output>
<label><input type="checkbox" id="show-evidence" checked> Evidence</label>
<label><input type="checkbox" id="show-attacks" checked> Attacks</label>
<label><input type="checkbox" id="show-gaps" checked> Gap markers</label>
<label><input type="checkbox" id="show-status"> Standing</label>
<span class="zoom" role="group" aria-label="Zoom">
<button type="button" id="zoom-out" title="Zoom out (-)" aria-label="Zoom out">−</button>
<button type="button" id="zoom-in" title="Zoom in (+)" aria-label="Zoom in">+</button>
<button type="button" id="zoom-fit" title="Fit the whole map (0)">Fit</button>
</span>
<button type="button" id="about">About this map</button>
{exercise_tools}</div>
{live_bar}<div id="status-legend" class="legend" hidden>
<span class="chip status-accepted">stands</span>
<span class="chip status-rejected">defeated</span>
<span class="chip status-undecided">undecided</span>
<span id="status-note"></span>
</div>
</header>
<main>
{editor_side}<div id="viewport" class="viewport">
{svg}
</div>
<aside id="panel" class="panel" hidden aria-labelledby="panel-heading">
<button type="button" id="panel-close" class="close" aria-label="Close details (Escape)">×</button>
<div id="panel-body"></div>
</aside>
</main>
<script type="application/json" id="argmap-data">{data}</script>
<script>{script}</script>
</body>
</html>
"""

_EXERCISE_TOOLS = """<span class="exercise-tools" role="group" aria-label="Exercise">
<button type="button" id="reveal-all">Reveal all evidence</button>
<label>Your name <input id="student-name" type="text" maxlength="200" autocomplete="name"></label>
<button type="button" id="download">Download answers</button>
<output id="answer-count" aria-live="polite"></output>
</span>
"""

_LIVE_BAR = """<div id="live" class="live-bar" role="status" aria-live="polite">
<span id="live-state">live preview: connecting…</span>
<details id="live-details"><summary id="live-summary">findings</summary>
<ul id="live-errors"></ul>
<ul id="live-findings"></ul>
</details>
</div>
"""

# The editor's side column (argmap serve): the source text to select passages in, the form of the node
# being added or edited, the links, undo and redo, and every node with its findings. editor.js fills it.
_EDITOR_SIDE = """<section id="editor" class="editor" aria-label="Editor">
<div class="editor-tools" role="toolbar" aria-label="Edit">
<button type="button" id="ed-undo" disabled aria-keyshortcuts="Control+Z">Undo</button>
<button type="button" id="ed-redo" disabled aria-keyshortcuts="Control+Y">Redo</button>
<button type="button" id="ed-new-claim">New claim</button>
<output id="ed-status" role="status" aria-live="polite"></output>
</div>
<section id="reading" aria-labelledby="reading-heading">
<h2 id="reading-heading">Source text</h2>
<label for="ed-source">Source</label> <select id="ed-source"></select>
<button type="button" id="ed-propose" aria-keyshortcuts="Alt+N">Node from selection</button>
<div id="source-text" class="source-text" tabindex="0" contenteditable="true" spellcheck="false"
 role="textbox" aria-multiline="true" aria-readonly="true"
 aria-label="Source text: select words (Shift and the arrow keys), then Node from selection (Alt+N)"></div>
</section>
<form id="node-form" aria-labelledby="form-heading" hidden>
<h2 id="form-heading">Node</h2>
<div id="form-fields"></div>
<div class="form-buttons">
<button type="submit" id="ed-save">Save</button>
<button type="button" id="ed-delete">Delete</button>
<button type="button" id="ed-cancel">Cancel</button>
</div>
</form>
<form id="link-form" aria-labelledby="link-heading" hidden>
<h2 id="link-heading">Link</h2>
<div id="link-fields"></div>
<button type="submit" id="ed-link">Add link</button>
</form>
<section aria-labelledby="list-heading">
<h2 id="list-heading">Nodes and findings</h2>
<ul id="node-list" class="node-list"></ul>
</section>
</section>
"""
