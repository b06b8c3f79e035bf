"""Dynamic int8 quantization of an exported top, what onnxruntime.quantization.quantize_dynamic does
for MatMul, written with the onnx package alone (Debian ships no onnxruntime for Python): each
MatMul with a constant weight becomes DynamicQuantizeLinear(x) -> MatMulInteger(x, W int8) -> Cast
-> Mul(x_scale * w_scale), which ONNX Runtime fuses into one DynamicQuantizeMatMul kernel. The
weights are int8, symmetric, one scale per matrix, as in the int8 encoders the service runs.

  /usr/bin/python3 sentiment-tools/fine-tune/quantize.py top-fp32.onnx top.onnx
"""
import os, sys
import numpy as np, onnx
from onnx import helper, numpy_helper, TensorProto


def quantize(src, dst):
    g = onnx.load(src); graph = g.graph
    init = {t.name: t for t in graph.initializer}
    nodes = []; weights = []; quantized = set()
    for n in graph.node:
        w = numpy_helper.to_array(init[n.input[1]]) if n.op_type == 'MatMul' and n.input[1] in init else None
        if w is None or w.ndim != 2 or w.dtype != np.float32:
            nodes.append(n); continue
        p = (n.name or n.output[0]).replace('/', '_').strip('_')
        scale = float(np.abs(w).max()) / 127.0
        weights += [numpy_helper.from_array(np.clip(np.round(w / scale), -127, 127).astype(np.int8), p + '_Wq'),
                    numpy_helper.from_array(np.array(0, np.int8), p + '_Wzp'),
                    numpy_helper.from_array(np.array(scale, np.float32), p + '_Wscale')]
        nodes += [
            helper.make_node('DynamicQuantizeLinear', [n.input[0]], [p + '_xq', p + '_xscale', p + '_xzp'], name=p + '_dql'),
            helper.make_node('MatMulInteger', [p + '_xq', p + '_Wq', p + '_xzp', p + '_Wzp'], [p + '_i32'], name=p + '_mmi'),
            helper.make_node('Cast', [p + '_i32'], [p + '_f'], to=TensorProto.FLOAT, name=p + '_cast'),
            helper.make_node('Mul', [p + '_xscale', p + '_Wscale'], [p + '_scale'], name=p + '_scale_mul'),
            helper.make_node('Mul', [p + '_f', p + '_scale'], [n.output[0]], name=p + '_out')]
        quantized.add(n.input[1])
    used = {i for n in nodes for i in n.input}
    keep = [t for t in graph.initializer if t.name in used and t.name not in quantized] + weights
    del graph.node[:]; graph.node.extend(nodes)
    del graph.initializer[:]; graph.initializer.extend(keep)
    g.producer_name = 'tweet-sentiment fine-tune'
    onnx.checker.check_model(g); onnx.save(g, dst)
    print(f'wrote {dst} ({os.path.getsize(dst) / 1e6:.1f} MB): {len(quantized)} weight matrices as int8')


if __name__ == '__main__':
    quantize(sys.argv[1], sys.argv[2])
