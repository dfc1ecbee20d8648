import type { Backend, Tensor } from "@alexnet-ts/engine";
import type { ConformanceCase } from "../case.js";
import { CaseData } from "../data.js";

/**
 * Shape mismatches in the required core must throw an Error whose message names the op (so a
 * user sees "matmul: …", not an index out of range deep inside a kernel). The error may come
 * when the op is issued or, for a queued backend, when its result is downloaded.
 */
function errorCase(id: string, op: string, title: string, issue: (backend: Backend, upload: (shape: number[]) => Tensor) => Tensor): ConformanceCase {
  return {
    id: `errors/${id}`,
    title: `${title} throws an Error naming ${op}`,
    run: async (context) => {
      const data = new CaseData(7000);
      const upload = (shape: number[]): Tensor => context.upload(data.uniform(shape));
      let thrown: unknown;
      try {
        const result = context.keep(issue(context.backend, upload));
        await context.backend.download(result);
      } catch (error) {
        thrown = error;
      }
      if (thrown === undefined) throw new Error(`${op}: ${title} gave a result instead of an error`);
      const message = thrown instanceof Error ? thrown.message : String(thrown);
      if (!(thrown instanceof Error)) throw new Error(`${op}: ${title} threw a non-Error: ${message}`);
      const names = op.split(" or ");
      if (!names.some((name) => message.toLowerCase().includes(name.toLowerCase()))) throw new Error(`${op}: ${title} threw "${message}", which does not name the op (${op})`);
    },
  };
}

/** The error checks. */
export function errorCases(): ConformanceCase[] {
  const convolution = { stride: [1, 1], padding: [0, 0, 0, 0], dilation: [1, 1], groups: 1 } as const;
  return [
    errorCase("matmul-inner-dimensions", "matmul", "matmul [2, 3] × [4, 5]", (backend, upload) => backend.matmul(upload([2, 3]), upload([4, 5]), { transposeA: false, transposeB: false })),
    errorCase("conv2d-channels", "conv2d", "conv2d of a 3-channel input with a 4-channel filter", (backend, upload) => backend.conv2d(upload([1, 3, 5, 5]), upload([2, 4, 3, 3]), convolution)),
    errorCase("binary-broadcast", "binary or add", "add [2, 3] + [4, 3]", (backend, upload) => backend.binary("add", upload([2, 3]), upload([4, 3]))),
    errorCase("reshape-count", "reshape", "reshape [2, 3] to [4, 2]", (backend, upload) => backend.reshape(upload([2, 3]), [4, 2])),
    errorCase("concat-shapes", "concat", "concat [2, 3] and [3, 2] along axis 0", (backend, upload) => backend.concat([upload([2, 3]), upload([3, 2])], 0)),
  ];
}
