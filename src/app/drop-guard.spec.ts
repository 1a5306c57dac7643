import { describe, expect, it } from 'vitest';
import { installDropGuard } from './drop-guard';

/** A drag event as the browser builds it; Node has no DragEvent, the guard reads only these fields. */
function dragEvent(type: 'dragover' | 'drop', types: string[]) {
  const dataTransfer = { types, dropEffect: 'copy' };
  const event = Object.assign(new Event(type, { cancelable: true }), { dataTransfer });
  return { event, dataTransfer };
}

describe('installDropGuard', () => {
  it('stops a dropped file from opening in the window', () => {
    const window = new EventTarget();
    installDropGuard(window);
    const { event } = dragEvent('drop', ['Files']);
    window.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(true);
  });

  it('shows "no drop" while files are dragged over a place that takes none', () => {
    const window = new EventTarget();
    installDropGuard(window);
    const { event, dataTransfer } = dragEvent('dragover', ['Files']);
    window.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(true);
    expect(dataTransfer.dropEffect).toBe('none');
  });

  it('leaves a drop target that accepted the drag alone', () => {
    const window = new EventTarget();
    installDropGuard(window);
    const { event, dataTransfer } = dragEvent('dragover', ['Files']);
    event.preventDefault();
    window.dispatchEvent(event);
    expect(dataTransfer.dropEffect).toBe('copy');
  });

  it('does not interfere with dragging text inside the page', () => {
    const window = new EventTarget();
    installDropGuard(window);
    const { event } = dragEvent('dragover', ['text/plain']);
    window.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(false);
  });

  it('is removed by the function it returns', () => {
    const window = new EventTarget();
    installDropGuard(window)();
    const { event } = dragEvent('drop', ['Files']);
    window.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(false);
  });
});
