"""The map behind ``argmap serve``: checked and drawn again on each change (:class:`Preview`), each drawing
a :class:`Snapshot`, and the editor's API (the map, an edit, the source texts, a proposed node) that the
HTTP server (:mod:`argmap.serve_http`) answers with.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from argmap.errors import ArgmapError

__all__ = ["Preview", "Snapshot"]


@dataclass
class Snapshot:
    version: int
    page: str | None
    """The page of the last map that validated (kept while the map is broken)."""
    ok: bool
    errors: list[str]
    """Located errors when the map does not validate: ``file:line:col: error CODE message``."""
    findings: list[dict[str, Any]]
    """Every diagnostic of the last check, as ``Diagnostic.to_dict``."""
    revision: str = ""
    """The revision (hash of the bytes) of the file this snapshot checked."""
    stamp: tuple[Any, ...] = ()
    """The map's revision and its source texts' sizes and times: a refresh with the same stamp draws nothing."""
    checked: float = field(default_factory=time.time)
    seconds: float = 0.0
    """How long the last check and drawing took."""


class Preview:
    """The map, checked and drawn again whenever :meth:`refresh` is called, and edited through
    :meth:`edit`; thread-safe."""

    def __init__(
        self, map_path: Path, *, theme: str = "color", direction: str = "BT", texts: list[Path] | None = None
    ) -> None:
        self.map_path = map_path
        self.theme = theme
        self.direction = direction
        self.texts = list(texts or [])
        self._changed = threading.Condition()
        self._editing = threading.Lock()
        self._drawing = threading.Lock()
        self._map: Any = None
        self.snapshot = Snapshot(0, None, False, ["not checked yet"], [])

    def watched(self) -> set[Path]:
        """The map file (as named and, when a symlink, where it leads) and the source texts it names."""
        absolute = Path(os.path.abspath(self.map_path))
        paths = {absolute, self.map_path.resolve()}
        m = self._map
        if m is not None:
            for source in m.sources:
                if source.text:
                    paths.add((self.map_path.parent / source.text).resolve())
        return paths

    def files_stamp(self) -> tuple[Any, ...]:
        """Sizes, times and inodes of the map (the link itself too) and its source texts: what a change
        of any of them changes, read without reading the files."""
        stamp: list[Any] = []
        for path in sorted({Path(os.path.abspath(self.map_path)), *self.watched()}):
            for stat in (os.lstat, os.stat):
                try:
                    st = stat(path)
                    stamp.append((str(path), st.st_ino, st.st_mode, st.st_size, st.st_mtime_ns))
                except OSError:
                    stamp.append((str(path), None))
        return tuple(stamp)

    def _stamp(self, revision: str) -> tuple[Any, ...]:
        return (revision, self.files_stamp())

    def check(self) -> tuple[str, Any, str | None]:
        """The file's revision, what ``check`` says of it, and why it cannot be read (None when it can)."""
        from argmap.api import check
        from argmap.edit import EditError, read_revision

        try:
            _, revision = read_revision(self.map_path)
        except EditError as exc:
            return "", None, exc.message
        return revision, check(self.map_path, texts=self.texts), None

    def refresh(self, checked: tuple[str, Any, str | None] | None = None, *, if_changed: bool = False) -> Snapshot:
        """Check and draw the map again; a broken map keeps the last good page. ``if_changed`` (the
        watch): nothing is done when neither the map nor its source texts changed since the last drawing
        (an edit made here draws its own result, and the watch sees the same change after it)."""
        with self._drawing:
            return self._refresh(checked, if_changed)

    def _refresh(self, checked: tuple[str, Any, str | None] | None, if_changed: bool) -> Snapshot:
        from argmap.diagnostics import Severity

        start = time.perf_counter()
        unchanged = if_changed and self.snapshot.ok
        if unchanged and checked is None and self.snapshot.stamp[1:] == (self.files_stamp(),):
            return self.snapshot
        revision, result, unreadable = checked or self.check()
        if result is not None and result.map is not None:
            self._map = result.map  # first: the stamp covers the source texts this map names
        stamp = self._stamp(revision)
        if unchanged and stamp == self.snapshot.stamp:
            return self.snapshot
        page = self.snapshot.page
        if unreadable is not None or result is None:
            ok, errors, findings = False, [unreadable or f"{self.map_path}: the map cannot be read"], []
        else:
            findings = [d.to_dict() for d in result.diagnostics]
            errors = [str(d) for d in result.diagnostics if d.severity == Severity.ERROR]
            ok = result.map is not None and not result.has_errors
            if ok and result.map is not None:
                try:
                    page = self._draw(result.map)
                except ArgmapError as exc:
                    ok, errors = False, [f"{self.map_path}: {exc.message}"]
            elif not errors:
                errors = [f"{self.map_path}: the map cannot be read"]
        with self._changed:
            self.snapshot = Snapshot(
                self.snapshot.version + 1,
                page,
                ok,
                [] if ok else errors,
                findings,
                revision=revision,
                stamp=stamp,
                seconds=time.perf_counter() - start,
            )
            self._changed.notify_all()
        return self.snapshot

    def _draw(self, m: Any) -> str:
        from argmap.html.page import render_html
        from argmap.html.svg import SvgError
        from argmap.view.layout import LayoutError

        try:
            return render_html(m, theme=self.theme, direction=self.direction, live=True, editor=True)
        except (LayoutError, SvgError, ValueError) as exc:
            raise ArgmapError(str(exc)) from None

    def wait(self, version: int, timeout: float) -> Snapshot:
        """The snapshot once its version is past ``version``, or the current one after ``timeout``."""
        with self._changed:
            self._changed.wait_for(lambda: self.snapshot.version > version, timeout)
            return self.snapshot

    def state(self) -> dict[str, Any]:
        s = self.snapshot
        return {
            "version": s.version,
            "ok": s.ok,
            "errors": s.errors,
            "findings": s.findings,
            "map": str(self.map_path),
            "revision": s.revision,
            "seconds": round(s.seconds, 3),
        }

    # ------------------------------------------------------------------ the editor's API

    def map_state(self, checked: tuple[str, Any, str | None] | None = None) -> dict[str, Any]:
        """``GET /api/map``: the file's revision, the map as ``export --to json`` gives it (None when it
        cannot be read as a map) and every diagnostic of ``check``."""
        from argmap.interchange.native import dump_data

        revision, result, unreadable = checked or self.check()
        if unreadable is not None or result is None:
            return {"revision": revision, "map": None, "diagnostics": [], "error": unreadable}
        data = dump_data(result.map) if result.map is not None else None
        return {"revision": revision, "map": data, "diagnostics": [d.to_dict() for d in result.diagnostics]}

    def edit(self, revision: Any, ops: Any, *, quick: bool = False) -> dict[str, Any]:
        """``POST /api/edit``: apply ``ops`` if the file is at ``revision``; raises
        :class:`argmap.edit.Stale` or :class:`argmap.edit.EditError`, having written nothing.

        ``quick``: answer with the validation findings of the new file only; the whole check (anchors,
        gap rules) comes with the drawing (``/state``, the page's events). The page asks for it, so that a
        big map's edit is on the page before its rules have run."""
        from argmap.edit import EditError, apply_edit

        if not isinstance(revision, str):
            raise EditError('give the revision the edit was made against ("revision": "...")')
        with self._editing:
            done = apply_edit(self.map_path, revision, ops)
            checked: tuple[str, Any, str | None] | None = None
            quick_state: tuple[str, Any, str | None] | None = None
            if done.loaded is not None and not quick:  # the new text as the edit loaded it: not read again
                from argmap.pipeline import CheckOptions, finish_checks

                checked = (done.revision, finish_checks(done.loaded, CheckOptions(texts=self.texts)), None)
            elif done.loaded is not None:
                done.loaded.locate()
                quick_state = (done.revision, done.loaded, None)
            else:
                checked = self.check()
        answer = self.map_state(checked or quick_state)
        answer["undo"] = done.undo
        answer["changed"] = done.changed
        if done.changed:  # drawn again after the answer is sent (the watcher may come first)
            threading.Thread(target=self.refresh, args=(checked,), name="argmap-redraw", daemon=True).start()
        return answer

    def source_text(self, source_id: str) -> str:
        """The text of one of the map's sources, as the reading pane shows it; raises ArgmapError."""
        from argmap.anchors import Outside, resolve_source_text
        from argmap.load import read_text_limited

        m = self._map
        found = next((s for s in m.sources if s.id == source_id), None) if m is not None else None
        if found is None:
            raise ArgmapError(f"no source has the id {source_id!r}; add it to the map's sources first")
        try:
            path = resolve_source_text(found, self.map_path.parent, self.texts)
        except Outside as exc:
            raise ArgmapError(
                f"source {source_id}: its text {exc.path} lies outside the map's folder; pass --texts DIR"
            ) from None
        if path is None:
            raise ArgmapError(f"source {source_id}: no text file found; give it `text:` or pass --texts DIR")
        try:
            return read_text_limited(path)
        except OSError as exc:
            raise ArgmapError(
                f"source {source_id}: cannot read {path}: {getattr(exc, 'strerror', None) or exc}"
            ) from None

    def sources(self) -> list[dict[str, Any]]:
        """``GET /api/sources``: each source of the map with its text, or why there is none."""
        out: list[dict[str, Any]] = []
        for source in self._map.sources if self._map is not None else []:
            entry: dict[str, Any] = {"id": source.id, "title": source.title}
            try:
                entry["text"] = self.source_text(source.id)
            except ArgmapError as exc:
                entry["text"], entry["problem"] = None, exc.message
            out.append(entry)
        return out

    def propose(self, source: Any, start: Any, end: Any) -> dict[str, Any]:
        """``POST /api/propose``: the node a selection of a source text would make (not written)."""
        from argmap.edit import Document
        from argmap.propose import propose_item

        if not isinstance(source, str) or not all(isinstance(x, int) and not isinstance(x, bool) for x in (start, end)):
            raise ArgmapError('give {"source": "<source id>", "start": N, "end": N}')
        text = self.source_text(source)
        raw = self.map_path.read_text(encoding="utf-8")
        doc = Document(raw)
        several = len(doc.items("sources")) > 1
        return {"item": propose_item(text, start, end, source=source, taken=doc.ids(), several_sources=several)}
