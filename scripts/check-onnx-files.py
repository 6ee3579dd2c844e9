"""A manual check, not part of `npm test`: Debian's onnx (python3-onnx 1.12) checker on .onnx files.

  /usr/bin/python3 scripts/check-onnx-files.py model.onnx ...

Runs onnx.checker.check_model with full_check (which also runs ONNX's shape inference) on each
file and prints its IR version, opsets and node count; exits 1 if any file fails.
"""
import sys

import onnx

failed = 0
for path in sys.argv[1:]:
    model = onnx.load(path)
    try:
        onnx.checker.check_model(model, full_check=True)
        status = "ok"
    except Exception as error:  # the checker raises several exception types
        status = f"FAILED: {error}"
        failed += 1
    opsets = ", ".join(f"{o.domain or 'ai.onnx'} {o.version}" for o in model.opset_import)
    print(f"{path}: IR version {model.ir_version}, opset {opsets}, {len(model.graph.node)} nodes: {status}")
print(f"onnx {onnx.__version__}: {len(sys.argv) - 1 - failed} of {len(sys.argv) - 1} files pass")
sys.exit(1 if failed else 0)
