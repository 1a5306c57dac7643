import { describe, expect, it } from 'vitest';
import { TransferRate } from './transfer-rate';

describe('TransferRate', () => {
  it('knows no speed from a single sample', () => {
    const rate = new TransferRate();
    rate.add(1000, 0);
    expect(rate.bytesPerSecond()).toBeNull();
    expect(rate.secondsLeft(5000)).toBeNull();
  });

  it('measures bytes per second between samples', () => {
    const rate = new TransferRate();
    rate.add(0, 0);
    rate.add(2_000_000, 1000);
    expect(rate.bytesPerSecond()).toBe(2_000_000);
    expect(rate.secondsLeft(10_000_000)).toBe(4);
  });

  it('forgets samples older than the window, so a slowdown shows', () => {
    const rate = new TransferRate(3000);
    rate.add(0, 0);
    rate.add(30_000_000, 1000); // fast start: 30 MB/s
    rate.add(31_000_000, 5000);
    rate.add(32_000_000, 6000);
    rate.add(33_000_000, 7000); // then 1 MB/s for several seconds
    expect(rate.bytesPerSecond()).toBe(1_000_000);
  });

  it('rounds the time left up and never goes below zero', () => {
    const rate = new TransferRate();
    rate.add(0, 0);
    rate.add(3, 1000);
    expect(rate.secondsLeft(10)).toBe(3);
    expect(rate.secondsLeft(2)).toBe(0);
  });

  it('has no time left estimate while nothing moves', () => {
    const rate = new TransferRate();
    rate.add(500, 0);
    rate.add(500, 2000);
    expect(rate.bytesPerSecond()).toBe(0);
    expect(rate.secondsLeft(1000)).toBeNull();
  });

  it('starts over when the byte count goes backwards', () => {
    const rate = new TransferRate();
    rate.add(0, 0);
    rate.add(9000, 1000);
    rate.add(100, 1500);
    expect(rate.bytesPerSecond()).toBeNull();
    rate.add(1100, 2500);
    expect(rate.bytesPerSecond()).toBe(1000);
  });
});
