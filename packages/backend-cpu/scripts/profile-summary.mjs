// Self time by function of V8 CPU profiles (node --cpu-prof), largest first, as shares of the
// profile's samples: where a step's time goes. Run: node profile-summary.mjs FILE.cpuprofile… [top]
import { readFileSync } from "node:fs";

const files = process.argv.slice(2).filter((argument) => argument.endsWith(".cpuprofile"));
const top = Number(process.argv.slice(2).find((argument) => /^\d+$/.test(argument)) ?? 30);
const selfSamples = new Map();
let total = 0;
for (const file of files) {
  const profile = JSON.parse(readFileSync(file, "utf8"));
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  for (const id of profile.samples) {
    const { callFrame } = nodes.get(id);
    const where = callFrame.url === "" ? "" : ` ${callFrame.url.replace(/^.*\/(packages|apps)\//, "")}:${callFrame.lineNumber + 1}`;
    const name = `${callFrame.functionName || "(anonymous)"}${where}`;
    selfSamples.set(name, (selfSamples.get(name) ?? 0) + 1);
    total++;
  }
}
const rows = [...selfSamples].sort((a, b) => b[1] - a[1]).slice(0, top);
for (const [name, samples] of rows) console.log(`${((100 * samples) / total).toFixed(1).padStart(5)}%  ${name}`);
console.log(`${total} samples in ${files.length} profile(s)`);
