import { buildVariant } from "@alexnet-ts/alexnet";
import { analyzeGraph } from "@alexnet-ts/ir";
import { describe, expect, it } from "vitest";
import { BenchUsageError } from "./errors.js";
import { modelWorkload, opWorkloads, selectWorkloads } from "./workloads.js";

describe("workloads", () => {
  const paper = buildVariant("paper");

  it("lists every conv and fully connected layer's three passes, and pools and LRN forward and backward, at their IR shapes", () => {
    const ids = opWorkloads(paper, 4).map((workload) => workload.id);
    for (const layer of ["conv1", "conv2", "conv3", "conv4", "conv5"]) {
      expect(ids).toEqual(expect.arrayContaining([`${layer}.forward`, `${layer}.input-gradient`, `${layer}.filter-gradient`]));
    }
    for (const layer of ["fc6", "fc7", "fc8"]) expect(ids).toEqual(expect.arrayContaining([`${layer}.forward`, `${layer}.input-gradient`, `${layer}.weight-gradient`]));
    expect(ids).toEqual(expect.arrayContaining(["pool1.forward", "pool1.backward", "lrn1.forward", "lrn1.backward"]));
    expect(ids.some((id) => id.startsWith("relu") || id.startsWith("dropout"))).toBe(false);
  });

  it("counts MACs from the IR: the batch's forward MACs per op, training as 3× forward", () => {
    const analyzed = analyzeGraph(paper, { batch: 4 });
    const conv2 = analyzed.nodes.find((node) => node.node.name === "conv2")!;
    // conv2: 27×27 outputs, 256 filters over 96/2 channels of 5×5, 4 images.
    expect(conv2.multiplyAccumulates).toBe(4 * 256 * 27 * 27 * 48 * 25);
    const conv2Passes = opWorkloads(paper, 4).filter((workload) => workload.layer === "conv2");
    expect(conv2Passes.map((workload) => workload.multiplyAccumulates)).toEqual([conv2.multiplyAccumulates, conv2.multiplyAccumulates, conv2.multiplyAccumulates]);
    const forward = modelWorkload(paper, "inference-throughput", 4).multiplyAccumulates;
    expect(forward).toBe(analyzed.nodes.reduce((total, node) => total + node.multiplyAccumulates, 0));
    expect(modelWorkload(paper, "training-step", 4).multiplyAccumulates).toBe(3 * forward);
    expect(modelWorkload(paper, "inference-latency", 4)).toMatchObject({ batch: 1, multiplyAccumulates: forward / 4 });
  });

  it("expands groups and layer names in order, without duplicates", () => {
    const ids = selectWorkloads(paper, ["training-step", "model", "conv1"], 2).map((workload) => workload.id);
    expect(ids).toEqual(["training-step", "inference-latency", "inference-throughput", "conv1.forward", "conv1.input-gradient", "conv1.filter-gradient"]);
  });

  it("refuses an unknown workload with one line naming the choices", () => {
    expect(() => selectWorkloads(paper, ["conv9"], 2)).toThrow(BenchUsageError);
    expect(() => selectWorkloads(paper, ["conv9"], 2)).toThrow(/unknown workload "conv9"; choose from model, ops, .*conv1, .*fc8/);
  });
});
