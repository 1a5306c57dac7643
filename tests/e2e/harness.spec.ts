import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_METHODS, apiEvents, type DepterApi } from '../../src/domain/api';
import { ALLOWED_EXTERNAL_HOSTS } from '../../electron/services/external-links';
import { emitApiEvent } from './harness/bridge';
import { expect, test } from './harness/fixtures';
import { seriousAccessibilityViolations } from './harness/axe';
import { messages } from './harness/locales';
import { collectScreenText, findEnglish } from './harness/screen-text';
import { watchRendererErrors } from './harness/renderer-errors';
import { startStaticServer } from './harness/static-server';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/security';
import {
  EVIDENCE_PATH,
  PRODUCTION_EVIDENCE_SOURCE,
  metaPolicyOf,
  withHarnessEvidenceSource,
} from './harness/evidence-csp';
import { REPO_ROOT } from './harness/paths';

/** The page's window as the preload (or the harness's init script) leaves it. */
type DepterWindow = Window & { depter: DepterApi };

// The harness itself: if these fail, every scenario's result is meaningless.

test.describe('static server', () => {
  test('serves the built renderer with the right MIME types', async ({ rendererServer }) => {
    const response = await fetch(`${rendererServer.origin}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await response.text();
    const script = /<script[^>]+src="\.?(\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script, 'index.html loads a script').toBeTruthy();
    const js = await fetch(`${rendererServer.origin}${script}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  test('never serves anything outside its root', async () => {
    const root = await mkdtemp(join(tmpdir(), 'depter-static-'));
    const outside = await mkdtemp(join(tmpdir(), 'depter-outside-'));
    try {
      await writeFile(join(root, 'index.html'), '<p>inside</p>');
      await writeFile(join(outside, 'secret.txt'), 'secret');
      await symlink(join(outside, 'secret.txt'), join(root, 'link.txt'));
      const server = await startStaticServer(root, CONTENT_SECURITY_POLICY);
      try {
        const status = async (path: string) => (await fetch(`${server.origin}${path}`)).status;
        expect(await status('/index.html')).toBe(200);
        expect(await status('/missing.js')).toBe(404);
        expect(await status('/link.txt')).toBe(404);
        expect(await status('/%2e%2e/%2e%2e/etc/passwd')).toBe(404);
        expect(await status('/..%2f..%2fetc%2fpasswd')).toBe(404);
        expect(await status('/..%5c..%5cetc%5cpasswd')).toBe(404);
        expect(await status('/index.html%00.js')).toBe(404);
        expect(await status('/%E0%A4%A')).toBe(404);
        const post = await fetch(`${server.origin}/index.html`, { method: 'POST' });
        expect(post.status).toBe(405);
        // The same handler main uses for app://: the policy travels with every answer.
        const served = await fetch(`${server.origin}/`);
        expect(await served.text()).toBe('<p>inside</p>');
        expect(served.headers.get('content-security-policy')).toBe(
          withHarnessEvidenceSource(CONTENT_SECURITY_POLICY, server.origin),
        );
      } finally {
        await server.close();
      }
    } finally {
      await rm(root, { recursive: true, force: true });
      await rm(outside, { recursive: true, force: true });
    }
  });

  test('sends the production policy with only the evidence source moved to its own path', async ({
    rendererServer,
  }) => {
    const origin = rendererServer.origin;
    const harnessSource = `${origin}${EVIDENCE_PATH}`;
    // The production policies name the evidence scheme for media and images (else nothing is substituted).
    const sourceHtml = await readFile(join(REPO_ROOT, 'src/index.html'), 'utf8');
    const productionMeta = metaPolicyOf(sourceHtml);
    expect(productionMeta).not.toBeNull();
    for (const policy of [CONTENT_SECURITY_POLICY, productionMeta!]) {
      expect(policy).toMatch(new RegExp(`media-src [^;]*${PRODUCTION_EVIDENCE_SOURCE}`));
      expect(policy).toMatch(new RegExp(`img-src [^;]*${PRODUCTION_EVIDENCE_SOURCE}`));
      const substituted = withHarnessEvidenceSource(policy, origin);
      expect(substituted).not.toContain(PRODUCTION_EVIDENCE_SOURCE);
      // Putting the scheme back gives the production policy exactly: nothing else changed.
      expect(substituted.replaceAll(harnessSource, PRODUCTION_EVIDENCE_SOURCE)).toBe(policy);
    }

    const served = await fetch(`${origin}/`);
    expect(served.headers.get('content-security-policy')).toBe(
      withHarnessEvidenceSource(CONTENT_SECURITY_POLICY, origin),
    );
    expect(rendererServer.contentSecurityPolicy).toBe(
      served.headers.get('content-security-policy'),
    );
    const servedHtml = await served.text();
    expect(metaPolicyOf(servedHtml)).toBe(withHarnessEvidenceSource(productionMeta!, origin));
  });

  test('answers evidence paths only with the evidence handler of a test', async ({
    rendererServer,
  }) => {
    const token = 'A'.repeat(43);
    // The fixture's bridge is not set up in this test: no handler, so nothing is served.
    expect((await fetch(`${rendererServer.origin}${EVIDENCE_PATH}${token}`)).status).toBe(404);
    expect(() => rendererServer.evidenceUrlFor(`${rendererServer.origin}/x`)).toThrow();
    expect(rendererServer.evidenceUrlFor(`depter-evidence://media/${token}`)).toBe(
      `${rendererServer.origin}${EVIDENCE_PATH}${token}`,
    );
  });

  test('only serves the renderer build', async ({ rendererServer }) => {
    expect((await fetch(`${rendererServer.origin}/../preload/index.cjs`)).status).toBe(404);
    expect((await fetch(`${rendererServer.origin}/%2e%2e/preload/index.cjs`)).status).toBe(404);
  });
});

test.describe('window.depter bridge', () => {
  test.use({ systemLocales: ['ky-KG', 'ru-RU'] });

  test('exposes exactly the contract methods and events, frozen', async ({ page }) => {
    await page.goto('/');
    const shape = await page.evaluate(() => {
      const api = (window as unknown as { depter: Record<string, unknown> }).depter;
      return {
        methods: Object.keys(api).sort(),
        allFunctions: Object.values(api).every((value) => typeof value === 'function'),
        frozen: Object.isFrozen(api),
      };
    });
    const eventSubscriptions = Object.keys(apiEvents).map(
      (event) => `on${event.charAt(0).toUpperCase()}${event.slice(1)}`,
    );
    expect(shape).toEqual({
      methods: [...API_METHODS, ...eventSubscriptions].sort(),
      allFunctions: true,
      frozen: true,
    });
  });

  test('delivers events to subscribed listeners until they unsubscribe', async ({ page }) => {
    await page.goto('/');
    await page.evaluate(() => {
      const calls: number[] = [];
      (window as unknown as { lockCalls: number[] }).lockCalls = calls;
      const stop = (window as unknown as DepterWindow).depter.onLockRequested(
        (...args: unknown[]) => calls.push(args.length),
      );
      (window as unknown as { stopLock: () => void }).stopLock = stop;
    });
    const callsSoFar = () =>
      page.evaluate(() => [...(window as unknown as { lockCalls: number[] }).lockCalls]);

    await emitApiEvent(page, 'lockRequested');
    expect(await callsSoFar()).toEqual([0]);
    await page.evaluate(() => (window as unknown as { stopLock: () => void }).stopLock());
    await emitApiEvent(page, 'lockRequested');
    expect(await callsSoFar()).toEqual([0]);
  });

  test('delivers event payloads, checked against the contract', async ({ page }) => {
    await page.goto('/');
    await page.evaluate(() => {
      const seen: unknown[] = [];
      (window as unknown as { progressSeen: unknown[] }).progressSeen = seen;
      (window as unknown as DepterWindow).depter.onEvidenceProgress((progress) =>
        seen.push(progress),
      );
    });
    const progress = { jobId: 'job-0123456789abcdef', bytesDone: 10, bytesTotal: 20 };
    await emitApiEvent(page, 'evidenceProgress', progress);
    // A field the contract does not name never reaches the page (it could carry a path).
    await emitApiEvent(page, 'evidenceProgress', { ...progress, path: '/home/monitor/x.mp4' });
    await expect(emitApiEvent(page, 'evidenceProgress', { jobId: 'short' })).rejects.toThrow();
    expect(
      await page.evaluate(() => (window as unknown as { progressSeen: unknown[] }).progressSeen),
    ).toEqual([progress, progress]);
  });

  test('reaches the real handlers and returns their results', async ({ page, bridge }) => {
    // A page of the same origin without the app, so only these calls reach the bridge.
    await page.goto('/no-app-here');
    const callsByApp = bridge.calls.length;
    const locales = await page.evaluate(() =>
      (window as unknown as DepterWindow).depter.getSystemLocales(),
    );
    expect(locales).toEqual(['ky-KG', 'ru-RU']);

    const saved = await page.evaluate(() =>
      (window as unknown as DepterWindow).depter.saveTextFile({
        suggestedName: 'record.json',
        content: '{"кыргыз":"тил"}',
      }),
    );
    expect(saved).toEqual({ saved: true });
    expect(await readFile(join(bridge.saveDir, 'record.json'), 'utf8')).toBe('{"кыргыз":"тил"}');

    bridge.cancelNextSave = true;
    const cancelled = await page.evaluate(() =>
      (window as unknown as DepterWindow).depter.saveTextFile({
        suggestedName: 'other.json',
        content: 'x',
      }),
    );
    expect(cancelled).toEqual({ saved: false });
    expect(bridge.calls.slice(callsByApp).map((call) => call.method)).toEqual([
      'getSystemLocales',
      'saveTextFile',
      'saveTextFile',
    ]);
  });

  test('rejects invalid payloads in the renderer, as main does', async ({ page, bridge }) => {
    await page.goto('/');
    const outcome = await page.evaluate(async () => {
      const api = (window as unknown as DepterWindow).depter as unknown as Record<
        string,
        (input: unknown) => Promise<unknown>
      >;
      const attempt = async (run: () => Promise<unknown>) => {
        try {
          return { resolved: await run() };
        } catch (error) {
          return { rejected: error instanceof Error };
        }
      };
      return {
        pathInName: await attempt(() =>
          api.saveTextFile!({ suggestedName: '../escape.json', content: 'x' }),
        ),
        wrongType: await attempt(() => api.openExternal!({ url: 42 })),
        noInput: await attempt(() => api.saveTextFile!(undefined)),
      };
    });
    expect(outcome).toEqual({
      pathInName: { rejected: true },
      wrongType: { rejected: true },
      noInput: { rejected: true },
    });
    expect(bridge.openedUrls).toEqual([]);
  });

  test('opens only allowed external links', async ({ page, bridge }) => {
    await page.goto('/');
    const allowed = `https://${[...ALLOWED_EXTERNAL_HOSTS][0]}/`;
    const results = await page.evaluate(async (allowedUrl) => {
      const tryOpen = async (url: string) => {
        try {
          return (await (window as unknown as DepterWindow).depter.openExternal({ url })).opened;
        } catch {
          return 'rejected';
        }
      };
      return {
        allowed: await tryOpen(allowedUrl),
        plainHttp: await tryOpen('http://example.org/'),
        file: await tryOpen('file:///etc/passwd'),
        javascript: await tryOpen('javascript:alert(1)'),
      };
    }, allowed);
    expect(results).toEqual({
      allowed: true,
      plainHttp: false,
      file: false,
      javascript: false,
    });
    expect(bridge.openedUrls).toEqual([allowed]);
  });
});

test.describe('renderer error watch', () => {
  // The page fixture fails a test on whatever this collects.
  test('catches CSP violations and uncaught errors', async ({ browser, rendererServer }) => {
    const page = await browser.newPage();
    try {
      const errors = watchRendererErrors(page);
      await page.goto(`${rendererServer.origin}/`);
      await page.waitForLoadState('networkidle');
      expect(errors).toEqual([]);

      await page.evaluate(() => {
        const script = document.createElement('script');
        script.textContent = 'window.name = "inline script ran"';
        document.body.append(script);
        setTimeout(() => {
          throw new Error('boom from the renderer');
        }, 0);
      });
      // Each policy (the header and index.html's meta tag) reports the violation.
      await expect
        .poll(() => ({
          csp: errors.some((error) => /violates the following Content Security Policy/.test(error)),
          uncaught: errors.includes('boom from the renderer'),
        }))
        .toEqual({ csp: true, uncaught: true });
      expect(await page.evaluate(() => window.name)).not.toBe('inline script ran');
    } finally {
      await page.close();
    }
  });
});

test.describe('English detector', () => {
  /** An English UI message with real words that Kyrgyz does not share. */
  function someEnglishOnlyMessage(): string {
    const kyrgyz = new Set(messages('ky').values());
    for (const value of messages('en').values()) {
      if (/[A-Za-z]{3,}/.test(value) && !value.includes('{{') && !kyrgyz.has(value)) return value;
    }
    throw new Error('no English-only message in locales/en');
  }

  test('reads visible text and spoken attributes, not hidden text or typed values', async ({
    page,
  }) => {
    await page.goto('/');
    await page.setContent(`
      <main>
        <h1>Көрүнгөн</h1>
        <p hidden>Invisible words</p>
        <button aria-label="Жабуу">×</button>
        <input placeholder="Издөө" value="typed by the user">
        <select><option>Биринчи</option><option>Экинчи</option></select>
        <img alt="Сүрөт" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
      </main>`);
    const text = await collectScreenText(page);
    expect(text).toEqual(
      expect.arrayContaining(['Көрүнгөн', 'Жабуу', '×', 'Издөө', 'Биринчи', 'Экинчи', 'Сүрөт']),
    );
    expect(text.join(' ')).not.toContain('Invisible');
    expect(text.join(' ')).not.toContain('typed by the user');
  });

  test('flags English messages and stray Latin words, but not user data', () => {
    const english = someEnglishOnlyMessage();
    expect(findEnglish(['Окуя', english], 'ky', [])).toEqual([
      expect.stringContaining(`"${english}" is the English message`),
    ]);
    expect(findEnglish(['Журналист BBC кармалды'], 'ky', [])).toEqual([
      expect.stringContaining('Latin words: BBC'),
    ]);
    expect(findEnglish(['Журналист BBC кармалды'], 'ky', ['корреспондент BBC'])).toEqual([]);
    expect(findEnglish(['Кыргызча', 'Русский', 'English'], 'ky', [])).toEqual([]);
    // A hash shown by its first digits: its last letters are cut from a longer run of the data.
    expect(findEnglish(['5074cdd0ebff'], 'ky', ['5074cdd0ebffa93c'])).toEqual([]);
    expect(findEnglish(['5074cdd0ebff'], 'ky', [])).toEqual([
      expect.stringContaining('Latin words: cdd, ebff'),
    ]);
    expect(findEnglish(['list.title'], 'ky', [])).toEqual([
      expect.stringContaining('Latin words: list, title'),
    ]);
  });
});

test('the axe helper reports serious violations with their nodes', async ({ page }) => {
  await page.goto('/');
  await page.setContent(`
    <html lang="ky"><head><title>Текшерүү</title></head><body><main>
      <h1>Текшерүү</h1>
      <input type="text" id="unnamed">
      <button id="empty"></button>
    </main></body></html>`);
  const violations = await seriousAccessibilityViolations(page);
  expect(violations.join('\n')).toContain('#unnamed');
  expect(violations.join('\n')).toContain('#empty');
  expect(violations.every((line) => /^\[(serious|critical)\]/.test(line))).toBe(true);
});

test('the axe helper reads colours at rest, not half-way through a transition', async ({
  page,
}) => {
  await page.goto('/');
  await page.setContent(`
    <html lang="ky"><head><title>Текшерүү</title></head><body><main>
      <h1>Текшерүү</h1>
      <button id="fading">Жөнөтүү</button>
    </main></body></html>`);
  // Fade the button from white to dark blue, as a button does when it becomes
  // enabled; axe reading it half-way would see white on a pale background.
  // Styles go through the CSSOM: the policy refuses inline style sheets.
  await page.evaluate(() => {
    const button = document.getElementById('fading')!;
    Object.assign(button.style, {
      color: '#ffffff',
      backgroundColor: '#ffffff',
      border: '0',
      transition: 'background-color 1500ms linear',
    });
    void button.getBoundingClientRect();
    button.style.backgroundColor = '#1f4e6e';
  });
  expect(await page.evaluate(() => document.getAnimations().length)).toBe(1);
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  expect(await page.evaluate(() => document.getAnimations().length)).toBe(0);
});
