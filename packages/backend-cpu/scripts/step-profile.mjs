// Runs training steps (or inference passes) of one AlexNet variant on the CPU backend and prints
// each one's wall time: the target to profile where a step's time goes. Not a test. Run after
// building (npx turbo run build --filter=@alexnet-ts/backend-cpu --filter=@alexnet-ts/variants):
//   ALEXNET_CPU_THREADS=1 node --cpu-prof --cpu-prof-dir=/tmp/profiles packages/backend-cpu/scripts/step-profile.mjs [variant] [batch] [steps] [train|infer]
//   node packages/backend-cpu/scripts/profile-summary.mjs /tmp/profiles/*.cpuprofile
import { buildVariant } from "@alexnet-ts/variants";
import { createModel, createSgdOptimizer } from "@alexnet-ts/engine";
import { createCpuBackend } from "../dist/index.js";

const [variant = "small", batchText = "64", stepsText = "8", mode = "train"] = process.argv.slice(2);
const batch = Number(batchText);
const steps = Number(stepsText);
const backend = createCpuBackend();
const graph = buildVariant(variant);
const model = await createModel(backend, graph, { seed: 1 });
const imageValues = graph.input.shape.reduce((product, size) => product * size, 1);
const images = Float32Array.from({ length: batch * imageValues }, (_, index) => Math.sin(index) * 0.5);
const labels = Int32Array.from({ length: batch }, (_, index) => index % model.classCount);
const optimizer = createSgdOptimizer(model, { learningRate: 0.01, momentum: 0.9, weightDecay: 5e-4 });
console.log(backend.describe());
const times = [];
const cpuTimes = [];
for (let step = 0; step < steps; step++) {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  if (mode === "infer") await model.predict(images, batch);
  else await model.trainStep(images, labels, optimizer, { seed: step });
  times.push(performance.now() - start);
  const cpu = process.cpuUsage(cpuStart);
  cpuTimes.push((cpu.user + cpu.system) / 1000);
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)].toFixed(1);
// CPU time counts every thread of the process: it stays meaningful when other processes share the cores.
console.log(`${variant} ${mode} batch ${batch}: wall ${times.map((time) => time.toFixed(1)).join(", ")} ms; median wall ${median(times)} ms, CPU ${median(cpuTimes)} ms`);
optimizer.dispose();
model.dispose();
await backend.close?.();
