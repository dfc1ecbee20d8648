export { run } from "./run.js";
export { createProgram } from "./program.js";
export { processIo, type CliIo } from "./io.js";
export { UsageError, reportError, usageExitCode, failureExitCode } from "./errors.js";
export { commandRegistrations, type CommandContext, type CommandRegistration } from "./commands/index.js";
export { addVariantOptions, buildFromFlags, type VariantFlags } from "./variant-options.js";
export { decimalInRange, oneOf, wholeNumber } from "./parse.js";
