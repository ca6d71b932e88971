"""`argmap lsp` driven over stdio by a real LSP client: what an editor shows for a map."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
import pytest_asyncio
from lsprotocol import types as t
from pytest_lsp import LanguageClient

from argmap.pipeline import CheckOptions, check_file
from tests.lsp_session import doc, open_doc, pos, replace_line, start, until, where

pytestmark = pytest.mark.asyncio(loop_scope="module")

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "claims" / "north-korea-seeking-new-friends.yaml"
SHARED_TEXTS = ROOT.parent / "shared" / "sources"
FIXTURE = ROOT / "tests" / "fixtures" / "lsp" / "library-hours.argmap.yaml"


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def client(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[LanguageClient]:
    c = await start(tmp_path_factory.mktemp("cache"))
    yield c
    await c.shutdown_session()
    await c.stop()


def located(diagnostics: object) -> list[tuple[int, int, str]]:
    """(line, column, code) of each diagnostic, 1-based as `argmap check` prints them."""
    out = []
    for d in diagnostics:  # type: ignore[attr-defined]
        if isinstance(d, t.Diagnostic):
            out.append((d.range.start.line + 1, d.range.start.character + 1, str(d.code)))
        else:
            out.append((d.line, d.col, d.code))
    return sorted(out)


async def test_shipped_map_shows_what_check_reports(client: LanguageClient) -> None:
    uri = open_doc(client, SHIPPED)
    shown = await until(client, uri, lambda ds: len(ds) > 0)
    expected = check_file(SHIPPED, CheckOptions()).diagnostics
    assert located(shown) == located(expected)
    assert {d.source for d in shown} == {"argmap"}
    st102 = next(d for d in shown if d.code == "ST102")
    assert st102.severity == t.DiagnosticSeverity.Warning
    assert "C2 is asserted without reason" in st102.message
    # the link opens the text `argmap rules ST102` explains the rule with
    assert st102.code_description is not None
    page = Path(unquote(urlparse(st102.code_description.href).path)).read_text(encoding="utf-8")
    assert page.startswith("**ST102 unsupported-claim**") and "Failing example" in page


@pytest.mark.skipif(not SHARED_TEXTS.is_dir(), reason="needs ../shared/sources (the article text)")
async def test_shipped_map_with_its_source_text_verifies_anchors(tmp_path: Path) -> None:
    c = await start(tmp_path, "--texts", str(SHARED_TEXTS))
    try:
        uri = open_doc(c, SHIPPED)
        shown = await until(c, uri, lambda ds: len(ds) > 0)
        expected = check_file(SHIPPED, CheckOptions(texts=[SHARED_TEXTS])).diagnostics
        assert located(shown) == located(expected)
        assert not any(d.code in ("AM201", "AM203") for d in shown)
        # a quotation the article does not contain is an error at the anchor
        lines = SHIPPED.read_text(encoding="utf-8").split("\n")
        row = next(i for i, line in enumerate(lines) if line.strip().startswith("anchor:"))
        replace_line(c, uri, 2, row, lines[row], lines[row].split("anchor:")[0] + "anchor: words nobody wrote")
        shown = await until(c, uri, lambda ds: any(d.code == "AM201" for d in ds))
        am201 = next(d for d in shown if d.code == "AM201")
        assert am201.range.start.line == row and am201.severity == t.DiagnosticSeverity.Error
    finally:
        await c.shutdown_session()
        await c.stop()


async def test_anchor_checked_against_the_text_next_to_the_map(client: LanguageClient) -> None:
    uri = open_doc(client, FIXTURE)
    shown = await until(client, uri, lambda ds: len(ds) > 0)
    assert located(shown) == located(check_file(FIXTURE).diagnostics)
    assert not any(d.code.startswith("AM2") for d in shown if isinstance(d.code, str))
    lines = FIXTURE.read_text(encoding="utf-8").split("\n")
    row = where(lines, "anchor: We have nowhere").line
    replace_line(client, uri, 2, row, lines[row], "    anchor: We have nowhere to study")
    shown = await until(client, uri, lambda ds: any(d.code == "AM201" for d in ds))
    assert [(d.range.start.line, d.code) for d in shown if d.code == "AM201"] == [(row, "AM201")]


async def test_a_broken_reference_is_reported_and_fixed_by_the_quick_fix(client: LanguageClient) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    uri = open_doc(client, FIXTURE, text)
    await until(client, uri, lambda ds: len(ds) > 0)
    lines = text.split("\n")
    row = where(lines, "from: E_quote").line
    replace_line(client, uri, 2, row, lines[row], "    from: E_qoute")
    shown = await until(client, uri, lambda ds: any(d.code == "AM103" for d in ds))
    bad = next(d for d in shown if d.code == "AM103")
    assert bad.range.start.line == row
    assert lines[row][bad.range.start.character :].startswith("E_")  # the range is the misspelt id
    assert "unknown node E_qoute (did you mean E_quote?)" in bad.message
    actions = await client.text_document_code_action_async(
        t.CodeActionParams(text_document=doc(uri), range=bad.range, context=t.CodeActionContext(diagnostics=[bad]))
    )
    assert actions is not None and len(actions) == 1
    action = actions[0]
    assert isinstance(action, t.CodeAction) and action.title == "Replace 'E_qoute' with 'E_quote'"
    assert action.edit is not None and action.edit.changes is not None
    (edit,) = action.edit.changes[uri]
    assert edit.range == bad.range and edit.new_text == "E_quote"


async def test_misspelt_field_quick_fix(client: LanguageClient, tmp_path: Path) -> None:
    text = FIXTURE.read_text(encoding="utf-8").replace("    expected_from: the town council", "    expectd_from: x")
    uri = open_doc(client, tmp_path / "typo.argmap.yaml", text)
    shown = await until(client, uri, lambda ds: any(d.code == "AM101" for d in ds))
    bad = next(d for d in shown if d.code == "AM101")
    row = where(text.split("\n"), "expectd_from").line
    assert (bad.range.start.line, bad.range.start.character, bad.range.end.character) == (row, 4, 16)
    actions = await client.text_document_code_action_async(
        t.CodeActionParams(text_document=doc(uri), range=bad.range, context=t.CodeActionContext(diagnostics=[bad]))
    )
    assert actions and isinstance(actions[0], t.CodeAction)
    assert actions[0].edit and actions[0].edit.changes
    assert [e.new_text for e in actions[0].edit.changes[uri]] == ["expected_from"]


async def test_missing_version_quick_fix(client: LanguageClient, tmp_path: Path) -> None:
    text = "# notes\ntitle: A map without its version\nnodes:\n  - {id: T, kind: thesis, text: Something.}\n"
    uri = open_doc(client, tmp_path / "draft.argmap.yaml", text)
    shown = await until(client, uri, lambda ds: len(ds) > 0)
    assert [(d.code, d.range.start.line) for d in shown] == [("AM007", 1)]  # where check puts it: the first key
    actions = await client.text_document_code_action_async(
        t.CodeActionParams(
            text_document=doc(uri), range=shown[0].range, context=t.CodeActionContext(diagnostics=list(shown))
        )
    )
    assert actions and isinstance(actions[0], t.CodeAction) and actions[0].edit and actions[0].edit.changes
    (edit,) = actions[0].edit.changes[uri]
    assert (edit.range.start.line, edit.new_text) == (1, "argmap: 1\n")  # after the leading comment


async def test_broken_yaml_is_located_while_typing(client: LanguageClient) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    uri = open_doc(client, FIXTURE, text)
    await until(client, uri, lambda ds: len(ds) > 0)
    lines = text.split("\n")
    row = where(lines, "text: Students lose").line
    replace_line(client, uri, 2, row, lines[row], '    text: "Students lose a place')
    shown = await until(client, uri, lambda ds: any(d.code == "AM003" for d in ds))
    assert [d.code for d in shown] == ["AM003"]
    assert row <= shown[0].range.start.line <= row + 1
    # the outline and navigation wait for a well-formed text; completion keeps the last ids
    symbols = await client.text_document_document_symbol_async(t.DocumentSymbolParams(text_document=doc(uri)))
    assert symbols is None


async def test_a_duplicate_id_points_at_the_other_definition(client: LanguageClient, tmp_path: Path) -> None:
    text = FIXTURE.read_text(encoding="utf-8").replace("id: C_savings", "id: C_students")
    uri = open_doc(client, tmp_path / "dup.argmap.yaml", text)
    shown = await until(client, uri, lambda ds: any(d.code == "AM106" for d in ds))
    dup = next(d for d in shown if d.code == "AM106")
    lines = text.split("\n")
    rows = [i for i, line in enumerate(lines) if "id: C_students" in line]
    assert dup.range.start.line == rows[1]
    assert dup.related_information is not None
    assert [r.location.range.start.line for r in dup.related_information] == [rows[0]]


async def test_debounced_changes_end_with_the_last_text(client: LanguageClient) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    uri = open_doc(client, FIXTURE, text)
    await until(client, uri, lambda ds: len(ds) > 0)
    lines = text.split("\n")
    row = where(lines, "to: C_savings").line
    typed = "    to: C_savings"
    for n, cut in enumerate(range(len(typed) - 1, len("    to: C") - 1, -1)):
        replace_line(client, uri, 2 + n, row, typed if n == 0 else typed[: cut + 1], typed[:cut])
    # the first change is checked at once, the burst after it as one: what stays is the last text's
    final = await until(client, uri, lambda ds: any(d.message.split(" (")[0].endswith("node C") for d in ds))
    assert [d.message.split(" (")[0] for d in final if d.code == "AM103"] == ["relation R4 points to unknown node C"]


async def test_hover_on_ids_and_rule_codes(client: LanguageClient) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    uri = open_doc(client, FIXTURE, text)
    lines = text.split("\n")
    hover = await client.text_document_hover_async(
        t.HoverParams(text_document=doc(uri), position=where(lines, "from: E_savings", 8))
    )
    assert hover is not None and isinstance(hover.contents, t.MarkupContent)
    shown = hover.contents.value
    assert shown.startswith("**E_savings** · evidence · statistic")
    assert "The council expects to save about 40,000 dollars a year." in shown
    assert "- value: 40000" in shown and "- unit: USD" in shown
    assert hover.range is not None and hover.range.start.line == where(lines, "from: E_savings").line
    source = await client.text_document_hover_async(
        t.HoverParams(text_document=doc(uri), position=where(lines, "sources: [riverton_news]", 12))
    )
    assert source is not None and isinstance(source.contents, t.MarkupContent)
    assert source.contents.value.startswith("**riverton_news** · source (secondary)")
    assert "Riverton library cuts its evening hours" in source.contents.value
    code = await client.text_document_hover_async(
        t.HoverParams(text_document=doc(uri), position=where(lines, "ignore: [EQ303]", 10))
    )
    assert code is not None and isinstance(code.contents, t.MarkupContent)
    assert code.contents.value.startswith("**EQ303 statistic-without-baseline**")


async def test_definition_references_and_rename(client: LanguageClient) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    uri = open_doc(client, FIXTURE, text)
    lines = text.split("\n")
    at = where(lines, "from: [C_students", 8)
    found = await client.text_document_definition_async(t.DefinitionParams(text_document=doc(uri), position=at))
    assert isinstance(found, list) and len(found) == 1
    assert isinstance(found[0], t.Location)
    assert found[0].range.start == pos(where(lines, "id: C_students").line, 8)
    refs = await client.text_document_references_async(
        t.ReferenceParams(text_document=doc(uri), position=at, context=t.ReferenceContext(include_declaration=True))
    )
    assert refs is not None
    rows = [r.range.start.line + 1 for r in refs]
    assert rows == [i + 1 for i, line in enumerate(lines) if "C_students" in line]
    marks = await client.text_document_document_highlight_async(
        t.DocumentHighlightParams(text_document=doc(uri), position=at)
    )
    assert marks is not None
    assert [(m.range.start.line + 1, m.kind) for m in marks] == [
        (i + 1, t.DocumentHighlightKind.Write if "id: C_students" in line else t.DocumentHighlightKind.Read)
        for i, line in enumerate(lines)
        if "C_students" in line
    ]
    prepared = await client.text_document_prepare_rename_async(
        t.PrepareRenameParams(text_document=doc(uri), position=at)
    )
    assert isinstance(prepared, t.PrepareRenamePlaceholder) and prepared.placeholder == "C_students"
    edit = await client.text_document_rename_async(
        t.RenameParams(text_document=doc(uri), position=at, new_name="C_study_space")
    )
    assert edit is not None and edit.changes is not None
    renamed = _apply(text, edit.changes[uri])
    assert "C_students" not in renamed and renamed.count("C_study_space") == text.count("C_students")
    with pytest.raises(Exception, match="already the id"):
        await client.text_document_rename_async(t.RenameParams(text_document=doc(uri), position=at, new_name="T"))
    with pytest.raises(Exception, match="not a valid id"):
        await client.text_document_rename_async(
            t.RenameParams(text_document=doc(uri), position=at, new_name="two words")
        )


def _apply(text: str, edits: list[t.TextEdit]) -> str:
    lines = text.split("\n")
    for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        assert e.range.start.line == e.range.end.line
        line = lines[e.range.start.line]
        lines[e.range.start.line] = line[: e.range.start.character] + e.new_text + line[e.range.end.character :]
    return "\n".join(lines)


async def _complete(client: LanguageClient, uri: str, at: t.Position) -> list[str]:
    result = await client.text_document_completion_async(t.CompletionParams(text_document=doc(uri), position=at))
    assert result is not None
    items = result.items if isinstance(result, t.CompletionList) else result
    return [i.label for i in sorted(items, key=lambda i: i.sort_text or i.label)]


async def test_completion(client: LanguageClient, tmp_path: Path) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    extra = "  - id: R5\n    kind: supports\n    from: [E_\n    to: \n  - id: R6\n    kind: undercuts\n    to: \n"
    typing = text + extra
    uri = open_doc(client, tmp_path / "typing.argmap.yaml", typing)
    lines = typing.split("\n")
    row = where(lines, "from: [E_").line
    assert await _complete(client, uri, pos(row, len(lines[row]))) == ["E_quote", "E_savings", "E_no_hearing"]
    nodes = await _complete(client, uri, pos(row + 1, len("    to: ")))
    assert nodes[:3] == ["T", "C_students", "C_savings"] and "R1" not in nodes
    assert await _complete(client, uri, pos(row + 4, len("    to: "))) == ["R1", "R2", "R3", "R4", "R5"]
    src = where(lines, "sources: [riverton_news]", len("sources: ["))
    assert await _complete(client, uri, src) == ["riverton_news"]
    # field names of the node's evidence type, enum values of its fields
    edited = typing.replace("    approximate: true\n", "    approximate: true\n    sc\n", 1)
    uri = open_doc(client, tmp_path / "fields.argmap.yaml", edited)
    lines = edited.split("\n")
    row = where(lines, "    sc").line
    fields = await _complete(client, uri, pos(row, 6))
    assert "scale" in fields and "baseline" in fields and "speaker" not in fields and "value" not in fields
    replace_line(client, uri, 2, row, "    sc", "    scale: ")
    assert await _complete(client, uri, pos(row, 11)) == ["one", "thousand", "million", "billion", "trillion"]
    kind_row = where(lines, "kind: evidence").line
    assert await _complete(client, uri, pos(kind_row, len("    kind: "))) == ["thesis", "claim", "evidence"]
    type_row = where(lines, "type: statement").line
    types = await _complete(client, uri, pos(type_row, len("    type: ")))
    assert types == ["statistic", "count", "statement", "event", "absence"]


async def test_outline(client: LanguageClient) -> None:
    uri = open_doc(client, FIXTURE)
    symbols = await client.text_document_document_symbol_async(t.DocumentSymbolParams(text_document=doc(uri)))
    assert symbols is not None
    outline = [(s.name, [c.name for c in (s.children or [])]) for s in symbols if isinstance(s, t.DocumentSymbol)]
    assert outline == [
        ("T", []),
        ("claims", ["C_students", "C_savings"]),
        ("evidence", ["E_quote", "E_savings", "E_no_hearing"]),
        ("relations", ["R1", "R2", "R3", "R4"]),
        ("sources", ["riverton_news"]),
    ]
    relations = next(s for s in symbols if isinstance(s, t.DocumentSymbol) and s.name == "relations")
    assert relations.children and relations.children[0].detail == "supports C_students, E_no_hearing → T"


async def test_json_form(client: LanguageClient, tmp_path: Path) -> None:
    import yaml

    data = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    data["relations"][1]["to"] = "C_studnets"
    path = tmp_path / "library-hours.json"
    text = json.dumps(data, indent=2, default=str)  # dates as the YAML wrote them
    path.write_text(text, encoding="utf-8")
    (tmp_path / "library-hours.txt").write_text((FIXTURE.parent / "library-hours.txt").read_text())
    uri = open_doc(client, path, language="json")
    shown = await until(client, uri, lambda ds: len(ds) > 0)
    assert located(shown) == located(check_file(path).diagnostics)
    assert any(d.code == "AM103" for d in shown)
    lines = text.split("\n")
    at = where(lines, '"E_quote"', 2)
    found = await client.text_document_definition_async(t.DefinitionParams(text_document=doc(uri), position=at))
    assert isinstance(found, list) and isinstance(found[0], t.Location)
    assert found[0].range.start.line == where(lines, '"id": "E_quote"').line
    # completion inside a JSON string: the relation's `to` wants a node id
    at = where(lines, '"to": "C_studnets"', len('"to": "C_stu'))
    assert await _complete(client, uri, at) == ["C_students"]


async def test_other_yaml_files_are_left_alone(client: LanguageClient, tmp_path: Path) -> None:
    uri = open_doc(client, tmp_path / "docker-compose.yaml", "services:\n  web:\n    image: nginx\n")
    shown = await until(client, uri, lambda ds: True)
    assert list(shown) == []
    hover = await client.text_document_hover_async(t.HoverParams(text_document=doc(uri), position=pos(1, 3)))
    assert hover is None


async def test_saving_reads_a_changed_source_text_again(client: LanguageClient, tmp_path: Path) -> None:
    import shutil

    for name in ("library-hours.argmap.yaml", "library-hours.txt"):
        shutil.copy(FIXTURE.parent / name, tmp_path / name)
    uri = open_doc(client, tmp_path / "library-hours.argmap.yaml")
    first = await until(client, uri, lambda ds: len(ds) > 0)
    assert not any(d.code == "AM201" for d in first)
    source = tmp_path / "library-hours.txt"
    source.write_text(source.read_text(encoding="utf-8").replace("nowhere else to study", "no room"))
    client.text_document_did_save(t.DidSaveTextDocumentParams(text_document=doc(uri)))
    shown = await until(client, uri, lambda ds: any(d.code == "AM201" for d in ds))
    lines = (tmp_path / "library-hours.argmap.yaml").read_text(encoding="utf-8").split("\n")
    assert [d.range.start.line for d in shown if d.code == "AM201"] == [where(lines, "We have nowhere").line]


HOSTILE = sorted((ROOT / "tests" / "hostile").iterdir())


@pytest.mark.parametrize("path", HOSTILE, ids=[p.name for p in HOSTILE])
async def test_hostile_files_get_the_findings_of_check_and_the_server_lives_on(
    client: LanguageClient, tmp_path: Path, path: Path
) -> None:
    """Broken, binary and hostile maps: the editor shows what check reports and every request answers."""
    raw = path.read_bytes()
    text = raw.decode("utf-8", errors="replace")  # an editor opens even a binary file as some text
    target = tmp_path / (path.stem + ".argmap" + path.suffix)
    target.write_text(text, encoding="utf-8")
    uri = open_doc(client, target, text, language="json" if path.suffix == ".json" else "yaml")
    shown = await until(client, uri, lambda ds: True)
    expected = check_file(target).diagnostics
    assert [c for _, _, c in located(shown)] == [c for _, _, c in located(expected)]
    assert [ln for ln, _, _ in located(shown)] == [max(ln, 1) for ln, _, _ in located(expected)]
    for at in (pos(0, 0), pos(2, 4), pos(len(text.split("\n")) - 1, 0)):
        await client.text_document_hover_async(t.HoverParams(text_document=doc(uri), position=at))
        await client.text_document_completion_async(t.CompletionParams(text_document=doc(uri), position=at))
    await client.text_document_document_symbol_async(t.DocumentSymbolParams(text_document=doc(uri)))
