/**
 * Bad input to the benchmark (an unknown workload, backend or peer, a baseline that is not run):
 * one line saying what was wrong and what to do. The CLI turns it into exit code 2 before
 * anything runs.
 */
export class BenchUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BenchUsageError";
  }
}
