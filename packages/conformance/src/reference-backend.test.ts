import { withDefaults } from "@alexnet-ts/engine";
import { createReferenceBackend } from "./reference-backend.js";
import { runConformance } from "./run-conformance.js";

// The reference core with every defaulted op from the reference: must pass everything.
runConformance(() => withDefaults(createReferenceBackend({ withOverrides: true })), { name: "reference core + reference overrides" });
