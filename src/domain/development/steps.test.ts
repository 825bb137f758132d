import { describe, expect, it } from 'vitest';
import { DEVELOPMENT_STAGES, DEVELOPMENT_STEPS, nextStep, stepByKey } from './steps.js';

describe('the 25 steps', () => {
  it('are numbered 1–25 in order, with unique keys, every stage in order', () => {
    expect(DEVELOPMENT_STEPS.map((s) => s.no)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(new Set(DEVELOPMENT_STEPS.map((s) => s.key)).size).toBe(25);
    const stageOrder = DEVELOPMENT_STEPS.map((s) => DEVELOPMENT_STAGES.indexOf(s.stage));
    expect(stageOrder).toEqual([...stageOrder].sort((a, b) => a - b));
    expect(new Set(DEVELOPMENT_STEPS.map((s) => s.stage)).size).toBe(5);
  });

  it('put approval with the higher committee and filing as filing', () => {
    expect(stepByKey('admission_approval')).toMatchObject({ actor: 'higher_committee', higher: 'approval' });
    expect(stepByKey('confirmation_approval')?.higher).toBe('approval');
    expect(stepByKey('activist_filed')?.higher).toBe('filing');
    // The 2026 revision turns the candidate filing into the higher committee's consent.
    expect(stepByKey('candidate_filed')?.changes2026).toContain('同意');
    expect(DEVELOPMENT_STEPS.every((s) => s.citation2014.length > 0)).toBe(true);
  });

  it('walk from the application to the archive', () => {
    expect(nextStep(null)?.key).toBe('application');
    expect(nextStep('admission_vote')?.key).toBe('higher_interview');
    expect(nextStep('archived')).toBeNull();
    expect(() => nextStep('nope')).toThrow('未知的发展党员步骤');
  });
});
