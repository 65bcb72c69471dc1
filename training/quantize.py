#!/usr/bin/env python3
"""Quantizes an encoder's ONNX file to int8 for ONNX Runtime, the way the bundled encoder is.

Each MatMul by a constant weight becomes DynamicQuantizeLinear of its input (uint8, scale and zero
point computed per call) and MatMulInteger with the weight quantized once (int8, symmetric, one
scale per tensor), rescaled to float; each embedding table is stored as uint8 and only the rows
gathered are dequantized. About a quarter of the fp32 file; ONNX Runtime fuses the pattern into its
integer kernels. Needs Debian's python3-onnx only.

    quantize.py ft.onnx ft-q.onnx
"""
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto


def quantize(src, dst):
    model = onnx.load(src)
    graph = model.graph
    inits = {i.name: i for i in graph.initializer}
    nodes = []
    new_inits = []
    drop = set()
    for node in graph.node:
        if node.op_type == "MatMul" and node.input[1] in inits:
            x, w_name = node.input
            w = numpy_helper.to_array(inits[w_name]).astype(np.float32)
            scale = max(float(np.abs(w).max()) / 127.0, 1e-12)
            wq = np.clip(np.round(w / scale), -127, 127).astype(np.int8)
            p = node.output[0]
            new_inits += [numpy_helper.from_array(wq, w_name + "_quantized"),
                          numpy_helper.from_array(np.array(scale, dtype=np.float32), w_name + "_scale"),
                          numpy_helper.from_array(np.array(0, dtype=np.int8), w_name + "_zero_point")]
            drop.add(w_name)
            nodes += [
                helper.make_node("DynamicQuantizeLinear", [x], [p + "_xq", p + "_xs", p + "_xz"]),
                helper.make_node("MatMulInteger", [p + "_xq", w_name + "_quantized", p + "_xz", w_name + "_zero_point"],
                                 [p + "_int"]),
                helper.make_node("Cast", [p + "_int"], [p + "_float"], to=TensorProto.FLOAT),
                helper.make_node("Mul", [p + "_xs", w_name + "_scale"], [p + "_scale"]),
                helper.make_node("Mul", [p + "_float", p + "_scale"], [node.output[0]]),
            ]
        elif node.op_type == "Gather" and node.input[0] in inits and len(inits[node.input[0]].dims) == 2:
            # Gather the uint8 rows, then dequantize only those: dequantizing the whole table
            # (30,522 x 384) before the Gather would cost more than the encoder's layers.
            e_name = node.input[0]
            if e_name not in drop:
                e = numpy_helper.to_array(inits[e_name]).astype(np.float32)
                lo, hi = min(0.0, float(e.min())), max(0.0, float(e.max()))
                scale = max((hi - lo) / 255.0, 1e-12)
                zp = int(np.clip(round(-lo / scale), 0, 255))
                eq = np.clip(np.round(e / scale) + zp, 0, 255).astype(np.uint8)
                new_inits += [numpy_helper.from_array(eq, e_name + "_quantized"),
                              numpy_helper.from_array(np.array(scale, dtype=np.float32), e_name + "_scale"),
                              numpy_helper.from_array(np.array(zp, dtype=np.uint8), e_name + "_zero_point")]
                drop.add(e_name)
            out = node.output[0]
            nodes += [
                helper.make_node("Gather", [e_name + "_quantized", node.input[1]], [out + "_quantized"], name=node.name,
                                 axis=next((a.i for a in node.attribute if a.name == "axis"), 0)),
                helper.make_node("DequantizeLinear", [out + "_quantized", e_name + "_scale", e_name + "_zero_point"], [out]),
            ]
        else:
            nodes.append(node)
    kept = [i for i in graph.initializer if i.name not in drop] + new_inits
    del graph.node[:]
    graph.node.extend(nodes)
    del graph.initializer[:]
    graph.initializer.extend(kept)
    onnx.checker.check_model(model)
    onnx.save(model, dst)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: quantize.py IN.onnx OUT.onnx")
    quantize(sys.argv[1], sys.argv[2])
