"""What loading one map file produced: the model, the diagnostics and how to locate them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

from argmap.diagnostics import Diagnostic, Path, Severity
from argmap.graph import MapGraph
from argmap.model import ArgMap
from argmap.positions import NO_ID, Outline, PositionIndex, build_index, targeted_index

__all__ = ["LoadResult", "Shape"]


MAX_REPORTED = 1000
"""Problems listed per file while loading; the rest are counted."""


@dataclass
class LoadResult:
    """What loading one file produced. ``map`` is None when the file could not be read as a map."""

    file: str
    text: str | None = None
    data: Any = None
    map: ArgMap | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    invalid_ids: set[str] = field(default_factory=set)
    """Ids of items that failed validation: references to them are not reported again."""
    _shape: Shape | None = None
    index_map: dict[str, list[int]] = field(default_factory=dict)
    """For a partial model: position in the file of each kept item, by list key."""
    _remap_from: int = -1
    _added: int = 0
    capped: bool = True
    """Whether :meth:`add` caps the problems listed: while loading (the rules' findings are not capped)."""
    _more: Diagnostic | None = None
    _graph: MapGraph | None = None
    _index: PositionIndex | None = None

    @property
    def graph(self) -> MapGraph | None:
        if self._graph is None and self.map is not None:
            self._graph = MapGraph(self.map)
        return self._graph

    @property
    def outline(self) -> Outline | None:
        """The top-level keys and item ids of the parsed data (whose items are freed once validated),
        for the position finder. Made on first use from the model: a clean map never needs it."""
        shape = self._shape
        if shape is None or self.map is None:
            return None
        lists = dict(shape.other_lists)
        for key, length in shape.lengths.items():
            ids: list[Any] = [NO_ID] * length
            kept = self.index_map[key] if key in self.index_map else range(length)
            for i, item in zip(kept, getattr(self.map, key), strict=True):
                ids[i] = item.id
            for i, item_id in shape.dropped.get(key, {}).items():
                ids[i] = item_id
            lists[key] = ids
        return Outline(shape.keys, lists)

    @property
    def positions(self) -> PositionIndex:
        if self._index is None:
            self._index = build_index(self.text) if self.text else PositionIndex()
        return self._index

    def take(self) -> tuple[ArgMap, MapGraph]:
        """Hand over the valid map and its graph, keeping nothing: the map, the graph, the text
        and the parsed data are dropped from this result, which is spent. A diagram takes them
        this way, so that the model (150 MB at 50,000 nodes) is freed once its view is built."""
        m, graph = self.map, self.graph
        assert m is not None and graph is not None, "take() needs a valid map"
        self.map = self._graph = self._index = None
        self.text = self.data = self._shape = None
        return m, graph

    def narrow(self, m: ArgMap) -> None:
        """Put ``m``, made of some of this map's items (the same ids), in place of the map: findings on
        it are still located at those items in the file (``argmap gaps --author-only``)."""
        old = self.map
        assert old is not None, "narrow() needs a map"
        for key in ("sources", "nodes", "relations"):
            items = getattr(old, key)
            base = self.index_map.get(key) or range(len(items))
            where = {item.id: base[i] for i, item in enumerate(items)}
            self.index_map[key] = [where[item.id] for item in getattr(m, key)]
        self.map, self._graph = m, None
        self._remap_from = len(self.diagnostics)

    @property
    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.diagnostics)

    @property
    def base_dir(self) -> FsPath:
        return FsPath(self.file).parent

    @property
    def full(self) -> bool:
        """Whether further problems are only counted: callers may skip wording them."""
        return self.capped and self._added >= MAX_REPORTED

    def add(self, d: Diagnostic) -> None:
        """Report ``d``; past :data:`MAX_REPORTED` problems, count them in one "and N more" line
        instead (a 2 MB file can hold a million bad values)."""
        self._added += 1
        if self.capped and self._added > MAX_REPORTED:
            more = self._added - MAX_REPORTED
            if self._more is None:
                self._more = Diagnostic("AM006", "", file=self.file, line=1, col=1)
                self.diagnostics.append(self._more)
            self._more.message = (
                f"and {more} more problem{'s' * (more != 1)} not listed (argmap lists the first "
                f"{MAX_REPORTED}): fix those and check again"
            )
            return
        d.file = d.file or self.file
        self.diagnostics.append(d)

    def index_for(self, paths: list[Path]) -> PositionIndex:
        """An index that locates ``paths`` (and their ancestors) as :attr:`positions` would.

        Composing the whole file costs some twenty parses: only the items asked for are composed
        when the layout allows it; otherwise, or when it is built already, the full index.
        """
        if self._index is None and self.text:
            targeted = targeted_index(self.text, self.outline or self.data, paths)
            if targeted is not None:
                return targeted
        return self.positions

    def locate(self) -> None:
        """Fill line and column of every diagnostic that has a model path but no position yet."""
        pending: list[tuple[Diagnostic, Path]] = []
        for i, d in enumerate(self.diagnostics):
            if not d.line:
                pending.append((d, self._file_path(d.path) if 0 <= self._remap_from <= i else d.path))
        if not pending or not self.text:
            return
        index = self.index_for([p for _, p in pending])
        for d, path in pending:
            d.line, d.col = index.locate(path, prefer_value=d.code not in ("AM101",))

    def _file_path(self, path: Path) -> Path:
        if len(path) > 1 and isinstance(path[0], str) and isinstance(path[1], int) and path[0] in self.index_map:
            kept = self.index_map[path[0]]
            if path[1] < len(kept):
                return (path[0], kept[path[1]], *path[2:])
        return path


@dataclass(frozen=True)
class Shape:
    """What :attr:`LoadResult.outline` is made from: the data's top-level keys, the length of each
    validated list, the ids of the items validation dropped, and the other top-level lists' ids."""

    keys: frozenset[Any]
    lengths: dict[str, int]
    dropped: dict[str, dict[int, Any]]
    other_lists: dict[Any, list[Any]]
