import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, type Locator, type Page } from '@playwright/test';
import { formatBytes } from '../../../src/evidence/evidence-format';
import type { Language } from '../../../src/i18n/languages';
import { tr } from './locales';

const run = promisify(execFile);

/** A 6-second 320×240 WebM (VP8, a keyframe every second) made by ffmpeg: the test's protest video. */
export async function makeProtestVideo(dir: string, name = 'protest.webm'): Promise<string> {
  const path = join(dir, name);
  await run('ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-f',
    'lavfi',
    '-i',
    'testsrc=duration=6:size=320x240:rate=25',
    '-c:v',
    'libvpx',
    '-b:v',
    '300k',
    '-g',
    '25',
    '-y',
    path,
  ]);
  return path;
}

/** A small PNG (a photo of a detention, as far as the app can tell). */
export async function makePhoto(dir: string, name = 'detention.png'): Promise<string> {
  const path = join(dir, name);
  await run('ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-f',
    'lavfi',
    '-i',
    'testsrc=size=64x48:rate=1',
    '-frames:v',
    '1',
    '-y',
    path,
  ]);
  return path;
}

export async function sha256Of(path: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
}

/** Every regular file under the evidence folder (stored, incoming and temporary), recursively. */
export async function filesIn(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** A size as the evidence section writes it in `language`. */
export function sizeText(language: Language, bytes: number): string {
  return formatBytes(bytes, language, (key, values) => tr(language, `evidence:${key}`, values));
}

export async function fileSize(path: string): Promise<number> {
  return (await stat(path)).size;
}

/** The evidence section of the open incident, driven by its translated labels. */
export class EvidenceSectionPage {
  readonly section: Locator;

  constructor(
    readonly page: Page,
    readonly language: Language,
  ) {
    this.section = page.getByTestId('evidence-section');
  }

  text(key: string, vars: Record<string, string | number> = {}): string {
    return tr(this.language, `evidence:${key}`, vars);
  }

  items(): Locator {
    return this.section.getByTestId('evidence-item');
  }

  /** The list entry of the file named `name`. */
  item(name: string): Locator {
    return this.items().filter({
      has: this.page.getByRole('heading', { name, exact: true }),
    });
  }

  attachButton(): Locator {
    return this.section.getByRole('button', { name: this.text('attach.button'), exact: true });
  }

  button(item: Locator, key: string): Locator {
    return item.getByRole('button', { name: this.text(key), exact: true });
  }

  async expectNotice(key: string, vars: Record<string, string>): Promise<void> {
    await expect(
      this.section.getByTestId('evidence-notice').filter({ hasText: this.text(key, vars) }),
    ).toBeVisible({ timeout: 20_000 });
  }
}

/** Seeks the player's video to the middle once it has data; resolves when `seeked` fired. */
export async function seekVideoToMiddle(
  page: Page,
): Promise<{ duration: number; target: number; currentTime: number }> {
  const video = page.getByTestId('evidence-video');
  await expect
    .poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 20_000 })
    .toBeGreaterThanOrEqual(2);
  return video.evaluate(
    (v: HTMLVideoElement) =>
      new Promise<{ duration: number; target: number; currentTime: number }>((resolve, reject) => {
        const target = v.duration / 2;
        v.addEventListener('error', () => reject(new Error(`media error ${v.error?.code}`)), {
          once: true,
        });
        v.addEventListener(
          'seeked',
          () => resolve({ duration: v.duration, target, currentTime: v.currentTime }),
          { once: true },
        );
        v.currentTime = target;
      }),
  );
}

/** Whether the player shows a decoded picture: ffmpeg's test pattern has many distinct colours. */
export async function videoShowsPicture(page: Page): Promise<boolean> {
  return page.getByTestId('evidence-video').evaluate((v: HTMLVideoElement) => {
    const canvas = document.createElement('canvas');
    canvas.width = v.videoWidth;
    canvas.height = v.videoHeight;
    const context = canvas.getContext('2d');
    if (!context || canvas.width === 0) return false;
    context.drawImage(v, 0, 0);
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    const colours = new Set<number>();
    for (let i = 0; i < data.length; i += 4 * 97) {
      colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
    }
    return colours.size > 8;
  });
}
