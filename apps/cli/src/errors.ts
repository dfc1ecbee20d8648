import { GraphError } from "@alexnet-ts/ir";
import { CommanderError } from "commander";
import type { CliIo } from "./io.js";

/** Exit code for bad input from the user: a wrong option, an unknown variant, a model that does not fit. */
export const usageExitCode = 2;
/** Exit code for anything else that went wrong. */
export const failureExitCode = 1;

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
 * - UsageError and the IR's GraphError (a model that does not fit its input, an unknown variant): one line, exit 2;
 * - commander's own errors (unknown option, missing value, bad choice): commander has printed its line already, exit 2;
 *   `--help` and `--version` arrive here too, as exit 0;
 * - anything else: one line, exit 1, and the stack trace only with --debug or ALEXNET_DEBUG=1.
 * A usage error never prints a stack trace: it is the user's input, not the program, that is wrong.
 */
export function reportError(error: unknown, io: CliIo, debug: boolean): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : usageExitCode;
  if (error instanceof CommandExit) return error.exitCode;
  if (error instanceof UsageError || error instanceof GraphError) {
    io.stderr(`alexnet: ${oneLine(error.message)}\n`);
    return usageExitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`alexnet: ${oneLine(message)}${debug ? "" : " (run again with --debug for the stack trace)"}\n`);
  if (debug) io.stderr(`${error instanceof Error && error.stack !== undefined ? error.stack : String(error)}\n`);
  return failureExitCode;
}

/** Commander's "error: unknown option '--x'" as this CLI's one line: "alexnet: unknown option '--x'". */
export function formatCommanderError(text: string): string {
  return `alexnet: ${oneLine(text.replace(/^error: /, ""))}\n`;
}

function oneLine(text: string): string {
  return text.trim().replace(/\s*\n\s*/g, " ");
}
