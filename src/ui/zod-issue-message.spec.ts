import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { zodIssueMessage } from './zod-issue-message';

function firstIssue(schema: z.ZodType, value: unknown) {
  const result = schema.safeParse(value);
  if (result.success) throw new Error('expected a failure');
  const issue = result.error.issues[0];
  if (!issue) throw new Error('no issue');
  return issue;
}

describe('zodIssueMessage', () => {
  it("keeps the domain schemas' own message keys", () => {
    const schema = z.string().min(1, { message: 'title.required' });
    expect(zodIssueMessage(firstIssue(schema, ''))).toEqual({ key: 'errors.title.required' });
  });

  it('maps text, number and list limits with their bounds', () => {
    expect(zodIssueMessage(firstIssue(z.string().max(3), 'abcd'))).toEqual({
      key: 'errors.tooLong',
      values: { count: 3 },
    });
    expect(zodIssueMessage(firstIssue(z.number().max(90), 91))).toEqual({
      key: 'errors.tooLarge',
      values: { max: 90 },
    });
    expect(zodIssueMessage(firstIssue(z.number().min(-90), -91))).toEqual({
      key: 'errors.tooSmall',
      values: { min: -90 },
    });
    expect(zodIssueMessage(firstIssue(z.array(z.string()).max(2), ['a', 'b', 'c']))).toEqual({
      key: 'errors.tooMany',
      values: { count: 2 },
    });
    expect(zodIssueMessage(firstIssue(z.string().min(1), ''))).toEqual({ key: 'errors.required' });
  });

  it('says "enter a number" for text where a number belongs', () => {
    expect(zodIssueMessage(firstIssue(z.number(), '12a'))).toEqual({ key: 'errors.notANumber' });
    expect(zodIssueMessage(firstIssue(z.number(), undefined))).toEqual({
      key: 'errors.notANumber',
    });
    expect(zodIssueMessage(firstIssue(z.number().int(), 1.5))).toEqual({
      key: 'errors.wholeNumber',
    });
  });

  it('asks to choose a value for an unknown choice, also behind a union with ""', () => {
    expect(zodIssueMessage(firstIssue(z.enum(['a', 'b']), 'c'))).toEqual({
      key: 'errors.chooseValue',
    });
    const regionLike = z.enum(['a', 'b']).or(z.literal(''));
    expect(zodIssueMessage(firstIssue(regionLike, 'c'))).toEqual({ key: 'errors.chooseValue' });
  });

  it('digs a domain message out of a union', () => {
    const dateLike = z
      .string()
      .regex(/^\d{4}$/, { message: 'date.invalid' })
      .or(z.literal(''));
    expect(zodIssueMessage(firstIssue(dateLike, '20x7'))).toEqual({ key: 'errors.date.invalid' });
  });

  it('reports a broken link and other formats', () => {
    expect(zodIssueMessage(firstIssue(z.uuid(), 'nope'))).toEqual({ key: 'errors.invalidLink' });
    expect(zodIssueMessage(firstIssue(z.email(), 'nope'))).toEqual({
      key: 'errors.invalidFormat',
    });
    expect(zodIssueMessage(firstIssue(z.boolean(), 'yes'))).toEqual({ key: 'errors.invalid' });
  });
});
