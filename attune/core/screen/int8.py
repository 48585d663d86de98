"""Keeping the encoder's int8 weights int8 as it runs, by rewriting a few nodes of its graph."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

# ---- keeping the weights int8 ----
#
# The shipped graph stores each weight matrix as int8 with a float scale, and turns it back into
# float32 as it runs: Cast(W_q) -> Mul(scale) -> MatMul (or Gather, for the embedding tables).
# onnxruntime's constant folding does that once, at load, so the session holds about 90 MB of
# float32 weights. int8_graph rewrites those few nodes, in memory, each time the model loads (no
# other file is written or shipped, and the same input gives the same bytes):
#
# - an embedding table: Gather the int8 rows first, then Cast and scale only the rows used;
#   exactly the same numbers as before;
# - a weight matrix: DynamicQuantizeLinear on the activations, MatMulInteger with the int8
#   weights, then both scales: the usual "dynamic quantisation"; the vectors move slightly
#   (cosine about 0.99 to the float ones), so the classifiers are trained on this graph.
#
# The ONNX file is a protocol buffer; the few fields we need are read and written here directly,
# so no extra package is needed. Anything unexpected returns None and the file is used as it is.

# ModelProto.graph; GraphProto.node, .initializer, .value_info; NodeProto.input, .output, .name,
# .op_type, .attribute; TensorProto.data_type, .name; AttributeProto.name, .i, .type.
_MODEL_GRAPH, _GRAPH_NODE, _GRAPH_INITIALIZER, _GRAPH_VALUE_INFO = 7, 1, 5, 13
_NODE_INPUT, _NODE_OUTPUT, _NODE_NAME, _NODE_OP, _NODE_ATTRIBUTE = 1, 2, 3, 4, 5
_TENSOR_TYPE, _TENSOR_NAME, _INT8, _FLOAT = 2, 8, 3, 1


def _varint(data: bytes, at: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


def _fields(data: bytes, start: int, end: int) -> Iterator[tuple[int, int, Any]]:
    """(field number, wire type, value) of one message; a length-delimited value is its span."""
    at = start
    while at < end:
        key, at = _varint(data, at)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, at = _varint(data, at)
        elif wire == 2:
            size, at = _varint(data, at)
            value, at = (at, at + size), at + size
        elif wire in (1, 5):
            width = 8 if wire == 1 else 4
            value, at = (at, at + width), at + width
        else:
            raise ValueError(f"wire type {wire}")
        yield number, wire, value


def _put_varint(value: int) -> bytes:
    out = bytearray()
    while True:
        low, value = value & 0x7F, value >> 7
        out.append(low | 0x80 if value else low)
        if not value:
            return bytes(out)


def _put(number: int, payload: bytes) -> bytes:
    return _put_varint(number << 3 | 2) + _put_varint(len(payload)) + payload


def _put_field(data: bytes, number: int, wire: int, value: Any) -> bytes:
    if wire == 0:
        return _put_varint(number << 3) + _put_varint(value)
    if wire == 2:
        return _put(number, data[value[0] : value[1]])
    return _put_varint(number << 3 | wire) + data[value[0] : value[1]]


def _node(op: str, inputs: list[str], outputs: list[str], name: str, cast_to: int = 0) -> bytes:
    parts = [_put(_NODE_INPUT, i.encode()) for i in inputs]
    parts += [_put(_NODE_OUTPUT, o.encode()) for o in outputs]
    parts += [_put(_NODE_NAME, name.encode()), _put(_NODE_OP, op.encode())]
    if cast_to:  # AttributeProto {name: "to", i: cast_to, type: INT}
        attribute = _put(1, b"to") + _put_varint(3 << 3) + _put_varint(cast_to)
        parts.append(_put(_NODE_ATTRIBUTE, attribute + _put_varint(20 << 3) + _put_varint(2)))
    return _put(_GRAPH_NODE, b"".join(parts))


def _int8_replacement(user: dict[str, Any], weights: str, scale: str, tag: str) -> list[bytes]:
    out = user["output"][0]
    if user["op"] == "Gather":
        rows = user["input"][1]
        return [
            _node("Gather", [weights, rows], [f"{tag}/rows_q"], f"{tag}/gather_q"),
            _node("Cast", [f"{tag}/rows_q"], [f"{tag}/rows"], f"{tag}/cast", _FLOAT),
            _node("Gather", [scale, rows], [f"{tag}/row_scale"], f"{tag}/gather_scale"),
            _node("Mul", [f"{tag}/rows", f"{tag}/row_scale"], [out], f"{tag}/scale"),
        ]
    x = user["input"][0]
    return [
        _node(
            "DynamicQuantizeLinear",
            [x],
            [f"{tag}/x_q", f"{tag}/x_scale", f"{tag}/x_zero"],
            f"{tag}/quantize",
        ),  # fmt: skip
        _node(
            "MatMulInteger",
            [f"{tag}/x_q", weights, f"{tag}/x_zero"],
            [f"{tag}/y_q"],
            f"{tag}/matmul",
        ),  # fmt: skip
        _node("Cast", [f"{tag}/y_q"], [f"{tag}/y"], f"{tag}/cast", _FLOAT),
        _node("Mul", [f"{tag}/y", f"{tag}/x_scale"], [f"{tag}/y_x"], f"{tag}/scale_x"),
        _node("Mul", [f"{tag}/y_x", scale], [out], f"{tag}/scale_w"),
    ]


def int8_graph(data: bytes) -> bytes | None:
    """The model with its int8 weights kept int8 as it runs; None if the graph is not of the
    expected form (Cast(int8 weight) -> Mul(scale) -> MatMul or Gather, each used once)."""
    try:
        return _int8_graph(data)
    except (ValueError, IndexError, KeyError, UnicodeDecodeError):
        return None


def _int8_graph(data: bytes) -> bytes | None:
    model = list(_fields(data, 0, len(data)))
    graph = [v for number, wire, v in model if number == _MODEL_GRAPH and wire == 2]
    if len(graph) != 1:
        return None
    items = list(_fields(data, *graph[0]))
    nodes: list[dict[str, Any]] = []
    int8: set[str] = set()
    for number, wire, value in items:
        if number == _GRAPH_NODE and wire == 2:
            node: dict[str, Any] = {"input": [], "output": [], "op": ""}
            for field, _, inner in _fields(data, *value):
                text = data[inner[0] : inner[1]].decode() if field in (1, 2, 4) else ""
                if field == _NODE_INPUT:
                    node["input"].append(text)
                elif field == _NODE_OUTPUT:
                    node["output"].append(text)
                elif field == _NODE_OP:
                    node["op"] = text
            nodes.append(node)
        elif number == _GRAPH_INITIALIZER and wire == 2:
            kind = name = None
            for field, _, inner in _fields(data, *value):
                if field == _TENSOR_TYPE:
                    kind = inner
                elif field == _TENSOR_NAME:
                    name = data[inner[0] : inner[1]].decode()
            if kind == _INT8 and name:
                int8.add(name)
    users: dict[str, list[dict[str, Any]]] = {}
    for node in nodes:
        for name in node["input"]:
            users.setdefault(name, []).append(node)
    dropped: set[int] = set()
    replaced: dict[int, list[bytes]] = {}
    for node in nodes:
        if node["op"] != "Cast" or node["input"][0] not in int8:
            continue
        (scaled,) = users[node["output"][0]]
        if scaled["op"] != "Mul" or scaled["input"][0] != node["output"][0]:
            return None
        (user,) = users[scaled["output"][0]]
        position = 0 if user["op"] == "Gather" else 1 if user["op"] == "MatMul" else -1
        if position < 0 or user["input"][position] != scaled["output"][0]:
            return None
        weights, scale = node["input"][0], scaled["input"][1]
        dropped.update((id(node), id(scaled)))
        replaced[id(user)] = _int8_replacement(user, weights, scale, f"int8/{weights}")
    if not replaced:
        return None
    body = bytearray()
    index = 0
    for number, wire, value in items:
        if number == _GRAPH_NODE and wire == 2:
            node = nodes[index]
            index += 1
            if id(node) in replaced:
                body += b"".join(replaced[id(node)])
            elif id(node) not in dropped:
                body += _put_field(data, number, wire, value)
        elif number != _GRAPH_VALUE_INFO:  # shapes of the old names; onnxruntime infers anew
            body += _put_field(data, number, wire, value)
    out = bytearray()
    for number, wire, value in model:
        if number == _MODEL_GRAPH:
            out += _put(_MODEL_GRAPH, bytes(body))
        else:
            out += _put_field(data, number, wire, value)
    return bytes(out)
