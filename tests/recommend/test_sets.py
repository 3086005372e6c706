"""scoring/sets.py: ``distinct`` is ``np.unique`` (without importing numpy.ma)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from tracker.recommend.scoring.sets import distinct


def same(values: np.ndarray) -> None:
    expected, got = np.unique(values), distinct(values)
    assert got.dtype == expected.dtype
    np.testing.assert_array_equal(got, expected)


@given(st.lists(st.integers(-(2**62), 2**62)))
def test_integers(values: list[int]) -> None:
    same(np.array(values, dtype=np.int64))


@given(st.lists(st.floats(allow_infinity=True, allow_nan=True)))
def test_floats_with_one_nan_at_most(values: list[float]) -> None:
    same(np.array(values, dtype=float))


@given(st.lists(st.text(alphabet="ABCDZ ", max_size=2)))
def test_codes(values: list[str]) -> None:
    same(np.array(values, dtype="U2"))


@given(st.lists(st.tuples(st.sampled_from([0.5, -1.0, 52.5]), st.sampled_from([13.4, 0.0]))))
def test_places_as_complex_numbers(pairs: list[tuple[float, float]]) -> None:
    same(np.array([complex(a, b) for a, b in pairs], dtype=complex))


def test_two_dimensions_are_flattened_and_numpy_ma_is_not_imported() -> None:
    same(np.array([[3, 1], [1, 2]]))
    code = "import sys, numpy as np\nfrom tracker.recommend.scoring.sets import distinct\n"
    code += "distinct(np.array([2, 1, 2]))\nprint('numpy.ma' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@given(st.lists(st.text(alphabet="ADEUSZ 中é", max_size=2), max_size=300), st.booleans())
def test_unique_codes_is_np_unique_for_ascii_and_other_codes(values: list[str], large: bool) -> None:
    from tracker.recommend.columns import unique_codes

    codes = np.array(values * (40 if large else 1), dtype="U2")  # large: the table, not the sort
    distinct_got, inverse_got = unique_codes(codes)
    distinct_expected, inverse_expected = np.unique(codes, return_inverse=True)
    assert distinct_got.dtype == distinct_expected.dtype
    np.testing.assert_array_equal(distinct_got, distinct_expected)
    np.testing.assert_array_equal(inverse_got, inverse_expected.reshape(-1))
