"""The CLI basics: version, help, new, schema, check's exit codes, report formats and options."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from argmap import __version__
from argmap.cli import app
from argmap.load import load_text

RUNNER = CliRunner()
CLEAN = "argmap: 1\ntitle: t\nnodes:\n  - {id: T, kind: thesis, text: The thesis.}\n"
BROKEN = CLEAN + "  - {id: C, kind: claim, text: c, txet: typo}\n"
WARNING_ONLY = (
    CLEAN + "  - {id: C, kind: claim, text: c}\nrelations:\n  - {id: R, kind: supports, from: [C, C], to: T}\n"
)


def invoke(*args: str) -> tuple[int, str, str]:
    result = RUNNER.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def maps(tmp_path: Path) -> Path:
    (tmp_path / "clean.yaml").write_text(CLEAN)
    (tmp_path / "broken.yaml").write_text(BROKEN)
    (tmp_path / "warning.yaml").write_text(WARNING_ONLY)
    return tmp_path


def test_version_through_the_module_entry_point() -> None:
    proc = subprocess.run([sys.executable, "-m", "argmap", "--version"], capture_output=True, text=True, timeout=30)
    assert (proc.returncode, proc.stdout) == (0, f"argmap {__version__}\n")


def test_no_arguments_shows_help() -> None:
    code, out, err = invoke()
    assert code in (0, 2) and "Usage" in out + err and "check" in out + err


def test_new_writes_a_map_that_checks_clean(tmp_path: Path) -> None:
    target = tmp_path / "m.yaml"
    code, _, err = invoke("new", str(target), "--title", 'A "quoted" title: with colon # and hash')
    assert code == 0 and "wrote" in err
    result = load_text(target.read_bytes())
    assert result.diagnostics == [] and result.map is not None
    assert result.map.title == 'A "quoted" title: with colon # and hash'
    assert invoke("check", "--no-rules", str(target))[0] == 0


@pytest.mark.parametrize("title", ["", "x" * 20_001])
def test_new_refuses_a_title_the_map_could_not_hold(tmp_path: Path, title: str) -> None:
    target = tmp_path / "m.yaml"
    code, _, err = invoke("new", str(target), "--title", title)
    assert code == 2 and err.startswith("argmap: --title") and err.count("\n") == 1
    assert not target.exists()


def test_new_to_stdout_is_a_valid_map() -> None:
    code, out, _ = invoke("new", "-")
    assert code == 0 and load_text(out).diagnostics == []


def test_schema_is_json_schema_of_the_format() -> None:
    code, out, _ = invoke("schema")
    doc = json.loads(out)
    assert code == 0 and doc["$schema"].startswith("https://json-schema.org/")
    assert {"argmap", "title", "nodes", "relations"} <= set(doc["properties"])
    # A node is one of the seven models, told apart by the const of `kind` (and `type` for evidence);
    # OpenAPI's discriminator keyword is not JSON Schema and pydantic writes it malformed for nested unions.
    assert '"discriminator"' not in out
    defs = doc["$defs"]
    assert defs["Statistic"]["properties"]["type"]["const"] == "statistic"
    assert defs["Claim"]["properties"]["kind"]["const"] == "claim"


@pytest.mark.parametrize(("name", "code"), [("clean.yaml", 0), ("warning.yaml", 0), ("broken.yaml", 1)])
def test_check_exit_codes(maps: Path, name: str, code: int) -> None:
    assert invoke("check", "--no-rules", str(maps / name))[0] == code


def test_strict_fails_on_warnings(maps: Path) -> None:
    assert invoke("check", "--no-rules", "--strict", str(maps / "warning.yaml"))[0] == 1
    assert invoke("check", "--no-rules", "--strict", str(maps / "clean.yaml"))[0] == 0


def test_check_a_folder_finds_every_map(maps: Path) -> None:
    (maps / ".hidden").mkdir()
    (maps / ".hidden" / "skip.yaml").write_text("not: a map\n")
    code, out, _ = invoke("check", "--no-rules", "--format", "json", str(maps))
    doc = json.loads(out)
    assert code == 1 and doc["files"] == 3
    assert {Path(d["file"]).name for d in doc["diagnostics"]} == {"broken.yaml", "warning.yaml"}


def test_check_empty_folder_and_missing_path(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    code, out, err = invoke("check", str(tmp_path / "empty"))
    assert code == 2 and out == "" and "holds no map files" in err
    (tmp_path / "m.yaml").write_text(CLEAN)
    code, _, err = invoke("check", "--no-rules", str(tmp_path / "m.yaml"), str(tmp_path / "gone.yaml"))
    assert code == 2 and "gone.yaml: no such file or folder" in err


def test_parsable_format_is_one_line_per_finding(maps: Path) -> None:
    code, out, _ = invoke("check", "--no-rules", "--format", "parsable", str(maps / "broken.yaml"))
    assert code == 1
    assert out == f"{maps / 'broken.yaml'}:5:35: error AM101 node C: unknown field 'txet' (did you mean 'text'?)\n"


def test_json_and_sarif_carry_code_line_and_column(maps: Path) -> None:
    _, out, _ = invoke("check", "--no-rules", "--format", "json", str(maps / "broken.yaml"))
    (d,) = json.loads(out)["diagnostics"]
    assert (d["code"], d["line"], d["column"], d["severity"], d["id"]) == ("AM101", 5, 35, "error", "C")
    _, out, _ = invoke("check", "--no-rules", "--format", "sarif", str(maps / "broken.yaml"))
    (r,) = json.loads(out)["runs"][0]["results"]
    assert r["ruleId"] == "AM101" and r["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 5,
        "startColumn": 35,
    }


def test_github_annotations(maps: Path) -> None:
    _, out, _ = invoke("check", "--no-rules", "--format", "github", str(maps / "broken.yaml"))
    assert out.startswith(f"::error file={maps / 'broken.yaml'},line=5,col=35,title=AM101::node C: unknown field")


def test_bad_options_are_one_line_usage_errors(maps: Path) -> None:
    code, _, err = invoke("check", "--severity", "AM115", str(maps / "clean.yaml"))
    assert code == 2 and err == "argmap: --severity 'AM115': write CODE=error|warning|info|off\n"
    code, _, err = invoke("check", "--texts", str(maps / "clean.yaml"), str(maps / "clean.yaml"))
    assert code == 2 and err.startswith("argmap: --texts") and "not a folder" in err


def test_texts_option_verifies_anchors(tmp_path: Path) -> None:
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "S1.txt").write_text("The minister said nothing at all.")
    (tmp_path / "m.yaml").write_text(
        CLEAN + "  - {id: E, kind: evidence, type: statement, text: e, speaker: m, sources: [S1], "
        "anchor: said everything}\nsources:\n  - {id: S1, title: s}\n"
    )
    code, out, _ = invoke(
        "check", "--no-rules", "--format", "parsable", "-t", str(tmp_path / "texts"), str(tmp_path / "m.yaml")
    )
    assert code == 1 and ' error AM201 node E: anchor "said everything" not found in source S1' in out


def test_internal_errors_become_one_line(tmp_path: Path) -> None:
    """The entry point's last line of defence: an unexpected exception is a one-line report, exit 2."""
    script = (
        "import argmap.pipeline as p\n"
        "def boom(*a, **k):\n    raise RuntimeError('boom')\n"
        "p.check_file = boom\n"
        "import sys; sys.argv = ['argmap', 'check', sys.argv[1]]\n"
        "from argmap.cli import main; main()\n"
    )
    (tmp_path / "m.yaml").write_text(CLEAN)
    env = {k: v for k, v in os.environ.items() if k != "ARGMAP_DEBUG"}
    proc = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "m.yaml")], capture_output=True, text=True, timeout=30, env=env
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("argmap: internal error: RuntimeError: boom\n") and "Traceback" not in proc.stderr


def test_check_refuses_rule_patterns_that_name_no_rule(maps: Path) -> None:
    code, _, err = invoke("check", str(maps / "clean.yaml"), "--select", "IC4,XX9")
    assert code == 2
    assert "'XX9': no rule has this code, prefix or name" in err


def test_check_accepts_rule_prefixes_and_names(maps: Path) -> None:
    code, _, err = invoke("check", str(maps / "clean.yaml"), "--select", "IC4", "--ignore", "single-source")
    assert code == 0, err


@pytest.mark.parametrize("command", [["render", "-f", "dot"], ["export", "--to", "json"]])
def test_transforming_commands_exit_1_on_a_broken_map_and_2_on_a_missing_one(
    tmp_path: Path, command: list[str]
) -> None:
    broken = tmp_path / "syntax.yaml"
    broken.write_text("argmap: 1\ntitle: [unclosed\n")
    code, _, err = invoke(command[0], str(broken), *command[1:])
    assert code == 1, err  # a finding in the file, as `check` reports it
    assert f"{broken}:2:8: error AM003" in err
    code, _, err = invoke(command[0], str(tmp_path / "missing.yaml"), *command[1:])
    assert code == 2
    assert "cannot read the map" in err


def test_worker_processes_report_exactly_what_one_process_does(tmp_path: Path) -> None:
    """`--jobs` shares files among forked workers; the report, its order and the exit code must not change."""
    root = Path(__file__).resolve().parent.parent
    shipped = (root / "claims" / "north-korea-seeking-new-friends.yaml").read_text(encoding="utf-8")
    for i in range(20):  # clean, broken, warning and real maps interleaved
        text = (CLEAN, BROKEN, WARNING_ONLY, shipped)[i % 4]
        (tmp_path / f"m{i:02}.yaml").write_text(text)
    runs = {jobs: invoke("check", "-f", "parsable", "--jobs", jobs, str(tmp_path)) for jobs in ("1", "2", "0")}
    code, out, _ = runs["1"]
    assert code == 1 and out.count("\n") > 40
    assert runs["2"] == runs["1"]
    assert runs["0"] == runs["1"]


def test_jobs_must_not_be_negative(maps: Path) -> None:
    code, _, err = invoke("check", "--jobs", "-1", str(maps))
    assert code == 2 and "--jobs" in err


# --------------------------------------------------------------------------- check - (an editor's buffer)

STDIN_MAP = """argmap: 1
title: Stdin test
sources:
  - {id: S1, title: A report, text: report.txt, kind: primary, date: 2014-05}
nodes:
  - {id: T, kind: thesis, text: Trade grew.}
  - {id: E1, kind: evidence, type: event, text: A deal was signed., date: 2014-05, sources: [S1], anchor: "WORDS"}
relations:
  - {id: R1, kind: supports, from: E1, to: T}
"""


def _stdin(args: list[str], text: str) -> tuple[int, str, str]:
    result = RUNNER.invoke(app, args, input=text)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_check_reads_a_map_from_standard_input() -> None:
    code, out, _ = _stdin(["check", "-f", "parsable", "-"], BROKEN)
    assert code == 1
    assert out.splitlines() == ["<stdin>:5:35: error AM101 node C: unknown field 'txet' (did you mean 'text'?)"]
    code, out, _ = _stdin(["check", "--no-rules", "-"], CLEAN)
    assert (code, out.strip()) == (0, "✓ 0 errors, 0 warnings in 1 file")


@pytest.mark.parametrize("found", ["matching", "not matching"])
def test_stdin_filename_names_the_map_and_finds_its_source_texts(tmp_path: Path, found: str) -> None:
    """An editor passes the unsaved buffer and its path: findings name the file, and the source text
    next to it is found, so a wrong quotation is an error (AM201) exactly as for the saved file."""
    (tmp_path / "report.txt").write_text("The two countries signed a deal in May.\n", encoding="utf-8")
    words = "signed a deal" if found == "matching" else "words not in the report"
    text = STDIN_MAP.replace("WORDS", words)
    path = tmp_path / "map.yaml"
    code, out, _ = _stdin(["check", "-f", "parsable", "--stdin-filename", str(path), "-"], text)
    anchors = [line for line in out.splitlines() if " AM20" in line]
    if found == "matching":
        assert (code, anchors) == (0, [])
    else:
        assert code == 1
        col = text.splitlines()[6].index(f'"{words}"') + 1  # the anchor's value
        assert anchors == [
            f'{path}:7:{col}: error AM201 node E1: anchor "{words}" not found in source S1 '
            "(check the spelling against the source; argmap never matches approximately)"
        ]
    path.write_text(text, encoding="utf-8")  # the saved file gives the same report
    assert invoke("check", "-f", "parsable", str(path))[:2] == (code, out)


def test_stdin_options_that_make_no_sense_are_usage_errors(maps: Path) -> None:
    code, _, err = _stdin(["check", "-", str(maps / "clean.yaml")], CLEAN)
    assert (code, err.strip()) == (2, "argmap: '-' reads one map from standard input: give it alone")
    code, _, err = invoke("check", "--stdin-filename", "x.yaml", str(maps / "clean.yaml"))
    usage = "argmap: --stdin-filename names the map read from standard input: give '-' as the path"
    assert (code, err.strip()) == (2, usage)


def test_standard_input_is_read_only_up_to_the_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("argmap.load.reading.MAX_BYTES", 64)
    code, out, _ = _stdin(["check", "-f", "parsable", "-"], CLEAN + "# " + "x" * 200 + "\n")
    assert code == 1
    assert out.splitlines() == [
        "<stdin>:1:1: error AM006 input is over the 64 bytes limit for a map; split it, or raise ARGMAP_MAX_BYTES "
        "if it is really one map"
    ]
