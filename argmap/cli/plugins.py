"""Start-up of the command line: pydantic's plugin discovery, which the command line does not use."""

from __future__ import annotations

import os
import sys
from typing import Any

__all__ = ["LOADER", "without_plugin_loader"]

LOADER = "pydantic.plugin._loader"


def without_plugin_loader() -> None:
    """With plugins disabled, let pydantic find none without importing its plugin loader.

    The loader imports ``importlib.metadata`` (and with it ``email``, ``zipfile`` and ``csv``: 25-30 ms
    of every run) only to read the environment variable and return no plugins. Its place in
    ``sys.modules`` is taken by a module whose ``get_plugins`` says the same; any other name pydantic
    asks of it loads the real loader, so a future pydantic still gets what it expects.
    """
    name = LOADER
    if os.environ.get("PYDANTIC_DISABLE_PLUGINS") not in ("__all__", "1", "true") or name in sys.modules:
        return
    import types

    def real(attr: str) -> Any:
        if attr.startswith("__"):  # the import system asks for __path__, __spec__...: it is a module
            raise AttributeError(attr)
        import importlib.util

        del sys.modules[name]
        module = importlib.util.find_spec(name)
        if module is None or module.loader is None:  # pragma: no cover - pydantic without the module
            raise AttributeError(attr)
        loaded = importlib.util.module_from_spec(module)
        sys.modules[name] = loaded
        module.loader.exec_module(loaded)
        return getattr(loaded, attr)

    shim = types.ModuleType(name, "Pydantic's plugin loader while plugins are disabled (see argmap.cli.plugins).")
    shim.get_plugins = tuple  # type: ignore[attr-defined]  # no plugins: ()
    shim.__getattr__ = real  # type: ignore[method-assign]
    sys.modules[name] = shim
