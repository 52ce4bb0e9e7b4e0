"""The wire format: exact round trips, and nothing read back can run code or exceed its caps."""
import json

import numpy as np
import pytest
import torch

from autograder import wire


def roundtrip(value):
    return wire.decode(json.loads(json.dumps(wire.encode(value))))


def test_arrays_round_trip_exactly_with_dtype_shape_and_origin():
    array = np.random.default_rng(0).normal(size=(3, 4)).astype(np.float32)
    leaf = roundtrip(array)
    assert leaf.origin == "ndarray" and leaf.array.dtype == np.float32
    np.testing.assert_array_equal(leaf.array, array)


def test_tensors_with_grad_and_noncontiguous_views_are_read_as_values():
    tensor = torch.arange(6.0, requires_grad=True).reshape(2, 3).T * 2
    leaf = roundtrip(tensor)
    assert leaf.origin == "tensor" and leaf.array.shape == (3, 2)
    np.testing.assert_array_equal(leaf.array, tensor.detach().numpy())


def test_python_scalars_keep_their_kind_and_special_floats():
    assert roundtrip(True).origin == "bool"
    assert roundtrip(7).array == 7
    assert np.isnan(roundtrip(float("nan")).array)
    assert roundtrip(float("-inf")).array == -np.inf


def test_nested_sequences_keep_list_and_tuple():
    value = roundtrip(([np.zeros(2)], 1.5))
    assert isinstance(value, tuple) and isinstance(value[0], list)


def test_unknown_objects_become_unsupported_without_calling_them():
    class Sneaky:
        def __array__(self, *a, **k):
            raise AssertionError("must not be called")

    assert isinstance(roundtrip(Sneaky()), wire.Unsupported)
    assert isinstance(roundtrip({"a": 1}), wire.Unsupported)
    assert isinstance(roundtrip(np.array([1 + 2j])), wire.Unsupported)
    assert isinstance(roundtrip(np.array(["x"], dtype=object)), wire.Unsupported)


@pytest.mark.parametrize("bad", [
    {"t": "array", "dtype": "object", "shape": [1], "b64": ""},
    {"t": "array", "dtype": "float64", "shape": [2], "b64": "AAAA"},
    {"t": "array", "dtype": "float64", "shape": [-1], "b64": ""},
    {"t": "float", "v": "1" * 100},
    {"t": "pickle", "v": "gASVAAAAAAAAAAB9lC4="},
    {"t": "list", "items": "not a list"},
    [1, 2],
])
def test_malformed_data_is_refused(bad):
    with pytest.raises((wire.WireError, ValueError)):
        wire.decode(bad)


def test_deep_nesting_is_refused():
    value = {"t": "float", "v": "0x1p+0"}
    for _ in range(20):
        value = {"t": "list", "items": [value]}
    with pytest.raises(wire.WireError):
        wire.decode(value)


def framed_roundtrip(value):
    blob = wire.Blob()
    data = wire.frame({"value": wire.encode(value, blob=blob)}, blob)
    text_size, blob_size = wire.FRAME_HEADER.unpack(data[:wire.FRAME_HEADER.size])
    body = data[wire.FRAME_HEADER.size:]
    assert len(body) == text_size + blob_size
    message, rest = wire.unframe(body, text_size)
    return wire.decode(message["value"], blob=rest), message


def test_frames_carry_arrays_raw_and_exactly():
    arrays = [np.random.default_rng(1).normal(size=(50, 40)), np.arange(5, dtype=np.int32), np.float32(2.5)]
    value, message = framed_roundtrip((arrays, 3.0))
    assert "b64" not in json.dumps(message)
    for leaf, array in zip(value[0], arrays):
        assert leaf.array.dtype == array.dtype and leaf.array.flags.writeable
        np.testing.assert_array_equal(leaf.array, array)
    assert value[1].array == 3.0


@pytest.mark.parametrize("offset", [-1, 9, 1.0, "0", None])
def test_array_offsets_outside_the_blob_are_refused(offset):
    data = {"t": "array", "dtype": "float64", "shape": [2], "offset": offset}
    with pytest.raises(wire.WireError):
        wire.decode(data, blob=bytes(24))


@pytest.mark.parametrize("body", [b"[1, 2]", b"{not json", b"\xff\xfe"])
def test_frames_that_are_not_json_objects_are_refused(body):
    with pytest.raises(wire.WireError):
        wire.unframe(body, len(body))


@pytest.mark.parametrize("bad", [
    {"t": "int", "v": "1" + "0" * 350},  # an int too large for a float
    {"t": "float", "v": "0x1p+5000"},  # a float that overflows
    {"t": "str", "v": "x" * 20_000},
    {"t": "list", "items": [{"t": "list", "items": [{"t": "bool", "v": True}] * 10_000}] * 11},  # 110,011 items
])
def test_values_over_a_cap_or_a_float_are_a_wire_error_never_another_exception(bad):
    with pytest.raises(wire.WireError):
        wire.decode(bad)


def test_arrays_that_share_their_bytes_each_count_against_the_cap():
    one = {"t": "array", "dtype": "float64", "shape": [1024, 1024], "offset": 0}  # 8 MB
    blob = bytes(8 * 2**20)
    assert len(wire.decode({"t": "list", "items": [one] * 4}, blob=blob)) == 4
    with pytest.raises(wire.WireError, match="too large"):
        wire.decode({"t": "list", "items": [one] * 40}, blob=blob)  # 320 MB decoded from 8


@pytest.mark.parametrize("text", [
    b'{"value": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",  # deeper than the JSON parser goes
    b'{"mutated": [' + b",".join([b"[]"] * 300_000) + b"]}",  # more containers than any answer
    b'{"error": "' + b"x" * (9 * 2**20) + b'"}',
], ids=["deeper than the parser", "too many containers", "too long"])
def test_frames_too_deep_or_too_large_are_refused_before_they_cost_memory(text):
    with pytest.raises(wire.WireError):
        wire.unframe(text, len(text))
