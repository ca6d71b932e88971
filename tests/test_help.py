"""Help screens speak a user's words: what to type (MAP..., N, PATH), never Python's types."""

from __future__ import annotations

import re

import pytest
import typer
from typer.testing import CliRunner

from argmap.cli import app

_INTERNALS = re.compile(r"<list\[|<(?:int|float) range>|<str>|<int>|<float>|<path>|\{[A-Z_]+\}|\[\[")


def _command_paths() -> list[list[str]]:
    root = typer.main.get_command(app)
    paths: list[list[str]] = []

    def walk(command: object, prefix: list[str]) -> None:
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            paths.append([*prefix, name])
            walk(sub, [*prefix, name])

    walk(root, [])
    return paths


@pytest.mark.parametrize("path", _command_paths(), ids=" ".join)
def test_help_shows_what_to_type_not_types(path: list[str]) -> None:
    done = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "100"})
    assert done.exit_code == 0, done.output
    assert _INTERNALS.findall(done.output) == [], done.output


def test_usage_lines_name_arguments_plainly() -> None:
    check = CliRunner().invoke(app, ["check", "--help"], env={"COLUMNS": "100"}).output
    assert check.startswith("Usage: argmap check [OPTIONS] PATH...\n")
    assert "  -j, --jobs N " in check and "  -t, --texts PATH " in check
    rules = CliRunner().invoke(app, ["rules", "--help"], env={"COLUMNS": "100"}).output
    assert rules.startswith("Usage: argmap rules [OPTIONS] [CODE]\n")


def test_commands_that_write_a_file_create_its_folder(tmp_path: object) -> None:
    """render and export make the output's folder, as batch render, import and exercise make do."""
    from pathlib import Path

    out = Path(str(tmp_path))
    shipped = Path(__file__).parent.parent / "claims" / "north-korea-seeking-new-friends.yaml"
    runner = CliRunner()
    for args, target in (
        (["render", str(shipped), "-o"], out / "new" / "deeper" / "map.dot"),
        (["export", str(shipped), "--to", "json", "-o"], out / "other" / "map.json"),
    ):
        done = runner.invoke(app, [*args, str(target)])
        assert done.exit_code == 0, done.output
        assert target.stat().st_size > 1000
    (out / "plain").write_text("")
    done = runner.invoke(app, ["render", str(shipped), "-o", str(out / "plain" / "map.dot")])
    assert done.exit_code == 2
    assert f"{out / 'plain'} is a file, not a folder; choose another output path" in done.output


def test_rule_examples_print_verbatim_when_piped() -> None:
    """`argmap rules CODE | ...`: the examples paste as YAML (no line numbers, no wrapping, no trailing spaces)."""
    from argmap.load import load_text

    out = CliRunner().invoke(app, ["rules", "EQ304"], env={"COLUMNS": "60"}).output
    assert not [line for line in out.split("\n") if line != line.rstrip()]
    failing = out.split("Failing example:\n\n", 1)[1].split("\n\nline ", 1)[0]
    loaded = load_text(failing + "\n", file="pasted.yaml")
    assert loaded.map is not None and not loaded.has_errors
    assert "\nline 7: EQ304 statistic E1 " in out
