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

__all__ = ["worksheet_page"]

_SCRIPT = """
document.getElementById('download').addEventListener('click', function () {
  var name = (document.getElementById('name').value || 'student').trim().toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'student';
  var box = document.getElementById('answers');
  var ext = box.getAttribute('data-ext');
  var blob = new Blob([box.value], {type: 'text/plain'});
  var a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = 'answers-' + name + '.' + ext;
  document.body.appendChild(a); a.click(); a.remove();
});
"""

_STYLE = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;line-height:1.45}
code{background:#f2f2f2;padding:0 .2em}
.diagram{overflow:auto;border:1px solid #ccc;margin:1rem 0}
.diagram svg{max-width:100%;height:auto}
textarea{width:100%;min-height:20rem;font-family:monospace}
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


def worksheet_page(markdown: str, svg: bytes | None, blank_sheet: str, sheet_name: str) -> str:
    """The page (see the module docstring)."""
    ext = sheet_name.rsplit(".", 1)[-1]
    digest = base64.b64encode(hashlib.sha256(_SCRIPT.encode()).digest()).decode()
    csp = f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{digest}'"
    title = next((line[2:] for line in markdown.splitlines() if line.startswith("# ")), "Worksheet")
    diagram = ""
    if svg:
        text = svg.decode("utf-8", "replace")
        text = re.sub(r"<\?xml[^>]*>|<!DOCTYPE[^>]*>", "", text)
        diagram = f'<div class="diagram">{text}</div>'
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        f"<title>{html.escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"{_markdown(markdown)}\n{diagram}\n"
        "<h2>Your answers</h2>\n"
        '<p><label>Your name: <input id="name" autocomplete="name"></label></p>\n'
        f'<textarea id="answers" data-ext="{html.escape(ext)}" spellcheck="false">'
        f"{html.escape(blank_sheet)}</textarea>\n"
        '<p><button id="download" type="button">Download answers</button> '
        "and hand the file in.</p>\n"
        f"<script>{_SCRIPT}</script>\n</body>\n</html>\n"
    )
