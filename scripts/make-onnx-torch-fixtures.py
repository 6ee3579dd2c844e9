"""Writes test/fixtures/onnx/*.onnx: small MLPs exported by PyTorch's torch.onnx.export, and
test/fixtures/onnx/torch-goldens.json: their inputs and PyTorch's predictions, which
test/onnx-import.test.ts compares with `nnc predict` of the imported models.

Run with Debian's Python (torch 1.13): /usr/bin/python3 scripts/make-onnx-torch-fixtures.py

- mlp-gemm-f32.onnx: float32 nn.Sequential of Flatten, Linear, ReLU, Linear, Tanh, Linear,
  LeakyReLU(0.1), Linear and Softmax(dim=1): Gemm layers (transB = 1), as most exports are.
- mlp-matmul-f64.onnx: float64, written as x @ W + b (MatMul + Add layers) with SiLU (exported as
  x * sigmoid(x)) and a Sigmoid output: the other layer form and a custom activation.

The inputs are numpy's RandomState(1).randn(features, 8) (transposed to rows), the same numbers
as the `randn(..., seed: 1)` placeholder data set `nnc import` writes. The goldens are the
float64 forward pass (the float32 model's weights widened exactly to doubles) and, for the
float32 model, its float32 forward pass too.
"""
import json
import os

import numpy as np
import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "onnx")


class MatMulMLP(torch.nn.Module):
    """Two layers written as x @ W + b, which the exporter writes as MatMul and Add."""

    def __init__(self):
        super().__init__()
        self.W1 = torch.nn.Parameter(torch.randn(3, 5, dtype=torch.float64))
        self.b1 = torch.nn.Parameter(torch.randn(5, dtype=torch.float64))
        self.W2 = torch.nn.Parameter(torch.randn(5, 1, dtype=torch.float64))
        self.b2 = torch.nn.Parameter(torch.randn(1, dtype=torch.float64))

    def forward(self, x):
        h = torch.nn.functional.silu(x @ self.W1 + self.b1)
        return torch.sigmoid(h @ self.W2 + self.b2)


def export(model, features, name, dtype):
    example = torch.zeros(2, features, dtype=dtype)
    path = os.path.join(OUT, name)
    torch.onnx.export(
        model,
        example,
        path,
        input_names=["features"],
        output_names=["probabilities"],
        dynamic_axes={"features": {0: "batch"}, "probabilities": {0: "batch"}},
        opset_version=17,
    )
    X = np.random.RandomState(1).randn(features, 8).T.copy()
    with torch.no_grad():
        wide = model.double()(torch.from_numpy(X)).numpy()
        entry = {"file": name, "X": X.tolist(), "float64": wide.tolist()}
        if dtype == torch.float32:
            entry["float32"] = model.float()(torch.from_numpy(X).float()).double().numpy().tolist()
    return entry


def main():
    torch.manual_seed(0)
    gemm = torch.nn.Sequential(
        torch.nn.Flatten(),
        torch.nn.Linear(4, 8),
        torch.nn.ReLU(),
        torch.nn.Linear(8, 6),
        torch.nn.Tanh(),
        torch.nn.Linear(6, 5),
        torch.nn.LeakyReLU(0.1),
        torch.nn.Linear(5, 3),
        torch.nn.Softmax(dim=1),
    )
    goldens = [export(gemm, 4, "mlp-gemm-f32.onnx", torch.float32)]
    goldens.append(export(MatMulMLP(), 3, "mlp-matmul-f64.onnx", torch.float64))
    with open(os.path.join(OUT, "torch-goldens.json"), "w") as f:
        json.dump({"torch": torch.__version__, "models": goldens}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
