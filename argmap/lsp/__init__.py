"""``argmap lsp``: a Language Server Protocol server for map files, built on pygls.

Diagnostics (everything ``argmap check`` reports, at its line and column), hover, go to definition,
find references, rename, completion, the outline and quick fixes. :mod:`argmap.lsp.handlers` wires
the features to LSP requests on the server of :mod:`argmap.lsp.server`; the features themselves
(:mod:`argmap.lsp.features`, :mod:`argmap.lsp.index`, :mod:`argmap.lsp.scan`, :mod:`argmap.lsp.context`,
:mod:`argmap.lsp.schema`) know nothing of the protocol's transport.
Importing this package imports nothing heavy: pygls is loaded by :mod:`argmap.lsp.server`.
"""

DEBOUNCE_MS = 30
"""How long typing must pause before a changed map is checked again: long enough to take a burst of
changes (a paste, an auto-indent, several cursors) as one, short enough to stay within 100 ms."""
