import type { ApiHandlers } from '../../src/domain/api';
import { writeFileAtomic } from './atomic-file';
import { allowedExternalUrl } from './external-links';

/** What the handlers need from the platform (Electron in the app, fakes in tests). */
export interface ApiHandlerDeps {
  getSystemLocales(): string[];
  openExternal(url: string): Promise<void>;
  /** Asks the user where to save; null when they cancel. */
  chooseSavePath(suggestedName: string): Promise<string | null>;
}

// The contract caps the list and each tag; an OS may report more, so the
// handler trims rather than failing the whole call.
const MAX_LOCALES = 50;
const MAX_LOCALE_LENGTH = 35;

export function createApiHandlers(deps: ApiHandlerDeps): ApiHandlers {
  return {
    async getSystemLocales() {
      return deps
        .getSystemLocales()
        .filter((tag) => typeof tag === 'string' && tag.length > 0)
        .filter((tag) => tag.length <= MAX_LOCALE_LENGTH)
        .slice(0, MAX_LOCALES);
    },

    async openExternal({ url }) {
      const allowed = allowedExternalUrl(url);
      if (allowed === null) return { opened: false };
      try {
        await deps.openExternal(allowed);
        return { opened: true };
      } catch {
        // No browser registered, or the OS refused: the renderer tells the user.
        return { opened: false };
      }
    },

    async saveTextFile({ suggestedName, content }) {
      const path = await deps.chooseSavePath(suggestedName);
      if (path === null) return { saved: false };
      await writeFileAtomic(path, content);
      return { saved: true };
    },
  };
}
