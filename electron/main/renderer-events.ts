import { apiEvents, type ApiEvent } from '../../src/domain/api';

/** The window's web contents, as far as sending events needs it. */
export interface EventReceiver {
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
}

/**
 * Sends one of the contract's events to the renderer, only if its payload
 * passes the event's schema: the page must never receive something the
 * contract does not describe (a stray field could carry a path or a key).
 * Returns whether it was sent; there may be no window to send to.
 */
export function sendApiEvent(
  receiver: EventReceiver | null,
  event: ApiEvent,
  payload: unknown,
): boolean {
  if (receiver === null || receiver.isDestroyed()) return false;
  const { channel, payload: schema } = apiEvents[event];
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    // A bug in main, not a user error; dropping one event is harmless.
    console.error(`event ${event} not sent: its payload does not match the contract`);
    return false;
  }
  if (parsed.data === undefined) receiver.send(channel);
  else receiver.send(channel, parsed.data);
  return true;
}
