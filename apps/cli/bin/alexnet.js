#!/usr/bin/env node
// The installed `alexnet` command. npm links a package's bin only when the file exists at install
// time, and dist/ appears only with `npm run build`, so this committed launcher loads the build.
import { existsSync } from "node:fs";

const built = new URL("../dist/bin.js", import.meta.url);
if (existsSync(built)) {
  await import(built.href);
} else {
  process.stderr.write("alexnet: the command is not built yet; run `npm run build` at the repository root first\n");
  process.exitCode = 1;
}
