"""``argmap import``: read an AIF, Argdown or Kialo file into an argmap YAML map.

The importer's result is written as YAML and validated again exactly as ``argmap check`` would read it;
a map with validation errors is never written. Defects of the foreign file are printed as diagnostics
naming the foreign ids, and everything not carried over as a loss report.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from argmap.cli import app
from argmap.cli.common import fail, write_output

if TYPE_CHECKING:
    from argmap.diagnostics import Diagnostic
    from argmap.interchange import Loss


class ImportFormat(StrEnum):
    aif = "aif"
    argdown = "argdown"
    kialo = "kialo"


_SUFFIX_FORMATS = {".json": "aif", ".aif": "aif", ".argdown": "argdown", ".ad": "argdown", ".txt": "kialo"}


def guess_format(path: Path, text: str) -> str | None:
    """The format of a foreign file from its content, or its suffix where the content does not tell."""
    head = text.lstrip("\ufeff \t\r\n")[:4000]
    if head.startswith("{"):
        return "aif"
    first = head.split("\n", 1)[0].strip().lower()
    if first.startswith("discussion title:"):
        return "kialo"
    if first == "===" or path.suffix.lower() in (".argdown", ".ad"):
        return "argdown"
    return _SUFFIX_FORMATS.get(path.suffix.lower())


@app.command("import")
def import_map(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The AIF JSON, Argdown or Kialo file to import.")],
    source_format: Annotated[
        ImportFormat | None,
        typer.Option("--from", "-f", help="Format of FILE (default: guessed from its content or suffix)."),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", help="Map file to write ('-' for stdout; default: FILE with suffix .yaml)."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing output file.")] = False,
    thesis: Annotated[
        str | None, typer.Option("--thesis", help="Id (foreign id or title) of the node to make the thesis.")
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="Title of the map (default: from the file).")] = None,
    loss_report: Annotated[
        str | None,
        typer.Option("--loss-report", help="Also write the loss report as JSON to this file ('-' for stderr)."),
    ] = None,
) -> None:
    """Import a map from AIF (AIFdb/OVA/xAIF JSON), Argdown or a Kialo discussion export.

    Prints the defects found in FILE (with its ids) and a loss report of what argmap cannot hold.
    Exit 0 when the map was written, 1 when FILE cannot be read as that format or the map would
    not validate, 2 on usage or I/O problems.
    """
    from argmap.interchange import ImportOptions, get_importer
    from argmap.interchange.native import export_yaml
    from argmap.load import MAX_BYTES, load_text

    try:
        if file.is_dir():
            fail(f"{file}: is a folder; give a file to import")
        if file.stat().st_size > MAX_BYTES:
            limit = MAX_BYTES // 2**20
            fail(f"{file}: over the {limit} MiB limit (raise ARGMAP_MAX_BYTES if it is really one map)")
        raw = file.read_bytes()
    except OSError as exc:
        fail(f"{file}: cannot read: {exc.strerror or exc}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        fail(f"{file}:{line}: not UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as UTF-8", 1)
    fmt = source_format.value if source_format else guess_format(file, text)
    if fmt is None:
        fail(f"{file}: cannot tell the format; pass --from aif|argdown|kialo")
    target = output if output is not None else str(file.with_suffix(".yaml"))
    result = get_importer(fmt)(text, file=str(file), options=ImportOptions(thesis=thesis, title=title))
    _print_diagnostics(result.diagnostics)
    if result.map is None:
        _print_losses(result.losses, fmt, loss_report, result.diagnostics, file)
        fail(f"{file}: nothing imported: fix the errors above", 1)
    yaml_text = export_yaml(result.map).text
    check = load_text(yaml_text, file=target if target != "-" else "<stdout>")
    if check.has_errors:
        _print_diagnostics(check.diagnostics)
        _print_losses(result.losses, fmt, loss_report, result.diagnostics, file)
        fail(f"{file}: the imported map would not validate; not written (please report this as a bug)", 1)
    write_output(target, yaml_text, inputs=(str(file),), overwrite=force)
    m = result.map
    where = "stdout" if target == "-" else target
    typer.echo(
        f"imported {len(m.nodes)} nodes and {len(m.relations)} relations from {file} ({fmt}) into {where}",
        err=True,
    )
    _print_losses(result.losses, fmt, loss_report, result.diagnostics, file)


def _print_diagnostics(diagnostics: list[Diagnostic]) -> None:
    for d in diagnostics:
        subject = f" [{d.subject}]" if d.subject else ""
        typer.echo(f"{d}{subject}", err=True)


def _print_losses(
    losses: list[Loss], fmt: str, loss_report: str | None, diagnostics: list[Diagnostic], source: Path
) -> None:
    if losses:
        typer.echo(f"loss report: {len(losses)} item(s) from {fmt} not kept in argmap:", err=True)
        for loss in losses:
            where = f" (line {loss.line})" if loss.line else ""
            typer.echo(f"  - {loss.kind}: {loss.subject}{where}: {loss.detail}", err=True)
    else:
        typer.echo(f"loss report: nothing from {fmt} lost", err=True)
    if loss_report:
        doc = {
            "format": fmt,
            "direction": "import",
            "count": len(losses),
            "losses": [x.to_dict() for x in losses],
            "diagnostics": [d.to_dict() for d in diagnostics],
        }
        text = json.dumps(doc, indent=2, ensure_ascii=False)
        if loss_report == "-":
            typer.echo(text, err=True)
        else:
            write_output(loss_report, text + "\n", inputs=(str(source),))
