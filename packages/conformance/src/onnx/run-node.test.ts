import { withDefaults } from "@alexnet-ts/engine";
import { opDefinitions, opTypes } from "@alexnet-ts/ir";
import { describe, expect, it } from "vitest";
import { CaseContext } from "../case.js";
import { defaultTolerance } from "../options.js";
import { createReferenceBackend } from "../reference-backend.js";
import { runOnnxNode, supportedOnnxOps, type OnnxValue } from "./run-node.js";

describe("the ONNX node runner", () => {
  it("runs the ONNX type every IR op declares", () => {
    const missing = opTypes.map((op) => opDefinitions[op].names.onnx).filter((onnx) => !supportedOnnxOps.has(onnx));
    expect(missing).toEqual([]);
  });

  it("runs an IR activation under its ONNX type and refuses an unmapped op in one line", async () => {
    const context = new CaseContext(withDefaults(createReferenceBackend()), defaultTolerance);
    const values = new Map<string, OnnxValue>([["x", { tensor: context.upload({ shape: [2], data: Float64Array.from([0, Math.log(3)]) }) }]]);
    runOnnxNode(context, { op: "Sigmoid", inputs: ["x"], outputs: ["y"], attributes: {} }, values, 13);
    const y = values.get("y");
    if (y === undefined || !("tensor" in y)) throw new Error("Sigmoid produced no tensor");
    const got = await context.backend.download(y.tensor);
    [0.5, 0.75].forEach((expected, index) => expect(got[index]).toBeCloseTo(expected, 6));
    expect(() => runOnnxNode(context, { op: "ConvTranspose", inputs: ["x"], outputs: ["z"], attributes: {} }, values, 13)).toThrow(/^onnx ConvTranspose: not mapped onto the backend contract$/);
    context.disposeAll();
  });
});
