import { describe, expect, it } from 'vitest';
import { ZodObject, type ZodType } from 'zod';
import { EXCHANGE_TABLES, type ExchangeTable } from '../domain/exchange';
import { newId } from '../domain/ids';
import { recordHash } from './audit-chain';
import {
  BODY_SCHEMAS,
  IncomingBundleError,
  LINE_SCHEMAS,
  readIncomingBundle,
  type IncomingBundle,
} from './incoming-bundle';
import { sampleIncidentBody } from './test-repository';

function syncFields(overrides: Record<string, unknown> = {}) {
  return {
    id: newId(),
    rev: 1,
    updatedAt: '2026-01-01T00:00:00.000Z',
    updatedBy: 'device-a',
    changeSeq: 1,
    deleted: false,
    ...overrides,
  };
}

function bundleOf(incidents: unknown[]): IncomingBundle {
  return {
    bundleId: newId(),
    sender: { deviceId: 'device-a', name: 'A', fingerprint: '1' },
    records: { incidents, actors: [], evidence: [], lineage: [] },
    stagedFiles: [],
  };
}

/** The object schema a live line of `table` passes: of a union with the tombstone, the option with the most fields. */
function liveLineSchema(table: ExchangeTable): ZodObject {
  const schema: ZodType = LINE_SCHEMAS[table];
  if (schema instanceof ZodObject) return schema;
  const options = (schema as unknown as { options: ZodType[] }).options.filter(
    (option): option is ZodObject => option instanceof ZodObject,
  );
  const size = (option: ZodObject) => Object.keys(option.shape).length;
  const widest = options.sort((left, right) => size(right) - size(left))[0];
  if (!widest) throw new Error(`no live line schema for ${table}`);
  return widest;
}

describe('readIncomingBundle picks bodies out of the checked lines', () => {
  it.each(EXCHANGE_TABLES)(
    'because the %s line schema checks every body field with the body schema itself',
    (table) => {
      const body = BODY_SCHEMAS[table];
      // A check on the body object as a whole would be skipped by picking fields out.
      expect(body._zod.def.checks ?? []).toEqual([]);
      const line = liveLineSchema(table);
      for (const [key, field] of Object.entries(body.shape)) {
        expect(line.shape[key], key).toBe(field);
      }
    },
  );

  it('gives the body its schema would give: defaults filled, unknown fields dropped', async () => {
    const withoutSummary: Partial<ReturnType<typeof sampleIncidentBody>> = sampleIncidentBody();
    delete withoutSummary.summary;
    const line = { ...syncFields(), ...withoutSummary, smuggled: 'not a field' };
    const { revisions } = await readIncomingBundle(bundleOf([line]));
    const [revision] = revisions;
    const expected = BODY_SCHEMAS.incidents.parse(withoutSummary);
    expect(revision?.revision.body).toEqual(expected);
    expect(revision?.revision.body).not.toHaveProperty('smuggled');
    expect(revision?.revision.body).not.toHaveProperty('changeSeq');
    expect(revision?.hash).toBe(
      recordHash({
        id: line.id,
        rev: 1,
        updatedAt: line.updatedAt,
        updatedBy: line.updatedBy,
        deleted: false,
        body: expected,
      }),
    );
  });

  it('refuses a live line whose body breaks its schema, naming the line and field', async () => {
    const lines = [
      { ...syncFields(), ...sampleIncidentBody() },
      { ...syncFields(), ...sampleIncidentBody({ title: '' }) },
    ];
    await expect(readIncomingBundle(bundleOf(lines))).rejects.toThrow(IncomingBundleError);
    await expect(readIncomingBundle(bundleOf(lines))).rejects.toThrow(/incidents line 2: title/);
  });

  it('refuses a line whose sync fields are wrong', async () => {
    const line = { ...syncFields({ rev: 0 }), ...sampleIncidentBody() };
    await expect(readIncomingBundle(bundleOf([line]))).rejects.toThrow(/incidents line 1: rev/);
  });

  it('lets timers run while it checks a large bundle', async () => {
    const lines = Array.from({ length: 1200 }, () => ({
      ...syncFields(),
      ...sampleIncidentBody(),
    }));
    let timerRan = false;
    setTimeout(() => {
      timerRan = true;
    }, 0);
    const reading = readIncomingBundle(bundleOf(lines)).then(() => timerRan);
    expect(await reading).toBe(true);
  });
});
