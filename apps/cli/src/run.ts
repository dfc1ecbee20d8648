import { reportError } from "./errors.js";
import { processIo, type CliIo } from "./io.js";
import { createProgram } from "./program.js";

/**
 * Runs the CLI on process-style arguments (`["node", "alexnet", "summary", …]`) and returns the
 * exit code instead of exiting, so tests can call it in-process with their own `io`.
 */
export async function run(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const debug = argv.includes("--debug") || io.env.ALEXNET_DEBUG === "1";
  try {
    await createProgram({ io }).parseAsync([...argv], { from: "node" });
    return 0;
  } catch (error) {
    return reportError(error, io, debug);
  }
}
