"""The references of the rows a unit added, checked before it commits (``new_row_refs``).

Two ways of looking, one answer: when the added rows are most of their table each distinct
value is looked up once (read in order from the key's index), otherwise each added row is;
either way a row added that points at nothing is named, and rows from before the unit are
never blamed.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest
from sqlalchemy.exc import IntegrityError

from desktop.services.new_row_refs import NewRowReferences

SCHEMA = """
CREATE TABLE parent (id TEXT PRIMARY KEY, a INTEGER, b INTEGER, UNIQUE (a, b));
CREATE TABLE child (
    id INTEGER PRIMARY KEY, parent_id TEXT REFERENCES parent (id),
    pa INTEGER, pb INTEGER, FOREIGN KEY (pa, pb) REFERENCES parent (a, b)
);
CREATE INDEX ix_child_parent_id ON child (parent_id);
CREATE INDEX ix_child_pair ON child (pa, pb);
"""


def _db(old_children: int) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:", isolation_level=None)
    db.executescript(SCHEMA)
    db.executemany("INSERT INTO parent VALUES (?, ?, ?)", [(f"p{i}", i, i * 2) for i in range(50)])
    db.executemany(
        "INSERT INTO child (parent_id, pa, pb) VALUES (?, ?, ?)",
        [(f"p{i % 50}", i % 50, (i % 50) * 2) for i in range(old_children)],
    )
    db.execute("BEGIN")
    return db


def _add(db: sqlite3.Connection, rows: list[tuple[object, object, object]]) -> list[int]:
    ids = []
    for row in rows:
        ids.append(
            db.execute("INSERT INTO child (parent_id, pa, pb) VALUES (?, ?, ?)", row).lastrowid
        )
    return ids


@pytest.mark.parametrize(("old", "new"), [(10, 300), (3000, 5)], ids=["most new", "few new"])
def test_an_added_row_pointing_at_nothing_is_named(old: int, new: int) -> None:
    with closing(_db(old)) as db:
        refs = NewRowReferences(db)
        good = [(f"p{i % 50}", i % 50, (i % 50) * 2) for i in range(new)]
        _add(db, good)
        refs.check(db)  # all of them point at a parent
        bad = _add(db, [("p7", 7, 14), ("nobody", 7, 14), ("gone", None, None)])
        with pytest.raises(IntegrityError, match=r"child\(parent_id\) row \d+ refers") as info:
            refs.check(db)
        assert f"row {bad[1]} " in str(info.value) or f"row {bad[2]} " in str(info.value)


@pytest.mark.parametrize(("old", "new"), [(10, 300), (3000, 5)], ids=["most new", "few new"])
def test_a_key_of_several_columns_and_empty_keys(old: int, new: int) -> None:
    with closing(_db(old)) as db:
        refs = NewRowReferences(db)
        _add(db, [(None, None, None)] * new)  # no reference at all: nothing to check
        _add(db, [(None, 3, None)])  # partly empty: SQLite does not check it either
        refs.check(db)
        bad = _add(db, [("p1", 3, 7)])  # (3, 7) is no parent's pair
        with pytest.raises(IntegrityError, match=rf"child\(pa, pb\) row {bad[0]} refers"):
            refs.check(db)


def test_rows_from_before_the_unit_are_not_blamed() -> None:
    with closing(_db(20)) as db:
        db.execute("UPDATE child SET parent_id = 'lost' WHERE id = 3")  # an old fault
        refs = NewRowReferences(db)
        _add(db, [("p1", 1, 2)] * 40)
        refs.check(db)
