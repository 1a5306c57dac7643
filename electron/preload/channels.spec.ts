import { describe, expect, it } from 'vitest';
import { apiContract, apiEvents, API_METHODS, type ApiEvent } from '../../src/domain/api';
import { PRELOAD_CHANNELS, PRELOAD_EVENT_CHANNELS } from './channels';
import { MAX_DROPPED_PATHS_PER_CALL } from './depter-api';

const API_EVENTS = Object.keys(apiEvents) as ApiEvent[];

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

describe('preload event channel table', () => {
  it('has exactly the events of the API contract', () => {
    expect(Object.keys(PRELOAD_EVENT_CHANNELS).sort()).toEqual([...API_EVENTS].sort());
  });

  it.each(API_EVENTS)('uses the contract channel for %s', (event) => {
    expect(PRELOAD_EVENT_CHANNELS[event]).toBe(apiEvents[event].channel);
  });

  it('shares no channel with a method, so an event can never be invoked', () => {
    const methodChannels = new Set(Object.values(PRELOAD_CHANNELS));
    for (const channel of Object.values(PRELOAD_EVENT_CHANNELS)) {
      expect(methodChannels.has(channel), channel).toBe(false);
    }
  });
});

describe('the preload’s batch size for dropped files', () => {
  it('is exactly the most paths the contract accepts in one call', () => {
    const { input } = apiContract.registerDroppedFiles;
    const paths = (count: number) => ({ paths: Array.from({ length: count }, () => '/a') });
    expect(input.safeParse(paths(MAX_DROPPED_PATHS_PER_CALL)).success).toBe(true);
    expect(input.safeParse(paths(MAX_DROPPED_PATHS_PER_CALL + 1)).success).toBe(false);
  });
});
