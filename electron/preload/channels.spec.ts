import { describe, expect, it } from 'vitest';
import { apiContract, API_METHODS } from '../../src/domain/api';
import { PRELOAD_CHANNELS } from './channels';

describe('preload channel table', () => {
  it('has exactly the methods of the API contract', () => {
    expect(Object.keys(PRELOAD_CHANNELS).sort()).toEqual([...API_METHODS].sort());
  });

  it.each(API_METHODS)('uses the contract channel for %s', (method) => {
    expect(PRELOAD_CHANNELS[method]).toBe(apiContract[method].channel);
  });

  it('maps every method to a distinct channel', () => {
    const channels = Object.values(PRELOAD_CHANNELS);
    expect(new Set(channels).size).toBe(channels.length);
  });
});
