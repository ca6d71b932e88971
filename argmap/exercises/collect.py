"""Which files of a class folder are answers: the rest is listed as skipped, with why.

A file named on the command line is always graded (a file that cannot be read gets no mark and
says why). In a folder, a download from Moodle or Canvas included, a file is an answer when it
looks like one of the exercise's kind:

* fill-evidence, match, find-gaps: the sheet says ``exercise: <kind>`` (the blank sheet does), or
  has the sheet's shape (``answers:`` with blanks; ``3: C2 supports`` lines; a list of codes);
* a map (starter, or grading maps against a key map): YAML or JSON with ``nodes:``, or Argdown.

Anything else (notes, the worksheet, the article, pictures, a sheet of another exercise) is
skipped, and a second answer file of one Moodle or Canvas student too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from argmap.exercises.submissions import Opened, Submitter, open_submissions

__all__ = ["ANSWER_SUFFIXES", "Collected", "collect", "not_an_answer"]

ANSWER_SUFFIXES = (".yaml", ".yml", ".json", ".txt", ".argdown", ".md")
NOT_ANSWERS = ("worksheet", "key", "exercise")
SNIFF_BYTES = 64 * 1024

_EXERCISE = re.compile(r"^#?\s*exercise:\s*\"?([\w-]+)\"?\s*$", re.M)
_MATCH_LINE = re.compile(r"^\s*-?\s*\d{1,3}\s*:", re.M)
_CODE_LINE = re.compile(r"^\s*-?\s*\{?\s*(?:code:\s*)?[A-Za-z]{1,3}\d{2,4}\b", re.M)
_NODES = re.compile(r"^\s*\"?nodes\"?\s*:", re.M)


@dataclass
class Collected:
    files: list[Path] = field(default_factory=list)
    owners: dict[Path, Submitter] = field(default_factory=dict)
    shown: dict[Path, str] = field(default_factory=dict)
    """How to name a file unpacked from a zip (``class.zip:Name_1_.../answers.yaml``)."""
    skipped: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    opened: list[Opened] = field(default_factory=list)

    def close(self) -> None:
        for o in self.opened:
            o.close()


def _sniff(path: Path) -> str | None:
    try:
        with open(path, "rb") as fh:
            return fh.read(SNIFF_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return None


def not_an_answer(path: Path, kind: str) -> str | None:
    """Why ``path`` is not an answer file of ``kind`` (``map`` for a map), or None when it is one."""
    if path.suffix.lower() not in ANSWER_SUFFIXES:
        return f"not an answer file ({path.suffix or 'no suffix'})"
    text = _sniff(path)
    if text is None:
        return "cannot be read"
    if not text.strip():
        return None  # handed in blank: graded (and marked as such), not passed over
    said = _EXERCISE.search(text)
    sheet_kinds = ("fill-evidence", "match", "find-gaps")
    if said is not None and said.group(1) in (*sheet_kinds, "starter"):
        if kind == said.group(1) or (kind == "starter" and said.group(1) == "starter"):
            return None
        if kind not in sheet_kinds and _NODES.search(text):
            return None
        return f"an answer sheet of the {said.group(1)} exercise, not of {kind}"
    if kind == "fill-evidence" and re.search(r"^answers:\s*$", text, re.M) and re.search(r"^\s+B\d+\s*:", text, re.M):
        return None
    if kind == "match" and _MATCH_LINE.search(text):
        return None
    if kind == "find-gaps" and (_CODE_LINE.search(text) or re.search(r"^gaps:", text, re.M) or _in_words(text)):
        return None
    if kind in ("starter", "map") and (_NODES.search(text) or path.suffix.lower() == ".argdown"):
        return None
    if kind in sheet_kinds:
        return f"not a {kind} answer sheet (no `exercise: {kind}` line, nothing shaped like its answers)"
    return "not a map (no `nodes:`)"


def _in_words(text: str) -> bool:
    """A list of weaknesses said in plain words: most of its lines name one (see findgaps)."""
    from argmap.exercises.findgaps import parse_answers

    answers, problems = parse_answers(text)
    return bool(answers) and len(answers) >= len(problems)


def collect(paths: Sequence[Path], kind: str, skip_names: Sequence[str] = ()) -> Collected:
    """The answer files among ``paths``: named files as they are; in folders and zips only files
    that look like answers of ``kind``, the rest listed in ``skipped`` with why."""
    out = Collected()
    for p in paths:
        if p.is_dir() or (p.is_file() and p.suffix.lower() == ".zip"):
            _folder(p, kind, skip_names, out)
        elif p.exists():  # a named file is graded whatever it is (a device is refused when read)
            out.files.append(p)
        else:
            out.problems.append(f"{p}: no such file or folder")
    return out


def _folder(p: Path, kind: str, skip_names: Sequence[str], out: Collected) -> None:
    opened = open_submissions(p, ANSWER_SUFFIXES)
    out.opened.append(opened)
    out.skipped += opened.skipped
    taken: dict[tuple[str, str], Path] = {}
    found = 0
    for f in sorted(x for x in opened.root.rglob("*") if x.is_file()):
        rel = PurePosixPath(f.relative_to(opened.root).as_posix())
        shown = opened.shown(f)
        if any(part.startswith(".") or part == "__MACOSX" for part in rel.parts):
            continue  # hidden files and macOS's resource forks: nobody's answers
        why = _why_skipped(f, rel, kind, skip_names, opened)
        who = opened.owners.get(f)
        if why is None and who is not None:
            first = taken.setdefault((who.system, who.id), f)
            if first != f:
                why = f"a second answer file of {who.name} ({who.id}); only {opened.shown(first)} is graded"
        if why is not None:
            out.skipped.append(f"{shown}: {why}")
            continue
        found += 1
        out.files.append(f)
        out.shown[f] = shown
        if who is not None:
            out.owners[f] = who
    if not found:
        out.problems.append(f"{p}: no answer files in this {'zip' if opened.temporary else 'folder'}")


def _why_skipped(f: Path, rel: PurePosixPath, kind: str, skip_names: Sequence[str], opened: Opened) -> str | None:
    if f.name in skip_names:
        return "the source text"
    if f.stem.lower() in NOT_ANSWERS and f.suffix.lower() in ANSWER_SUFFIXES:
        return f"the exercise's own {f.stem.lower()} file"
    who = opened.owners.get(f)
    if opened.system == "moodle" and who is None:
        return "not in a student's submission folder"
    if who is not None and who.plugin != "file":
        return f"Moodle's {who.plugin} submission, not a file"
    return not_an_answer(f, kind)
