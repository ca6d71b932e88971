"""``argmap schema`` and ``argmap new``: the format for editors, and a starter map."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from argmap.cli import app
from argmap.cli.common import fail, write_output

STARTER = """\
# An argmap map. Check it with: argmap check {name}
# Format reference: `argmap schema` prints the JSON Schema; the README explains every field.
argmap: 1
title: {title}
authors: [Your Name]
sources:
  - id: S1
    title: Title of the article you are mapping
    author: Its author
    publisher: Where it was published
    date: 2014-08-04
    kind: secondary
    # text: article.txt   # a plain-text copy next to this file lets argmap verify anchors
nodes:
  - id: T
    kind: thesis
    text: The main conclusion, in your own words.
  - id: C1
    kind: claim
    text: A reason the author gives for the thesis.
  - id: E1
    kind: evidence
    type: statistic
    text: The figure the author cites for C1.
    value: 104
    unit: USD
    scale: million
    period: 2013
    sources: [S1]
    anchor: the shortest verbatim words that pin the figure
relations:
  - id: R1
    kind: supports
    from: C1
    to: T
  - id: R2
    kind: supports
    from: E1
    to: C1
"""


@app.command()
def schema() -> None:
    """Print the JSON Schema of the map format (for editor validation and completion)."""
    import json

    from argmap.model import ArgMap

    doc = _without_discriminators(ArgMap.model_json_schema(by_alias=True))
    doc["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    doc["$id"] = "https://argmap.invalid/schema/argmap-1.json"
    typer.echo(json.dumps(doc, indent=2, ensure_ascii=False))


def _without_discriminators(value: Any) -> Any:
    """Drop OpenAPI's ``discriminator`` keyword: JSON Schema does not define it, and pydantic writes
    the nested kind/type union with an object where OpenAPI wants a string. ``oneOf`` and the
    ``const`` of each model's ``kind`` and ``type`` say the same to a JSON Schema validator."""
    if isinstance(value, dict):
        return {k: _without_discriminators(v) for k, v in value.items() if k != "discriminator"}
    if isinstance(value, list):
        return [_without_discriminators(v) for v in value]
    return value


@app.command()
def new(
    path: Path = typer.Argument(Path("map.yaml"), help="Where to write the starter map ('-' for stdout)."),
    title: str = typer.Option("Untitled argument", "--title", help="The map's title."),
    force: bool = typer.Option(False, "--force", help="Replace an existing file."),
) -> None:
    """Write a small, valid starter map to edit."""
    import json

    from argmap.load import load_text

    text = STARTER.format(name=path.name, title=json.dumps(title, ensure_ascii=False))
    problems = [d for d in load_text(text).diagnostics if d.severity.value == "error"]
    if problems:  # only the title comes from outside
        fail(f"--title: {problems[0].message.partition(': ')[2] or problems[0].message}")
    write_output(str(path), text, overwrite=force)
    if str(path) != "-":
        from argmap.report import printable

        typer.echo(printable(f"wrote {path}; check it with: argmap check {path}"), err=True)
