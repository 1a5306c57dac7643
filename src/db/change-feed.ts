import { z } from 'zod';
import type { RepositoryChange } from './repository-types';
import type { RecordTable } from './schema';

type Listener = (change: RepositoryChange) => void;

const broadcastSchema = z.object({
  table: z.enum(['incidents', 'actors', 'evidence']),
  ids: z.array(z.string()),
});

/**
 * Tells listeners about committed changes: those made through this repository
 * and, over a BroadcastChannel, those made by another window of the app on the
 * same database (so an open editor notices that its record moved on).
 */
export class ChangeFeed {
  private readonly listeners = new Set<Listener>();
  private readonly channel: BroadcastChannel | null;

  constructor(channelName: string) {
    this.channel =
      typeof BroadcastChannel === 'function' ? new BroadcastChannel(channelName) : null;
    if (this.channel) {
      // In Node (services, scripts, tests) an open channel would keep the
      // process alive; it should not outlive everything else.
      (this.channel as BroadcastChannel & { unref?: () => void }).unref?.();
      this.channel.onmessage = (event: MessageEvent<unknown>) => {
        const message = broadcastSchema.safeParse(event.data);
        if (message.success) this.deliver(message.data.table, message.data.ids);
      };
    }
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Call only after the transaction that made the change has committed. */
  publish(table: RecordTable, ids: readonly string[]): void {
    if (ids.length === 0) return;
    this.deliver(table, ids);
    this.channel?.postMessage({ table, ids: [...ids] });
  }

  close(): void {
    this.listeners.clear();
    this.channel?.close();
  }

  private deliver(table: RecordTable, ids: readonly string[]): void {
    for (const listener of [...this.listeners]) {
      for (const id of ids) {
        try {
          listener({ table, id });
        } catch (error) {
          // One failing listener must not hide the change from the others,
          // nor turn a committed write into a failed one for the caller.
          console.error('repository change listener failed', error);
        }
      }
    }
  }
}
