"""No silent cuts: every field value a diagram, the terminal tree or the Markdown outline shows, it shows
whole (wrapped, never shortened), so that a list of five countries shows five."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from argmap.api import load_valid
from argmap.cli import app
from argmap.view.build import build_view
from argmap.view.dot import to_dot
from argmap.view.markdown import export_markdown

SHIPPED = Path(__file__).parent.parent / "claims" / "north-korea-seeking-new-friends.yaml"
TOUR = ["Vietnam", "Laos", "Singapore", "Indonesia", "Myanmar"]


def flat(text: str) -> str:
    return " ".join(text.replace("<br/>", " ").split())


def test_every_actor_of_the_tour_is_drawn_and_printed() -> None:
    m = load_valid(SHIPPED).map
    assert m is not None
    dot = flat(to_dot(build_view(m)))
    assert all(country in dot for country in TOUR)
    shown = CliRunner().invoke(app, ["show", str(SHIPPED), "--plain"], env={"ARGMAP_WIDTH": "80"}).stdout
    assert all(country in flat(shown) for country in TOUR)
    assert all(country in export_markdown(m).text for country in TOUR)


def test_long_texts_and_warrants_are_wrapped_whole() -> None:
    m = load_valid(SHIPPED).map
    assert m is not None
    view = build_view(m)
    dot = flat(to_dot(view))
    for node in view.nodes:
        assert " ".join(node.text.split()).replace("&", "&amp;").replace("'", "&#39;").split()[-1] in dot
    for rel in view.relations:
        if rel.warrant:
            last = rel.warrant.split()[-1].replace("&", "&amp;").replace('"', "&quot;").replace("'", "&#39;")
            assert last in dot, rel.id
    assert dot.count("…") == SHIPPED.read_text(encoding="utf-8").count("…")  # only the map's own
