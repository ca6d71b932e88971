"""Text in any script prints in the PDF pages (``render --page``) and the worksheet PDF (issue 30,
criterion 1: every text of the map appears in every layout).

reportlab's standard fonts print Western European text only; the rest came out as ■. The words are
read back with poppler's ``pdftotext``: each word of each text must be there, and no ■.
"""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from argmap.api import load_valid
from argmap.cli import app
from argmap.view import pagewrite, pdffonts, svgpaint
from argmap.view.build import build_view
from argmap.view.pages import lay_out, to_pdf

HERE = Path(__file__).parent
SCRIPTS = HERE / "fixtures" / "fonts" / "five-scripts.yaml"
SHIPPED = HERE.parent / "claims" / "north-korea-seeking-new-friends.yaml"
TEXTS = {
    "greek": "Η χώρα αναζητά νέους εταίρους, επειδή ο παλιός σύμμαχος απομακρύνεται.",
    "russian": "Отношения со старым союзником заметно охладели.",
    "japanese": "北朝鮮は日本との関係改善を模索している。",
    "chinese": "中国对朝鲜的态度正在发生变化。",
    "korean": "남북 관계는 여전히 긴장 상태이다.",
    "mixed": "Trade with 中国 fell by 2.8 per cent in 2014 (торговля упала).",
}

needs_tools = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("dot") is None,
    reason="needs poppler-utils (pdftotext) and Graphviz",
)


def _greek_font() -> bool:
    return pdffonts._finder().font_for("ά", (False, False), "") is not None


needs_unicode_font = pytest.mark.skipif(
    not _greek_font(), reason="needs a Unicode TrueType font with Greek and Cyrillic (fonts-dejavu-core)"
)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stderr


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def missing_words(text: str, expected: dict[str, str]) -> list[str]:
    """The words of ``expected`` not in ``text`` (line breaks and spaces aside: a box wraps its text)."""
    flat = re.sub(r"\s+", "", text)
    return [f"{name}: {word}" for name, line in expected.items() for word in line.split() if word not in flat]


@pytest.fixture
def no_system_fonts(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A machine without any TrueType font: neither at the usual places nor from fontconfig."""
    monkeypatch.setattr(pdffonts, "_known", lambda style: ())
    monkeypatch.setattr(pdffonts._Finder, "_fc_match", lambda self, char, style: None)
    pdffonts._finder.cache_clear()
    yield
    pdffonts._finder.cache_clear()


@needs_tools
@needs_unicode_font
def test_page_pdf_prints_five_scripts_and_a_mixed_line(tmp_path: Path) -> None:
    out = tmp_path / "u.pdf"
    code, err = run("render", str(SCRIPTS), "--page", "a4", "-o", str(out))
    assert code == 0, err
    assert "note:" not in err  # every character has a font
    text = pdf_text(out)
    assert "■" not in text
    assert missing_words(text, TEXTS) == []
    assert "Μια χώρα ψάχνει νέους φίλους" in text  # the page title (bold)
    assert "Министерство торговли" in text  # the source line (italic)
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^[A-Z]{6}\+\S+\s+TrueType\s+\S+\s+yes\s+yes", fonts, re.M)  # embedded, subset


def _reads_cid_fonts(folder: Path) -> bool:
    """Whether pdftotext reads text in the CID fonts (it needs poppler-data's CMaps)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen.canvas import Canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    canvas = Canvas(str(folder / "cid.pdf"))
    canvas.setFont("STSong-Light", 12)
    canvas.drawString(72, 72, "中国")
    canvas.save()
    return "中国" in pdf_text(folder / "cid.pdf")


@needs_tools
def test_cjk_prints_in_reportlabs_cid_fonts_without_system_fonts(tmp_path: Path, no_system_fonts: None) -> None:
    """No TrueType font on the machine: Chinese, Japanese and Korean in reportlab's CID fonts (which
    readers supply); Greek accents and Cyrillic have none, and the note says what to install."""
    if not _reads_cid_fonts(tmp_path):
        pytest.skip("pdftotext cannot read CID fonts: install poppler-data")
    out = tmp_path / "u.pdf"
    code, err = run("render", str(SCRIPTS), "--page", "a4", "-o", str(out))
    assert code == 0, err
    text = pdf_text(out)
    cjk = {k: TEXTS[k] for k in ("japanese", "chinese", "korean")}
    assert missing_words(text, cjk) == []
    assert "中国" in text  # the mixed line's Chinese run
    notes = [line for line in err.splitlines() if line.startswith("note:")]
    assert len(notes) == 1
    assert re.fullmatch(
        r"note: no font on this machine has \d+ characters of the map \(printed as ■ in the PDF\): "
        r".*\(U\+0\w{3}\).*; install a font with them \(Debian/Ubuntu: fonts-dejavu-core for Greek and "
        r"Cyrillic, fonts-noto-core for other scripts\)\.",
        notes[0],
    )
    assert "ά (U+03AC)" in notes[0]


@needs_tools
@needs_unicode_font
def test_worksheet_pdf_prints_five_scripts(tmp_path: Path) -> None:
    code, err = run("exercise", "make", str(SCRIPTS), "-k", "fill-evidence", "-o", str(tmp_path / "ex"))
    assert code == 0, err
    assert "note:" not in err
    text = pdf_text(tmp_path / "ex" / "student" / "worksheet.pdf")
    assert "■" not in text
    claims = {k: v for k, v in TEXTS.items() if k != "mixed"}  # the evidence is what the student fills in
    assert missing_words(text, claims) == []
    assert "Μια χώρα ψάχνει νέους φίλους" in text


def _standard_only(canvas: Any, x: float, y: float, text: str, font: str, size: float, anchor: str) -> set[str]:
    """How text was drawn before other scripts had fonts: the standard font, whatever the text."""
    draw = {"middle": canvas.drawCentredString, "end": canvas.drawRightString}.get(anchor, canvas.drawString)
    draw(x, y, text)
    return set()


@needs_tools
def test_latin_pages_are_drawn_exactly_as_with_the_standard_fonts(monkeypatch: pytest.MonkeyPatch) -> None:
    view = build_view(load_valid(SHIPPED).map)  # type: ignore[arg-type]
    pages = lay_out(view, page="a4")
    new = to_pdf(pages)
    monkeypatch.setattr(svgpaint, "draw_string", _standard_only)
    monkeypatch.setattr(pagewrite, "draw_string", _standard_only)
    assert to_pdf(pages) == new


class _Canvas:
    """Records what is drawn."""

    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []

    def setFont(self, name: str, size: float) -> None:
        self.calls.append(("font", name))

    def drawString(self, x: float, y: float, text: str) -> None:
        self.calls.append(("text", round(x, 3), text))

    def drawCentredString(self, x: float, y: float, text: str) -> None:
        self.calls.append(("centred", x, text))


def test_a_mixed_line_is_drawn_in_runs_centred_as_a_whole(no_system_fonts: None) -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    canvas = _Canvas()
    missing = pdffonts.draw_string(canvas, 100.0, 0.0, "Trade with 中国 fell", "Helvetica", 10.0, "middle")
    assert missing == set()
    parts = [("Trade with ", "Helvetica"), ("中国", "STSong-Light"), (" fell", "Helvetica")]
    widths = [stringWidth(t, f, 10.0) for t, f in parts]
    left = 100.0 - sum(widths) / 2
    expected: list[tuple[Any, ...]] = []
    for (t, f), w in zip(parts, widths, strict=True):
        expected += [("font", f), ("text", round(left, 3), t)]
        left += w
    assert canvas.calls == [*expected, ("font", "Helvetica")]


def test_latin_text_is_one_call_in_the_standard_font() -> None:
    canvas = _Canvas()
    assert pdffonts.draw_string(canvas, 5.0, 0.0, "Café — 2.8 % “up”", "Helvetica", 10.0, "middle") == set()
    assert canvas.calls == [("centred", 5.0, "Café — 2.8 % “up”")]


def test_korean_and_japanese_han_take_their_languages_font(no_system_fonts: None) -> None:
    korean = pdffonts.runs("한국漢字", "Helvetica")[0]
    japanese = pdffonts.runs("日本の漢字", "Helvetica")[0]
    chinese = pdffonts.runs("汉字", "Helvetica")[0]
    assert {r.font for r in korean} == {"HYGothic-Medium"}
    assert {r.font for r in japanese} == {"HeiseiKakuGo-W5"}
    assert {r.font for r in chinese} == {"STSong-Light"}


def test_no_note_when_every_character_prints() -> None:
    assert pdffonts.missing_note(set()) is None
    assert pdffonts.missing_note({"ऄ"}) == (
        "no font on this machine has 1 character of the map (printed as ■ in the PDF): ऄ (U+0904); install a "
        "font with them (Debian/Ubuntu: fonts-dejavu-core for Greek and Cyrillic, fonts-noto-core for other "
        "scripts)."
    )


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=30))
def test_runs_keep_the_text_and_each_font_has_its_characters(text: str) -> None:
    parts, missing = pdffonts.runs(text, "Helvetica-Bold")
    assert "".join(p.text for p in parts) == text
    assert all(p.text for p in parts)
    assert all(a.font != b.font for a, b in itertools.pairwise(parts))  # runs as long as they go
    for part in parts:
        for char in part.text:
            if part.font == "Helvetica-Bold":  # the standard font: prints it, or it is reported missing
                assert (
                    pdffonts.standard_text(char)
                    or char in missing
                    or pdffonts._finder().standard(char)
                    or (unicodedata.category(char)[0] == "C")
                )
            else:
                assert pdffonts._finder().has(part.font, char)


@needs_unicode_font
def test_a_word_is_drawn_in_one_face() -> None:
    """Polish letters outside cp1252 take the whole word into the Unicode font, not just themselves."""
    parts = pdffonts.runs("Gdańsk and Łódź", "Helvetica")[0]
    assert [p.text for p in parts] == ["Gdańsk ", "and ", "Łódź"]
    assert parts[0].font == parts[2].font != "Helvetica" and parts[1].font == "Helvetica"
