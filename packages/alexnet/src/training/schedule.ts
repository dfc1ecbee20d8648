/** The learning-rate schedules `--schedule` offers. */
export const scheduleKinds = ["plateau", "step", "cosine"] as const;
export type ScheduleKind = (typeof scheduleKinds)[number];

/** A schedule's whole state, plain JSON, stored in checkpoints. */
export interface ScheduleState {
  readonly kind: ScheduleKind;
  readonly baseLearningRate: number;
  readonly learningRate: number;
  /** Planned epochs (cosine anneals to 0 over them; step divides every ⌈epochs / 3⌉). */
  readonly epochs: number;
  /** plateau: the best validation loss so far (null before the first epoch). */
  readonly bestLoss: number | null;
  /** plateau: epochs since the validation loss last improved. */
  readonly epochsWithoutImprovement: number;
}

/**
 * Plateau's settings, after the paper (section 5): "divide the learning rate by 10 when the
 * validation error rate stopped improving"; it did so three times in 90 epochs. Here: an epoch
 * "improves" when the validation loss falls by more than 0.1% of the best; after `patience`
 * epochs without improvement the rate is divided by 10, at most three times.
 */
export const plateauSettings = { factor: 0.1, patience: 2, relativeThreshold: 1e-3, maximumReductions: 3 } as const;

/** The first state of a schedule. */
export function initialSchedule(kind: ScheduleKind, baseLearningRate: number, epochs: number): ScheduleState {
  return { kind, baseLearningRate, learningRate: baseLearningRate, epochs, bestLoss: null, epochsWithoutImprovement: 0 };
}

/**
 * The schedule after `completedEpochs` epochs have finished with this validation loss:
 * - plateau: see plateauSettings;
 * - step: ÷10 after every ⌈epochs / 3⌉ epochs;
 * - cosine: base · (1 + cos(π · completed / epochs)) / 2.
 */
export function advanceSchedule(state: ScheduleState, completedEpochs: number, validationLoss: number): ScheduleState {
  switch (state.kind) {
    case "plateau": {
      const improved = state.bestLoss === null || validationLoss < state.bestLoss * (1 - plateauSettings.relativeThreshold);
      const bestLoss = state.bestLoss === null ? validationLoss : Math.min(state.bestLoss, validationLoss);
      if (improved) return { ...state, bestLoss, epochsWithoutImprovement: 0 };
      const waiting = state.epochsWithoutImprovement + 1;
      const floor = state.baseLearningRate * plateauSettings.factor ** plateauSettings.maximumReductions;
      if (waiting >= plateauSettings.patience && state.learningRate > floor * 1.0001) {
        return { ...state, bestLoss, epochsWithoutImprovement: 0, learningRate: state.learningRate * plateauSettings.factor };
      }
      return { ...state, bestLoss, epochsWithoutImprovement: waiting };
    }
    case "step": {
      const stepSize = Math.max(1, Math.ceil(state.epochs / 3));
      return { ...state, learningRate: state.baseLearningRate * 0.1 ** Math.floor(completedEpochs / stepSize) };
    }
    case "cosine":
      return { ...state, learningRate: (state.baseLearningRate * (1 + Math.cos((Math.PI * Math.min(completedEpochs, state.epochs)) / state.epochs))) / 2 };
  }
}
