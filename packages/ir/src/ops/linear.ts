import { ShapeMismatch, requireSingleInput, type OpDefinition, type ParameterSpec } from "../op.js";

export interface LinearAttributes {
  readonly outFeatures: number;
  /**
   * The input features the layer was designed for. When set, a different input is an error
   * (PyTorch's nn.Linear(9216, 4096)); when absent, it is taken from the input (Keras's Dense).
   */
  readonly inFeatures?: number;
  readonly bias: boolean;
}

/**
 * Fully connected layer, y = x·Wᵀ + b (PyTorch's weight layout).
 *
 * Shapes:
 * - input: [N, inFeatures]
 * - weight: [outFeatures, inFeatures]
 * - bias: [outFeatures]
 * - output: [N, outFeatures]
 */
export const linear: OpDefinition<LinearAttributes> = {
  type: "linear",
  names: { keras: { baseName: "dense", className: "Dense" }, torch: "Linear", label: "Linear", onnx: "Gemm" },
  preservesShape: false,
  fusion: "host",
  describe: ({ outFeatures, bias }, inputShapes) => `${inputShapes[0]?.[1] ?? "?"}→${outFeatures}${bias ? "" : " no bias"}`,
  outputShape(inputShapes, attributes) {
    const shape = requireSingleInput(inputShapes);
    if (shape.length !== 2) throw new ShapeMismatch(`expects a 2-D [batch, features] input, but gets [${shape.join(", ")}]`);
    if (attributes.inFeatures !== undefined && attributes.inFeatures !== shape[1]) {
      throw new ShapeMismatch(`expects ${attributes.inFeatures} input features, but gets ${shape[1]}`);
    }
    return [shape[0], attributes.outFeatures];
  },
  parameters(inputShapes, attributes): ParameterSpec[] {
    const inFeatures = requireSingleInput(inputShapes)[1];
    const specs: ParameterSpec[] = [
      {
        name: "weight",
        shape: [attributes.outFeatures, inFeatures],
        trainable: true,
        initializer: { kind: "normal", mean: 0, standardDeviation: 0.01 },
      },
    ];
    if (attributes.bias) {
      specs.push({ name: "bias", shape: [attributes.outFeatures], trainable: true, initializer: { kind: "constant", value: 0 } });
    }
    return specs;
  },
  multiplyAccumulates(inputShapes, attributes) {
    const shape = requireSingleInput(inputShapes);
    return shape[0] * shape[1] * attributes.outFeatures;
  },
};
