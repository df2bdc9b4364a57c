"""Running the hot fixed statements through the DBAPI cursor.

Every unit writes outbox and audit rows, and every posting its document, lines, moves and
entries. Run as Core statements, each paid SQLAlchemy's execution (compiled-cache lookup,
parameter processing, a result object) for a few rows: about a quarter of a sales order's
CPU. Here the SQL is compiled once per dialect from the table's metadata (so its columns
never drift from the models) and the values go through the very bind processors Core
would use, as plain tuples: the rows read back byte for byte as Core's. The engine's
``before_cursor_execute`` listeners still see each statement (counted by the tests).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, bindparam, exc, insert


class RawInsert:
    """``INSERT INTO table`` of every column but an autoincrement key, as a row dict
    gives it; a column the dict leaves out takes its Python default, or SQL NULL (a JSON
    column's ``None`` given is the JSON ``null``, as Core writes it)."""

    def __init__(self, table: Any) -> None:  # a model's ``__table__``
        self.table = table
        auto = table.autoincrement_column
        self.columns = [c for c in table.columns if c is not auto]
        for column in self.columns:
            if column.server_default is not None and column.default is None:
                raise ValueError(f"{table.name}.{column.name}: a server default cannot be sent")
        self._dialect: Any = None
        self._sql = ""
        self._plan: list[tuple[str, Callable[[], Any] | None, Any, Any]]
        self._plan = []

    def _compile(self, dialect: Any) -> None:
        statement = insert(self.table).values({c.key: bindparam(c.key) for c in self.columns})
        compiled = statement.compile(dialect=dialect)
        order = compiled.positiontup or []
        by_key = {c.key: c for c in self.columns}
        if sorted(order) != sorted(by_key):
            raise ValueError(f"{self.table.name}: the insert binds {order}")
        plan = []
        for key in order:
            column = by_key[key]
            default = column.default
            make: Callable[[], Any] | None = None
            fixed: Any = None
            if default is not None and not (default.is_scalar or default.is_callable):
                raise ValueError(f"{self.table.name}.{key}: a SQL default cannot be sent")
            if default is not None:
                if default.is_scalar:
                    fixed = default.arg
                else:
                    call = default.arg
                    make = lambda call=call: call(None)  # noqa: E731
            processor = column.type._cached_bind_processor(dialect)
            plan.append((key, make, fixed, processor))
        self._sql, self._plan, self._dialect = str(compiled), plan, dialect

    def values(self, row: Mapping[str, Any]) -> tuple[Any, ...]:
        """The statement's parameters for one row (after :meth:`run` compiled it)."""
        out: list[Any] = []
        for key, make, fixed, processor in self._plan:
            if key in row:
                value = row[key]
            elif make is not None:
                value = make()
            elif fixed is None:  # no default: SQL NULL, as Core leaves the column out
                out.append(None)
                continue
            else:
                value = fixed
            out.append(processor(value) if processor is not None else value)
        return tuple(out)

    def run(self, conn: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
        """Insert ``rows`` on ``conn`` (in its transaction); none: nothing."""
        if not rows:
            return
        dialect = conn.dialect
        if self._dialect is not dialect:
            self._compile(dialect)
        params = [self.values(row) for row in rows]
        many = len(params) > 1
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        _run(conn, cursor, self._sql, params, many)
        cursor.close()


class RawStatement:
    """A fixed Core statement (a sum, an upsert ``… RETURNING``, an update) compiled once
    per dialect, its literal values (an ``IN`` list) fixed then; run with the values of
    its named parameters, each through the processor Core would use."""

    def __init__(self, statement: Any) -> None:
        self.statement = statement
        self._dialect: Any = None
        self._sql = ""
        self._names: tuple[str, ...] = ()
        self._fixed: dict[str, Any] = {}
        self._processors: Mapping[str, Any] = {}
        self._given: frozenset[str] = frozenset()
        self._result: Callable[[Any], Any] | None = None

    def _compile(self, dialect: Any) -> None:
        compiled = self.statement.compile(dialect=dialect)
        given = frozenset(b.key for b in compiled.binds.values() if b.required)
        expanded = compiled.construct_expanded_state(
            compiled.construct_params(dict.fromkeys(given), _check=False)
        )
        if given & set(expanded.parameter_expansion):
            raise ValueError("a list given at each run is not supported")
        columns = compiled._result_columns
        kind = columns[0][3] if columns else None
        self._result = kind._cached_result_processor(dialect, None) if kind is not None else None
        self._sql, self._names = expanded.statement, tuple(expanded.positiontup or ())
        self._fixed = dict(expanded.parameters)
        self._processors = {**compiled._bind_processors, **expanded.processors}
        self._given, self._dialect = given, dialect

    def _args(self, params: Mapping[str, Any]) -> tuple[Any, ...]:
        if params.keys() != self._given:
            raise ValueError(f"the statement takes {sorted(self._given)}, not {sorted(params)}")
        values = {**self._fixed, **params}
        processors = self._processors
        out = []
        for name in self._names:
            value = values[name]
            processor = processors.get(name)
            out.append(processor(value) if processor is not None else value)
        return tuple(out)

    def _cursor(self, conn: Connection) -> Any:
        if self._dialect is not conn.dialect:
            self._compile(conn.dialect)
        return conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]

    def scalar(self, conn: Connection, params: Mapping[str, Any]) -> Any:
        """The first column of the first row it gives (None for none)."""
        cursor = self._cursor(conn)
        args = self._args(params)
        rows = _run(conn, cursor, self._sql, [args], False).fetchall()
        value = rows[0][0] if rows else None
        return self._result(value) if self._result is not None else value

    def run(self, conn: Connection, many: Sequence[Mapping[str, Any]]) -> None:
        """Run it once for each of ``many`` (an update of some rows)."""
        if not many:
            return
        cursor = self._cursor(conn)
        _run(conn, cursor, self._sql, [self._args(p) for p in many], len(many) > 1)
        cursor.close()


def _run(conn: Connection, cursor: Any, sql: str, params: list[Any], many: bool) -> Any:
    """``sql`` on the DBAPI cursor, seen by the engine's listeners, its errors as Core's."""
    listeners = conn.dispatch.before_cursor_execute
    if listeners:
        listeners(conn, cursor, sql, params if many else params[0], None, many)
    dbapi = conn.dialect.loaded_dbapi
    try:
        if many:
            cursor.executemany(sql, params)
        else:
            cursor.execute(sql, params[0])
    except dbapi.Error as error:
        cursor.close()
        raise exc.DBAPIError.instance(
            sql, params, error, dbapi.Error, hide_parameters=True
        ) from error
    return cursor
