"""Interactive HTML export: one self-contained page with the diagram, the map's data and a small script.

``render_html(m)`` returns the page as text; ``python tests/tools/screenshot.py MAP OUT.png`` takes a
picture of it in headless Chromium.
"""

from __future__ import annotations

from argmap.html.page import content_security_policy, diagram_svg, page_html, render_html

__all__ = ["content_security_policy", "diagram_svg", "page_html", "render_html"]
