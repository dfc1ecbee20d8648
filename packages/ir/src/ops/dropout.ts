import { ShapeMismatch, requireSingleInput, type OpDefinition } from "../op.js";

export interface DropoutAttributes {
  /** Probability of zeroing each unit during training. The paper uses 0.5 before fc6 and fc7. */
  readonly rate: number;
}

/**
 * Dropout (inverted): in training each unit is zeroed with probability `rate` and the survivors
 * are scaled by 1 / (1 − rate); in inference it passes its input through unchanged.
 *
 * Shapes:
 * - input: any
 * - output: same as input
 */
export const dropout: OpDefinition<DropoutAttributes> = {
  type: "dropout",
  names: { keras: { baseName: "dropout", className: "Dropout" }, torch: "Dropout", label: "Dropout", onnx: "Dropout" },
  preservesShape: true,
  fusion: "none",
  describe: ({ rate }) => `p=${rate}`,
  outputShape(inputShapes, attributes) {
    if (!(attributes.rate >= 0 && attributes.rate < 1)) {
      throw new ShapeMismatch(`has dropout rate ${attributes.rate}, but a rate must be in [0, 1)`);
    }
    return requireSingleInput(inputShapes);
  },
  parameters: () => [],
  multiplyAccumulates: () => 0,
};
