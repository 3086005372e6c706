"""Writing a session's new objects with bulk Core inserts instead of the ORM's flush.

The seed builds the bundled catalog as ORM objects through the same merge as every import,
then writes them here: one ``executemany`` per table (and set of columns given), in the
tables' dependency order. The unit of work would spend about a second on the catalog's
4,800 rows (attribute history, per-object bookkeeping, one dependency sort per mapper);
objects that are all new need none of it.

The rows are the flush's rows: ids are handed out in the order the objects joined the
session (the order the flush inserts them in), after the table's highest id; foreign keys
come from the objects' relationships; a ``None`` the object holds is left to the column's
default, as the flush does. The objects are then expunged: what follows reads the rows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Table, func, inspect, select
from sqlalchemy.orm import InstanceState, Mapper, Session
from sqlalchemy.orm.interfaces import MANYTOONE, ONETOMANY


def insert_new(session: Session) -> int:
    """Insert every pending object of ``session`` with bulk Core inserts; returns how many.

    Only new objects: a session holding changed or deleted ones is a programming error
    (their writes belong to the flush).
    """
    if session.dirty or session.deleted:
        raise RuntimeError("insert_new writes new objects only; flush changed and deleted ones")
    pending: list[InstanceState[Any]] = [inspect(o) for o in session.new]
    states = sorted(pending, key=lambda s: s.insert_order or 0)
    by_table: dict[Table, list[InstanceState[Any]]] = defaultdict(list)
    for state in states:
        table = state.mapper.local_table
        assert isinstance(table, Table)  # the models map plain tables, one each
        by_table[table].append(state)
    # Any query here would flush the objects first (autoflush): the very work to avoid.
    with session.no_autoflush:
        for table, group in by_table.items():
            by_table[table] = group = _parents_first(table, group)
            _give_ids(session, table, group)
        for state in states:
            _link(state)
        metadata = next(iter(by_table)).metadata if by_table else None
        connection = session.connection()
        for table in metadata.sorted_tables if metadata is not None else ():
            batches: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
            for state in by_table.get(table, ()):
                row = _row(state)
                batches[tuple(row)].append(row)
            for rows in batches.values():
                connection.execute(table.insert(), rows)
    session.expunge_all()
    return len(states)


def _parents_first(table: Table, group: list[InstanceState[Any]]) -> list[InstanceState[Any]]:
    """The rows of a table that refers to itself (an edition's parent) in the flush's order.

    The flush sorts them as its topological sort does: in rounds, each round the rows (in
    insertion order) whose parent is not among the rows still to write; a co-located
    event's row thus comes after its host's.
    """
    mapper = group[0].mapper
    own = [r for r in mapper.relationships if r.direction is MANYTOONE and r.mapper.local_table is table]
    if not own:
        return group
    waiting_for = {
        id(state): [id(inspect(parent)) for r in own if (parent := state.dict.get(r.key)) is not None]
        for state in group
    }
    ordered: list[InstanceState[Any]] = []
    todo = group
    while todo:
        waiting = {id(state) for state in todo}
        ready = [s for s in todo if waiting.isdisjoint(waiting_for[id(s)])]
        if not ready:
            raise RuntimeError(f"the rows of {table.name} refer to each other in a cycle")
        ordered += ready
        done = {id(state) for state in ready}
        todo = [s for s in todo if id(s) not in done]
    return ordered


def _give_ids(session: Session, table: Table, group: list[InstanceState[Any]]) -> None:
    """An integer primary key the database would number: the next ids, in insertion order."""
    keys = list(table.primary_key.columns)
    if len(keys) != 1 or keys[0].autoincrement not in (True, "auto") or keys[0].foreign_keys:
        return
    column = keys[0]
    if column.type.python_type is not int:
        return
    attribute = group[0].mapper.get_property_by_column(column).key
    highest = session.execute(select(func.max(column))).scalar() or 0
    for state in group:
        if state.dict.get(attribute) is None:
            highest += 1
            state.dict[attribute] = highest


@dataclass(frozen=True)
class _Plan:
    """How one mapper's objects become rows: worked out once per mapper, not once per object."""

    columns: tuple[tuple[str, str], ...]  # (column key, attribute key)
    # (relationship, ((attribute here, attribute there), ...)): a foreign key copied from the
    # object it refers to (many-to-one), or into each child (one-to-many).
    parents: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]
    children: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]


@cache
def _plan(mapper: Mapper[Any]) -> _Plan:
    def attribute(m: Mapper[Any], column: Any) -> str:
        return m.get_property_by_column(column).key

    parents, children = [], []
    for relationship in mapper.relationships:
        if relationship.secondary is not None:
            raise RuntimeError(f"insert_new does not write association tables ({relationship})")
        # local_remote_pairs lists (column here, column there).
        other = relationship.mapper
        pairs = tuple(
            (attribute(mapper, here), attribute(other, there))
            for here, there in relationship.local_remote_pairs
        )
        if relationship.direction is MANYTOONE:
            parents.append((relationship.key, pairs))
        elif relationship.direction is ONETOMANY:
            children.append((relationship.key, pairs))
    table = mapper.local_table
    columns = tuple((column.key, attribute(mapper, column)) for column in table.columns)
    return _Plan(columns, tuple(parents), tuple(children))


def _link(state: InstanceState[Any]) -> None:
    """Set the foreign key columns of ``state`` (and of its children) from its relationships."""
    plan = _plan(state.mapper)
    values = state.dict
    for key, pairs in plan.parents:
        target = values.get(key)
        if target is not None:
            there = inspect(target).dict
            for fk, referenced in pairs:
                values[fk] = there.get(referenced)
    for key, pairs in plan.children:
        for child in values.get(key) or ():
            row = inspect(child).dict
            for referenced, fk in pairs:
                row[fk] = values.get(referenced)


def _row(state: InstanceState[Any]) -> dict[str, Any]:
    values = state.dict
    # As the flush: a None is left to the column's default (or NULL).
    return {column: values[key] for column, key in _plan(state.mapper).columns if values.get(key) is not None}
