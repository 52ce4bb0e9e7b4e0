"""The comparison module: the rule, the structure sentences, the messages and their hints."""
import numpy as np
import pytest

from autograder.compare import ComparisonError, Mismatch, Tolerance, compare
from autograder.wire import Leaf, Unsupported

TOL = Tolerance(rtol=1e-4, floor=1e-5)


def leaf(value, origin="ndarray"):
    return Leaf(np.asarray(value), origin)


def mismatch(got, expected, tol=TOL, **kw) -> str:
    with pytest.raises(Mismatch) as raised:
        compare(got, expected, tol, **kw)
    return raised.value.message


def test_rule_is_asymmetric_with_the_expected_value_as_base():
    tol = Tolerance(rtol=0.1)
    compare(leaf(1.09), 1.0, tol)  # |1.09 - 1| <= 0.1 * 1
    with pytest.raises(Mismatch):
        compare(leaf(1.0), 1.1001, Tolerance(rtol=0.09))


def test_floor_scales_with_the_largest_expected_entry_so_float32_passes_near_zero():
    expected = np.array([100.0, 1e-9])
    got = (expected + np.array([0, 1e-5])).astype(np.float32)
    compare(leaf(got), expected, TOL)
    with pytest.raises(Mismatch):
        compare(leaf(got), expected, Tolerance(rtol=1e-4))


def test_measurement_is_error_over_allowed():
    [m] = compare(leaf([1.0, 2.0005]), np.array([1.0, 2.0]), Tolerance(rtol=1e-3))
    assert m.ratio == pytest.approx(0.25, rel=1e-6)


def test_message_counts_entries_and_names_the_largest_error_and_where():
    expected = np.arange(6.0).reshape(2, 3)
    got = expected.copy()
    got[1, 2] += 1
    message = mismatch(leaf(got), expected)
    assert "1 of 6 entries are off" in message
    assert "at index (1, 2): got 6, expected 5" in message
    assert "1e-05*max|expected| + 0.0001*|expected|" in message


@pytest.mark.parametrize("factor, words", [(-1, "sign error"), (2, "missing factor 1/2"),
                                           (0.5, "extra factor 1/2"), (10, "sum where a mean")])
def test_a_constant_factor_is_named(factor, words):
    expected = np.array([[1.0, -2.0], [3.0, 0.5]])
    assert words in mismatch(leaf(factor * expected), expected)


def test_shapes_are_exact_and_a_transpose_is_named():
    expected = np.zeros((2, 3))
    assert "transpose" in mismatch(leaf(np.zeros((3, 2))), expected)
    assert "(n,) vector is not an (n, 1)" in mismatch(leaf(np.zeros((3, 1))), np.zeros(3))
    assert "a scalar" in mismatch(leaf(np.zeros(1)), 0.0)


def test_non_finite_values_are_named():
    message = mismatch(leaf([1.0, np.nan]), np.array([1.0, 2.0]))
    assert "NaN" in message and "index 1" in message
    assert "Inf" in mismatch(leaf(np.inf), 1.0)


def test_nested_values_are_walked_with_a_path():
    expected = [np.zeros(2), np.zeros((2, 2))]
    message = mismatch([leaf(np.zeros(2)), leaf(np.eye(2))], expected)
    assert message.startswith("result[1]:")
    assert "expected 2 items, got 1" in mismatch([leaf(np.zeros(2))], expected)
    assert "list or tuple" in mismatch(leaf(np.zeros(2)), expected)


def test_tuples_and_lists_are_interchangeable_for_students():
    compare((leaf(1.0), leaf(2.0)), [1.0, 2.0], TOL)


def test_bools_must_be_bools():
    compare(leaf(True, "bool"), True, TOL)
    compare(leaf(np.bool_(False), "numpy scalar"), False, TOL)
    assert "expected True, got False" in mismatch(leaf(False, "bool"), True)
    assert "expected a bool" in mismatch(leaf(1, "int"), True)


def test_ints_accept_integral_floats_only():
    compare(leaf(3.0, "float"), 3, TOL)
    assert "expected 3, got 4" in mismatch(leaf(4, "int"), 3)


def test_unsupported_objects_and_strings_are_described_not_compared():
    assert "an object of type Thing" in mismatch(Unsupported("Thing"), 1.0)
    assert "a string" in mismatch(leaf("1.0", "str"), 1.0)


def test_curve_message_gives_the_first_step_outside_the_band():
    expected = np.array([4.0, 2.0, 1.0, 0.5])
    got = expected.copy()
    got[2:] *= 1.5
    message = mismatch(leaf(got), expected, curve=True)
    assert "first step outside the band: t = 2" in message


def test_curve_one_step_ahead_is_named():
    expected = 2.0 ** -np.arange(10.0)
    message = mismatch(leaf(expected[1:].tolist() + [expected[-1] / 2]), expected, curve=True)
    assert "one step ahead" in message


def test_normwise_rule():
    expected = np.array([1.0, 0.0, 0.0])
    compare(leaf([1.0, 1e-5, 0.0]), expected, Tolerance(rtol=1e-4, norm=True))
    assert "relative" in mismatch(leaf([1.0, 1e-3, 0.0]), expected, Tolerance(rtol=1e-4, norm=True))


def test_grader_misuse_is_not_a_student_mismatch():
    with pytest.raises(ComparisonError):
        compare(leaf(1.0), {"a": 1}, TOL)


@pytest.mark.parametrize("bad", [{"rtol": -1}, {"atol": float("nan")}, {"floor": "1e-3"}])
def test_bad_tolerances_are_refused(bad):
    with pytest.raises(ValueError):
        Tolerance(**bad)


def test_lists_of_numbers_count_as_arrays_of_their_shape():
    compare([leaf(1.0, "float"), leaf(2.0, "float")], np.array([1.0, 2.0]), TOL)
    compare([[leaf(1.0, "float")], [leaf(2, "int")]], np.array([[1.0], [2.0]]), TOL)
    assert "a list of numbers of shape (3,)" in mismatch([leaf(1.0, "float")] * 3, np.zeros(2))
    assert "a scalar" in mismatch([leaf(1.0, "float")], 1.0)


SPECIAL_FLOATS = [np.inf, -np.inf, np.nan, 1e308, -1e308, np.finfo(float).max, 5e-324, -5e-324, 1e-300, 0.0]


@pytest.mark.parametrize("expected", [np.array([1.0, -2.0, 3.0]), np.array([1e300, -1e300, 1.0]),
                                      np.array([5e-324, 0.0, 0.0]), np.array(0.5), np.array(1e308)])
@pytest.mark.parametrize("tol", [TOL, Tolerance(rtol=1e-5, norm=True)])
def test_any_float_a_student_can_return_is_a_verdict_never_a_crash(expected, tol):
    with np.errstate(all="ignore"):  # the values themselves overflow, as a student's may
        values = [got for value in SPECIAL_FLOATS
                  for got in (np.full(expected.shape, value), expected * value, expected + value)]
    for got in values:
        try:
            compare(leaf(got), expected, tol, curve=expected.ndim == 1, curves=[])
        except Mismatch as mismatch:
            assert mismatch.message
