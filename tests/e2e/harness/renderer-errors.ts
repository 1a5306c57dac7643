import type { Page } from '@playwright/test';

/**
 * Collects, from now on, every uncaught error and every Content-Security-
 * Policy violation in `page`. Returns the live list.
 */
export function watchRendererErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    // Only what was blocked, not Chromium's notes about the policy itself
    // (such as "frame-ancestors is ignored when delivered via a <meta> element").
    const text = message.text();
    if (
      message.type() === 'error' &&
      /violates the following Content Security Policy/i.test(text)
    ) {
      errors.push(text);
    }
  });
  return errors;
}
