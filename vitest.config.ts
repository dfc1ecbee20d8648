import { readdirSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// One `vitest run` covers every package: one project per workspace package,
// each running its tests from source (the "source" export condition), so
// tests need no build step. A package's own `npm test` (what `turbo run test`
// runs and caches) selects its project with `--project`.
const repositoryRoot = fileURLToPath(new URL(".", import.meta.url));
const workspaceFolders = ["packages", "apps"].flatMap((root) =>
  readdirSync(`${repositoryRoot}${root}`, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(`${repositoryRoot}${root}/${entry.name}/package.json`))
    .map((entry) => `${root}/${entry.name}`),
);

const sourceConditions = ["source", "module", "node", "default"];

export default defineConfig({
  root: repositoryRoot,
  resolve: { conditions: sourceConditions },
  ssr: { resolve: { conditions: sourceConditions, externalConditions: ["source"] } },
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    projects: workspaceFolders.map((folder) => ({
      extends: true,
      test: {
        name: folder.split("/")[1],
        root: `${repositoryRoot}${folder}`,
        include: ["src/**/*.test.ts"],
      },
    })),
  },
});
