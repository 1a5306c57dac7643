import { describe, expect, it } from 'vitest';
import { EVIDENCE_ERRORS } from '../domain/api';
import { evidenceErrorCodeOf, evidenceErrorKey } from './evidence-errors';

describe('evidenceErrorCodeOf', () => {
  it('finds the code an EvidenceError message starts with', () => {
    expect(evidenceErrorCodeOf(new Error('DISK_FULL: no space left'))).toBe('DISK_FULL');
  });

  it("finds it behind Electron's IPC prefix", () => {
    const ipc = new Error(
      "Error invoking remote method 'evidence:attach': EvidenceError: SOURCE_UNREADABLE: gone",
    );
    expect(evidenceErrorCodeOf(ipc)).toBe('SOURCE_UNREADABLE');
  });

  it('knows every code of the contract', () => {
    for (const code of EVIDENCE_ERRORS) {
      expect(evidenceErrorCodeOf(new Error(`${code}: x`))).toBe(code);
    }
  });

  it('does not mistake a word inside another for a code', () => {
    expect(evidenceErrorCodeOf(new Error('UNLOCKED: fine'))).toBeNull();
    expect(evidenceErrorCodeOf(new Error('the file is DAMAGED'))).toBeNull();
  });

  it('returns null for anything that is not an evidence error', () => {
    expect(evidenceErrorCodeOf(new TypeError('x is undefined'))).toBeNull();
    expect(evidenceErrorCodeOf(undefined)).toBeNull();
    expect(evidenceErrorCodeOf({ message: 'DAMAGED: x' })).toBeNull();
  });
});

describe('evidenceErrorKey', () => {
  it('names one message per code and one for the unexpected', () => {
    expect(evidenceErrorKey('MISMATCH')).toBe('errors.MISMATCH');
    expect(evidenceErrorKey(null)).toBe('errors.unexpected');
  });
});
