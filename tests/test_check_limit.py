"""`check`'s text report lists at most LIST_LIMIT findings of a rule code per file; --all lists them all.

The rest are counted in one line per code; the summary, the exit code and the machine formats are the
same with or without the limit.
"""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from argmap.cli import app
from argmap.pipeline import LIST_LIMIT

RUNNER = CliRunner()
BARE = 53  # claims with no support: one ST102 each
HEAD = "argmap: 1\ntitle: many bare claims\n"


def _bare_claims(n: int = BARE) -> str:
    nodes = ["  - {id: T, kind: thesis, text: The thesis.}"]
    nodes += [f"  - {{id: C{i}, kind: claim, text: Bare claim {i}.}}" for i in range(n)]
    rels = [f"  - {{id: R{i}, kind: supports, from: C{i}, to: T}}" for i in range(n)]
    return HEAD + "nodes:\n" + "\n".join(nodes) + "\nrelations:\n" + "\n".join(rels) + "\n"


def invoke(*args: str) -> tuple[int, str]:
    result = RUNNER.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout


def _of(code: str, out: str) -> list[str]:
    return [line for line in out.splitlines() if f" {code} " in line and "... and" not in line]


def test_the_limit_is_the_one_in_the_help() -> None:
    code, out = invoke("check", "--help")
    assert code == 0 and f"at most {LIST_LIMIT} of each rule code per file" in " ".join(out.split())


def test_text_lists_the_first_findings_of_a_code_and_counts_the_rest(tmp_path: Path) -> None:
    (tmp_path / "m.yaml").write_text(_bare_claims())
    code, capped = invoke("check", str(tmp_path / "m.yaml"))
    all_code, full = invoke("check", "--all", str(tmp_path / "m.yaml"))
    assert code == all_code == 0
    assert len(_of("ST102", full)) == BARE
    assert _of("ST102", capped) == _of("ST102", full)[:LIST_LIMIT]
    last = _of("ST102", capped)[-1]
    assert last == (
        f"{tmp_path / 'm.yaml'}:{4 + LIST_LIMIT}:5: warning ST102 "
        "a claim with no support: C49 is asserted without reason or evidence"
    )
    lines = capped.splitlines()
    assert lines[-2] == f"{tmp_path / 'm.yaml'}: ... and 3 more ST102 findings (use --all to list every one)"
    assert lines[-1] == full.splitlines()[-1] == "✓ 0 errors, 54 warnings in 1 file"
    assert "... and" not in full


def test_one_more_is_singular_and_strict_exits_on_every_finding(tmp_path: Path) -> None:
    (tmp_path / "m.yaml").write_text(_bare_claims(LIST_LIMIT + 1))
    code, out = invoke("check", "--strict", str(tmp_path / "m.yaml"))
    assert code == 1
    assert f"{tmp_path / 'm.yaml'}: ... and 1 more ST102 finding (use --all to list every one)" in out.splitlines()


def test_a_map_under_the_limit_is_listed_whole(tmp_path: Path) -> None:
    (tmp_path / "m.yaml").write_text(_bare_claims(LIST_LIMIT))
    assert invoke("check", str(tmp_path / "m.yaml")) == invoke("check", "--all", str(tmp_path / "m.yaml"))


def test_machine_formats_are_always_complete(tmp_path: Path) -> None:
    (tmp_path / "m.yaml").write_text(_bare_claims())
    _, out = invoke("check", "-f", "json", str(tmp_path / "m.yaml"))
    found = json.loads(out)["diagnostics"]
    assert sum(d["code"] == "ST102" for d in found) == BARE and all(d["line"] > 0 for d in found)
    _, out = invoke("check", "-f", "parsable", str(tmp_path / "m.yaml"))
    assert len(_of("ST102", out)) == BARE


def test_each_file_counts_its_own(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(_bare_claims())
    (tmp_path / "b.yaml").write_text(_bare_claims(BARE + 1))
    code, out = invoke("check", "--jobs", "1", str(tmp_path))
    assert code == 0
    lines = [line for line in out.splitlines() if not line.startswith("    hint: ")]
    a = lines.index(f"{tmp_path / 'a.yaml'}: ... and 3 more ST102 findings (use --all to list every one)")
    b = lines.index(f"{tmp_path / 'b.yaml'}: ... and 4 more ST102 findings (use --all to list every one)")
    assert all(line.startswith(str(tmp_path / "a.yaml")) for line in lines[:a])
    assert all(line.startswith(str(tmp_path / "b.yaml")) for line in lines[a + 1 : b])
    assert b == len(lines) - 2 and lines[-1] == "✓ 0 errors, 109 warnings in 2 files"


def _capped_and_full(tmp_path: Path, text: str) -> tuple[str, str]:
    """``check``'s text report of the map ``text``, as listed by default and with ``--all``."""
    (tmp_path / "m.yaml").write_text(text)
    _, capped = invoke("check", str(tmp_path / "m.yaml"))
    _, full = invoke("check", "--all", str(tmp_path / "m.yaml"))
    return capped, full


def test_findings_spread_over_sections_are_chosen_by_line(tmp_path: Path) -> None:
    """RL001 on config patterns and on items' ignore lists: the first ones in the file are listed."""
    unknown = ", ".join(f"ZZ{i}" for i in range(30))
    text = (
        HEAD
        + f"config:\n  ignore: [{unknown}]\n"
        + "nodes:\n  - {id: T, kind: thesis, text: The thesis.}\n"
        + "".join(f"  - {{id: C{i}, kind: claim, text: c, ignore: [ST102, YY{i}]}}\n" for i in range(25))
        + "relations:\n"
        + "".join(f"  - {{id: R{i}, kind: supports, from: C{i}, to: T}}\n" for i in range(25))
    )
    capped, full = _capped_and_full(tmp_path, text)
    assert len(_of("RL001", full)) == 55
    assert _of("RL001", capped) == _of("RL001", full)[:LIST_LIMIT]
    assert f"{tmp_path / 'm.yaml'}: ... and 5 more RL001 findings (use --all to list every one)" in capped
    assert capped.splitlines()[-1] == full.splitlines()[-1]


def test_lists_written_in_any_order_give_the_first_findings_by_line(tmp_path: Path) -> None:
    """RL001 on 30 relations written before 30 nodes: the relations' findings come first."""
    text = (
        HEAD
        + "relations:\n"
        + "".join(f"  - {{id: R{i}, kind: supports, from: C{i}, to: T, ignore: [XX{i}]}}\n" for i in range(30))
        + "nodes:\n  - {id: T, kind: thesis, text: The thesis.}\n"
        + "".join(f"  - {{id: C{i}, kind: claim, text: c, ignore: [ST102, YY{i}]}}\n" for i in range(30))
    )
    capped, full = _capped_and_full(tmp_path, text)
    assert len(_of("RL001", full)) == 60
    assert _of("RL001", capped) == _of("RL001", full)[:LIST_LIMIT]
    assert "R29" in _of("RL001", capped)[29] and "C19" in _of("RL001", capped)[-1]
