"""argmap: a claim-evidence argument mapper.

The library is usable without the CLI::

    from argmap.load import load_map
    result = load_map("claims/north-korea-seeking-new-friends.yaml")
    for d in result.diagnostics:
        print(d)
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
