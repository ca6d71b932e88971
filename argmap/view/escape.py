"""Escaping user text for each output format.

Label text is user data: a claim may hold quotes, braces, angle brackets, backslashes, ``]]>``, a
script tag or newlines. Each function here turns such text into something the target format shows
literally and cannot be broken out of.
"""

from __future__ import annotations

__all__ = ["dot_attrs", "dot_html", "dot_html_plain", "dot_quoted", "dot_string", "markdown_inline", "mermaid_text"]

_CONTROL = {c: " " for c in range(32) if c not in (9, 10, 13)} | {0x7F: " "}

_HTML = str.maketrans(
    {
        "\\": "\\\\",
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "'": "&#39;",
        "\n": " ",
        "\r": " ",
        "\t": " ",
    }
)
_HTML_CONTROL = str.maketrans(_CONTROL)
_DOT_HTML = {**_HTML_CONTROL, **_HTML}


def dot_html_plain(text: str) -> bool:
    """True when :func:`dot_html` leaves ``text`` as it is: printable, none of ``& < > " ' \\``.

    Then it also leaves alone any text made only of characters of ``text`` and spaces, such as the
    lines that :func:`argmap.view.text.wrap` cuts from it: one check can stand for all of them.
    """
    # Six substring tests (each a fast C scan) take half the time of one regex search for the
    # character class; a big diagram makes tens of thousands of these checks.
    return (
        text.isprintable()
        and "&" not in text
        and "<" not in text
        and ">" not in text
        and '"' not in text
        and "'" not in text
        and "\\" not in text
    )


def dot_html(text: str) -> str:
    r"""Text inside a Graphviz HTML-like label ``<...>``: entities for ``& < > " '``, no line breaks.

    Graphviz also expands ``\N``, ``\G``, ``\L``... in label text (even when written ``&#92;N``);
    ``\\`` is its escape for one literal backslash, so backslashes are doubled.
    """
    if dot_html_plain(text):
        return text  # nothing to escape: the common case, checked in C
    return text.translate(_DOT_HTML)


def dot_string(text: str) -> str:
    r"""Contents of a Graphviz double-quoted string: backslashes and quotes escaped.

    Only for ids and fixed words. Attributes that Graphviz reads as an escString (label, tooltip)
    expand ``\N`` and the like, differently between engines; user text goes into HTML-like labels.
    """
    text = text.translate(_HTML_CONTROL).replace("\\", "\\\\").replace('"', '\\"')
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n").replace("\t", " ")


# Mermaid reads `#name;` and `#123;` as entities inside labels. Labels are always quoted; what could
# end the quotes, start markdown or HTML, or end a shape if quoting failed is written as an entity.
_MERMAID = str.maketrans(
    {
        '"': "#quot;",
        "#": "#35;",
        "&": "#38;",
        "<": "#lt;",
        ">": "#gt;",
        "[": "#91;",
        "]": "#93;",
        "{": "#123;",
        "}": "#125;",
        "|": "#124;",
        "`": "#96;",
        "\\": "#92;",
        "\n": " ",
        "\r": " ",
        "\t": " ",
    }
)


def mermaid_text(text: str) -> str:
    """Text inside a quoted Mermaid label; the result contains no quote, bracket or raw ``<``."""
    return text.translate(_HTML_CONTROL).translate(_MERMAID)


_MARKDOWN = str.maketrans(
    {
        "\\": "\\\\",
        "`": "\\`",
        "*": "\\*",
        "_": "\\_",
        "[": "\\[",
        "]": "\\]",
        "<": "&lt;",
        ">": "&gt;",
        "&": "&amp;",
        "|": "\\|",
        "~": "\\~",
        "#": "\\#",
        "!": "\\!",
        "\n": " ",
        "\r": " ",
        "\t": " ",
    }
)


def markdown_inline(text: str) -> str:
    """Inline Markdown text shown literally (CommonMark and GitHub): no emphasis, links, HTML or tables."""
    return text.translate(_HTML_CONTROL).translate(_MARKDOWN)


def dot_quoted(text: str) -> str:
    """``text`` as a quoted DOT string (an id or an attribute value)."""
    if '"' in text or "\\" in text or "\n" in text or "\r" in text:
        return f'"{dot_string(text)}"'
    return f'"{text}"'


def dot_attrs(pairs: list[tuple[str, str]]) -> str:
    """``[a=b, ...]``; values starting with ``<`` are HTML labels, others are quoted."""
    return "[" + ", ".join(f"{k}={v}" if v.startswith("<") else f"{k}={dot_quoted(v)}" for k, v in pairs) + "]"
