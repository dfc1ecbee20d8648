/**
 * [outputLength × length] row-major: row i averages PyTorch's adaptive window
 * floor(i·length/outputLength) … ceil((i+1)·length/outputLength) − 1, each cell weighted 1 / its size.
 */
export function adaptivePoolWeights(length: number, outputLength: number): Float32Array {
  const weights = new Float32Array(outputLength * length);
  for (let output = 0; output < outputLength; output++) {
    const start = Math.floor((output * length) / outputLength);
    const end = Math.ceil(((output + 1) * length) / outputLength);
    for (let position = start; position < end; position++) weights[output * length + position] = 1 / (end - start);
  }
  return weights;
}

/** Whether every adaptive window has the same size and stride, so plain average pooling computes it. */
export function isUniformAdaptivePool(height: number, width: number, outputHeight: number, outputWidth: number): boolean {
  return height % outputHeight === 0 && width % outputWidth === 0;
}
