"""Critical-reading exercises: worksheets and keys made from a map, and grading against the key.

``make`` turns a map into a worksheet and its key; ``grade`` aligns a student's map with the key and
scores it with partial credit; ``gaps`` grades a list of weaknesses against the key's rule report.
"""

from __future__ import annotations

__all__: list[str] = []
