import { resolve } from "node:path";
import { Option, type Command } from "commander";
import { UsageError } from "../errors.js";
import { generateBackendPackage, ScaffoldError } from "../scaffold/new-backend.js";
import type { CommandContext } from "./context.js";

/** `alexnet new-backend NAME`: scaffolds a backend package that already passes the conformance suite. */
export function registerNewBackendCommand(program: Command, context: CommandContext): void {
  program
    .command("new-backend")
    .description("create packages/backend-NAME: a backend that compiles, is found by the CLI and passes the conformance suite (see docs/adding-a-backend.md)")
    .argument("<name>", "the --backend name: lower-case letters, digits and dashes")
    .addOption(new Option("--dir <folder>", "where to create backend-NAME/").default("packages"))
    .action((name: string, options: { dir: string }) => {
      let folder: string;
      try {
        folder = generateBackendPackage({ name, parentFolder: resolve(options.dir) });
      } catch (error) {
        if (error instanceof ScaffoldError) throw new UsageError(error.message);
        throw error;
      }
      context.io.stdout(
        [
          `created ${folder}`,
          "next:",
          "  npm install                                   # links the package so the CLI finds it",
          `  npx vitest run --project backend-${name}      # the conformance suite (passes from the start)`,
          `  npm run build && npx alexnet predict --backend ${name} --variant small`,
          "then replace the delegating core ops in src/index.ts with real kernels, one at a time.",
          "",
        ].join("\n"),
      );
    });
}
