import decodeQR from 'qr/decode.js';
import { describe, expect, it } from 'vitest';
import { parseContactCard, writeContactCard } from '../../domain/contact-card';
import { contactCardQrSvg } from './contact-qr';

const RECIPIENT = 'age1xmwwc06ly3ee5rytxm9mflaz2u56jjj36s0mypdrwsvlul66mv4q47ryef';
const SIGNING_KEY = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';
const SCALE = 6;

/**
 * Draws the SVG the way a screen would, as black unit squares on white: the
 * path is a run of one-module squares, each started by M (absolute) or m
 * (relative to the previous square's corner, where Z returned the pen).
 */
function rasterise(svg: string): { width: number; height: number; data: Uint8ClampedArray } {
  const size = Number(/viewBox="0 0 (\d+) \1"/.exec(svg)?.[1]);
  const path = /<path d="([^"]+)"/.exec(svg)?.[1];
  if (!Number.isInteger(size) || path === undefined) throw new Error('unexpected SVG shape');
  const dark = new Set<string>();
  let x = 0;
  let y = 0;
  for (const [, command, dx, dy] of path.matchAll(/([Mm])(-?\d+) (-?\d+)/g)) {
    x = command === 'M' ? Number(dx) : x + Number(dx);
    y = command === 'M' ? Number(dy) : y + Number(dy);
    dark.add(`${x},${y}`);
  }
  const width = size * SCALE;
  const data = new Uint8ClampedArray(width * width * 4).fill(255);
  for (let row = 0; row < width; row++) {
    for (let column = 0; column < width; column++) {
      if (!dark.has(`${Math.floor(column / SCALE)},${Math.floor(row / SCALE)}`)) continue;
      const offset = (row * width + column) * 4;
      data[offset] = 0;
      data[offset + 1] = 0;
      data[offset + 2] = 0;
    }
  }
  return { width, height: width, data };
}

describe('contactCardQrSvg', () => {
  it('encodes a card that a QR reader gives back exactly, Cyrillic name included', () => {
    for (const name of ['Adilet Legal Clinic', 'Монитор в Оше «Укук»', 'Ош шаарындагы байкоочу']) {
      const card = writeContactCard({
        name,
        ageRecipient: RECIPIENT,
        signingPublicKey: SIGNING_KEY,
      });
      const svg = contactCardQrSvg(card);
      expect(svg.startsWith('<svg')).toBe(true);
      const decoded = decodeQR(rasterise(svg));
      expect(decoded).toBe(card);
      expect(parseContactCard(decoded)).toMatchObject({ ok: true, card: { name } });
    }
  });

  it('encodes a bare recipient too, and a different card gives a different code', () => {
    const bare = writeContactCard({ name: null, ageRecipient: RECIPIENT, signingPublicKey: null });
    expect(decodeQR(rasterise(contactCardQrSvg(bare)))).toBe(bare);
    expect(contactCardQrSvg(bare)).not.toBe(contactCardQrSvg(`${bare} `));
  });

  it('refuses text too long for any QR code', () => {
    expect(() => contactCardQrSvg('x'.repeat(10_000))).toThrow();
  });
});
