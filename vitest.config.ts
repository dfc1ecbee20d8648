import { readdirSync, existsSync } from "node:fs";
import { defineConfig } from "vitest/config";

// One `vitest run` covers every package: one project per workspace package,
// each running its tests from source (the "source" export condition), so
// tests need no build step.
const workspaceFolders = ["packages", "apps"].flatMap((root) =>
  readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(`${root}/${entry.name}/package.json`))
    .map((entry) => `${root}/${entry.name}`),
);

const sourceConditions = ["source", "module", "node", "default"];

export default defineConfig({
  resolve: { conditions: sourceConditions },
  ssr: { resolve: { conditions: sourceConditions, externalConditions: ["source"] } },
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    projects: workspaceFolders.map((folder) => ({
      extends: true,
      test: {
        name: folder.split("/")[1],
        root: folder,
        include: ["src/**/*.test.ts"],
      },
    })),
  },
});
