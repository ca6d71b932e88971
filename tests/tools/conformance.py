"""Round trips through argmap over real corpora: what comes back of each file's node texts, relation kinds
and ids (issue 33). Run by hand over the public corpora (QT30 and the DialAM maps, microtexts, the Argdown
examples, Kialo exports); CI runs it on ../shared/realdata (tests/test_interchange_conversions.py).

    .venv/bin/python tests/tools/conformance.py FILE_OR_FOLDER... [--rows]

AIF goes AIF -> argmap -> AIF and is compared with the file itself: every I-, RA- and CA-node of the file
(the ones argmap keeps) must come back with its id, type and text, and every edge between two of them with
its id. Argdown and Kialo go FORMAT -> argmap -> FORMAT -> argmap, and the two maps are compared: node
texts, relations as (kind, premise texts, target text), and ids. Formats argmap does not write (microtexts,
SADFace) are imported only. Prints one line per file with --rows, then a table per format.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from argmap.batch import find_files
from argmap.formats import suffixes
from argmap.interchange import get_exporter, get_importer
from argmap.interchange.recognise import recognise
from argmap.model import ArgMap

KEPT_TYPES = ("I", "RA", "CA")


@dataclass
class Row:
    file: str
    fmt: str
    imported: bool = False
    round_trip: bool = False
    texts: bool = False
    kinds: bool = False
    ids: bool = False
    counts: tuple[int, int] = (0, 0)
    problems: list[str] = field(default_factory=list)


def _aif_graph(text: str) -> dict[str, Any]:
    doc = json.loads(text)
    graph: dict[str, Any] = doc["AIF"] if isinstance(doc, dict) and isinstance(doc.get("AIF"), dict) else doc
    return graph


def _aif_row(row: Row, text: str, m: ArgMap) -> None:
    """The file's I/RA/CA nodes and the edges between them against the AIF argmap writes back."""
    before, after = _aif_graph(text), json.loads(get_exporter("aif")(m).text)
    old = {n.get("nodeID"): n for n in before["nodes"] if isinstance(n, dict) and n.get("type") in KEPT_TYPES}
    new = {n["nodeID"]: n for n in after["nodes"]}
    missing = [i for i in old if i not in new]
    row.ids = not missing
    row.texts = all(new[i]["text"] == n.get("text") for i, n in old.items() if i in new and n["type"] == "I")
    row.kinds = all(new[i]["type"] == n["type"] for i, n in old.items() if i in new)
    schemes = [i for i, n in old.items() if i in new and n.get("schemeID") != new[i].get("schemeID")]
    edges = {e["edgeID"]: (e["fromID"], e["toID"]) for e in after["edges"]}
    between = [
        e for e in before.get("edges", []) if isinstance(e, dict) and e.get("fromID") in old and e.get("toID") in old
    ]
    lost_edges = [e.get("edgeID") for e in between if edges.get(e.get("edgeID")) != (e["fromID"], e["toID"])]
    row.ids = row.ids and not lost_edges and not schemes
    row.round_trip = True
    for what, items in (("node ids not back", missing), ("edges not back", lost_edges), ("schemeID changed", schemes)):
        if items:
            row.problems.append(f"{what}: {', '.join(map(str, items[:5]))}{' ...' if len(items) > 5 else ''}")


def _shape(m: ArgMap) -> tuple[Counter[str], Counter[tuple[str, tuple[str, ...], str]]]:
    text = {n.id: n.text for n in m.nodes}
    rel = {r.id: r for r in m.relations}

    def end(target: str) -> str:
        return text[target] if target in text else f"({end(rel[target].target)})"

    return Counter(text.values()), Counter(
        (r.kind, tuple(sorted(text[p] for p in r.premises)), end(r.target)) for r in m.relations
    )


def _same_format_row(row: Row, m: ArgMap, file: str) -> None:
    """FORMAT -> argmap -> FORMAT -> argmap: the two maps compared."""
    back = get_importer(row.fmt)(get_exporter(row.fmt)(m).text, file=file).map
    if back is None:
        row.problems.append("the exported file does not import")
        return
    row.round_trip = True
    (texts1, rels1), (texts2, rels2) = _shape(m), _shape(back)
    row.texts = texts1 == texts2
    row.kinds = rels1 == rels2
    row.ids = [n.id for n in m.nodes] == [n.id for n in back.nodes] and [r.id for r in m.relations] == [
        r.id for r in back.relations
    ]
    if not row.ids:
        renamed = [a for a, b in zip([n.id for n in m.nodes], [n.id for n in back.nodes], strict=False) if a != b]
        row.problems.append(f"ids changed: {', '.join(renamed[:5])}" if renamed else "relation ids changed")


def conform(path: Path) -> Row:
    text = path.read_text(encoding="utf-8-sig")
    fmt = recognise(path, text).fmt or "?"
    row = Row(str(path), fmt)
    if fmt == "?":
        row.problems.append("format not recognised")
        return row
    result = get_importer(fmt)(text, file=str(path))
    if result.map is None:
        row.problems.append("not imported")
        return row
    row.imported = True
    row.counts = (len(result.map.nodes), len(result.map.relations))
    if fmt == "aif":
        _aif_row(row, text, result.map)
    elif fmt in ("argdown", "kialo"):
        _same_format_row(row, result.map, str(path))
    return row


def table(rows: list[Row]) -> list[str]:
    lines = [
        "| format | files | imported | round trip | node texts same | relation kinds same | ids kept |",
        "|---|---|---|---|---|---|---|",
    ]
    for fmt in sorted({r.fmt for r in rows}):
        these = [r for r in rows if r.fmt == fmt]
        trips = [r for r in these if r.round_trip]

        def count(attr: str, rows: list[Row] = trips) -> str:
            return f"{sum(1 for r in rows if getattr(r, attr))}/{len(rows)}" if rows else "–"

        imported = sum(r.imported for r in these)
        same = " | ".join(count(attr) for attr in ("texts", "kinds", "ids"))
        lines.append(f"| {fmt} | {len(these)} | {imported} | {len(trips)} | {same} |")
    return lines


def main(argv: list[str]) -> int:
    rows_wanted = "--rows" in argv
    paths = [a for a in argv if a != "--rows"]
    found, problems = find_files(paths, tuple(suffixes("import")), what="files to import")
    for p in problems:
        print(f"conformance: {p}", file=sys.stderr)
    rows = [conform(src) for src, _ in found if src.suffix != ".zip"]
    if rows_wanted:
        for r in rows:
            status = (
                "ok" if r.round_trip and r.texts and r.kinds and r.ids else ("import only" if r.imported else "FAIL")
            )
            if r.imported and r.round_trip and not (r.texts and r.kinds and r.ids):
                status = "differs"
            sizes = f"{r.counts[0]:5} nodes {r.counts[1]:5} relations"
            print(f"{status:11} {r.fmt:10} {sizes}  {r.file}  {'; '.join(r.problems)}")
    print("\n".join(table(rows)))
    return 0 if all(r.imported for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
