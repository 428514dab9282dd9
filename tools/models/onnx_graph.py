"""The small graph builder both stand-in generators use (onnx.helper with generated names)."""

import numpy as np
from onnx import helper, numpy_helper


class Graph:
    """Nodes and initializers with generated names."""

    def __init__(self):
        self.nodes = []
        self.initializers = []
        self._count = 0

    def _name(self, hint):
        self._count += 1
        return f"/{hint}_{self._count}"

    def const(self, value, dtype, hint="c"):
        name = self._name(hint)
        self.initializers.append(numpy_helper.from_array(np.asarray(value, dtype=dtype), name))
        return name

    def i64(self, value):
        return self.const(value, np.int64, "i64")

    def f32(self, value):
        return self.const(value, np.float32, "f32")

    def op(self, op_type, inputs, output=None, **attrs):
        output = output or self._name(op_type)
        self.nodes.append(helper.make_node(op_type, inputs, [output], name=output + "/node", **attrs))
        return output
