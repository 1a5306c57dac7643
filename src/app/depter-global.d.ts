import type { DepterApi } from '../domain/api';

declare global {
  interface Window {
    /** The narrow API the preload exposes (absent when the renderer runs in a plain browser). */
    depter: DepterApi;
  }
}

export {};
