import * as tf from "@tensorflow/tfjs-core";

/**
 * Makes `engine` tfjs's active backend, or throws. `tf.setBackend` resolves to false (and keeps
 * the previous backend) when an engine fails to start, so both its result and `tf.getBackend()`
 * are checked: a backend never reports an engine that is not the one running.
 */
export async function activateEngine(engine: string): Promise<void> {
  let started: boolean;
  try {
    started = await tf.setBackend(engine);
  } catch (error) {
    throw new Error(`TensorFlow.js could not start its "${engine}" engine: ${(error as Error).message}`);
  }
  const active = tf.getBackend();
  if (!started || active !== engine) {
    throw new Error(`TensorFlow.js could not start its "${engine}" engine (tf.setBackend returned ${started}; the active engine is "${active}")`);
  }
  await tf.ready();
}

/** The tfjs version line every description starts with. */
export function tfjsVersion(): string {
  return `tfjs ${tf.version_core}`;
}
