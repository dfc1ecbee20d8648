import type { CliIo } from "../io.js";

/** What every command receives beside the program: where to write, and the environment. */
export interface CommandContext {
  readonly io: CliIo;
}
