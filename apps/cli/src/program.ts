import { Command } from "commander";
import { commandRegistrations, type CommandContext } from "./commands/index.js";
import { formatCommanderError } from "./errors.js";
import { cliVersion } from "./version.js";

/**
 * The `alexnet` program with every command registered. Commander's exits become thrown
 * CommanderErrors (so `run` decides the exit code), and all output goes through `context.io`.
 */
export function createProgram(context: CommandContext): Command {
  const program = new Command("alexnet")
    .description("AlexNet defined once in a small model IR, run on interchangeable backends")
    .version(cliVersion(), "-V, --version", "print the version")
    .option("--debug", "print stack traces of internal errors (also ALEXNET_DEBUG=1)")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => context.io.stdout(text),
      writeErr: (text) => context.io.stderr(text),
      outputError: (text, write) => write(formatCommanderError(text)),
    })
    .showSuggestionAfterError(true);
  for (const register of commandRegistrations) register(program, context);
  return program;
}
