import { CheckpointError, DataError, describeFileError, OutputError, TrainingDivergedError } from "@alexnet-ts/alexnet";
import { GraphError } from "@alexnet-ts/ir";
import { BackendChoiceError } from "@alexnet-ts/registry";
import { CommanderError } from "commander";
import type { CliIo } from "./io.js";

/** Exit code for bad input from the user: a wrong option, an unknown variant, a model that does not fit. */
export const usageExitCode = 2;
/** Exit code for anything else that went wrong. */
export const failureExitCode = 1;
/** Exit code when a command finished but some of its inputs failed (predict: an unreadable image, reported and skipped). */
export const someInputsFailedExitCode = 3;

/**
 * Bad input from the user. The message is one line saying what was wrong and what to do, shown
 * as `alexnet: <message>`; the process exits with code 2 and no stack trace.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * Ends a command with a particular exit code after it has already said what happened
 * (train interrupted by Ctrl-C: 130, as a shell reports a SIGINT). Nothing more is printed.
 */
export class CommandExit extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
    this.name = "CommandExit";
  }
}

/**
 * Reports an error from a command and returns the exit code:
 * - every failure the user can cause: UsageError, the IR's GraphError (a model that does not fit its
 *   input, an unknown variant), bad data (DataError), a bad checkpoint (CheckpointError), an
 *   output path that cannot be written (OutputError), a diverged run, and file-system errors a
 *   user can fix (a full disk, no permission, a file where a folder should be; named with their
 *   path): one line, exit 2;
 * - commander's own errors (unknown option, missing value, bad choice): commander has printed its line already, exit 2;
 *   `--help` and `--version` arrive here too, as exit 0;
 * - anything else: one line, exit 1, and the stack trace only with --debug or ALEXNET_DEBUG=1.
 * A usage error never prints a stack trace: it is the user's input, not the program, that is wrong.
 */
export function reportError(error: unknown, io: CliIo, debug: boolean): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : usageExitCode;
  if (error instanceof CommandExit) return error.exitCode;
  const userError = asUserError(error);
  if (userError !== undefined) {
    io.stderr(`alexnet: ${oneLine(userError.message)}\n`);
    return usageExitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`alexnet: ${oneLine(message)}${debug ? "" : " (run again with --debug for the stack trace)"}\n`);
  if (debug) io.stderr(`${error instanceof Error && error.stack !== undefined ? error.stack : String(error)}\n`);
  return failureExitCode;
}

/** The error as one the user caused and can fix, or undefined for a bug. */
function asUserError(error: unknown): Error | undefined {
  if (error instanceof UsageError || error instanceof BackendChoiceError || error instanceof GraphError || error instanceof DataError || error instanceof CheckpointError || error instanceof OutputError || error instanceof TrainingDivergedError) return error;
  const path = (error as { path?: unknown } | null)?.path;
  if (typeof path !== "string") return undefined;
  const syscall = (error as { syscall?: unknown }).syscall;
  const verbs: Record<string, string> = { open: "open", write: "write", rename: "write", mkdir: "create the folder", read: "read", scandir: "read the folder", unlink: "remove", rmdir: "remove", link: "write" };
  const described = describeFileError(error, (typeof syscall === "string" && verbs[syscall]) || "use", path);
  return described instanceof OutputError ? described : undefined;
}

/** Commander's "error: unknown option '--x'" as this CLI's one line: "alexnet: unknown option '--x'". */
export function formatCommanderError(text: string): string {
  return `alexnet: ${oneLine(text.replace(/^error: /, ""))}\n`;
}

function oneLine(text: string): string {
  return text.trim().replace(/\s*\n\s*/g, " ");
}
