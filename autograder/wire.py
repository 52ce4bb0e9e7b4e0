"""Plain-data encoding of values that cross the trust boundary.

Everything a worker sends back is JSON built from numbers, strings, lists and dicts, with
arrays as raw bytes plus dtype and shape. Reading it back can never run code: no pickle, and
no method of a student's object is ever called in the trusted process. The same encoding
stores the cases and their expected outputs, with the bytes in base64; between the grader and
a worker, messages are frames (:func:`frame`) that carry the bytes raw after the JSON.

Decoded values are NumPy arrays (Python scalars become 0-d arrays tagged with their origin),
lists and tuples of those, or :class:`Unsupported` for anything else.
"""
from __future__ import annotations

import base64
import json
import math
import struct
from dataclasses import dataclass, field

import numpy as np

#: dtypes accepted when decoding; anything else (object, complex, strings) is refused.
ALLOWED_DTYPES = frozenset(
    ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
     "float16", "float32", "float64"]
)
MAX_DEPTH = 8
MAX_ITEMS = 10_000
#: Caps on one decoded value as a whole: entries of every list and tuple together, and the
#: bytes of every array together (arrays that point at the same bytes each count in full).
MAX_TOTAL_ITEMS = 100_000
MAX_DECODED_BYTES = 256 * 2**20
#: A frame's JSON at most: what JSON decoding may cost is bounded before it starts.
MAX_TEXT_BYTES = 8 * 2**20
#: A frame's header: the byte lengths of its JSON and of its blob.
FRAME_HEADER = struct.Struct("<II")


class WireError(ValueError):
    """Data read back from a worker or a store is malformed or over a size cap."""


@dataclass(frozen=True)
class Leaf:
    """A decoded number or array, with where it came from (for messages)."""

    array: np.ndarray
    origin: str  # "float", "int", "bool", "str", "ndarray", "tensor", "numpy scalar", "list"

    def describe(self) -> str:
        if self.origin in ("float", "int", "bool"):
            return f"a Python {self.origin}"
        if self.origin == "str":
            return "a string"
        shape = tuple(self.array.shape)
        kind = {"tensor": "a tensor", "list": "a list of numbers"}.get(self.origin, "an array")
        return f"{kind} of shape {shape} and dtype {self.array.dtype}"


@dataclass(frozen=True)
class Unsupported:
    """A returned object of a type the grader does not convert."""

    type_name: str

    def describe(self) -> str:
        return f"an object of type {self.type_name}"


# ----------------------------------------------------------------------------- encoding


@dataclass
class Blob:
    """The raw bytes of a frame's arrays, in the order :func:`encode` added them."""

    parts: list = field(default_factory=list)
    size: int = 0

    def add(self, data: bytes) -> int:
        """Append ``data``; return its offset."""
        self.parts.append(data)
        self.size += len(data)
        return self.size - len(data)


def frame(message: dict, blob: Blob | None = None) -> bytes:
    """One message between the grader and a worker: header, JSON, then the blob's bytes."""
    text = json.dumps(message).encode()
    blob = blob or Blob()
    return b"".join([FRAME_HEADER.pack(len(text), blob.size), text, *blob.parts])


def unframe(body: bytes, text_size: int) -> tuple:
    """(message, blob) from a frame's body (JSON then blob); WireError if it is not an object,
    or if it is longer, or holds more lists and objects, than any answer within the caps."""
    text = bytes(body[:text_size])
    if len(text) > MAX_TEXT_BYTES or text.count(b"[") + text.count(b"{") > 2 * MAX_TOTAL_ITEMS + 100:
        raise WireError("message too large")
    try:
        message = json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: nesting deeper than the parser goes
        raise WireError("malformed message") from None
    if not isinstance(message, dict):
        raise WireError("malformed message")
    return message, memoryview(body)[text_size:]


def encode(value, depth: int = 0, blob: Blob | None = None):
    """Encode a value as JSON-safe plain data (runs on either side of the boundary); with a
    ``blob``, arrays' bytes go there, raw, rather than into the JSON as base64."""
    if depth > MAX_DEPTH:
        return {"t": "other", "type": "nesting deeper than %d levels" % MAX_DEPTH}
    if isinstance(value, (bool, np.bool_)) and type(value) in (bool, np.bool_):
        return {"t": "bool", "v": bool(value)}
    if type(value) is int:
        return {"t": "int", "v": str(value)}
    if type(value) is float:
        return {"t": "float", "v": float.hex(value)}
    if type(value) is str:
        return {"t": "str", "v": value[:10_000]}
    if type(value) in (list, tuple):
        return {"t": type(value).__name__, "items": [encode(v, depth + 1, blob) for v in value[:MAX_ITEMS]]}
    if isinstance(value, (np.ndarray, np.generic)) and type(value).__module__ == "numpy":
        return _encode_array(np.asarray(value), "ndarray" if isinstance(value, np.ndarray) else "numpy scalar", blob)
    tensor = _as_tensor_array(value)
    if tensor is not None:
        return _encode_array(tensor, "tensor", blob)
    return {"t": "other", "type": type(value).__qualname__[:200]}


def _encode_array(array: np.ndarray, origin: str, blob: Blob | None) -> dict:
    dtype = array.dtype
    if dtype.name not in ALLOWED_DTYPES:
        return {"t": "other", "type": f"{origin} of dtype {dtype.name}"}
    data = np.ascontiguousarray(array, dtype=dtype.newbyteorder("<")).tobytes()
    encoded = {"t": "array", "origin": origin, "dtype": dtype.name, "shape": list(array.shape)}
    if blob is None:
        return {**encoded, "b64": base64.b64encode(data).decode("ascii")}
    return {**encoded, "offset": blob.add(data)}


def _as_tensor_array(value):
    """A torch tensor's values as a NumPy array, or None if value is not a plain tensor."""
    torch = _loaded_torch()
    if torch is None or type(value) not in (torch.Tensor, torch.nn.Parameter):
        return None
    tensor = value.detach().cpu().resolve_conj().resolve_neg()
    if tensor.is_sparse:
        tensor = tensor.to_dense()
    if tensor.dtype == torch.bfloat16:
        tensor = tensor.float()
    return tensor.contiguous().numpy()  # complex dtypes are refused by _encode_array


def _loaded_torch():
    import sys

    return sys.modules.get("torch")


# ----------------------------------------------------------------------------- decoding


@dataclass
class Budget:
    """What is left of the caps on one decoded value (see MAX_TOTAL_ITEMS, MAX_DECODED_BYTES)."""

    items: int = MAX_TOTAL_ITEMS
    bytes: int = MAX_DECODED_BYTES

    def spend(self, items: int = 0, size: int = 0) -> None:
        self.items -= items
        self.bytes -= size
        if self.items < 0 or self.bytes < 0:
            raise WireError("the value is too large (too many items or bytes in all)")


def decode(data, blob: bytes | memoryview = b"", budget: Budget | None = None):
    """Decode plain data into Leaf / list / tuple / Unsupported, validating as it goes; arrays
    given by ``offset`` are read from ``blob``, the frame's bytes. Any value that cannot be
    decoded (malformed, over a cap, a number too large for a float) raises WireError."""
    try:
        return _decode(data, 0, blob, budget or Budget())
    except (OverflowError, ValueError, TypeError, RecursionError) as error:
        if isinstance(error, WireError):
            raise
        raise WireError(f"malformed value ({type(error).__name__})") from None


def _decode(data, depth: int, blob, budget: Budget):
    if depth > MAX_DEPTH + 1:
        raise WireError("nesting too deep")
    if not isinstance(data, dict):
        raise WireError(f"expected an encoded value, got {type(data).__name__}")
    budget.spend(items=1)
    kind = data.get("t")
    if kind in ("list", "tuple"):
        items = data.get("items")
        if not isinstance(items, list) or len(items) > MAX_ITEMS:
            raise WireError("malformed sequence")
        decoded = [_decode(item, depth + 1, blob, budget) for item in items]
        return decoded if kind == "list" else tuple(decoded)
    if kind == "array":
        return _decode_array(data, blob, budget)
    if kind in ("bool", "int", "float", "str"):
        return _decode_scalar(kind, data.get("v"))
    if kind == "other":
        return Unsupported(str(data.get("type", "?"))[:200])
    raise WireError(f"unknown value kind {kind!r}")


def _decode_scalar(kind: str, v) -> Leaf:
    if kind == "bool" and isinstance(v, bool):
        return Leaf(np.array(v), "bool")
    if kind == "int" and isinstance(v, str) and len(v) < 400:
        number = int(v)
        value = np.array(number) if abs(number) < 2**63 else np.array(float(number))
        return Leaf(value, "int")
    if kind == "float" and isinstance(v, str) and len(v) < 40:
        return Leaf(np.array(float.fromhex(v)), "float")
    if kind == "str" and isinstance(v, str) and len(v) <= 10_000:
        return Leaf(np.array(v), "str")
    raise WireError(f"malformed {kind}")


def _decode_array(data: dict, blob: bytes | memoryview, budget: Budget) -> Leaf:
    dtype, shape = data.get("dtype"), data.get("shape")
    if dtype not in ALLOWED_DTYPES or not isinstance(shape, list):
        raise WireError("malformed array")
    if len(shape) > 8 or not all(type(n) is int and 0 <= n for n in shape):
        raise WireError("malformed array shape")
    dt = np.dtype(dtype).newbyteorder("<")
    size = math.prod(shape) * dt.itemsize
    budget.spend(size=size)
    raw = _array_bytes(data, blob, size)
    if len(raw) != size:
        raise WireError("array data does not match its shape")
    array = np.frombuffer(raw, dtype=dt).reshape(shape).astype(np.dtype(dtype))
    origin = data.get("origin") if data.get("origin") in ("ndarray", "tensor", "numpy scalar") else "ndarray"
    return Leaf(array, origin)


def _array_bytes(data: dict, blob: bytes | memoryview, size: int):
    """An array's bytes: base64 in the JSON, or ``size`` bytes at its offset in the blob."""
    b64, offset = data.get("b64"), data.get("offset")
    if isinstance(b64, str):
        return base64.b64decode(b64.encode("ascii"), validate=True)
    if type(offset) is int and 0 <= offset <= len(blob) - size:
        return blob[offset:offset + size]
    raise WireError("malformed array data")


# ----------------------------------------------------------------------------- trusted values


def to_plain(value):
    """Turn decoded trusted data (Leaf trees) into NumPy arrays, Python scalars, lists, tuples.

    Used for case inputs and stored expected outputs, which are trusted and were encoded from
    exactly these types.
    """
    if isinstance(value, Leaf):
        if value.origin in ("float", "int", "bool", "str"):
            return value.array.item()
        return value.array
    if isinstance(value, list):
        return [to_plain(v) for v in value]
    if isinstance(value, tuple):
        return tuple(to_plain(v) for v in value)
    raise WireError(f"cannot use {value!r} as trusted data")
