"""Fonts for the text of PDF pages in any script: the standard PDF fonts where they can print it, a
Unicode font of this machine where they cannot.

reportlab's standard fonts (Helvetica and its bold and oblique faces, never embedded) print Western
European text (cp1252) and the symbols of the Symbol font; anything else came out as ■. Text they
print is drawn exactly as before (the same PDF bytes); a line with other characters is cut into runs,
each drawn in a font that has its characters, one after the other, the line keeping its anchor:

- a TrueType font found on this machine, embedded (subset) in the PDF: DejaVu Sans, Noto Sans,
  Liberation Sans, FreeSans, Arial (Unicode), Segoe UI, WenQuanYi, Droid Sans Fallback... at the
  usual places, then whatever fontconfig's ``fc-match`` names for the character (if it has it);
- for Chinese, Japanese and Korean without such a font, reportlab's CID fonts (``STSong-Light``,
  ``HeiseiKakuGo-W5``, ``HYGothic-Medium``): not embedded, PDF readers supply them;
- else the standard font (Greek letters from Symbol, the rest ■), and the character is reported
  (:func:`missing_note`).

Fonts are looked for on first need, once per process; importing this module reads none.
"""

from __future__ import annotations

import os
import re
import subprocess
import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

__all__ = [
    "STANDARD",
    "Run",
    "draw_string",
    "font_file",
    "markup",
    "missing_note",
    "runs",
    "standard_text",
    "unprintable",
]

STANDARD = {
    (False, False): "Helvetica",
    (True, False): "Helvetica-Bold",
    (False, True): "Helvetica-Oblique",
    (True, True): "Helvetica-BoldOblique",
}
"""The standard PDF font for (bold, italic): what Graphviz's Helvetica text is printed in."""

_STYLE = {name: style for style, name in STANDARD.items()}

_SANS = {
    (False, False): (
        "DejaVuSans.ttf",
        "NotoSans-Regular.ttf",
        "LiberationSans-Regular.ttf",
        "FreeSans.ttf",
        "Arial Unicode.ttf",
        "arial.ttf",
        "Arial.ttf",
        "segoeui.ttf",
    ),
    (True, False): (
        "DejaVuSans-Bold.ttf",
        "NotoSans-Bold.ttf",
        "LiberationSans-Bold.ttf",
        "FreeSansBold.ttf",
        "arialbd.ttf",
        "Arial Bold.ttf",
        "segoeuib.ttf",
    ),
    (False, True): (
        "DejaVuSans-Oblique.ttf",
        "NotoSans-Italic.ttf",
        "LiberationSans-Italic.ttf",
        "FreeSansOblique.ttf",
        "ariali.ttf",
        "Arial Italic.ttf",
        "segoeuii.ttf",
    ),
    (True, True): (
        "DejaVuSans-BoldOblique.ttf",
        "NotoSans-BoldItalic.ttf",
        "LiberationSans-BoldItalic.ttf",
        "FreeSansBoldOblique.ttf",
        "arialbi.ttf",
        "Arial Bold Italic.ttf",
        "segoeuiz.ttf",
    ),
}
"""Unicode sans-serif TrueType fonts by file name, for each style, best first."""

_CJK_FILES = (
    "wqy-zenhei.ttc",
    "wqy-microhei.ttc",
    "DroidSansFallbackFull.ttf",
    "DroidSansFallback.ttf",
    "msyh.ttc",
    "malgun.ttf",
    "YuGothM.ttc",
    "msgothic.ttc",
    "uming.ttc",
)
"""TrueType fonts with Chinese, Japanese and Korean (Noto CJK is OpenType/CFF, which reportlab cannot embed)."""

_DIRS = (
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
    "/usr/share/fonts/dejavu-sans-fonts",
    "/usr/share/fonts/TTF",
    "/usr/share/fonts/truetype/noto",
    "/usr/share/fonts/noto",
    "/usr/share/fonts/truetype/liberation2",
    "/usr/share/fonts/truetype/liberation",
    "/usr/share/fonts/liberation-sans",
    "/usr/share/fonts/truetype/freefont",
    "/usr/share/fonts/truetype/wqy",
    "/usr/share/fonts/wqy-zenhei",
    "/usr/share/fonts/truetype/droid",
    "/usr/share/fonts/google-droid-sans-fonts",
    "/usr/share/fonts/truetype/arphic",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
    "/Library/Fonts",
    "/System/Library/Fonts/Supplemental",
    "/System/Library/Fonts",
    "~/Library/Fonts",
    "%WINDIR%/Fonts",
)

_CID = {"ja": "HeiseiKakuGo-W5", "zh": "STSong-Light", "ko": "HYGothic-Medium"}
"""reportlab's CID fonts (Adobe's, which PDF readers supply) for Japanese, Chinese and Korean."""

_WORD = re.compile(r"[^\W_]+")
_HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
_KANA = re.compile("[\u3040-\u30ff\u31f0-\u31ff\uff65-\uff9f]")
_CJK = re.compile(
    "[\u1100-\u11ff\u2e80-\u2fdf\u3000-\u30ff\u3100-\u31ff\u3200-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f"
    "\uff00-\uffef\U00020000-\U0003134f]"
)
"""Characters a CID font of one of the three languages has (by Unicode block)."""

INSTALL = "fonts-dejavu-core for Greek and Cyrillic, fonts-noto-core for other scripts"
"""What to install (Debian and Ubuntu package names) for characters no font of this machine has."""


class Run(NamedTuple):
    """Part of a line drawn in one font."""

    text: str
    font: str


def runs(text: str, font: str) -> tuple[list[Run], set[str]]:
    """``text`` as runs, each in a font that prints it (``font``, a standard font, where it can), and
    the characters no font prints (drawn in ``font``, as ■)."""
    if not text:
        return [], set()
    finder = _finder()
    language = "ko" if _HANGUL.search(text) else "ja" if _KANA.search(text) else "zh"
    style = _STYLE.get(font, (False, False))
    table = finder.table(style, language)
    chosen = [table[char] if char in table else finder.add(table, char, style, language) for char in text]
    missing = {char for char, found in zip(text, chosen, strict=True) if found is None and not finder.standard(char)}
    _whole_words(text, chosen, finder)
    out: list[Run] = []
    start, current = 0, chosen[0] or font
    for i in range(1, len(text)):
        found = chosen[i] or font
        if found != current and not _joins(text[i], current, finder):
            out.append(Run(text[start:i], current))
            start, current = i, found
    out.append(Run(text[start:], current))
    return out, missing


def _whole_words(text: str, chosen: list[str | None], finder: _Finder) -> None:
    """A word partly in a standard font and partly in one other font that has all of it (``Gdańsk``,
    ``Łódź``) is drawn wholly in the other: one face to a word."""
    for word in _WORD.finditer(text):
        fonts = {found for found in chosen[word.start() : word.end()] if found is not None}
        if len(fonts) == 1 and None in chosen[word.start() : word.end()]:
            other = fonts.pop()
            if all(finder.has(other, char) for char in word.group()):
                chosen[word.start() : word.end()] = [other] * (word.end() - word.start())


def _joins(char: str, font: str, finder: _Finder) -> bool:
    """Whether ``char`` (a space or punctuation mark) stays in the run before it, whose font has it:
    a sentence in Greek is one run, not a run per word."""
    return unicodedata.category(char)[0] in "ZP" and finder.has(font, char)


def draw_string(canvas: Any, x: float, y: float, text: str, font: str, size: float, anchor: str) -> set[str]:
    """Draw ``text`` at ``x, y`` anchored at its ``start``, ``middle`` or ``end``, ``font`` (a standard
    font) already set on ``canvas``; returns the characters no font of this machine prints."""
    if standard_text(text):
        _draw(canvas, x, y, text, anchor)
        return set()
    from reportlab.pdfbase.pdfmetrics import stringWidth  # type: ignore[import-untyped,unused-ignore]

    parts, missing = runs(text, font)
    if all(part.font == font for part in parts):
        _draw(canvas, x, y, text, anchor)  # symbols the standard fonts print (from Symbol), as always
        return missing
    widths = [stringWidth(part.text, part.font, size) for part in parts]
    left = x - {"middle": sum(widths) / 2, "end": sum(widths)}.get(anchor, 0.0)
    for part, width in zip(parts, widths, strict=True):
        canvas.setFont(part.font, size)
        canvas.drawString(left, y, part.text)
        left += width
    canvas.setFont(font, size)
    return missing


def markup(text: str, *, bold: bool = False) -> str:
    """``text`` escaped as reportlab paragraph markup, each run the standard fonts cannot print in a
    ``<font face>`` of a font that can (its bold and italic faces registered as its family, so that
    the paragraph's ``<b>`` and ``<i>`` still apply; ``bold``: in a paragraph whose font is bold)."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if standard_text(text):
        return escaped
    out = []
    for part in runs(text, STANDARD[False, False])[0]:
        part_text = part.text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        if part.font in _STYLE:
            out.append(part_text)
        else:
            _finder().family(part.font, part.text)
            inner = f"<b>{part_text}</b>" if bold else part_text  # inside: a face sets bold off
            out.append(f'<font face="{part.font}">{inner}</font>')
    return "".join(out)


def font_file(name: str) -> tuple[str, int] | None:
    """The file and face index of a TrueType font :func:`runs` chose, None for a standard or CID font."""
    return next((face for face, font in _finder().fonts.items() if font is not None and font.fontName == name), None)


def unprintable(text: str) -> set[str]:
    """The characters of ``text`` that no font of this machine prints."""
    return set() if standard_text(text) else runs(text, STANDARD[False, False])[1]


def _draw(canvas: Any, x: float, y: float, text: str, anchor: str) -> None:
    if anchor == "middle":
        canvas.drawCentredString(x, y, text)
    elif anchor == "end":
        canvas.drawRightString(x, y, text)
    else:
        canvas.drawString(x, y, text)


def standard_text(text: str) -> bool:
    """Whether a standard font prints all of ``text`` (Western European): drawn as it always was."""
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def missing_note(missing: Iterable[str]) -> str | None:
    """One sentence on characters no font of this machine prints, naming what to install; None if none."""
    chars = sorted(set(missing))
    if not chars:
        return None
    shown = " ".join(f"{c} (U+{ord(c):04X})" for c in chars[:5]) + (" ..." if len(chars) > 5 else "")
    return (
        f"no font on this machine has {len(chars)} character{'s' * (len(chars) != 1)} of the map (printed as ■ "
        f"in the PDF): {shown}; install a font with them (Debian/Ubuntu: {INSTALL})."
    )


@cache
def _finder() -> _Finder:
    return _Finder()


class _Finder:
    """The fonts of this machine, looked at once per process as characters need them."""

    def __init__(self) -> None:
        self.chosen: dict[tuple[tuple[bool, bool], str], dict[str, str | None]] = {}  # by style and language
        self.printed: dict[str, bool] = {}
        self.fonts: dict[tuple[str, int], Any] = {}  # (path, index) -> reportlab font, or None (unusable)
        self.asked: dict[tuple[int, tuple[bool, bool]], str | None] = {}  # fc-match's answer by block
        self.covers: dict[str, frozenset[int] | None] = {}  # registered name -> the characters it has
        self.encodings = _standard_encodings()

    def standard(self, char: str) -> bool:
        """Whether the standard fonts (with Symbol) print ``char``, or it is not printed at all (a control
        or format character)."""
        known = self.printed.get(char)
        if known is None:
            known = self.printed[char] = unicodedata.category(char)[0] == "C" or any(
                _encodes(char, encoding) for encoding in self.encodings
            )
        return known

    def has(self, font: str, char: str) -> bool:
        """Whether ``font`` (standard, TrueType or CID) has ``char``."""
        if font in _STYLE:
            return standard_text(char)
        covered = self.covers.get(font)
        if covered is None:  # a CID font: its language's characters (its spaces and Western punctuation are wide)
            return bool(_CJK.match(char))
        return ord(char) in covered

    def font_for(self, char: str, style: tuple[bool, bool], language: str) -> str | None:
        """The font to draw ``char`` in, None for the standard font."""
        table = self.table(style, language)
        return table[char] if char in table else self.add(table, char, style, language)

    def table(self, style: tuple[bool, bool], language: str) -> dict[str, str | None]:
        """The fonts chosen so far for characters in ``style``, in a text of ``language``."""
        return self.chosen.setdefault((style, language), {})

    def add(self, table: dict[str, str | None], char: str, style: tuple[bool, bool], language: str) -> str | None:
        """Choose the font for ``char`` in ``table`` (:meth:`table` of ``style`` and ``language``)."""
        found = table[char] = self._choose(char, style, language)
        return found

    def _choose(self, char: str, style: tuple[bool, bool], language: str) -> str | None:
        if standard_text(char):
            return None
        if self.standard(char) and unicodedata.category(char)[0] not in "LMN":
            return None  # a symbol the Symbol font has, as always
        for candidate in self._candidates(char, style):
            name = self._load(candidate)
            if name is not None and ord(char) in (self.covers[name] or ()):
                return name
        if _CJK.match(char):
            return self._cid(_CID["ko" if _HANGUL.match(char) else "ja" if _KANA.match(char) else language])
        return None

    def _candidates(self, char: str, style: tuple[bool, bool]) -> Iterable[tuple[str, int]]:
        for path in _known(style):
            yield from _faces(path)
        named = self._fc_match(char, style)
        if named is not None:
            yield from _faces(named)
        if style != (False, False):
            yield from self._candidates(char, (False, False))

    def _fc_match(self, char: str, style: tuple[bool, bool]) -> str | None:
        """The file fontconfig names for ``char`` in ``style`` (asked once per block of 128 characters:
        it names *some* font even when none has the character, and the caller checks)."""
        block = (ord(char) >> 7, style)
        if block not in self.asked:
            pattern = f"sans-serif:charset={ord(char):x}" + ":bold" * style[0] + ":italic" * style[1]
            try:
                done = subprocess.run(
                    ["fc-match", "-f", "%{file}", pattern], capture_output=True, text=True, timeout=10, check=False
                )
                self.asked[block] = done.stdout.strip() or None
            except (OSError, subprocess.SubprocessError):
                self.asked[block] = None
        return self.asked[block]

    def _load(self, face: tuple[str, int]) -> str | None:
        """The registered reportlab name of a TrueType font file's face, None if reportlab cannot use it
        (PostScript outlines, no embedding allowed, unreadable)."""
        if face not in self.fonts:
            from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped,unused-ignore]
            from reportlab.pdfbase.ttfonts import TTFont  # type: ignore[import-untyped,unused-ignore]

            path, index = face
            name = f"argmap-{Path(path).stem}-{index}"
            try:
                font = TTFont(name, path, subfontIndex=index)
            except Exception:  # reportlab raises TTFError and plain errors alike for fonts it cannot read
                self.fonts[face] = None
                return None
            pdfmetrics.registerFont(font)
            self.fonts[face] = font
            self.covers[name] = frozenset(font.face.charToGlyph)
        font = self.fonts[face]
        return None if font is None else str(font.fontName)

    def family(self, regular: str, text: str) -> None:
        """Register ``regular`` as a family, with the faces that draw ``text`` bold, italic or both."""
        from reportlab.pdfbase import pdfmetrics

        language = "ko" if _HANGUL.search(text) else "ja" if _KANA.search(text) else "zh"
        faces = {style: self.font_for(text[0], style, language) or regular for style in STANDARD}
        faces = {style: face if all(self.has(face, c) for c in text) else regular for style, face in faces.items()}
        pdfmetrics.registerFontFamily(
            regular,
            normal=regular,
            bold=faces[True, False],
            italic=faces[False, True],
            boldItalic=faces[True, True],
        )

    def _cid(self, name: str) -> str:
        if name not in self.covers:
            from reportlab.pdfbase import pdfmetrics
            from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # type: ignore[import-untyped,unused-ignore]

            pdfmetrics.registerFont(UnicodeCIDFont(name))
            self.covers[name] = None
        return name


def _standard_encodings() -> tuple[str, ...]:
    from reportlab.pdfbase import pdfmetrics

    return tuple(pdfmetrics.getFont(name).encName for name in ("Helvetica", "Symbol"))


def _encodes(char: str, encoding: str) -> bool:
    try:
        char.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


@cache
def _known(style: tuple[bool, bool]) -> tuple[str, ...]:
    """The well-known font files of ``style`` (then the CJK ones) on this machine, best first."""
    dirs = [Path(os.path.expandvars(os.path.expanduser(d))) for d in _DIRS]
    names = _SANS[style] + _CJK_FILES
    return tuple(str(d / n) for n in names for d in dirs if (d / n).is_file())


def _faces(path: str) -> list[tuple[str, int]]:
    """The faces of a font file: a TrueType collection's first, else the file's one."""
    return [(path, 0)] if path.lower().endswith((".ttf", ".ttc")) else []
