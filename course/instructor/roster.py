"""The roster: the learners of a cohort, kept in nbgrader's gradebook.

A roster file is a CSV file with the columns ``id, first_name, last_name,
email`` (column names are matched ignoring case, spaces, dashes and
underscores, so ``First Name`` and ``E-mail`` work too). The whole file is checked before anything is
written: a file with a missing column, a duplicate id or e-mail, or a bad row
imports nothing and says what to fix.

Example file::

    id,first_name,last_name,email
    ada,Ada,Lovelace,ada@example.org
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .nbgrader_api import CourseError

COLUMNS = ["id", "first_name", "last_name", "email"]

#: A learner id names folders (``submitted/<id>/``) and exchange files (``<id>+<module>+<time>``):
#: letters, digits, dots, dashes and underscores, starting with a letter or a digit.
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
EMAIL_PATTERN = re.compile(r"[^@\s,]+@[^@\s,]+\.[^@\s,]+")


def read(path: Path) -> pd.DataFrame:
    """Read and check a roster file; return its rows with the columns of :data:`COLUMNS`.

    Raises:
        CourseError: naming every problem (file, columns, rows), if there is one.
    """
    path = Path(path)
    if not path.is_file():
        raise CourseError(f"no roster file at {path}")
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, skipinitialspace=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
        raise CourseError(f"{path} was not imported (nothing changed): it is not a readable CSV file "
                          f"({' '.join(str(error).split())})") from None
    canonical = {re.sub(r"[^a-z0-9]", "", name): name for name in COLUMNS}  # "First Name" -> first_name
    table.columns = [canonical.get(re.sub(r"[^a-z0-9]", "", str(name).lower()), str(name)) for name in table.columns]
    missing = [name for name in COLUMNS if name not in table.columns]
    if missing:
        raise CourseError(f"{path} was not imported (nothing changed): it has no column {', '.join(missing)}; "
                          f"its first line must name the columns "
                          f"{', '.join(COLUMNS)} (it names {', '.join(table.columns) or 'none'})")
    table = table[COLUMNS].apply(lambda column: column.str.strip())
    problems = []
    for number, row in enumerate(table.itertuples(index=False), start=2):  # line 1 holds the column names
        if not ID_PATTERN.fullmatch(row.id):
            problems.append(f"line {number}: id {row.id!r} is not usable; use letters, digits, '.', '-' or '_' "
                            "(no spaces, '+' or '*')")
        if not row.first_name or not row.last_name:
            problems.append(f"line {number}: {row.id or 'the learner'} needs a first and a last name")
        if not EMAIL_PATTERN.fullmatch(row.email):
            problems.append(f"line {number}: {row.email!r} is not an e-mail address")
    for column in ("id", "email"):
        repeated = sorted(set(table.loc[table[column].duplicated() & (table[column] != ""), column]))
        if repeated:
            problems.append(f"{'ids' if column == 'id' else 'e-mail addresses'} listed twice: {', '.join(repeated)}")
    if table.empty:
        problems.append("it lists no learner")
    if problems:
        raise CourseError(f"{path} was not imported (nothing changed): " + "; ".join(problems))
    return table


def import_file(course, path: Path) -> pd.DataFrame:
    """Add the learners of a roster file to the gradebook, or update their names and e-mail; return them."""
    table = read(path)
    with course.gradebook() as gradebook:
        for row in table.itertuples(index=False):
            gradebook.update_or_create_student(row.id, first_name=row.first_name, last_name=row.last_name,
                                               email=row.email)
    return table


def listing(course) -> pd.DataFrame:
    """Every learner in the gradebook, with the columns of :data:`COLUMNS`, sorted by id."""
    with course.gradebook() as gradebook:
        rows = [(s.id, s.first_name or "", s.last_name or "", s.email or "") for s in gradebook.students]
    return pd.DataFrame(rows, columns=COLUMNS).sort_values("id", ignore_index=True)
