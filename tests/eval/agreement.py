"""Agreement of the grader with the teacher's bands on the evaluation set.

Run: ``python tests/eval/agreement.py`` (from the repository root). Each set is a folder with a
``bands.yaml`` (key, source text, each student's band and why), a ``students/`` folder and, for the
shipped article, the text in ``../shared/sources`` (the set is skipped when it is absent). A set may
also list answer ``sheets:`` of one exercise each, graded against its teacher folder (``exercise:``,
whose exercise.yaml says what each blank or number stands for).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[2] / "shared" / "sources"
SETS = ("bike-lanes", "north-korea", "phones")


@dataclass(frozen=True)
class Case:
    set: str
    student: Path
    key: Path
    text: Path
    low: float
    high: float
    why: str
    exercise: Path | None = None
    """The teacher folder of the exercise the sheet answers (None: a whole map against the key)."""
    out: str | None = None
    """Why the grader is known to land outside the band (a disagreement kept, not tuned away)."""

    @property
    def kind(self) -> str:
        if self.exercise is None:
            return "map"
        return str(yaml.safe_load((self.exercise / "exercise.yaml").read_text(encoding="utf-8"))["exercise"])


def cases(name: str) -> list[Case] | None:
    """The cases of one set, or None when its source text is not on this machine."""
    folder = HERE / name
    bands = yaml.safe_load((folder / "bands.yaml").read_text(encoding="utf-8"))
    text = folder / bands["text"]
    if not text.is_file():
        text = SHARED / bands["text"]
    if not text.is_file():
        return None
    key = (folder / bands["key"]).resolve()
    out = [
        Case(name, folder / "students" / f, key, text, *_band(b), out=b.get("out"))
        for f, b in bands["students"].items()
    ]
    out += [
        Case(name, folder / f, key, text, *_band(b), folder / b["exercise"], b.get("out"))
        for f, b in (bands.get("sheets") or {}).items()
    ]
    return out


def _band(b: dict[str, Any]) -> tuple[float, float, str]:
    low, high = b["band"]
    return float(low), float(high), str(b["why"])


def grade_case(case: Case) -> float:
    from argmap.exercises.api import grade_paths

    report = grade_paths(case.exercise or case.key, [case.student], texts=[case.text.parent])
    return report.students[0].percent


def main() -> int:
    inside = total = 0
    for name in SETS:
        found = cases(name)
        if found is None:
            print(f"{name}: skipped (source text not found)")
            continue
        for c in found:
            got = grade_case(c)
            ok = c.low <= got <= c.high
            inside += ok
            total += 1
            mark = "ok " if ok else ("out" if c.out else "OUT")
            print(f"{mark} {name:12} {c.kind:13} {c.student.name:12} {got:5.1f}  band {c.low:g}-{c.high:g}")
    print(f"agreement: {inside} of {total} students in the teacher's band")
    return 0 if inside == total else 1


if __name__ == "__main__":
    sys.exit(main())
