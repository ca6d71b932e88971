"""``argmap export``: write a map in another format, with a report of what that format loses."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path

import typer

from argmap.cli import app
from argmap.cli.common import fail, load_valid, write_output


class ExportFormat(str, Enum):
    json = "json"
    yaml = "yaml"
    aif = "aif"
    argdown = "argdown"
    markdown = "markdown"


@app.command()
def export(
    map_path: Path = typer.Argument(..., metavar="MAP", help="The map to export."),
    to: ExportFormat | None = typer.Option(None, "--to", help="Target format (default: from the output suffix)."),
    output: str = typer.Option("-", "--output", "-o", help="Output file ('-' for stdout)."),
    force: bool = typer.Option(False, "--force", help="Replace an existing output file."),
    loss_report: str | None = typer.Option(
        None, "--loss-report", help="Also write the loss report as JSON to this file ('-' for stderr)."
    ),
) -> None:
    """Export a map: json, yaml, aif (OVA/AIFdb), argdown, markdown (a printable outline).

    Prints a loss report on stderr: everything the target format cannot represent, itemised.
    """
    from argmap.interchange import SUFFIXES, get_exporter
    fmt = to.value if to else SUFFIXES.get(Path(output).suffix.lower()) if output != "-" else None
    if fmt is None or fmt == "kialo":
        fail("cannot tell the format from the output name; pass --to json|yaml|aif|argdown|markdown")
    result = load_valid(map_path)
    assert result.map is not None
    try:
        exporter = get_exporter(fmt)
    except (ImportError, AttributeError):
        fail(f"export to {fmt} is not available in this build of argmap")
    exported = exporter(result.map)
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
