import { withDefaults } from "@alexnet-ts/engine";
import { createReferenceBackend } from "./reference-backend.js";
import { runConformance } from "./run-conformance.js";

// The reference core with every defaulted op taken from the reference: must pass everything.
// Its whole-model checks would compare the reference with itself, so they are skipped.
runConformance(() => withDefaults(createReferenceBackend({ withOverrides: true })), {
  name: "reference core + reference overrides",
  skip: { "model/": "the backend under test is the float64 reference itself: comparing a whole model with itself proves nothing" },
});

// The reference core alone, completed by the engine's defaults: the suite run on the defaults.
// Training steps on the float64 loops take most of a minute; the defaults' leak checks run per op above.
runConformance(() => withDefaults(createReferenceBackend()), {
  name: "reference core + engine defaults",
  skip: { "model/small-training": "seven training steps on the float64 reference loops take most of a minute; every default's leak check runs per op" },
});
