import { describe, expect, it } from 'vitest';
import { actorBodySchema, actorSchema, emptyActorBody } from './actor';

describe('actorBodySchema', () => {
  it('accepts a person with Cyrillic and Latin name variants', () => {
    const body = actorBodySchema.parse({
      kind: 'person',
      name: 'Садыр Жапаров',
      nameVariants: ['Sadyr Japarov', 'Садыр Джапаров', 'Sadyr Zhaparov'],
      defaultRole: 'politician',
    });
    expect(body.nameVariants).toHaveLength(3);
    expect(body.affiliation).toBe('');
  });

  it('accepts a media outlet from the seed report', () => {
    const result = actorBodySchema.safeParse({
      kind: 'organisation',
      name: 'Азаттык',
      nameVariants: ['Radio Azattyk', 'RFE/RL Kyrgyz Service'],
      defaultRole: 'media_outlet',
    });
    expect(result.success).toBe(true);
  });

  it('requires a name and rejects empty variants', () => {
    expect(actorBodySchema.safeParse(emptyActorBody()).success).toBe(false);
    expect(
      actorBodySchema.safeParse({ kind: 'person', name: 'Рита Карасартова', nameVariants: [''] })
        .success,
    ).toBe(false);
  });

  it('rejects unknown kinds and roles', () => {
    expect(actorBodySchema.safeParse({ kind: 'robot', name: 'X' }).success).toBe(false);
    expect(
      actorBodySchema.safeParse({ kind: 'person', name: 'X', defaultRole: 'spy' }).success,
    ).toBe(false);
  });

  it('is stored with sync fields', () => {
    const base = {
      id: '0190a5b2-7c3d-7e4f-8a1b-0000000000bb',
      rev: 2,
      updatedAt: '2024-05-01T10:00:00.000Z',
      updatedBy: 'device-1',
      changeSeq: 4,
      deleted: false,
      kind: 'person',
      name: 'Омурбек Текебаев',
    };
    expect(actorSchema.safeParse(base).success).toBe(true);
    expect(actorSchema.safeParse({ ...base, changeSeq: -1 }).success).toBe(false);
  });
});
