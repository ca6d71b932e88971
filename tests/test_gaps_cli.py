"""``argmap gaps`` and ``argmap rules`` through the CLI: output, formats, options and exit codes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from argmap.cli import app
from argmap.rules import all_rules

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "claims" / "north-korea-seeking-new-friends.yaml"
needs_shipped = pytest.mark.skipif(not SHIPPED.is_file(), reason="shipped map not present")

SMALL = """\
argmap: 1
title: Small
sources:
  - {id: S1, title: Article, date: 2014-08-04, kind: secondary}
  - {id: S2, title: Customs, date: 2014-03, kind: primary}
nodes:
  - {id: T, kind: thesis, text: Russia is a growing partner.}
  - {id: C1, kind: claim, text: Ties with Moscow deepen.}
  - {id: C2, kind: claim, text: Objection.}
  - {id: E1, kind: evidence, type: statistic, text: Trade., value: 104, unit: USD, period: 2013,
     sources: [S2]}
  - {id: E2, kind: evidence, type: event, text: Loan written off., date: 2014-05, sources: [S1]}
relations:
  - {id: R1, kind: supports, from: [C1, E1], to: T}
  - {id: R2, kind: supports, from: E2, to: C1}
  - {id: R3, kind: attacks, from: C2, to: C1}
"""


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- gaps


def test_text_report_per_claim_thesis_first(small: Path) -> None:
    code, out, _ = run("gaps", str(small))
    assert code == 0
    heads = re.findall(r"^(THESIS T|C\d) ", out, flags=re.M)
    assert heads == ["THESIS T", "C1", "C2"]
    block_c1 = out[out.index("\nC1 ") : out.index("\nC2 ")]
    assert "Summary" in out
    assert "C1  defeated, evidenced  line 8" in block_c1
    assert "standing, defeated: attacked by C2 (via R3), which stands" in block_c1
    assert "evidence: 1 (1 event); direct: E2; sources: S1" in block_c1
    assert "SR203 C1: its only evidence comes from one source, S1" in block_c1
    assert "DL502 claim C1 is defeated" in block_c1
    block_t = out[: out.index("\nC1 ")]
    assert "THESIS T  defeated, evidenced  line 7" in block_t
    assert "EQ304 statistic E1 (USD 104 (2013)) has no baseline or comparison figure" in block_t
    # gaps ranked by severity: warnings before notes
    ranks = [line.split()[1] for line in block_c1.splitlines() if re.match(r"\s+[!·✗] ", line)]
    assert ranks == sorted(ranks, key=["error", "warning", "info"].index)
    assert "3 claims including the thesis; 2 evidence items (1 statistic, 1 event)" in out
    assert "0 errors, 5 warnings, 1 note (DL501 ×1, DL502 ×2, EQ304 ×1, SR203 ×1, ST102 ×1)" in out
    assert "standing, defeated: its support fails: premise C1 of R1 is defeated" in block_t


def test_json_report_holds_claims_and_diagnostics(small: Path) -> None:
    code, out, _ = run("gaps", str(small), "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert [c["id"] for c in doc["claims"]] == ["T", "C1", "C2"]
    t, c1, c2 = doc["claims"]
    assert (t["evidence"], t["direct"], t["via"], t["sources"]) == (2, ["E1"], ["E2"], ["S2", "S1"])
    assert t["types"] == {"statistic": 1, "event": 1}
    assert c1["standing"] == "defeated" and c1["attackers"] == ["C2"]
    assert c2["standing"] == "stands" and c2["evidence"] == 0
    assert doc["summary"]["thesis"] == "T" and doc["summary"]["thesis_standing"] == "defeated"
    codes = sorted(d["code"] for d in doc["diagnostics"])
    assert codes == ["DL501", "DL502", "DL502", "EQ304", "SR203", "ST102"]
    assert sum(doc["summary"]["findings"].values()) == len(doc["diagnostics"])
    eq304 = next(d for d in doc["diagnostics"] if d["code"] == "EQ304")
    assert (eq304["line"], eq304["id"]) == (10, "E1")
    assert [g["code"] for g in t["gaps"]] == ["DL502", "EQ304"]


def test_machine_formats_list_the_diagnostics(small: Path) -> None:
    code, out, _ = run("gaps", str(small), "--format", "parsable")
    assert code == 0
    assert f"{small}:10:5: warning EQ304 " in out
    assert len(out.splitlines()) == 6
    code, out, _ = run("gaps", str(small), "--format", "sarif")
    sarif = json.loads(out)
    names = {r["id"]: r["name"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert names["EQ304"] == "comparison-without-baseline"
    code, out, _ = run("gaps", str(small), "--format", "github")
    assert f"::warning file={small},line=10,col=5,title=EQ304::" in out


def test_select_ignore_and_severity(small: Path) -> None:
    code, out, _ = run("gaps", str(small), "-f", "parsable", "--select", "DL")
    assert sorted(re.findall(r" (DL\d+) ", out)) == ["DL501", "DL502", "DL502"] and "EQ304" not in out
    code, out, _ = run("gaps", str(small), "-f", "parsable", "--ignore", "DL", "--ignore", "single-source")
    assert re.findall(r" ([A-Z]{2}\d{3}) ", out) == ["ST102", "EQ304"]
    code, out2, _ = run("gaps", str(small), "-f", "parsable", "--ignore", "DL,single-source")
    assert out2 == out
    code, _, err = run("gaps", str(small), "--select", "DL,XX9")
    assert code == 2 and "--select 'XX9'" in err
    code, out, _ = run("gaps", str(small), "-f", "parsable", "--severity", "EQ304=error")
    assert code == 1 and "error EQ304" in out
    code, _, _ = run("gaps", str(small), "-f", "parsable", "--severity", "EQ304=off", "--severity", "DL=off")
    assert code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--select", "XX9"], "--select 'XX9': no rule"),
        (["--ignore", "AM111"], "--ignore 'AM111': no rule"),
        (["--severity", "EQ304=loud"], "--severity 'EQ304=loud': write CODE=error|warning|info|off"),
        (["--severity", "nope=off"], "--severity 'nope': no rule"),
    ],
)
def test_bad_options_exit_2(small: Path, args: list[str], message: str) -> None:
    code, _, err = run("gaps", str(small), *args)
    assert code == 2 and message in err


def test_error_findings_exit_1(tmp_path: Path) -> None:
    path = tmp_path / "bare.yaml"
    path.write_text("argmap: 1\ntitle: t\nnodes:\n  - {id: T, kind: thesis, text: x}\n", encoding="utf-8")
    code, out, _ = run("gaps", str(path))
    assert code == 1 and "ST101 thesis T has no support" in out and "1 error, 0 warnings" in out


def test_unreadable_input_exits_2(tmp_path: Path) -> None:
    code, _, err = run("gaps", str(tmp_path / "missing.yaml"))
    assert code == 2 and "no such file" in err
    bad = tmp_path / "bad.yaml"
    bad.write_text("argmap: 1\ntitle: [unclosed\n", encoding="utf-8")
    code, out, _ = run("gaps", str(bad), "-f", "parsable")
    assert code == 2 and ": error AM003 " in out


def test_invalid_map_is_reported_not_analysed(small: Path) -> None:
    small.write_text(SMALL.replace("to: T}", "to: TT}"), encoding="utf-8")
    code, out, err = run("gaps", str(small))
    assert code == 1
    assert "AM103" in out and "must be valid" in err and "Summary" not in out


def test_standard_input() -> None:
    code, out, _ = run("gaps", "-", "-f", "json", stdin=SMALL)
    assert code == 0 and json.loads(out)["file"] == "<stdin>"


@needs_shipped
def test_shipped_map_report() -> None:
    code, out, _ = run("gaps", str(SHIPPED), "-f", "json")
    assert code == 0
    doc = json.loads(out)
    diags = doc["diagnostics"]
    ic401 = sorted(d["id"] for d in diags if d["code"] == "IC401")
    assert ic401 == ["E_russia_anniversary", "E_treaty_silence"]
    messages = " ".join(d["message"] for d in diags if d["code"] == "IC401")
    assert "'11th anniversary'" in messages and "that is the 14th anniversary" in messages
    assert "'33rd anniversary'" in messages and "that is the 53rd anniversary" in messages
    assert [d["id"] for d in diags if d["code"] == "EQ304"] == ["E_trade_russia"]
    assert any(d["code"] in ("EQ301", "EQ306") and "E_treaty_silence" in d["message"] for d in diags)
    # the public records contradict two items and back none: every item rests on the article alone,
    # which the single-source note says once, on the thesis (issue 29)
    assert [d["id"] for d in diags if d["code"] == "SR203"] == ["T"]
    assert sorted(d["id"] for d in diags if d["code"] == "SR207") == ["E_japan_delegation", "E_loan_writeoff"]
    assert doc["claims"][0]["id"] == "T"
    assert doc["summary"]["sources"][0]["cited_by"] == doc["summary"]["evidence"]


# --------------------------------------------------------------------------- rules


def test_rules_lists_every_rule() -> None:
    code, out, _ = run("rules")
    assert code == 0
    for r in all_rules():
        assert re.search(rf"^{r.code}\s+{r.name}\s+{r.severity.value}\s", out, flags=re.M), r.code


def test_rules_prefix_lists_a_family() -> None:
    code, out, _ = run("rules", "IC")
    listed = re.findall(r"^([A-Z]{2}\d{3})", out, flags=re.M)
    assert code == 0 and listed == ["IC401", "IC402", "IC403", "IC404", "IC405", "IC406"]


def test_rules_explains_one_with_its_examples() -> None:
    code, out, _ = run("rules", "ic401")
    assert code == 0
    assert out.startswith("IC401 anniversary-mismatch (internal consistency, default warning)")
    assert "Failing example" in out and "Passing example" in out
    assert "line 14: IC401 E1: '11th anniversary'" in out
    code, out2, _ = run("rules", "anniversary-mismatch")
    assert code == 0 and out2 == out


def test_rules_json() -> None:
    code, out, _ = run("rules", "-f", "json")
    docs = json.loads(out)
    assert code == 0 and [d["code"] for d in docs] == [r.code for r in all_rules()]
    code, out, _ = run("rules", "EQ304", "-f", "json")
    doc = json.loads(out)
    assert doc["name"] == "comparison-without-baseline" and doc["bad"].startswith("argmap: 1\n")


def test_rules_unknown_exits_2() -> None:
    code, _, err = run("rules", "XX9")
    assert code == 2 and "'XX9': no rule" in err


# --------------------------------------------------------------------------- grounding, types, schemes

TYPED = """\
argmap: 1
title: Typed
nodes:
  - {id: T, kind: thesis, type: comparison, tags: ["side:China", "side:new partners"],
     text: New partners cannot make up for China.}
  - {id: C1, kind: claim, text: Pyongyang courts Moscow., tags: ["side:new partners"]}
  - {id: C2, kind: claim, text: Beijing is drifting away.}
  - {id: E1, kind: evidence, type: event, text: Russia wrote off debt., date: 2014-05}
relations:
  - {id: R1, kind: supports, from: [C1, C2], to: T}
  - {id: R2, kind: supports, from: E1, to: C1, scheme: expert-opinion, answers: [opinion], ignore: [backing]}
"""


def test_standing_and_grounding_are_separate_verdicts(tmp_path: Path) -> None:
    path = tmp_path / "typed.yaml"
    path.write_text(TYPED, encoding="utf-8")
    code, out, _ = run("gaps", str(path), "--format", "json")
    assert code == 0
    doc = json.loads(out)
    t, c1, c2 = doc["claims"]
    assert (t["standing"], t["grounding"], t["type"]) == ("stands", "partly", "comparison")
    assert (c1["grounding"], c2["grounding"]) == ("evidenced", "asserted")
    assert "C2 asserted" in t["grounding_reason"]
    assert doc["summary"]["thesis_grounding"] == "partly"
    assert doc["summary"]["verdict"].startswith(
        "the thesis stands (nothing in the map defeats it) but is not evidenced"
    )
    ct601 = [d for d in doc["diagnostics"] if d["code"] == "CT601"]
    assert [d["message"] for d in ct601] == [
        "comparison T: no evidence below it is about China, a side of its comparison"
    ]
    [use] = c1["schemes"]
    status = {q["id"]: (q["status"], q["answered_by"]) for q in use["questions"]}
    assert status["expert-opinion.opinion"] == ("answered", "R2")
    assert status["expert-opinion.backing"] == ("ignored", None)
    assert status["expert-opinion.expertise"] == ("open", None)
    assert sorted(d["extra"]["question"] for d in doc["diagnostics"] if d["code"] == "CQ701") == [
        "expert-opinion.consistency",
        "expert-opinion.expertise",
        "expert-opinion.field",
        "expert-opinion.trustworthy",
    ]
    code, text, _ = run("gaps", str(path))
    assert "THESIS T  stands, partly evidenced  (comparison)  line 4" in text
    assert "R2 argues by expert-opinion: 4 open, 1 answered, 1 ignored critical questions" in text
    assert "CQ701 R2 (expert-opinion) asks: Is E really an expert" in text
    assert "the thesis stands (nothing in the map defeats it) but is not evidenced (partly evidenced)" in text


def test_schemes_lists_and_explains() -> None:
    code, out, _ = run("schemes")
    listed = re.findall(r"^([a-z-]+)\s+\d+\s", out, flags=re.M)
    walton = {
        "expert-opinion", "cause-to-effect", "sign", "example", "analogy", "popular-opinion", "consequences",
        "commitment", "position-to-know", "ignorance", "correlation-to-cause", "practical-reasoning",
    }  # fmt: skip
    assert code == 0 and walton <= set(listed)
    code, out, _ = run("schemes", "expert-opinion", "--format", "json")
    doc = json.loads(out)
    assert code == 0 and doc["id"] == "expert-opinion" and len(doc["questions"]) >= 5
    assert all(q["qualified"] == f"expert-opinion.{q['id']}" for q in doc["questions"])
    code, out, _ = run("schemes", "expert-opinion")
    assert code == 0 and "expertise" in out and "Critical questions" in out
    code, _, err = run("schemes", "expert")
    assert code == 2 and "did you mean expert-opinion?" in err


def test_the_summary_counts_one_claim_and_one_item_in_the_singular(tmp_path: Path) -> None:
    one = tmp_path / "one.yaml"
    one.write_text(
        "argmap: 1\ntitle: One\nsources: [{id: S, title: A, kind: primary}]\nnodes:\n"
        "  - {id: T, kind: thesis, text: Trade grew.}\n"
        "  - {id: E, kind: evidence, type: event, text: A deal., date: 2014, sources: [S]}\n"
        "relations:\n  - {id: R, kind: supports, from: E, to: T}\n",
        encoding="utf-8",
    )
    code, out, _ = run("gaps", str(one))
    assert code == 0, out
    assert "  1 claim including the thesis; 1 evidence item (1 event)\n" in out


def test_the_report_reads_at_80_columns_and_folds_without_losing_a_word() -> None:
    """Long lines of the report (a claim's text, its evidence, a finding) are folded at spaces under a
    hanging indent, on a terminal and in a file alike: they ran to 200 columns. Folding loses nothing."""
    import io

    from rich.console import Console

    from argmap.gapsreport import build_report, render_report
    from argmap.load import load_map
    from argmap.rules import apply_rules

    result = load_map(Path(__file__).parent.parent / "claims" / "north-korea-seeking-new-friends.yaml")
    apply_rules(result)
    report = build_report(result)

    def printed(width: int) -> str:
        buf = io.StringIO()
        render_report(Console(file=buf, width=width, color_system=None, force_terminal=False), report)
        return buf.getvalue()

    narrow, wide = printed(80), printed(100_000)
    assert max(map(len, narrow.splitlines())) <= 80 < max(map(len, wide.splitlines()))
    assert narrow.split() == wide.split()
    thesis = narrow.split("THESIS T", 1)[1].splitlines()
    assert thesis[1] == "  North Korea's courting of new partners (Japan, Russia, South-East Asian"
    assert thesis[2] == "      states) cannot make up for its widening estrangement from China."


@given(
    st.text(alphabet=st.sampled_from("ab cd–é  "), min_size=1, max_size=400), st.integers(20, 120), st.integers(0, 40)
)
def test_fold_keeps_every_character_and_the_width(text: str, width: int, lead: int) -> None:
    from rich.text import Text

    from argmap.gapsrender import fold

    line = Text(" " * lead + text.strip(), style="dim")
    lines = fold(line, width)
    assert all(len(piece.plain) <= width for piece in lines)
    assert "".join("".join(piece.plain.split()) for piece in lines) == "".join(line.plain.split())
