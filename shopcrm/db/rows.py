"""Plain rows out of a peewee select, typed as what they are.

peewee's bundled stubs type ``query.tuples()`` as returning the query itself, so for a
``ModelSelect[Visit]`` the type checker believes iterating it yields ``Visit`` objects, and
``for cid, n in ....tuples()`` or ``dict(....tuples())`` fail to check although they run fine.
Core reads rows through these helpers instead; the one ``cast`` that corrects the stubs lives
here, once, rather than at every call site. Each helper asks peewee for tuple rows itself
(``tuples()`` returns a copy, so the caller's query is left as it was).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, cast

import peewee

__all__ = ["pairs", "row", "tuples"]


def tuples(query: peewee.SelectBase) -> Iterator[tuple[Any, ...]]:
    """The query's rows as tuples, in the order of its selected columns."""
    # The stubs say ``tuples()`` returns ``Self``; at run time it iterates tuple rows.
    return iter(cast("Iterable[tuple[Any, ...]]", query.tuples()))


def pairs(query: peewee.SelectBase) -> dict[Any, Any]:
    """A two-column query as a mapping from its first column to its second (a later row with
    the same key wins, as with ``dict``)."""
    return {key: value for key, value in tuples(query)}


def row(query: peewee.ModelSelect[Any]) -> tuple[Any, ...]:
    """The query's first row as a tuple, e.g. the one row of an aggregate.

    Raises the model's ``DoesNotExist`` (a ``peewee.DoesNotExist``) when there is none, as
    ``query.get()`` does; only a model select promises that, hence the narrower type."""
    return tuple(query.tuples().get())
