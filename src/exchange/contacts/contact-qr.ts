import encodeQR from 'qr';

/**
 * The contact card as a QR code, so a partner's phone or webcam can read it
 * off the screen. Medium error correction: a card (about 250 bytes) stays a
 * small code that still reads from a slightly blurred photo. A quiet zone of
 * four modules, as the QR standard asks, because the card sits on a panel.
 */
export function contactCardQrSvg(cardText: string): string {
  return encodeQR(cardText, 'svg', { ecc: 'medium', border: 4 });
}
