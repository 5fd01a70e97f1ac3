"""The segment model: ``Segment``'s hand-written ``__init__`` does what the dataclass would have generated."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest

from docloc.model import Segment

# The same fields, with the __init__ dataclasses generates: the reference Segment's own must equal.
Reference = dataclasses.make_dataclass(
    "Reference",
    [(f.name, f.type, f.default) for f in dataclasses.fields(Segment)],
    frozen=True,
    slots=True,
)

CALLS = [
    (("Sign in.",), {}),
    (("Sign in.", "Přihlaste se."), {}),
    (("Sign in.", "Přihlaste se.", "f058d-110", 12, 3), {}),
    (("Sign in.",), {"line": 4}),
    ((), {"source": "a", "column": 7, "id": "s0"}),
    (("a", ""), {"id": "s1", "line": 2, "column": 5}),
]


@pytest.mark.parametrize(("args", "kwargs"), CALLS)
def test_segment_is_made_as_the_dataclass_would_make_it(args: tuple, kwargs: dict) -> None:
    segment, reference = Segment(*args, **kwargs), Reference(*args, **kwargs)
    assert dataclasses.astuple(segment) == dataclasses.astuple(reference)
    assert repr(segment).removeprefix("Segment") == repr(reference).removeprefix("Reference")
    assert segment == Segment(*args, **kwargs) and hash(segment) == hash(Segment(*args, **kwargs))
    assert pickle.loads(pickle.dumps(segment)) == segment
    assert copy.copy(segment) == segment
    assert dataclasses.replace(segment, target="x") == Segment(**{**dataclasses.asdict(segment), "target": "x"})
    with pytest.raises(dataclasses.FrozenInstanceError):
        segment.source = "changed"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("args", "kwargs"), [((), {}), (("a", "b", "c", 1, 2, 3), {}), (("a",), {"source": "b"}), (("a",), {"x": 1})]
)
def test_segment_refuses_the_calls_the_dataclass_refuses(args: tuple, kwargs: dict) -> None:
    with pytest.raises(TypeError):
        Reference(*args, **kwargs)
    with pytest.raises(TypeError):
        Segment(*args, **kwargs)
