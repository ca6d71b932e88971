"""The view as a tree from the thesis down: what ``argmap show`` and the Markdown outline print.

Each node appears in full once, where it is first reached; later occurrences are references to it.
Nodes not reached from the thesis are listed after it, so that nothing is left out. Built without
recursion, so a very deep chain of claims cannot overflow the stack.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from argmap.view.build import View, ViewNode, ViewRelation

__all__ = ["Branch", "Item", "Outline", "Row", "build_outline", "rows", "shown_depth"]


@dataclass
class Item:
    node: ViewNode
    ref: bool = False
    """Shown in full elsewhere (above): print only a reference."""
    branches: list[Branch] = field(default_factory=list)


@dataclass
class Branch:
    """A relation bearing on the parent: its premises, and the undercuts attacking its inference."""

    relation: ViewRelation
    premises: list[Item] = field(default_factory=list)
    undercuts: list[Branch] = field(default_factory=list)


@dataclass
class Outline:
    title: str
    root: Item | None
    detached: list[Item]
    """Trees of nodes that the thesis cannot be reached from."""
    note: str | None
    focus: str | None = None

    @property
    def missing_root(self) -> str | None:
        """Why the tree does not start at the thesis, or None when it does."""
        if self.root is not None:
            return None
        if self.focus is not None:
            return f"(the thesis is outside the focus on {self.focus}; the trees start at the nodes shown)"
        return "(this map has no thesis)"

    @property
    def detached_heading(self) -> str | None:
        """Heading before the detached trees: only needed after the thesis tree."""
        return "Not connected to the thesis:" if self.root is not None and self.detached else None


def build_outline(view: View) -> Outline:
    incoming: dict[str, list[ViewRelation]] = {}
    for r in view.relations:
        incoming.setdefault(r.target, []).append(r)
    seen: set[str] = set()
    stack: list[Item] = []

    expanded: set[str] = set()

    def branch(rel: ViewRelation) -> Branch:
        # Iterative: a chain of undercuts is as deep as the input makes it. An undercut bears on one
        # relation only, so expanding each relation once also stops circles of undercuts.
        top = Branch(rel, premises=[Item(view.by_id[p]) for p in rel.premises])
        expanded.add(rel.id)
        todo = [top]
        while todo:
            b = todo.pop()
            for u in incoming.get(b.relation.id, ()):
                if u.kind == "undercuts" and u.id not in expanded:
                    expanded.add(u.id)
                    child = Branch(u, premises=[Item(view.by_id[p]) for p in u.premises])
                    b.undercuts.append(child)
                    todo.append(child)
        return top

    def expand(item: Item) -> None:
        # Pop order is pre-order, so the first occurrence met on the page is the one shown in full.
        if item.node.id in seen:
            item.ref = True
            return
        seen.add(item.node.id)
        item.branches = [branch(r) for r in incoming.get(item.node.id, ())]
        children: list[Item] = []
        todo = list(item.branches)
        while todo:
            b = todo.pop(0)
            children.extend(b.premises)
            todo[0:0] = b.undercuts
        stack.extend(reversed(children))

    def walk(root: Item) -> Item:
        stack.append(root)
        while stack:
            expand(stack.pop())
        return root

    thesis = next((n for n in view.nodes if n.kind == "thesis"), None)
    root = walk(Item(thesis)) if thesis else None
    detached: list[Item] = []
    # Start detached trees at nodes that are premises of nothing drawn (tops), then any still unseen.
    premises = {p for r in view.relations for p in r.premises}
    for pass_tops in (True, False):
        for n in view.nodes:
            if n.id not in seen and (not pass_tops or n.id not in premises):
                detached.append(walk(Item(n)))
    return Outline(title=view.title, root=root, detached=detached, note=view.note(), focus=view.focus)


@dataclass(frozen=True, slots=True)
class Row:
    """One printed line of the outline, before any terminal or Markdown styling."""

    depth: int
    relation: ViewRelation | None
    """How this row bears on its parent: a relation (its kind, id, warrant), None for a root."""
    node: ViewNode | None
    """The premise or root node; None for the header of linked premises or of an undercut group."""
    ref: bool = False


def shown_depth(depth: int, levels: int) -> tuple[int, str]:
    """Indentation for a row ``depth`` deep when at most ``levels`` levels are drawn: deeper rows stay
    at the last level and say theirs, so a 50,000-deep chain prints in linear, not quadratic, space."""
    if depth <= levels:
        return depth, ""
    return levels, f"(level {depth}) "


def rows(outline: Outline) -> list[Row]:
    """Depth-first rows: a relation with one premise and no undercut shares its premise's row."""
    out: list[Row] = []
    roots = ([outline.root] if outline.root else []) + outline.detached
    stack: list[tuple[int, Item | Branch, ViewRelation | None]] = [(0, r, None) for r in reversed(roots)]
    while stack:
        depth, entry, via = stack.pop()
        if isinstance(entry, Item):
            out.append(Row(depth, via, entry.node, entry.ref))
            stack.extend((depth + 1, b, None) for b in reversed(entry.branches))
            continue
        if len(entry.premises) == 1 and not entry.undercuts:
            stack.append((depth, entry.premises[0], entry.relation))
            continue
        out.append(Row(depth, entry.relation, None))
        stack.extend((depth + 1, u, None) for u in reversed(entry.undercuts))
        stack.extend((depth + 1, p, None) for p in reversed(entry.premises))
    return out
