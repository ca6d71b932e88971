"""Words read back from a PDF with their type size, for the tests that measure printed pages
(``render --page`` and the exercise worksheets): poppler's ``pdftotext -bbox`` gives each word's box."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

WORD = re.compile(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</word>')


def page_words(pdf: Path) -> list[list[tuple[float, str]]]:
    """Per page of ``pdf``, (box height, word) of every word on it."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [[(float(b) - float(a), w) for a, b, w in WORD.findall(page)] for page in out.split("<page ")[1:]]


def box_height_per_point(folder: Path) -> float:
    """Word-box height per point of type size, for Helvetica as reportlab writes it (a 10 pt line measured)."""
    from reportlab.pdfgen import canvas

    path = folder / "ten.pdf"
    c = canvas.Canvas(str(path), pagesize=(200, 100))
    c.setFont("Helvetica", 10)
    c.drawString(10, 50, "Calibration words")
    c.save()
    heights = {h for page in page_words(path) for h, _ in page}
    assert len(heights) == 1, heights
    return heights.pop() / 10
