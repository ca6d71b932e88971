"""Synthetic maps as Argdown text, for timing the Argdown CLI on an equivalent map.

Every node becomes a titled statement ``[id]: text``; a single-premise support or attack is a
relation under its target (``+`` / ``-``). Linked supports and supports that are undercut become
arguments in premise-conclusion form, so that an undercut (``<_``) has an inference to attack.
Evidence fields beyond the text have no place in Argdown and are left out.
"""

from __future__ import annotations

from typing import Any

__all__ = ["to_argdown"]


def _clean(text: str) -> str:
    # Brackets, angle brackets, hashes and stars are Argdown syntax; the synthetic texts have none,
    # but keep the converter honest for other inputs.
    for ch in "[]<>#*_":
        text = text.replace(ch, " ")
    return " ".join(text.split())


def to_argdown(data: dict[str, Any]) -> str:
    out: list[str] = ["===", f"title: {_clean(data['title'])}", "===", ""]
    for n in data["nodes"]:
        out.append(f"[{n['id']}]: {_clean(n['text'])}")
        out.append("")
    undercut = {r["to"] for r in data["relations"] if r["kind"] == "undercuts"}
    for r in data["relations"]:
        premises = r["from"] if isinstance(r["from"], list) else [r["from"]]
        if r["kind"] == "undercuts":
            out += [f"<{r['to']}>", f"    <_ [{premises[0]}]", ""]
        elif r["kind"] == "supports" and (len(premises) > 1 or r["id"] in undercut):
            out.append(f"<{r['id']}>")
            out.append("")
            out += [f"({i}) [{p}]" for i, p in enumerate(premises, start=1)]
            out += ["----", f"({len(premises) + 1}) [{r['to']}]", ""]
        else:
            sign = "+" if r["kind"] == "supports" else "-"
            out += [f"[{r['to']}]", f"    {sign} [{premises[0]}]", ""]
    return "\n".join(out) + "\n"
