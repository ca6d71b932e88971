"""``argmap schemes [NAME]``: the catalogue of argument schemes and their critical questions."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from argmap.cli import app
from argmap.cli.common import console, fail


class SchemesFormat(StrEnum):
    text = "text"
    json = "json"


NameArg = Annotated[str | None, typer.Argument(metavar="[NAME]", help="A scheme id to explain, e.g. expert-opinion.")]
FormatOpt = Annotated[SchemesFormat, typer.Option("--format", "-f", help="Output format.")]


@app.command()
def schemes(name: NameArg = None, output_format: FormatOpt = SchemesFormat.text) -> None:
    """List the argument schemes a relation may name (`scheme: ID`), or explain one with its critical
    questions (`argmap schemes expert-opinion`). `argmap gaps` lists each scheme relation's questions
    until a node or relation next to it says `answers: [QUESTION]`.
    """
    import json

    from argmap.schemes import Scheme, catalogue, get_scheme, suggest

    chosen: list[Scheme] = list(catalogue().values())
    if name is not None:
        one = get_scheme(name)
        if one is None:
            close = suggest(name)
            tip = f"; did you mean {close}?" if close else " (see `argmap schemes`)"
            fail(f"{name!r}: no scheme has this id{tip}")
        chosen = [one]
    if output_format is SchemesFormat.json:
        docs = [
            {
                "id": s.id,
                "name": s.name,
                "pattern": s.pattern,
                "use": s.use,
                "questions": [{"id": q.id, "qualified": q.qualified, "ask": q.ask} for q in s.questions],
            }
            for s in chosen
        ]
        typer.echo(json.dumps(docs[0] if name is not None else docs, indent=2, ensure_ascii=False))
        return
    from rich.table import Table
    from rich.text import Text

    out = console()
    if name is None:
        table = Table(box=None, pad_edge=False, show_edge=False)
        for col in ("id", "questions", "scheme"):
            table.add_column(col, no_wrap=col != "scheme")
        for s in chosen:
            table.add_row(s.id, str(len(s.questions)), s.name)
        out.print(table)
        out.print(Text("`argmap schemes ID` shows a scheme's pattern and critical questions.", style="dim"))
        return
    s = chosen[0]
    out.print(Text(f"{s.id}  {s.name}", style="bold"))
    out.print(Text(s.pattern))
    out.print(Text(f"Use it when {s.use}", style="dim"))
    out.print()
    out.print(Text("Critical questions (answer with `answers: [ID]`):", style="bold"))
    table = Table(box=None, pad_edge=False, show_edge=False, show_header=False, padding=(0, 2, 0, 2))
    table.add_column("id", no_wrap=True, style="bold")
    table.add_column("question")
    for q in s.questions:
        table.add_row(q.id, q.ask)
    out.print(table)
