import type { Backend, Tensor } from "@alexnet-ts/engine";
import type { ReferenceTensor } from "./reference/index.js";
import { compareValues } from "./compare.js";
import type { Tolerance } from "./options.js";

/** One conformance case: an id (what `skip` and `only` match), a readable title and its body. */
export interface ConformanceCase {
  /** Stable, slash-separated id, e.g. "forward/conv2d/seed-3" or "onnx/test_lrn". */
  readonly id: string;
  /** What the case covers (parameters, shapes), appended to the id in the test name. */
  readonly title?: string;
  /** Why the suite itself skips this case (out of the contract, data absent), if it does. */
  readonly skipReason?: string;
  run(context: CaseContext): Promise<void>;
}

/** A group of cases registered as one `describe` block. */
export interface CaseGroup {
  readonly title: string;
  readonly cases: readonly ConformanceCase[];
  /** Why the whole group is skipped, if it is. */
  readonly skipReason?: string;
  /** A per-case time limit longer than the test runner's default, for slow groups. */
  readonly timeoutMilliseconds?: number;
}

/**
 * What a case works with: the backend, and helpers that upload inputs, keep every tensor the
 * case creates (disposed after the case, so the leak check can compare counts) and compare
 * downloads with the reference.
 */
export class CaseContext {
  private readonly created: Tensor[] = [];
  constructor(
    readonly backend: Backend,
    readonly tolerance: Tolerance,
  ) {}

  /** Uploads a reference tensor's values (float32) and keeps the handle. */
  upload(tensor: ReferenceTensor): Tensor {
    return this.keep(this.backend.upload(Float32Array.from(tensor.data), tensor.shape));
  }

  /** Keeps a tensor an op returned, to be disposed after the case. */
  keep<T extends Tensor>(tensor: T): T {
    this.created.push(tensor);
    return tensor;
  }

  /** Downloads a tensor as a float64 reference tensor. */
  async read(tensor: Tensor): Promise<ReferenceTensor> {
    const values = await this.backend.download(tensor);
    return { shape: [...tensor.shape], data: Float64Array.from(values) };
  }

  /** Downloads `got` and fails with the worst element unless it matches `expected`. */
  async expectClose(label: string, got: Tensor, expected: ReferenceTensor, tolerance: Tolerance = this.tolerance): Promise<void> {
    const values = await this.backend.download(got);
    const failure = compareValues(label, values, got.shape, expected, tolerance);
    if (failure !== undefined) throw new Error(failure);
  }

  /** Disposes every tensor the case kept. */
  disposeAll(): void {
    const errors: unknown[] = [];
    for (const tensor of this.created.splice(0)) {
      try {
        this.backend.dispose(tensor);
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw errors[0];
  }
}

/**
 * Runs one case on a backend: the case body, then disposal of everything it kept, then the leak
 * check (the live-tensor count must be back where it was before the case).
 */
export async function runCase(backend: Backend, testCase: ConformanceCase, tolerance: Tolerance): Promise<void> {
  const before = backend.liveTensorCount();
  const context = new CaseContext(backend, tolerance);
  try {
    await testCase.run(context);
  } finally {
    context.disposeAll();
  }
  const after = backend.liveTensorCount();
  if (after !== before) throw new Error(`${testCase.id}: ${after - before} tensor(s) leaked (live count ${before} before the case, ${after} after disposing everything it created)`);
}
