/**
 * Resolves in a later task, after pending input and rendering. A message on a
 * fresh channel is not throttled the way nested setTimeout(0) is (4 ms each).
 */
export function nextMacrotask(): Promise<void> {
  if (typeof MessageChannel === 'undefined') {
    return new Promise((resolve) => setTimeout(resolve, 0));
  }
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      // A port left open keeps Node's event loop alive (tests, workers).
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
