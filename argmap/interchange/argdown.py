"""Argdown (argdown.org): a plain-text syntax for statements, arguments and their relations.

Export writes each node as a titled statement ``[id]: text #tag {data}``; the YAML data block holds
what Argdown has no syntax for (``kind: thesis``, evidence type and fields, notes), and the front
matter holds the map's title, authors, sources and config. A relation with one premise and nothing
else becomes a ``+``/``-`` line under its target; a relation with linked premises, a warrant,
qualifier, strength or note, or one that is undercut, becomes an argument ``<id>`` with a
premise-conclusion structure. Argdown conclusions are statements, so an attack or undercut with
linked premises concludes in a derived statement marked ``{argmap: negation}`` that attacks (``->``)
or undercuts (``_>``) the target; the importer folds it back into one relation.

Import reads the common subset: front matter, titled and untitled statements, arguments with or
without premise-conclusion structures, ``+ - <+ <- <_ +> -> _> ><`` relations, ``#tags`` and
``{yaml data}``. Headings, comments and anything not understood are listed as losses with their line.
"""

from __future__ import annotations

from typing import Any, get_args

from pydantic import TypeAdapter, ValidationError

from argmap.interchange import Imported, ImportOptions, Loss
from argmap.interchange._argdown_parse import Elem, Inference, Parser
from argmap.interchange._build import IdMaker, NodeRec, RelRec, finish, imported_title
from argmap.interchange.argdown_export import ARGUMENT_TAG, export_argdown
from argmap.load.decoding import foreign_text
from argmap.model import ArgMap, ClaimType, Node

__all__ = ["export_argdown", "load_argdown"]

# --------------------------------------------------------------------------- import

_NODE_ADAPTER: TypeAdapter[Any] = TypeAdapter(Node)
_REL_FIELDS = (
    "qualifier",
    "strength",
    "scheme",
    "note",
    "ignore",
    "answers",
    "by",
    "warrant_by",
    "condition",
    "condition_met",
    "outweighed",
    "formats",
)


_INCOMING = {
    "+": "supports",
    "<+": "supports",
    "-": "attacks",
    "<-": "attacks",
    "_": "undercuts",
    "<_": "undercuts",
}
_OUTGOING = {"+>": "supports", "->": "attacks", "_>": "undercuts"}
_Key = tuple[str, str]
"""An element: its kind (``s`` statement, ``a`` argument) and title."""
_Raw = tuple[str, Elem, Elem, int]
"""A relation line: its kind, premise, target and line."""


def load_argdown(text: str, *, file: str = "<input>", options: ImportOptions | None = None) -> Imported:
    """Read an Argdown document into a map, listing everything not understood with its line."""
    options = options or ImportOptions()
    text, replaced, line = foreign_text(text)
    p = Parser(text, file)
    p.parse()
    for e in p.elems:
        p.finish_elem(e)
    imported = _Builder(p, options).build()
    if replaced:
        imported.losses.append(
            Loss("text", f"line {line}", f"{replaced} control character(s) replaced by U+FFFD", line)
        )
    return imported


class _Builder:
    def __init__(self, p: Parser, options: ImportOptions) -> None:
        self.p = p
        self.options = options
        self.ids = IdMaker()
        self.node_of: dict[tuple[str, str], str] = {}
        self.nodes: dict[str, NodeRec] = {}
        self.rels: list[RelRec] = []
        self.main_rel: dict[str, str] = {}
        # title of a derived conclusion -> (relation kind, target, line)
        self.negations: dict[str, tuple[str, Elem, int]] = {}
        self.primary: dict[_Key, Elem] = {}  # the element that stands for each statement or argument
        self.seen: set[tuple[str, tuple[str, ...], str]] = set()  # the one-premise relations made

    def loss(self, kind: str, subject: str, detail: str, line: int) -> None:
        self.p.loss(kind, subject, detail, line)

    def build(self) -> Imported:
        defs, refs = self._definitions()
        self._fold_negations(self._merged_children(refs))
        thesis_ids = self._make_nodes(defs, refs)
        for title, inferences in self.p.pcs.items():
            self._pcs_relations(title, inferences)
        self._resolve_targets()
        self._tree_relations()
        front = self._front()
        self._report_renamed()
        return finish(
            title=self.options.title or str(front.pop("title", "") or "") or imported_title(self.p.file, "Argdown map"),
            nodes=list(self.nodes.values()),
            relations=self.rels,
            file=self.p.file,
            thesis=self.options.thesis,
            losses=self.p.losses,
            diagnostics=self.p.diagnostics,
            extra=front,
            thesis_ids=thesis_ids,
        )

    def _definitions(self) -> tuple[dict[_Key, Elem], dict[_Key, Elem]]:
        """The first definition and the first mention of each statement or argument; a later definition
        with another text is an equivalent statement, which is not kept."""
        defs: dict[_Key, Elem] = {}
        refs: dict[_Key, Elem] = {}
        for e in self.p.elems:
            key = (e.kind, e.title)
            if e.defined and key not in defs:
                defs[key] = e
            elif e.defined and e.text and e.text != defs[key].text:
                self.loss(
                    "equivalent",
                    e.title,
                    f"another text for [{e.title}] (Argdown: an equivalent statement) not kept",
                    e.line,
                )
            refs.setdefault(key, e)
        self.primary = {key: defs.get(key) or refs[key] for key in refs}
        return defs, refs

    def _merged_children(self, refs: dict[_Key, Elem]) -> dict[_Key, list[tuple[str, Elem, int]]]:
        """The relations written under every mention of an element, and its data and tags gathered on the
        element that stands for it (:attr:`primary`)."""
        children: dict[_Key, list[tuple[str, Elem, int]]] = {}
        for e in self.p.elems:
            key = (e.kind, e.title)
            children.setdefault(key, []).extend(e.children)
            main = self.primary[key]
            if e is not main:
                main.data = {**e.data, **main.data}
                main.tags = [*main.tags, *(t for t in e.tags if t not in main.tags)]
        return children

    def _fold_negations(self, children: dict[_Key, list[tuple[str, Elem, int]]]) -> None:
        """Derived conclusions of exported attacks/undercuts fold back into one relation."""
        for inferences in self.p.pcs.values():
            c = inferences[-1].conclusion
            if self.primary[("s", c.title)].data.get("argmap") == "negation":
                out = [(sym, ch, no) for sym, ch, no in children[("s", c.title)] if sym in ("->", "_>")]
                if len(out) == 1:
                    self.negations[c.title] = (
                        "attacks" if out[0][0] == "->" else "undercuts",
                        out[0][1],
                        out[0][2],
                    )

    def _make_nodes(self, defs: dict[_Key, Elem], refs: dict[_Key, Elem]) -> list[str]:
        """A node for each statement and each argument without premise-conclusion structure; returns the
        nodes marked as the thesis."""
        thesis_ids: list[str] = []
        for key in dict.fromkeys(list(defs) + list(refs)):
            kind, title = key
            if (kind == "a" and title in self.p.pcs) or (kind == "s" and title in self.negations):
                continue
            e = defs.get(key) or refs[key]
            nid = self.ids.make(title, "s" if kind == "s" else "a", slug=True)
            self.node_of[key] = nid
            text = e.text if key in defs else ""
            if not text:
                what = f"[{title}]" if kind == "s" else f"<{title}>"
                if not title.startswith("("):
                    self.loss("text", title, f"{what} has no text; its title is used", e.line)
                text = title
            node = self._node(nid, title, text, e)
            if kind == "a":  # an argument without premise-conclusion structure: a claim that exports back
                node.data["tags"] = [ARGUMENT_TAG, *node.data.get("tags", [])]
            self.nodes[nid] = node
            if node.data.get("kind") == "thesis":
                thesis_ids.append(nid)
        return thesis_ids

    def _resolve_targets(self) -> None:
        """The targets of the premise-conclusion structures' relations, now that every relation has its id."""
        for rec in self.rels:
            key = rec.extra.pop("_target", None)
            if key is not None:
                rec.target = self._target_of(rec, key)

    def _report_renamed(self) -> None:
        for foreign, new in self.ids.renamed.items():
            if not foreign.startswith("("):
                self.loss("id", foreign, f"title {foreign!r} imported as id {new}", 0)

    def _node(self, nid: str, title: str, text: str, e: Elem) -> NodeRec:
        data = dict(e.data)
        tags = list(dict.fromkeys([*e.tags, *[str(t) for t in data.pop("tags", []) or []]]))
        kind = data.pop("kind", "claim")
        base: dict[str, Any] = {"text": text}
        if tags:
            base["tags"] = tags
        if kind == "evidence":
            data.pop("argmap", None)
            try:
                node = _NODE_ADAPTER.validate_python({"id": nid, "kind": "evidence", **base, **data})
                full = node.model_dump(mode="json", by_alias=True, exclude_defaults=True)
                full.pop("id")
                return NodeRec(nid, title, {"kind": "evidence", "type": node.type, **full}, e.line)
            except ValidationError as exc:
                first = exc.errors(include_url=False)[0]
                where = ".".join(str(x) for x in first["loc"][1:])
                self.loss(
                    "data",
                    title,
                    f"evidence data not valid ({where}: {first['msg']}); imported as a claim",
                    e.line,
                )
                kind = "claim"  # the loss above covers its typed fields; note and ignore stay
                data = {k: v for k, v in data.items() if k in ("note", "ignore")}
        if kind not in ("thesis", "claim", "evidence"):
            self.loss("data", title, f"kind {kind!r} not understood; imported as a claim", e.line)
            kind = "claim"
        out: dict[str, Any] = {"kind": "claim" if kind == "evidence" else kind, **base}
        for key, value in data.items():
            is_note = key == "note" and isinstance(value, str) and bool(value.strip())
            is_ignore = (
                key in ("ignore", "answers") and isinstance(value, list) and all(isinstance(v, str) for v in value)
            )
            is_type = key == "type" and kind != "evidence" and value in get_args(ClaimType)
            is_formats = (
                key == "formats" and isinstance(value, dict) and all(isinstance(v, dict) for v in value.values())
            )
            if is_note or is_ignore or is_type or is_formats:
                out[key] = value
            else:
                self.loss("data", title, f"data {key}: {str(value)[:40]!r} not kept", e.line)
        return NodeRec(nid, title, out, e.line)

    def _pcs_relations(self, title: str, inferences: list[Inference]) -> None:
        arg = self.primary.get(("a", title))
        for k, inf in enumerate(inferences):
            last = k == len(inferences) - 1
            rid = self.ids.make(title, "a", slug=True) if last else self.ids.make(f"{title}-{k + 1}", "a", slug=True)
            premises = [self.node_of.get(("s", e.title), "") for e in inf.premises]
            premises = [x for x in premises if x]
            kind, target_key = "supports", ("s", inf.conclusion.title)
            line = inf.line
            if inf.conclusion.title in self.negations:
                kind, elem, line = self.negations[inf.conclusion.title]
                target_key = (elem.kind, elem.title)
            extra: dict[str, Any] = {}
            warrant = inf.data.get("warrant") if isinstance(inf.data.get("warrant"), str) else inf.rules or None
            if warrant:
                extra["warrant"] = warrant
            for key in inf.data:
                if key != "warrant":
                    self.loss("data", title, f"inference data {key} not kept", inf.line)
            if last and arg is not None:
                for key, value in arg.data.items():
                    if key in _REL_FIELDS:
                        extra[key] = value
                    else:
                        self.loss("data", title, f"argument data {key} not kept", arg.line)
                if arg.text and "note" not in extra:
                    extra["note"] = arg.text
                self.main_rel[title] = rid
            rec = RelRec(rid, f"<{title}>", kind, premises, "", extra, line)
            rec.extra["_target"] = target_key
            self.rels.append(rec)

    def _target_of(self, rec: RelRec, key: tuple[str, str]) -> str:
        if rec.kind == "undercuts":
            return self.main_rel.get(key[1], f"<{key[1]}>") if key[0] == "a" else ""
        return self.node_of.get(key, "")

    def _endpoint(self, e: Elem) -> str | None:
        """The node standing for a statement or argument as the premise of a relation."""
        if e.kind == "a" and e.title in self.p.pcs:
            c = self.p.pcs[e.title][-1].conclusion
            return self.node_of.get(("s", c.title))
        return self.node_of.get((e.kind, e.title))

    @staticmethod
    def _contrary(relation: tuple[str, Elem, Elem, int]) -> dict[str, Any]:
        """An attack between two statements is Argdown's ``contrary`` relation (the two cannot both be
        true, whichever way the arrow points): kept as ``formats: {argdown: {relation: contrary}}`` on the
        attack, which an export to Argdown writes as the same ``-`` line."""
        kind, src, dst, _ = relation
        if kind == "attacks" and src.kind == "s" and dst.kind == "s":
            return {"formats": {"argdown": {"relation": "contrary"}}}
        return {}

    def _tree_relations(self) -> None:
        """The relations written as indented lines (``+ - <+ <- <_ +> -> _> ><``); undercuts last, once
        every relation they may attack is made."""
        pending_undercuts: list[_Raw] = []
        for kind, src, dst, no in self._raw_relations():
            premise = self._endpoint(src)
            if premise is None:
                self.loss(
                    "relation", f"line {no}", f"{src.title}: not a statement or argument that can be a premise", no
                )
            elif kind == "undercuts":
                pending_undercuts.append((kind, src, dst, no))
            elif kind == "supports" and src.kind == "a" and premise == self.node_of.get((dst.kind, dst.title)):
                pass  # [P] <+ <A> where <A> concludes [P]: Argdown records no relation, nothing is lost
            elif dst.kind == "a" and dst.title in self.p.pcs:
                if self._attack_on_argument(kind, dst, no):
                    pending_undercuts.append(("undercuts", src, dst, no))
            else:
                self._relation_to_node(kind, src, dst, no, premise)
        for _kind, src, dst, no in pending_undercuts:
            self._undercut(src, dst, no)

    def _raw_relations(self) -> list[_Raw]:
        """Each relation line as (kind, premise, target, line); a contradiction is two attacks."""
        raw: list[_Raw] = []
        for parent in self.p.elems:
            if parent.kind == "s" and parent.title in self.negations:
                continue
            for sym, child, no in parent.children:
                if sym in _OUTGOING:
                    raw.append((_OUTGOING[sym], parent, child, no))
                elif sym == "><":
                    self.loss("contradiction", child.title, "contradiction imported as two attacks", no)
                    raw += [("attacks", child, parent, no), ("attacks", parent, child, no)]
                else:
                    raw.append((_INCOMING[sym], child, parent, no))
        return raw

    def _attack_on_argument(self, kind: str, dst: Elem, no: int) -> bool:
        """A support or attack of an argument with premise-conclusion structure names no premise: a support
        is not kept, an attack becomes an undercut of its inference (True)."""
        if kind == "supports":
            self.loss("relation", f"line {no}", f"support of the argument <{dst.title}> names no premise; not kept", no)
            return False
        self.loss(
            "relation",
            f"line {no}",
            f"attack on the argument <{dst.title}> names no premise; imported as an undercut of its inference",
            no,
        )
        return True

    def _relation_to_node(self, kind: str, src: Elem, dst: Elem, no: int, premise: str) -> None:
        target = self.node_of.get((dst.kind, dst.title))
        if target is None:
            self.loss("relation", f"line {no}", f"target {dst.title} not imported; relation not kept", no)
            return
        self._add(kind, premise, target, no, self._contrary((kind, src, dst, no)))

    def _undercut(self, src: Elem, dst: Elem, no: int) -> None:
        """An undercut of an argument's inference: its relation (the main one of a premise-conclusion
        structure, else the first of a claim that was an argument); of a statement, an attack."""
        premise = self._endpoint(src) or ""
        if dst.kind == "a" and dst.title in self.main_rel:
            self._add("undercuts", premise, self.main_rel[dst.title], no)
            return
        node = self.node_of.get((dst.kind, dst.title))
        outgoing = [r for r in self.rels if node in r.premises and r.kind != "undercuts"]
        if dst.kind == "a" and outgoing:
            if len(outgoing) > 1:
                self.loss(
                    "relation",
                    f"line {no}",
                    f"<{dst.title}> has {len(outgoing)} relations; the undercut "
                    f"attacks the first ({outgoing[0].foreign})",
                    no,
                )
            self._add("undercuts", premise, outgoing[0].id, no)
        elif node is not None:
            self.loss("relation", f"line {no}", f"{dst.title} has no inference to undercut; imported as an attack", no)
            self._add("attacks", premise, node, no)

    def _add(self, kind: str, premise: str, target: str, no: int, extra: dict[str, Any] | None = None) -> None:
        """A relation of one premise, unless the same one is made already."""
        key = (kind, (premise,), target)
        if key in self.seen:
            return
        self.seen.add(key)
        self.rels.append(RelRec(self.ids.fresh("r"), f"line {no}", kind, [premise], target, extra or {}, no))

    def _front(self) -> dict[str, Any]:
        p = self.p
        front = dict(p.front)
        line = getattr(p, "front_line", 0)
        out: dict[str, Any] = {}
        if "title" in front:
            out["title"] = str(front.pop("title"))
        block = front.pop("argmap", None)
        if isinstance(block, dict):
            for key, value in block.items():
                try:
                    ArgMap.model_validate({"argmap": 1, "title": "x", key: value})
                    out[key] = value
                except ValidationError:
                    self.loss("front-matter", key, f"argmap {key} in the front matter is not valid; not kept", line)
        elif isinstance(front.get("author"), str) and front["author"].strip():
            out["authors"] = [front.pop("author").strip()]
        for key in front:
            self.loss("front-matter", str(key), f"front matter {key} not kept", line)
        return out
