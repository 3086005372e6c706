"""Reading the sources' YAML: values as text, one file's entries at a time.

YAML 1.1 turns ``2024-11-12`` into a date and ``2024-05-22 23:59:59`` into a naive
datetime. We want the text as written (to keep it, and to let the gate reject
``2025-02-30`` instead of YAML raising mid-file), so the loader here has no timestamp
resolver: dates stay strings. Numbers and booleans are still resolved.

Aliases are counted before anything is built. PyYAML shares an aliased node instead of
copying it, so a 500-byte "billion laughs" (nine aliases of nine aliases of ...) loads in
microseconds -- and then stands for 10^9 strings to any code that walks it (``str()`` of a
field, a merge key, a digest), which runs for minutes and dies of memory. A document whose
aliases would add more than :data:`ALIAS_BUDGET` nodes to those written in it, or that refers
to itself, is refused as a whole. None of the three upstream catalogs uses an alias at all.

This is the only module that loads YAML for the importers; the parsers get text and a
name (:mod:`walker` finds the files, ``tracker sync`` hands over what it fetched). The other
YAML readers in tracker read only the files shipped in data/.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml

from tracker.catalog.importers.records import Batch, Issue

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: How many nodes aliases may add to a document beyond the ones written in it.
ALIAS_BUDGET = 10_000


class TextDateLoader(_Base):
    """A safe loader that leaves dates and times as strings."""


TextDateLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}


def decode(data: bytes, record: str) -> str | Issue:
    """A file's bytes as text, or an issue naming the file when it is not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Issue(record, "(file)", f"cannot read: {exc}")


def load(text: str, record: str) -> tuple[Any, Issue | None]:
    """The parsed document, or None and an issue naming the file when it is not YAML.

    Composing (text to nodes, aliases still shared) is cheap; the nodes are counted with
    their aliases expanded before they are built into Python values.
    """
    loader = TextDateLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        # An alias is written "*name": without a "*" there is nothing to count.
        problem = alias_problem(node) if "*" in text else None
        if problem:
            return None, Issue(record, "(file)", f"refused: {problem}")
        return loader.construct_document(node), None
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        at = f" at line {where.line + 1}" if where is not None else ""
        return None, Issue(record, "(file)", f"not valid YAML{at}: {getattr(exc, 'problem', exc)}")
    finally:
        loader.dispose()


def alias_problem(root: yaml.Node) -> str | None:
    """Why the composed document must not be built (alias expansion past the budget), or None.

    Each node's size with every alias expanded is 1 + the sizes of its children, computed
    once per distinct node (aliases make the nodes a graph, not a tree), so counting a
    billion laughs costs as much as its few dozen written nodes. Iterative: no recursion
    limit to meet on a deeply nested file.
    """
    sizes: dict[int, int] = {}  # id(node) -> nodes it stands for, aliases expanded
    entered: set[int] = set()  # nodes on the current path (an alias back to one is a cycle)
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            entered.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in _children(node))
            continue
        if key in sizes:
            continue
        if key in entered:
            return "an alias refers to a node that contains it (a recursive document)"
        entered.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in sizes)
    added = sizes[id(root)] - len(sizes)
    if added > ALIAS_BUDGET:
        return (
            f"its aliases would expand {len(sizes)} written nodes to {sizes[id(root)]:,} "
            f"(at most {ALIAS_BUDGET:,} more are allowed; an alias bomb?)"
        )
    return None


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def entries(text: str, name: str, batch: Batch, expected: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """Every mapping in the YAML list of one file as (index, entry).

    The three formats all keep a list per file; a file that does not parse or does not
    hold a list, and an entry that is not a mapping, become issues in ``batch`` (naming
    the file and entry) instead of stopping the import.
    """
    batch.files += 1
    data, problem = load(text, f"{batch.source}:{name}")
    if problem:
        batch.issues.append(problem)
        return
    if not isinstance(data, list):
        batch.issues.append(Issue(f"{batch.source}:{name}", "(file)", f"expected a list of {expected}"))
        return
    for index, raw in enumerate(data):
        if isinstance(raw, dict):
            yield index, raw
        else:
            batch.issues.append(Issue(f"{batch.source}:{name}[{index}]", "(entry)", "not a mapping"))
