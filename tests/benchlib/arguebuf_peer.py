"""Run by the arguebuf venv's Python (not ours): load an AIF JSON file, write the graph as DOT.

Usage: python arguebuf_peer.py MAP.json OUT.dot  -> prints {"load_s", "dump_s", "write_s", "nodes"} as JSON.
arguebuf's ``dump.graphviz`` returns None above ``max_nodes`` (default 1000), so it is raised here.
"""

import json
import sys
import time

t0 = time.perf_counter()
import arguebuf  # type: ignore[import-not-found]  # noqa: E402

t1 = time.perf_counter()
graph = arguebuf.load.file(sys.argv[1])
t2 = time.perf_counter()
dot = arguebuf.dump.graphviz(graph, max_nodes=10**9)
t3 = time.perf_counter()
with open(sys.argv[2], "w", encoding="utf-8") as fh:
    fh.write(dot.source)
t4 = time.perf_counter()
print(
    json.dumps(
        {
            "import_s": t1 - t0,
            "load_s": t2 - t1,
            "dump_s": t3 - t2,
            "write_s": t4 - t3,
            "nodes": len(graph.nodes),
        }
    )
)
