import { existsSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { prepareOutputFolder } from "@alexnet-ts/alexnet";
import { installedBackendRegistry } from "@alexnet-ts/registry/node";
import { Option, type Command } from "commander";
import { UsageError } from "../errors.js";
import { generateBackendPackage, ScaffoldError } from "../scaffold/new-backend.js";
import type { CommandContext } from "./context.js";

/** The monorepo's root: the nearest folder above this file holding tsconfig.base.json. */
function repositoryRoot(): string | undefined {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(folder, "tsconfig.base.json"))) return folder;
    const parent = dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
}

/** `alexnet new-backend NAME`: scaffolds a backend package that already passes the conformance suite. */
export function registerNewBackendCommand(program: Command, context: CommandContext): void {
  program
    .command("new-backend")
    .description("create packages/backend-NAME: a backend that compiles, is found by the CLI and passes the conformance suite (see docs/adding-a-backend.md)")
    .argument("<name>", "the --backend name: lower-case letters, digits and dashes")
    .addOption(new Option("--dir <folder>", "where to create backend-NAME/ (inside the repository, so npm's workspaces link it)").default("packages"))
    .addHelpText("after", "\nExamples:\n  alexnet new-backend my-gpu                 # packages/backend-my-gpu\n  alexnet new-backend my-gpu --dir ./packages\n")
    .action(async (name: string, options: { dir: string }) => {
      const taken = await installedBackendRegistry().names();
      if (taken.includes(name)) throw new UsageError(`backend name "${name}" is taken by a built-in backend (${taken.join(", ")}); choose another name`);
      prepareOutputFolder(options.dir, "--dir");
      const parentFolder = resolve(options.dir);
      const root = repositoryRoot();
      const inside = root !== undefined && (parentFolder === root || parentFolder.startsWith(root + sep));
      const base = root === undefined ? undefined : relative(join(parentFolder, `backend-${name}`), join(root, "tsconfig.base.json")).split(sep).join("/");
      let folder: string;
      try {
        folder = generateBackendPackage({ name, parentFolder, tsconfigBase: base });
      } catch (error) {
        if (error instanceof ScaffoldError) throw new UsageError(error.message);
        throw error;
      }
      context.io.stdout(
        [
          `created ${folder}`,
          ...(inside ? [] : [`note: ${folder} is outside the repository${root === undefined ? "" : ` (${root})`}, so npm install does not link it; add it to the root package.json's workspaces`]),
          "next:",
          "  npm install                                   # links the package so the CLI finds it",
          `  npx vitest run --project backend-${name}      # the conformance suite (passes from the start)`,
          `  npm run build && npx alexnet predict --backend ${name} --variant small`,
          "then make the core kernels (src/conv2d.ts, src/matmul.ts, …) fast, one op at a time.",
          "",
        ].join("\n"),
      );
    });
}
