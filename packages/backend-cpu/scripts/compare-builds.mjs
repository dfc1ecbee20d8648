// Two builds of the CPU backend in one process, steps interleaved (A, B, A, B, …) so that both
// see the same machine load: median wall and CPU milliseconds per training step (or inference
// pass) of one AlexNet variant, and their ratio. CPU time counts every thread of the process, the
// figure that stays meaningful when other processes share the cores. Not a test. Build both first
// (the other one e.g. in a `git worktree` at the older commit, `npx tsc -p
// packages/backend-cpu/tsconfig.build.json` there), then:
//   ALEXNET_CPU_THREADS=2 node packages/backend-cpu/scripts/compare-builds.mjs OTHER/packages/backend-cpu/dist/index.js [variant] [batch] [steps] [train|infer]
import { buildVariant } from "@alexnet-ts/variants";
import { createModel, createSgdOptimizer } from "@alexnet-ts/engine";
import { pathToFileURL } from "node:url";

const [otherPath, variant = "small", batchText = "64", stepsText = "10", mode = "train"] = process.argv.slice(2);
if (otherPath === undefined) {
  console.error("usage: compare-builds.mjs OTHER_DIST_INDEX_JS [variant] [batch] [steps] [train|infer]");
  process.exit(2);
}
const batch = Number(batchText);
const steps = Number(stepsText);
const builds = [
  { name: "this build", module: await import("../dist/index.js") },
  { name: otherPath, module: await import(pathToFileURL(otherPath).href) },
];
const graph = buildVariant(variant);
const imageValues = graph.input.shape.reduce((product, size) => product * size, 1);
const images = Float32Array.from({ length: batch * imageValues }, (_, index) => Math.sin(index) * 0.5);
for (const build of builds) {
  build.backend = build.module.createCpuBackend();
  build.model = await createModel(build.backend, graph, { seed: 1 });
  build.optimizer = createSgdOptimizer(build.model, { learningRate: 0.01, momentum: 0.9, weightDecay: 5e-4 });
  build.wall = [];
  build.cpu = [];
  console.log(`${build.name}: ${build.backend.describe()}`);
}
const labels = Int32Array.from({ length: batch }, (_, index) => index % builds[0].model.classCount);
// Two warm-up rounds, then the timed ones.
for (let step = -2; step < steps; step++) {
  for (const build of builds) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    if (mode === "infer") await build.model.predict(images, batch);
    else await build.model.trainStep(images, labels, build.optimizer, { seed: step + 2 });
    const cpu = process.cpuUsage(cpuStart);
    if (step < 0) continue;
    build.wall.push(performance.now() - start);
    build.cpu.push((cpu.user + cpu.system) / 1000);
  }
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
for (const build of builds) console.log(`${build.name}: ${variant} ${mode} batch ${batch}, median of ${steps}: wall ${median(build.wall).toFixed(1)} ms, CPU ${median(build.cpu).toFixed(1)} ms`);
const [mine, other] = builds;
console.log(`other / this: wall ${(median(other.wall) / median(mine.wall)).toFixed(2)}×, CPU ${(median(other.cpu) / median(mine.cpu)).toFixed(2)}×`);
for (const build of builds) {
  build.optimizer.dispose();
  build.model.dispose();
  await build.backend.close?.();
}
