"""``argmap export``: write a map in another format, with a report of what that format loses."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

import typer

from argmap.cli import app
from argmap.cli.common import fail, write_output
from argmap.formats import FORMATS, by_suffix, names

ExportFormat = StrEnum("ExportFormat", [(n, n) for n in names("export")])  # type: ignore[misc]
"""The formats ``export`` writes, from the one table of formats."""
_LIST = "|".join(names("export"))
_HELP = ", ".join(f"{f.name} ({f.help})" for f in FORMATS if f.family == "export")


@app.command()
def export(
    map_path: Path = typer.Argument(..., metavar="MAP", help="The map to export."),
    to: ExportFormat | None = typer.Option(
        None, "--to", help=f"Target format: {_HELP}. Default: from the output suffix."
    ),
    output: str = typer.Option("-", "--output", "-o", help="Output file ('-' for stdout)."),
    force: bool = typer.Option(False, "--force", help="Replace an existing output file."),
    loss_report: str | None = typer.Option(
        None, "--loss-report", help="Also write the loss report as JSON to this file ('-' for stderr)."
    ),
) -> None:
    """Export a map: json, yaml, aif (OVA/AIFdb), argdown, markdown (a printable outline).

    Prints a loss report on stderr: everything the target format cannot represent, itemised.
    """
    from argmap.api import export as export_map

    fmt = to.value if to else by_suffix("export", output) if output != "-" else None
    if fmt is None:
        fail(f"cannot tell the format from the output name; pass --to {_LIST}")
    exported = export_map(map_path, fmt)
    write_output(output, exported.text, inputs=(str(map_path),), overwrite=force or output == "-")
    _print_losses(exported.losses, fmt, loss_report)


def _print_losses(losses: list, fmt: str, loss_report: str | None) -> None:  # type: ignore[type-arg]
    if losses:
        typer.echo(f"loss report: {len(losses)} item(s) cannot be represented in {fmt}:", err=True)
        for loss in losses:
            where = f" (line {loss.line})" if loss.line else ""
            typer.echo(f"  - {loss.kind}: {loss.subject}{where}: {loss.detail}", err=True)
    else:
        typer.echo(f"loss report: nothing lost in {fmt}", err=True)
    if loss_report:
        doc = json.dumps({"format": fmt, "count": len(losses), "losses": [x.to_dict() for x in losses]}, indent=2)
        if loss_report == "-":
            typer.echo(doc, err=True)
        else:
            write_output(loss_report, doc + "\n")
