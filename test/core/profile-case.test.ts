/** Profile names that differ only in letter case are refused (Credential Manager would merge them). */
import { describe, expect, it } from 'vitest';
import { refuseCaseTwin } from '../../src/core/profile-case.js';

describe('profile names and letter case', () => {
  it('a name that differs from an existing one only in case is a usage error naming both', () => {
    expect(() => refuseCaseTwin(['Prod', 'dev'], 'prod')).toThrow(
      expect.objectContaining({ kind: 'usage', message: 'Profile "prod" differs from the existing profile "Prod" only in letter case.' }),
    );
    expect(() => refuseCaseTwin(['PROD'], 'Prod')).toThrow(/only in letter case/);
  });

  it('the same name, and names that really differ, are fine', () => {
    expect(() => refuseCaseTwin(['Prod', 'prod-eu'], 'Prod')).not.toThrow();
    expect(() => refuseCaseTwin([], 'prod')).not.toThrow();
  });
});
