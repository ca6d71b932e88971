"""Fuzz every command with random valid and near-valid maps: each succeeds or reports, never raises.

Commands run in-process through ``argmap.cli.app`` (CliRunner) for speed; commands not in this build
are skipped. The default ("ci") profile draws a few examples; a fuzzing session:

    HYPOTHESIS_PROFILE=long .venv/bin/pytest tests/test_fuzz.py

(1,250 examples per test; ``ARGMAP_FUZZ_EXAMPLES=N`` sets another number.)
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies_core import corrupted_maps, valid_maps
from test_hostile import COMMANDS, EXERCISES
from typer.testing import CliRunner

from argmap.cli import app
from argmap.interchange.native import _yaml12_dumper

# Each example runs a dozen commands: a quarter of the profile's examples keeps CI quick.
# ARGMAP_FUZZ_EXAMPLES sets the number outright, to fit a session into the time there is.
EXAMPLES = int(os.environ.get("ARGMAP_FUZZ_EXAMPLES", 0)) or max(8, settings.default.max_examples // 4)
FUZZ = settings(max_examples=EXAMPLES, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
MESSAGE = re.compile(r"^(argmap: \S.*|.+?:\d+:\d+: .+|.+?: (error|warning) [A-Z]+\d+ .+|Error: .+)$", re.MULTILINE)
RUNNER = CliRunner()


def write_map(folder: Path, data: dict[str, Any], as_json: bool) -> Path:
    if as_json:
        path = folder / "map.json"
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    else:
        path = folder / "map.yaml"
        # argmap's own YAML writer: PyYAML's default leaves `0o17` unquoted, a number to YAML 1.2.
        text = yaml.dump(data, Dumper=_yaml12_dumper(), sort_keys=False, allow_unicode=True)
        path.write_text(text, encoding="utf-8")
    return path


def command_lines(path: Path, work: Path, kind: str) -> Iterator[list[str]]:
    p = str(path)
    if "check" in COMMANDS:
        yield ["check", "--no-rules", p]
        yield ["check", "--format", "json", p]
    if "gaps" in COMMANDS:
        yield ["gaps", "--format", "json", p]
    if "render" in COMMANDS:
        yield ["render", p, "-f", "dot", "-o", "-"]
        yield ["render", p, "-f", "mmd", "-o", "-"]
    if "show" in COMMANDS:
        yield ["show", "--plain", p]
    if "export" in COMMANDS:
        for fmt in ("json", "yaml", "aif", "argdown", "markdown"):
            yield ["export", p, "--to", fmt, "-o", str(work / f"out.{fmt}"), "--force"]
    if "import" in COMMANDS:
        for fmt in ("aif", "argdown"):
            if (work / f"out.{fmt}").exists():
                yield [
                    "import",
                    str(work / f"out.{fmt}"),
                    "-f",
                    fmt,
                    "-o",
                    str(work / f"back-{fmt}.yaml"),
                    "--force",
                ]
    if "make" in COMMANDS.get("exercise", set()):
        yield ["exercise", "make", p, "-k", kind, "-o", str(work / "exercise"), "--no-diagrams", "--force"]


def run(argv: list[str]) -> tuple[int, str]:
    result = RUNNER.invoke(app, argv)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        exc = result.exception
        raise AssertionError(f"argmap {' '.join(argv)} raised {exc.__class__.__name__}: {exc}") from exc
    code = result.exit_code
    out = result.stdout + result.stderr
    assert code in (0, 1, 2), (argv, code, out[-2000:])
    assert "Traceback" not in out and "internal error" not in out, (argv, out[-2000:])
    if code != 0:
        assert MESSAGE.search(out) or out.lstrip().startswith("{"), (argv, code, out[-2000:])
    return code, out


@FUZZ
@given(valid_maps(), st.booleans(), st.sampled_from(EXERCISES))
def test_every_command_accepts_valid_maps(data: dict[str, Any], as_json: bool, kind: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        path = write_map(work, data, as_json)
        codes = {" ".join(argv[:3]): run(argv)[0] for argv in command_lines(path, work, kind)}
    assert codes["check --no-rules " + str(path)] == 0
    verdict = codes["check --format json"]  # with the rules: a rule error (ST101, CQ702) fails the map
    for name, code in codes.items():
        if name.startswith(("render", "show")):
            assert code == verdict, (name, code, verdict)  # one verdict for one map
        elif name.startswith("export"):
            assert code == 0, (name, code)  # a conversion refuses no well-formed map for its findings


@FUZZ
@given(corrupted_maps(), st.booleans(), st.sampled_from(EXERCISES))
def test_every_command_reports_broken_maps(case: tuple[str, dict[str, Any]], as_json: bool, kind: str) -> None:
    how, data = case
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        path = write_map(work, data, as_json)
        for argv in command_lines(path, work, kind):
            code, out = run(argv)
            if argv[0] in ("check", "render", "show", "export"):
                assert code in (1, 2), (how, argv, out[-1000:])


@FUZZ
@given(st.binary(max_size=400) | st.text(max_size=400).map(lambda t: t.encode("utf-8")))
def test_every_command_survives_random_bytes(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        path = work / "map.yaml"
        path.write_bytes(raw)
        for argv in command_lines(path, work, "starter"):
            run(argv)
