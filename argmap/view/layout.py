"""DOT source -> SVG, PNG or PDF by running a layout engine, with a timeout.

The only module that runs a program. Engines, in order of preference:

- the system Graphviz ``dot`` when on PATH (the reference; writes every format, PDF included);
- ``graphviz-pure`` (a Rust port of ``dot`` shipped as a Python dependency) for SVG and PNG, looked
  up on PATH and next to the running Python, since a virtualenv's bin folder need not be on PATH.

Without system Graphviz, PDF is made from the SVG with ``svglib`` and ``reportlab`` (pure pip
packages, no system libraries) when they are installed. When a format cannot be produced, the error
says exactly what to install.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

__all__ = [
    "FORMATS",
    "LAYOUT_FORMATS",
    "MAX_LAYOUT_ELEMENTS",
    "PNG_MAX_INCHES",
    "Engine",
    "LayoutError",
    "find_engine",
    "layout",
    "pdf_available",
]

FORMATS = ("svg", "png", "pdf", "dot", "mmd")
LAYOUT_FORMATS = ("svg", "png", "pdf")
MAX_LAYOUT_ELEMENTS = int(os.environ.get("ARGMAP_MAX_LAYOUT", "1500"))
"""Above this many nodes (junctions included) a layout is refused rather than left to run for minutes."""

PNG_MAX_INCHES = 300
"""A PNG larger than this many inches either way (28,800 pixels at 96 dpi) is scaled down to fit."""

INSTALL_GRAPHVIZ = (
    "install Graphviz: `apt-get install graphviz` (Debian/Ubuntu), `brew install graphviz` (macOS), "
    "`choco install graphviz` (Windows)"
)


class LayoutError(Exception):
    """The layout could not be made; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class Engine:
    name: str
    """``dot`` (system Graphviz) or ``graphviz-pure``."""
    path: str
    formats: tuple[str, ...]


def _graphviz_pure() -> str | None:
    found = shutil.which("graphviz-pure")
    if found:
        return found
    for folder in (Path(sys.executable).parent, Path(sys.prefix) / "bin", Path(sys.prefix) / "Scripts"):
        for name in ("graphviz-pure", "graphviz-pure.exe"):
            candidate = folder / name
            if candidate.is_file() and os.access(candidate, os.X_OK):
                return str(candidate)
    return None


def find_engine(fmt: str = "svg", prefer: str | None = None) -> Engine | None:
    """The engine that will lay out ``fmt``; ``prefer`` (or env ``ARGMAP_LAYOUT``) forces one by name."""
    prefer = prefer or os.environ.get("ARGMAP_LAYOUT") or None
    engines: list[Engine] = []
    system = shutil.which("dot")
    if system and prefer in (None, "dot"):
        engines.append(Engine("dot", system, LAYOUT_FORMATS))
    pure = _graphviz_pure()
    if pure and prefer in (None, "graphviz-pure"):
        engines.append(Engine("graphviz-pure", pure, ("svg", "png")))
    for engine in engines:
        if fmt in engine.formats or (fmt == "pdf" and "svg" in engine.formats and _svglib()):
            return engine
    return None


def _svglib() -> bool:
    try:
        import reportlab  # type: ignore[import-untyped,unused-ignore]  # noqa: F401
        import svglib  # noqa: F401
    except ImportError:
        return False
    return True


def pdf_available() -> bool:
    """Whether this machine can write PDF (system Graphviz, or svglib and reportlab)."""
    return find_engine("pdf") is not None


def _missing(fmt: str, chosen: str | None = None) -> str:
    if chosen == "dot":  # asked for by name: say that it is missing, not what else might be
        return (
            f"cannot write {fmt.upper()} with --engine dot: Graphviz's dot is not installed ({INSTALL_GRAPHVIZ}); "
            "or leave out --engine: graphviz-pure, installed with argmap, lays out SVG and PNG"
            + (", and svglib turns its SVG into PDF" if _svglib() else "")
        )
    if chosen == "graphviz-pure" and _graphviz_pure() and fmt != "pdf":
        return f"cannot write {fmt.upper()} with --engine graphviz-pure: it lays out SVG and PNG only"
    if fmt == "pdf":
        return (
            "cannot write PDF: it needs system Graphviz (" + INSTALL_GRAPHVIZ + ") or the pure-Python "
            "converter: `pip install svglib` (brings reportlab); SVG and PNG work without either"
        )
    return (
        f"cannot write {fmt.upper()}: no layout engine found; reinstall argmap (`pip install graphviz-pure`) "
        f"or {INSTALL_GRAPHVIZ}"
    )


def _run(engine: Engine, source: str, fmt: str, timeout: float) -> bytes:
    args = [engine.path, f"-T{fmt}"]
    if fmt == "png":
        # Scales a huge drawing down (never up): a 100,000-pixel-wide bitmap helps nobody.
        args.append(f"-Gsize={PNG_MAX_INCHES},{PNG_MAX_INCHES}")
    try:
        proc = subprocess.run(
            args,
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise LayoutError(
            f"layout took longer than {timeout:g} s and was stopped; draw less with --focus ID --depth N "
            "or --collapse, or allow more time with --timeout"
        ) from None
    except OSError as exc:
        raise LayoutError(f"cannot run {engine.path}: {exc.strerror or exc}; {INSTALL_GRAPHVIZ}") from None
    if proc.returncode != 0 or not proc.stdout:
        errors = [
            ln.strip()
            for ln in proc.stderr.decode("utf-8", "replace").splitlines()
            if ln.strip() and "warning" not in ln.lower()
        ]
        detail = errors[-1] if errors else f"exit status {proc.returncode}"
        raise LayoutError(f"{engine.name} failed: {detail}")
    return proc.stdout


def _svg_to_pdf(svg: bytes) -> bytes:
    import io

    from reportlab.graphics import renderPDF  # type: ignore[import-untyped,unused-ignore]
    from svglib.svglib import svg2rlg

    drawing = svg2rlg(io.BytesIO(svg))
    if drawing is None:
        raise LayoutError("svglib could not read the SVG made by the layout engine")
    buffer = io.BytesIO()
    renderPDF.drawToFile(drawing, buffer)
    return buffer.getvalue()


def layout(source: str, fmt: str, *, timeout: float = 60.0, prefer: str | None = None) -> bytes:
    """Run the layout engine on DOT ``source`` and return the ``fmt`` (svg, png or pdf) bytes."""
    if fmt not in LAYOUT_FORMATS:
        raise ValueError(f"layout makes {', '.join(LAYOUT_FORMATS)}, not {fmt}")
    chosen = prefer or os.environ.get("ARGMAP_LAYOUT")
    if chosen and chosen not in ("dot", "graphviz-pure"):
        raise LayoutError(f"unknown layout engine {chosen!r} (from ARGMAP_LAYOUT?): use dot or graphviz-pure")
    engine = find_engine(fmt, prefer)
    if engine is None:
        raise LayoutError(_missing(fmt, chosen))
    if fmt in engine.formats:
        data = _run(engine, source, fmt, timeout)
        return _fixed_pdf_dates(data) if fmt == "pdf" else data
    return _svg_to_pdf(_run(engine, source, "svg", timeout))


_PDF_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}(Z|[+-]\d{2}'?\d{2}'?)?\)")


def _fixed_pdf_dates(pdf: bytes) -> bytes:
    """Honour SOURCE_DATE_EPOCH in PDF dates, which cairo before 1.18 ignores (reproducible output).

    The replacement keeps each date's length, so the PDF's cross-reference offsets stay valid.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if not epoch.isdigit():
        return pdf
    stamp = datetime.fromtimestamp(int(epoch), tz=UTC).strftime("%Y%m%d%H%M%S").encode()

    def fix(m: re.Match[bytes]) -> bytes:
        new = b"/" + m.group(1) + b" (D:" + stamp + b"Z)"
        return new.ljust(len(m.group(0)))[: len(m.group(0))] if len(new) <= len(m.group(0)) else m.group(0)

    return _PDF_DATE.sub(fix, pdf)
