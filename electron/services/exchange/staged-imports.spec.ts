import { describe, expect, it } from 'vitest';
import { StagedImports } from './staged-imports';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

describe('StagedImports', () => {
  it('returns for deletion what an import held alone and did not commit', () => {
    const ledger = new StagedImports();
    ledger.begin('one');
    ledger.hold('one', A);
    ledger.hold('one', B);
    expect(ledger.filesHeldBy('one')).toEqual([A, B]);
    expect(ledger.end('one', [A])).toEqual({ toDiscard: [B] });
    expect(ledger.isTracked('one')).toBe(false);
    expect(ledger.isHeld(A)).toBe(false);
  });

  it('keeps a shared file until its last holder lets go', () => {
    const ledger = new StagedImports();
    ledger.begin('one');
    ledger.begin('two');
    ledger.hold('one', A);
    ledger.hold('two', A);
    expect(ledger.end('one', [])).toEqual({ toDiscard: [] });
    expect(ledger.isHeld(A)).toBe(true);
    expect(ledger.end('two', [])).toEqual({ toDiscard: [A] });
  });

  it('never deletes a file another import committed; the other may still commit it', () => {
    const ledger = new StagedImports();
    ledger.begin('one');
    ledger.begin('two');
    ledger.hold('one', A);
    ledger.hold('two', A);
    expect(ledger.end('one', [A])).toEqual({ toDiscard: [] });
    expect(ledger.filesHeldBy('two')).toEqual([A]);
    expect(ledger.end('two', [])).toEqual({ toDiscard: [] });
  });

  it('refuses unknown and repeated imports', () => {
    const ledger = new StagedImports();
    expect(() => ledger.hold('nobody', A)).toThrow();
    expect(() => ledger.end('nobody', [])).toThrow();
    ledger.begin('one');
    expect(() => ledger.begin('one')).toThrow();
    expect(ledger.importIds()).toEqual(['one']);
  });
});
