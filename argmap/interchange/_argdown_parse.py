"""The Argdown reader: front matter, comments, statements and arguments with their relation trees,
premise-conclusion structures, tags and YAML data, each element with its line.

Only :mod:`argmap.interchange.argdown` uses it; it turns the elements into a map.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from argmap.diagnostics import Diagnostic
from argmap.interchange import Loss

__all__ = ["Elem", "Inference", "Line", "Parser"]

_REL = re.compile(r"^(<\+|<-|<_|\+>|->|_>|><|\+|-|_)\s+(.*)$")
_PCS_NUM = re.compile(r"^\((\d+)\)\s*(.*)$")
_INF_BARE = re.compile(r"^-{2,}\s*$")
_INF_ONE = re.compile(r"^-{2,}\s*(.+?)\s*-{2,}$")
_LEADING_TABS = re.compile(r"^[ \t]+")
_HEADING = re.compile(r"^#{1,6}\s+\S")
_BLOCK_START = re.compile(r"^(#{1,6}\s|\[[^\]]+\]:|<[^>]+>:|\(\d+\)|-{2,}|<\+|<-|<_|\+>|->|_>|><|[+_-]\s)")
_STMT_DEF = re.compile(r"^\[([^\]]+)\]:\s*(.*)$")
_STMT_REF = re.compile(r"^\[([^\]]+)\]\s*(.*)$")
_ARG_DEF = re.compile(r"^<([^>]+)>:\s*(.*)$")
_ARG_REF = re.compile(r"^<([^>]+)>\s*(.*)$")
_TAG = re.compile(r"#\(([^)]*)\)|#([\w-]+)")
_TRAILING = re.compile(r"(\s*(#\([^)]*\)|#[\w-]+|\{.*\}))*\s*$")


@dataclass
class Line:
    no: int
    indent: int
    text: str


@dataclass
class Elem:
    kind: str  # "s" statement, "a" argument
    title: str
    defined: bool
    line: int
    parts: list[str] = field(default_factory=list)
    children: list[tuple[str, Elem, int]] = field(default_factory=list)
    text: str = ""
    tags: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Inference:
    premises: list[Elem]
    conclusion: Elem
    rules: str
    data: dict[str, Any]
    line: int


class Parser:
    def __init__(self, text: str, file: str) -> None:
        self.file = file
        self.losses: list[Loss] = []
        self.diagnostics: list[Diagnostic] = []
        self.front: dict[str, Any] = {}
        self.elems: list[Elem] = []
        self.pcs: dict[str, list[Inference]] = {}
        self.untitled = 0
        self.front_line = 0
        # tabs indent as four spaces; a tab inside a text stays a tab, as the Argdown parser keeps it
        original = [
            _LEADING_TABS.sub(lambda m: m.group(0).replace("\t", "    "), s)
            for s in text.replace("\r\n", "\n").split("\n")
        ]
        start = self._front_matter(original)  # front matter is YAML: no Argdown comments inside
        lines = self._strip_comments("\n".join(original[start:]), start).split("\n")
        # a line that held only a comment is no line at all (it must not end a block as a blank line would)
        self.lines = [
            Line(start + i + 1, len(s) - len(s.lstrip(" ")), s.strip())
            for i, (s, o) in enumerate(zip(lines, original[start:], strict=True))
            if s.strip() or not o.strip()
        ]

    def loss(self, kind: str, subject: str, detail: str, line: int) -> None:
        self.losses.append(Loss(kind, subject, detail, line))

    # -- lexical
    def _strip_comments(self, text: str, first_line: int) -> str:
        """Blank out comments (keeping line breaks); quoted strings inside data blocks are left alone."""
        out: list[str] = []
        i, n, depth, quote = 0, len(text), 0, ""
        while i < n:
            c = text[i]
            if quote:
                step = 2 if c == "\\" and quote == '"' else 1
                out.append(text[i : i + step])
                quote = "" if c == quote else quote
                i += step
                continue
            if c == "\\" and i + 1 < n:
                out.append(text[i : i + 2])
                i += 2
                continue
            if depth and c in "\"'" and (i == 0 or not text[i - 1].isalnum()):
                quote = c
            elif c == "{":
                depth += 1
            elif c == "}":
                depth = max(0, depth - 1)
            comment = self._comment_end(text, i) if not depth else -1
            if comment < 0:
                out.append(c)
                i += 1
                continue
            body = re.sub(r"^(//|/\*|<!--)|(\*/|-->)$", "", text[i:comment].strip())
            words = " ".join(w for w in body.split() if w.strip("*"))
            subject = words if len(words) <= 40 else words[:37] + "..."
            self.loss("comment", subject or "comment", "comment not kept", first_line + text.count("\n", 0, i) + 1)
            out.append(re.sub(r"[^\n]", " ", text[i:comment]))
            i = comment
        return "".join(out)

    @staticmethod
    def _comment_end(text: str, i: int) -> int:
        """End of the comment starting at ``i``, or -1 when none starts there."""
        for opener, closer in (("/*", "*/"), ("<!--", "-->")):
            if text.startswith(opener, i):
                end = text.find(closer, i + len(opener))
                return len(text) if end < 0 else end + len(closer)
        if text.startswith("//", i) and (i == 0 or text[i - 1] != ":"):
            end = text.find("\n", i)
            return len(text) if end < 0 else end
        return -1

    def _front_matter(self, lines: list[str]) -> int:
        import yaml

        first = next((i for i, s in enumerate(lines) if s.strip()), None)
        if first is None or lines[first].strip() != "===":
            return 0
        # The closing `===` stands at the start of its line: an indented one belongs to a YAML value (a
        # description holding a line `===`, as the exporter writes it). Hand-indented closers still close.
        end = next((i for i in range(first + 1, len(lines)) if lines[i].rstrip() == "==="), None)
        if end is None:
            end = next((i for i in range(first + 1, len(lines)) if lines[i].strip() == "==="), None)
        if end is None:
            self.loss("front-matter", "front matter", "front matter has no closing ===; read as text", first + 1)
            return 0
        try:
            data = safe_yaml("\n".join(lines[first + 1 : end]))
        except _TOO_DEEP as exc:
            self.loss("front-matter", "front matter", f"front matter not read: {exc}", first + 1)
            data = None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = first + 2 + (mark.line if mark else 0)
            self.loss(
                "front-matter",
                "front matter",
                f"front matter is not valid YAML ({exc.__class__.__name__})",
                line,
            )
            data = None
        if isinstance(data, dict):
            self.front = data
            self.front_line = first + 1
        return end + 1

    def finish_elem(self, e: Elem) -> None:
        raw = " ".join(p for p in e.parts if p)
        text: list[str] = []
        i, n = 0, len(raw)
        while i < n:
            c = raw[i]
            if c == "\\" and i + 1 < n:
                text.append(raw[i + 1])
                i += 2
            elif c == "#" and (i == 0 or raw[i - 1].isspace()) and (m := _TAG.match(raw, i)):
                e.tags.append((m.group(1) or m.group(2)).strip())
                if _TRAILING.match(raw, m.end()):
                    i = m.end()  # trailing tags are markup; a tag inside the sentence keeps its words
                else:
                    text.append(m.group(0))
                    i = m.end()
            elif c == "{":
                end = _balanced(raw, i)
                if end < 0:
                    text.append(c)
                    i += 1
                    continue
                self._data(e, raw[i : end + 1])
                i = end + 1
            else:
                text.append(c)
                i += 1
        # runs of spaces inside a line are the text's, as the Argdown parser reads them; lines join with one space
        e.text = "".join(text).strip()

    def _data(self, e: Elem, block: str) -> None:
        import yaml

        try:
            value = safe_yaml(block)
        except (yaml.YAMLError, *_TOO_DEEP):
            value = None
        if isinstance(value, dict):
            e.data.update({str(k): v for k, v in value.items()})
        else:
            self.loss("data", e.title, f"data block {block[:60]!r} is not a YAML mapping; not kept", e.line)

    def _head(self, content: str, line: int) -> Elem:
        for rx, kind, defined in (
            (_STMT_DEF, "s", True),
            (_ARG_DEF, "a", True),
            (_STMT_REF, "s", False),
            (_ARG_REF, "a", False),
        ):
            m = rx.match(content)
            if m:
                e = Elem(kind, " ".join(m.group(1).split()), defined, line, [m.group(2)])
                break
        else:
            self.untitled += 1
            e = Elem("s", f"(untitled {line})", True, line, [content])
        self.elems.append(e)
        return e

    # -- structure
    def parse(self) -> None:
        lines, i = self.lines, 0
        prev_head: Elem | None = None
        while i < len(lines):
            ln = lines[i]
            if not ln.text:
                i += 1
                continue
            if _HEADING.match(ln.text):
                self.loss("heading", ln.text.lstrip("# ")[:60], "heading (section) not kept", ln.no)
                prev_head = None
                i += 1
                # a heading runs on until a blank line, as the Argdown parser reads it (not a statement)
                while i < len(lines) and lines[i].text and not _BLOCK_START.match(lines[i].text):
                    i += 1
                continue
            if _PCS_NUM.match(ln.text) or _INF_BARE.match(ln.text):
                i = self._pcs(i, prev_head if prev_head is not None and prev_head.kind == "a" else None)
                prev_head = None
                continue
            if _REL.match(ln.text):
                self.loss("relation", ln.text[:40], "relation line with no statement above it; not kept", ln.no)
                i += 1
                continue
            head, i = self._tree(i, stop_pcs=False)
            prev_head = head

    def _tree(self, i: int, *, stop_pcs: bool, head_text: str | None = None) -> tuple[Elem, int]:
        lines = self.lines
        root = self._head(head_text if head_text is not None else lines[i].text, lines[i].no)
        stack: list[tuple[int, Elem]] = [(-1, root)]
        last = root
        i += 1
        while i < len(lines):
            ln = lines[i]
            if not ln.text or (ln.indent == 0 and _HEADING.match(ln.text)):
                break
            if stop_pcs and (_PCS_NUM.match(ln.text) or _INF_BARE.match(ln.text) or _INF_ONE.match(ln.text)):
                break
            m = _REL.match(ln.text)
            if m:
                while len(stack) > 1 and stack[-1][0] >= ln.indent:
                    stack.pop()
                if not m.group(2).strip():
                    self.loss("relation", m.group(1), "relation without a statement or argument; not kept", ln.no)
                    i += 1
                    continue
                child = self._head(m.group(2), ln.no)
                stack[-1][1].children.append((m.group(1), child, ln.no))
                stack.append((ln.indent, child))
                last = child
            else:
                last.parts.append(ln.text)
            i += 1
        return root, i

    def _pcs(self, i: int, arg: Elem | None) -> int:
        lines = self.lines
        if arg is None:
            self.untitled += 1
            arg = self._head(f"<(argument {lines[i].no})>", lines[i].no)
        items: list[tuple[str, Any, int]] = []
        while i < len(lines):
            ln = lines[i]
            if not ln.text:
                j = i
                while j < len(lines) and not lines[j].text:
                    j += 1
                if j < len(lines) and (_PCS_NUM.match(lines[j].text) or _INF_BARE.match(lines[j].text)):
                    i = j
                    continue
                break
            if m := _PCS_NUM.match(ln.text):
                elem, i = self._tree(i, stop_pcs=True, head_text=m.group(2))
                items.append(("s", elem, ln.no))
            elif m := _INF_ONE.match(ln.text):
                items.append(("i", m.group(1), ln.no))
                i += 1
            elif _INF_BARE.match(ln.text):
                j = i + 1
                body: list[str] = []
                while (
                    j < len(lines)
                    and lines[j].text
                    and not _INF_BARE.match(lines[j].text)
                    and not _PCS_NUM.match(lines[j].text)
                ):
                    body.append(lines[j].text)
                    j += 1
                if body and j < len(lines) and _INF_BARE.match(lines[j].text):
                    items.append(("i", " ".join(body), ln.no))
                    i = j + 1
                else:
                    items.append(("i", "", ln.no))
                    i += 1
            else:
                break
        inferences: list[Inference] = []
        pending: list[Elem] = []
        k = 0
        while k < len(items):
            kind, value, no = items[k]
            if kind == "s":
                pending.append(value)
                k += 1
                continue
            if k + 1 >= len(items) or items[k + 1][0] != "s" or not pending:
                self.loss("pcs", arg.title, "inference without premises or conclusion; not kept", no)
                k += 1
                continue
            holder = Elem("s", "(inference)", True, no, [value])
            self.finish_elem(holder)
            conclusion = items[k + 1][1]
            inferences.append(Inference(pending, conclusion, holder.text, holder.data, no))
            pending = [conclusion]
            k += 2
        if len(pending) > 1 or not inferences:
            self.loss("pcs", arg.title, "premises after the last conclusion are not part of an inference", arg.line)
        if inferences:
            if arg.title in self.pcs:
                self.loss(
                    "pcs",
                    arg.title,
                    "argument reconstructed twice; the second reconstruction is not kept",
                    arg.line,
                )
            else:
                self.pcs[arg.title] = inferences
        return i


def _balanced(raw: str, i: int) -> int:
    """Index of the brace closing the one at ``i`` (quotes respected), or -1."""
    depth, quote, j = 0, "", i
    while j < len(raw):
        c = raw[j]
        if quote:
            if c == "\\" and quote == '"':
                j += 1
            elif c == quote:
                quote = ""
        elif c in "\"'" and (j == 0 or not raw[j - 1].isalnum()):
            quote = c
        elif c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return j
        j += 1
    return -1


class _Unsafe(ValueError):
    pass


_TOO_DEEP = (_Unsafe, RecursionError, MemoryError)


def safe_yaml(block: str) -> object:
    """YAML front matter or inline data, refusing what would cost without bound: aliases (a few
    lines can stand for billions of nodes once validated) and nesting deeper than 100 levels
    (PyYAML recurses: 600 levels overflowed the stack). Raises ``yaml.YAMLError`` or :class:`_Unsafe`."""
    import yaml

    depth = 0
    for event in yaml.parse(block, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.AliasEvent):
            raise _Unsafe("it uses YAML aliases (*name); write the values out")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > 100:
                raise _Unsafe("it is nested more than 100 levels deep")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return yaml.safe_load(block)
