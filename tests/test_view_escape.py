"""Label text is user data: it comes out literally and never breaks or injects into DOT, Mermaid, Markdown."""

from __future__ import annotations

import html
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.load import load_map
from argmap.model import ArgMap
from argmap.view.build import View, build_view
from argmap.view.dot import to_dot
from argmap.view.escape import dot_html, markdown_inline, mermaid_text
from argmap.view.markdown import export_markdown
from argmap.view.mermaid import to_mermaid

HOSTILE = Path(__file__).parent / "fixtures" / "view" / "hostile.yaml"
NASTY = [
    '"',
    "\\",
    "\\N",
    "<script>alert(1)</script>",
    "]]>",
    "-->",
    "#quot;",
    "{}[]()|`",
    "a\nb\r\nc\td",
    "%%",
    "end",
    "&amp;",
    "*_~!#",
]
texts = st.one_of(
    st.text(max_size=80),
    st.lists(st.sampled_from(NASTY) | st.text(max_size=5), max_size=12).map("".join),
)


def _expected(text: str) -> str:
    """What every format shows: control characters and line breaks become spaces."""
    return "".join(" " if ord(c) < 32 or ord(c) == 0x7F else c for c in text)


@settings(max_examples=40)
@given(texts)
def test_dot_html_round_trips_and_holds_no_markup(text: str) -> None:
    out = dot_html(text)
    assert not set(out) & set('<>"\n\r')
    assert html.unescape(out).replace("\\\\", "\\") == _expected(text)


_ENTITY = re.compile(r"#(quot|lt|gt|\d+);")


def _mermaid_decode(text: str) -> str:
    named = {"quot": '"', "lt": "<", "gt": ">"}
    return _ENTITY.sub(lambda m: named.get(m.group(1)) or chr(int(m.group(1))), text)


@settings(max_examples=40)
@given(texts)
def test_mermaid_text_round_trips_and_cannot_close_a_label(text: str) -> None:
    out = mermaid_text(text)
    assert not set(out) & set('"<>[]{}|`\\\n\r')
    assert _mermaid_decode(out) == _expected(text)


_MD_UNESCAPE = re.compile(r"\\([\\`*_\[\]|~#!])")


@settings(max_examples=40)
@given(texts)
def test_markdown_inline_round_trips_and_has_no_raw_html(text: str) -> None:
    out = markdown_inline(text)
    assert "<" not in out and ">" not in out and "\n" not in out
    assert not re.search(r"(?<!\\)[*_`\[\]|~]", out.replace("\\\\", ""))
    assert html.unescape(_MD_UNESCAPE.sub(r"\1", out)) == _expected(text)


def _hostile_view() -> tuple[ArgMap, View]:
    m = load_map(HOSTILE).map
    assert m is not None
    return m, build_view(m)


def test_hostile_dot_keeps_every_user_string_inside_html_labels() -> None:
    _, view = _hostile_view()
    dot = to_dot(view)
    # Outside HTML labels, the only strings are ids and fixed words: no user text can reach them.
    outside = re.sub(r"label=<.*?>(?=[,\]])", "label=<>", dot)
    for word in ("script", "alert", "quoted", "img", "onerror", "Warrant"):
        assert word not in outside, word
    assert "<script" not in dot and "&lt;script&gt;" in dot


def test_hostile_mermaid_lines_keep_their_shape() -> None:
    _, view = _hostile_view()
    lines = to_mermaid(view).splitlines()
    node_line = re.compile(r'^  n\d+(\[\[|\(|\[/)"[^"]*"(\]\]|\)|/\]):::k_\w+$')
    nodes = [ln for ln in lines if re.match(r"^  n\d+[\[(]", ln)]
    assert len(nodes) == len(view.nodes)
    for ln in nodes:
        assert node_line.match(ln), ln
    assert not any("<script" in ln or "<img" in ln for ln in lines)
    title = r'title: "Title with \"quotes\", \u003cb\u003etags\u003c/b\u003e \u0026 ]]\u003e --\u003e end"'
    assert lines[1] == title


def test_hostile_markdown_is_inert() -> None:
    m, _ = _hostile_view()
    text = export_markdown(m).text
    assert "<script" not in text and "<img" not in text and "<b>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert text.startswith('# Title with "quotes", &lt;b&gt;tags&lt;/b&gt; &amp; \\]\\]&gt; --&gt; end\n')
