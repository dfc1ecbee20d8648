import { describe, expect, it } from "vitest";
import { judgeLower, judgeSpeedUp, noiseMultiple } from "./verdict.js";

describe("verdicts from the spread over seeds", () => {
  it("holds when one arm is clearly lower, does not hold when it is clearly higher", () => {
    expect(judgeLower([10.1, 10.3, 9.9], [14.2, 13.8, 14.1]).verdict).toBe("holds here");
    expect(judgeLower([14.2, 13.8, 14.1], [10.1, 10.3, 9.9]).verdict).toBe("does not hold here");
  });

  it("is within noise when the arms tie or the difference is smaller than two standard errors", () => {
    expect(judgeLower([10, 12, 11], [11, 10, 12]).verdict).toBe("within noise");
    const close = judgeLower([10, 12, 14], [11, 13, 15]);
    expect(close.estimate).toBeCloseTo(1, 9);
    expect(close.standardError).toBeCloseTo(Math.sqrt(4 / 3 + 4 / 3), 9);
    expect(close.verdict).toBe("within noise");
  });

  it("gives no verdict but noise from a single seed, however large the difference", () => {
    const single = judgeLower([1], [50]);
    expect(single.standardError).toBeNaN();
    expect(single.verdict).toBe("within noise");
  });

  it("asks for more standard errors with fewer seeds (Student's t)", () => {
    expect(noiseMultiple(2)).toBeCloseTo(4.303, 3);
    expect(noiseMultiple(4.7)).toBeCloseTo(2.776, 3);
    expect(noiseMultiple(100)).toBe(1.96);
    // About 3.5 standard errors do not count with 2 + 2 seeds (t 4.30); 3.1 do with 5 + 5 (t 2.31).
    expect(judgeLower([10, 11], [12.5, 13.5]).verdict).toBe("within noise");
    expect(judgeLower([9, 10, 11, 10, 10], [10.4, 11.4, 12.4, 11.4, 11.4]).verdict).toBe("holds here");
  });

  it("judges a speed-up ratio against 1", () => {
    expect(judgeSpeedUp([3.1, 2.8, 3.3]).verdict).toBe("holds here");
    expect(judgeSpeedUp([0.5, 0.45, 0.55]).verdict).toBe("does not hold here");
    expect(judgeSpeedUp([0.9, 1.2, 1.0]).verdict).toBe("within noise");
  });
});
