"""The teacher's overrides: ``student file: {student id: key id, other id: none}``, checked.

An override that names a file no answer came from, a student id the student's map does not have,
a key id the key does not have, or a value that is neither an id nor ``none`` is refused with the
file and line: a typo must never silently mean "no counterpart" and change a mark.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from argmap.exercises.errors import ExerciseError

__all__ = ["Override", "Overrides", "from_mapping", "read_overrides"]


@dataclass(frozen=True, slots=True)
class Override:
    file: str
    student_id: str
    key_id: str | None
    line: int
    file_line: int


@dataclass
class Overrides:
    path: str
    entries: list[Override] = field(default_factory=list)
    files: dict[str, int] = field(default_factory=dict)
    """Each file named, and its line."""

    def where(self, line: int) -> str:
        return f"{self.path}:{line}" if line else self.path

    def pairs(self) -> dict[str, dict[str, str | None]]:
        out: dict[str, dict[str, str | None]] = {name: {} for name in self.files}
        for e in self.entries:
            out[e.file][e.student_id] = e.key_id
        return out

    def check_files(self, names: Mapping[str, Iterable[str]]) -> None:
        """Refuse a file entry that names none of the graded files (``names``: file -> its names)."""
        known = {n for ns in names.values() for n in ns}
        for name, line in self.files.items():
            if name not in known:
                raise ExerciseError(
                    f"{self.where(line)}: {name!r} is none of the answer files graded; "
                    "write a file's name as the report shows it"
                )

    def check_key(self, key_ids: Iterable[str]) -> None:
        ids = set(key_ids)
        for e in self.entries:
            if e.key_id is not None and e.key_id not in ids:
                raise ExerciseError(
                    f"{self.where(e.line)}: {e.key_id!r} is not an id in the key; write a key node's id or none"
                )

    def check_students(self, file: str, student_ids: Iterable[str]) -> None:
        ids = set(student_ids)
        for e in self.entries:
            if e.file == file and e.student_id not in ids:
                raise ExerciseError(f"{self.where(e.line)}: {file} has no node {e.student_id!r}; write an id from it")


def from_mapping(pairs: Mapping[str, Mapping[str, str | None]], name: str = "overrides") -> Overrides:
    """Overrides given in Python (no lines to name), checked like a file's."""
    out = Overrides(name)
    for file, mine in pairs.items():
        out.files[str(file)] = 0
        out.entries += [Override(str(file), str(s), None if k is None else str(k), 0, 0) for s, k in mine.items()]
    return out


def _scalar_id(node: object) -> str | None:
    """A YAML scalar as an id; None when it is not a plain word (a list, a mapping, true ...)."""
    import yaml

    if not isinstance(node, yaml.ScalarNode):
        return None
    if node.tag not in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:int"):
        return None
    text = str(node.value).strip()
    return text if text and not any(c.isspace() for c in text) else None


def read_overrides(path: str | os.PathLike[str]) -> Overrides:
    """Read an overrides file, keeping each entry's line; refuse anything not of the documented shape."""
    import yaml

    from argmap.load import read_text_limited

    try:
        text = read_text_limited(Path(path))
    except (OSError, UnicodeDecodeError) as exc:
        raise ExerciseError(f"{path}: cannot read overrides: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise ExerciseError(f"{path}{line}: overrides are not valid YAML") from None
    out = Overrides(str(path))
    if root is None:
        return out
    shape = "overrides map a student file to {student id: key id or none}"
    if not isinstance(root, yaml.MappingNode):
        raise ExerciseError(f"{path}:{root.start_mark.line + 1}: {shape}")
    for fnode, pairs in root.value:
        fline = fnode.start_mark.line + 1
        fname = str(fnode.value) if isinstance(fnode, yaml.ScalarNode) else ""
        if not fname or not isinstance(pairs, yaml.MappingNode):
            raise ExerciseError(f"{path}:{fline}: {shape}")
        out.files[fname] = fline
        for snode, knode in pairs.value:
            line = snode.start_mark.line + 1
            sid = _scalar_id(snode)
            if sid is None:
                raise ExerciseError(f"{path}:{line}: {snode.value!r} is not a student id; {shape}")
            raw = knode.value if isinstance(knode, yaml.ScalarNode) else None
            if isinstance(knode, yaml.ScalarNode) and (
                knode.tag == "tag:yaml.org,2002:null" or str(raw).strip().lower() == "none"
            ):
                out.entries.append(Override(fname, sid, None, line, fline))
                continue
            kid = _scalar_id(knode)
            if kid is None:
                got = raw if raw is not None else ("a list" if isinstance(knode, yaml.SequenceNode) else "a mapping")
                at = knode.start_mark.line + 1
                raise ExerciseError(f"{path}:{at}: {got!r} is not a key id; write one id or none")
            out.entries.append(Override(fname, sid, kid, line, fline))
    return out
