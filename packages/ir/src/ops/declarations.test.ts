import { describe, expect, it } from "vitest";
import { GraphBuilder } from "../builder.js";
import { activationOpTypes, isActivationOpType, opDefinitions, opTypes } from "./index.js";

describe("op declarations", () => {
  it("name every op in each summary and in ONNX, and key each definition by its own type", () => {
    for (const type of opTypes) {
      const definition = opDefinitions[type];
      expect(definition.type).toBe(type);
      const { keras, torch, label, onnx } = definition.names;
      for (const name of [keras.baseName, keras.className, torch, label, onnx]) expect(name).toMatch(/^[A-Za-z][A-Za-z0-9_]*$/);
    }
  });

  it("declare every activation as shape-preserving and fusable into a conv2d or linear host", () => {
    expect(activationOpTypes[0]).toBe("relu");
    for (const type of activationOpTypes) {
      expect(opDefinitions[type].preservesShape).toBe(true);
      expect(opDefinitions[type].fusion).toBe("activation");
      expect(opDefinitions[type].outputShape([[2, 3, 4]], {})).toEqual([2, 3, 4]);
    }
    expect(opTypes.filter((type) => opDefinitions[type].fusion === "host")).toEqual(["conv2d", "linear"]);
    expect(isActivationOpType("softmax")).toBe(false);
    expect(isActivationOpType("constructor")).toBe(false);
  });

  it("let the builder add an activation chosen by name, as its own method does", () => {
    const byName = new GraphBuilder("t", [1, 4, 4]).flatten("flat").activation("tanh", "act").build();
    const byMethod = new GraphBuilder("t", [1, 4, 4]).flatten("flat").tanh("act").build();
    expect(byName).toEqual(byMethod);
  });
});
