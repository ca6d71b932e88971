"""Conversions never refuse a map for its findings (issues 31 and 33): import writes only maps that ``check``
takes, ``export`` refuses only maps that are not well-formed, and the real samples go AIF -> argmap -> AIF."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from test_import_batch import run

from argmap.load import load_map

REALDATA = Path(__file__).parent.parent.parent / "shared" / "realdata"

BARE = """\
argmap: 1
title: A claim nobody argues for
nodes:
  - {id: T, kind: thesis, text: Cities should ban cars from their centres.}
  - {id: C1, kind: claim, text: Shops in the centre would lose customers.}
relations:
  - {id: R1, kind: attacks, from: [C1], to: T}
"""


def test_export_takes_a_map_whose_check_fails_on_findings(tmp_path: Path) -> None:
    src = tmp_path / "bare.yaml"
    src.write_text(BARE, encoding="utf-8")
    code, out, _ = run("check", src)
    assert code == 1 and "ST101" in out
    code, out, err = run("export", src, "--to", "aif")
    assert code == 0, err
    assert [n["nodeID"] for n in json.loads(out)["nodes"]] == ["T", "C1", "R1"]


def test_export_still_refuses_a_map_that_is_not_well_formed(tmp_path: Path) -> None:
    src = tmp_path / "two.yaml"
    src.write_text(BARE.replace("id: C1, kind: claim", "id: C1, kind: thesis"), encoding="utf-8")
    code, out, err = run("export", src, "--to", "aif")
    assert code == 1 and out == ""
    assert "AM1" in err and "fix them first" in err


def test_an_imported_thesis_without_support_is_said_and_the_map_passes_check(tmp_path: Path) -> None:
    aif = {
        "nodes": [
            {"nodeID": "1", "text": "Cities should ban cars from their centres.", "type": "I"},
            {"nodeID": "2", "text": "Shops in the centre would lose customers.", "type": "I"},
            {"nodeID": "3", "text": "Default Conflict", "type": "CA"},
        ],
        "edges": [{"edgeID": "4", "fromID": "2", "toID": "3"}, {"edgeID": "5", "fromID": "3", "toID": "1"}],
    }
    src = tmp_path / "nodeset.json"
    src.write_text(json.dumps(aif), encoding="utf-8")
    out = tmp_path / "nodeset.yaml"
    code, _, err = run("import", src, "-o", out)
    assert code == 0, err
    assert err.splitlines()[0] == (
        f"{src}:1:12: info AMI115 nothing in the file supports the thesis 1; imported with `ignore: [ST101]` "
        "so that check takes the map as it is [1]"
    )
    m = load_map(out).map
    assert m is not None
    assert [(n.id, n.kind, n.ignore) for n in m.nodes] == [("n1", "thesis", ["ST101"]), ("n2", "claim", [])]
    assert run("check", out)[0] == 0
    assert run("export", out, "--to", "aif")[0] == 0


@pytest.mark.skipif(not REALDATA.is_dir(), reason="../shared/realdata is not here")
@pytest.mark.parametrize(
    "name",
    ["aif/6064-original.json", "aif/6064-reconstructed.json", "aif/xaif.json", "argdown/argdown-primer.argdown"],
)
def test_every_real_sample_imports_checks_and_exports(name: str, tmp_path: Path) -> None:
    out = tmp_path / "map.yaml"
    code, _, err = run("import", REALDATA / name, "-o", out)
    assert code == 0, err
    code, _, err = run("check", out)
    assert code == 0, err
    code, text, err = run("export", out, "--to", "aif")
    assert code == 0, err
    assert json.loads(text)["nodes"]


NUMERIC: dict[str, Any] = {
    "nodes": [
        {"nodeID": 539893, "text": "The council should fund the new bus lanes.", "type": "I"},
        {"nodeID": 539892, "text": "Buses there are late every morning.", "type": "I"},
        {"nodeID": 539894, "text": "Default Inference", "type": "RA", "scheme": "Default Inference", "schemeID": 72},
        {"nodeID": 539895, "text": "Asserting", "type": "YA"},
        {"nodeID": 539896, "text": "Jo : buses there are late every morning", "type": "L"},
    ],
    "edges": [
        {"edgeID": 769430, "fromID": 539892, "toID": 539894},
        {"edgeID": 769431, "fromID": 539894, "toID": 539893},
        {"edgeID": 769432, "fromID": 539892, "toID": 539895},
        {"edgeID": 769433, "fromID": 539896, "toID": 539895},
        {"edgeID": 769434, "fromID": 539895, "toID": 539892},
        {"edgeID": 769435, "fromID": 539892, "toID": 539894},
    ],
}


def test_aif_ids_numbers_and_schemes_come_back_as_they_were(tmp_path: Path) -> None:
    src = tmp_path / "nodeset.json"
    src.write_text(json.dumps(NUMERIC), encoding="utf-8")
    out = tmp_path / "nodeset.yaml"
    code, _, err = run("import", src, "-o", out)
    assert code == 0, err
    # the edges that are not kept are each an item naming the edge
    assert [line for line in err.splitlines() if "edge" in line] == [
        "  - edge: 769435: edge 769435 from 539892 to 539894 repeats edge 769430; not kept",
        "  - edge: 769432: edge from I node 539892 to YA node 539895 not kept (dialogue structure)",
    ]
    code, text, err = run("export", out, "--to", "aif")
    assert code == 0, err
    back = json.loads(text)
    assert back["nodes"] == NUMERIC["nodes"][:3]  # numbers stay numbers; the dialogue is in a note
    assert back["edges"] == NUMERIC["edges"][:2]


CONTRARY = """\
[Ban]: Cities should ban cars from their centres.
  + [Air]: The air in the centre is unhealthy.
  - [Shops]: Shops in the centre would lose customers.
"""


def test_argdown_contrary_relations_are_kept_as_such() -> None:
    from argmap.interchange.argdown import export_argdown, load_argdown

    result = load_argdown(CONTRARY, file="ban.argdown")
    assert result.map is not None and result.losses == []
    assert [(r.kind, r.formats) for r in result.map.relations] == [
        ("supports", {}),
        ("attacks", {"argdown": {"relation": "contrary"}}),
    ]
    exported = export_argdown(result.map)
    assert "  - [Shops]" in exported.text
    assert [x.kind for x in exported.losses] == ["relation-id", "relation-id"]


@pytest.mark.skipif(not REALDATA.is_dir(), reason="../shared/realdata is not here")
def test_conformance_of_the_real_samples_and_our_fixtures() -> None:
    from tools.conformance import conform, table

    rows = {
        Path(r.file).name: r
        for r in map(conform, sorted(REALDATA.rglob("*.json")) + sorted(REALDATA.rglob("*.argdown")))
    }
    assert sorted(rows) == sorted(
        [
            "6064-original.json",
            "6064-reconstructed.json",
            "xaif.json",
            "argdown-primer.argdown",
            "legalisation-softdrugs.argdown",
        ]
    )
    for row in rows.values():
        assert (row.round_trip, row.texts, row.kinds, row.ids, row.problems) == (True, True, True, True, []), row.file
    kialo = conform(Path(__file__).parent / "fixtures" / "interchange" / "kialo-discussion.txt")
    assert (kialo.texts, kialo.kinds, kialo.ids) == (True, True, True)
    assert table(list(rows.values()))[2:] == [
        "| aif | 3 | 3 | 3 | 3/3 | 3/3 | 3/3 |",
        "| argdown | 2 | 2 | 2 | 2/2 | 2/2 | 2/2 |",
    ]


GAPS = """\
Discussion Title: Should the town keep its night buses?

1. The town should keep its night buses.
1.1. Con: -> See 1.3.2.
1.3. Pro: Shift workers have no other way home.
1.3.2. Pro: The last train leaves before the late shift ends.
1.6. Con: The buses run almost empty after midnight.
1.6.5. Con: Empty buses still cost less than the taxis the council would pay for.
"""


def test_kialo_claim_numbers_and_see_lines_come_back_as_they_were() -> None:
    from argmap.interchange.kialo import load_kialo
    from argmap.interchange.kialo_export import export_kialo

    result = load_kialo(GAPS, file="buses.txt")
    assert result.map is not None
    assert [n.id for n in result.map.nodes] == ["k1", "k1.3", "k1.3.2", "k1.6", "k1.6.5"]
    assert export_kialo(result.map).text == GAPS
