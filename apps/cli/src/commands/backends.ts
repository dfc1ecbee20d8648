import type { Command } from "commander";
import { installedBackendRegistry } from "@alexnet-ts/registry/node";
import { formatJson } from "../json-output.js";
import { wrapText } from "../text.js";
import type { CommandContext } from "./context.js";

/** `alexnet backends`: every backend, whether it runs here, and if not, why and how to enable it. */
export function registerBackendsCommand(program: Command, context: CommandContext): void {
  program
    .command("backends")
    .description("list every backend, whether it is available here, and how to enable the ones that are not")
    .addHelpText("after", "\nExamples:\n  alexnet backends\n  alexnet predict --backend tfjs-wasm --variant small   # run one of them\n  alexnet backends --json\n")
    .option("--json", "print the list as JSON (schema alexnet-backends/1, see docs/json-output.md)")
    .action(async (options: { json?: boolean }) => {
      const rows = await installedBackendRegistry().list();
      if (options.json) {
        context.io.stdout(formatJson({ schema: "alexnet-backends/1", backends: rows }));
        return;
      }
      const nameWidth = Math.max(...rows.map((row) => row.name.length)) + 2;
      const indent = " ".repeat(nameWidth + 12);
      const lines: string[] = [];
      for (const row of rows) {
        const state = row.available ? "available  " : "unavailable";
        const text = wrapText(row.description, 100 - indent.length);
        lines.push(`${row.name.padEnd(nameWidth)}${state} ${text[0] ?? ""}`);
        for (const line of text.slice(1)) lines.push(`${indent}${line}`);
        if (!row.available) {
          for (const line of wrapText(`why: ${row.reason ?? "unknown"}`, 100 - indent.length)) lines.push(`${indent}${line}`);
          for (const line of wrapText(`to enable: ${row.howToEnable ?? "see README"}`, 100 - indent.length)) lines.push(`${indent}${line}`);
        }
      }
      context.io.stdout(`${lines.join("\n")}\n`);
    });
}
