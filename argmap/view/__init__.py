"""Views of a map: one neutral view (:mod:`.build`) read by every serialiser.

- :mod:`.dot` and :mod:`.mermaid`: diagram source, pure and deterministic;
- :mod:`.layout`: runs the layout engine (SVG, PNG, PDF), the only step that starts a program;
- :mod:`.outline`, :mod:`.terminal`, :mod:`.markdown`: the argument as a tree from the thesis down.
"""

from argmap.view.build import View, ViewError, ViewNode, ViewOptions, ViewRelation, build_view

__all__ = ["View", "ViewError", "ViewNode", "ViewOptions", "ViewRelation", "build_view"]
