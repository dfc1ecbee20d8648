import type { Backend, Tensor } from "../backend.js";
import type { LayerForward } from "./layer.js";

/**
 * Batch normalization. Training normalizes with the batch's statistics and returns updated
 * running statistics (PyTorch's rule: running = (1 − momentum)·running + momentum·batch, with the
 * unbiased batch variance); inference normalizes with the running statistics.
 */
export const batchNorm2dLayer: LayerForward<"batchNorm2d"> = (context, node, input, parameters) => {
  const { backend } = context;
  const { epsilon, momentum } = node.attributes;
  const { weight, bias, running_mean: runningMean, running_var: runningVariance } = parameters;
  if (!context.training) {
    return { output: backend.batchNorm2dInference(input, { mean: runningMean, variance: runningVariance, weight, bias, epsilon }), release: () => undefined };
  }
  const { output, mean, variance } = backend.batchNorm2dTraining(input, { weight, bias, epsilon });
  const [batch, , height, width] = input.shape;
  const count = batch * height * width;
  const unbiasedScale = count > 1 ? count / (count - 1) : 1;
  const updatedBuffers = {
    running_mean: blend(backend, runningMean, mean, momentum, 1),
    running_var: blend(backend, runningVariance, variance, momentum, unbiasedScale),
  };
  return {
    output,
    updatedBuffers,
    backward(outputGradient) {
      const gradients = backend.batchNorm2dBackward(input, outputGradient, { mean, variance, weight, epsilon });
      return { input: gradients.input, parameters: { weight: gradients.weight, bias: gradients.bias } };
    },
    release() {
      backend.dispose(mean);
      backend.dispose(variance);
    },
  };
};

/** (1 − momentum)·running + momentum·scale·batch, as a new tensor. */
function blend(backend: Backend, running: Tensor, batch: Tensor, momentum: number, scale: number): Tensor {
  const keep = backend.fill([], 1 - momentum);
  const take = backend.fill([], momentum * scale);
  const kept = backend.binary("multiply", running, keep);
  const taken = backend.binary("multiply", batch, take);
  const result = backend.binary("add", kept, taken);
  for (const tensor of [keep, take, kept, taken]) backend.dispose(tensor);
  return result;
}
