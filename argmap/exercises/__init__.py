"""Critical-reading exercises: worksheets and keys made from a map, and grading by meaning.

* :mod:`~argmap.exercises.layout` writes an exercise's files, student and teacher apart
  (:mod:`~argmap.exercises.make`, :mod:`~argmap.exercises.make_open` build the worksheets,
  :mod:`~argmap.exercises.sheets` the answer sheets, :mod:`~argmap.exercises.printable` the PDF,
  :mod:`~argmap.exercises.page` the student's HTML page);
* :mod:`~argmap.exercises.api` grades answer files against the teacher's folder or a key map
  (:mod:`~argmap.exercises.marking` per kind, :mod:`~argmap.exercises.grade` and
  :mod:`~argmap.exercises.links` for maps, :mod:`~argmap.exercises.findgaps` for lists of weaknesses),
  aligning nodes by meaning (:mod:`~argmap.exercises.align`, :mod:`~argmap.exercises.text`);
* :mod:`~argmap.exercises.classview` reports on a class; :mod:`~argmap.exercises.feedback` words
  the remarks. Every failure a user can cause raises :class:`~argmap.exercises.errors.ExerciseError`.
"""

from __future__ import annotations

__all__: list[str] = []
