import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EvidenceErrorCode } from '../domain/api';
import { evidenceApi, newJobId } from './evidence-api';
import { evidenceErrorCodeOf, evidenceErrorKey } from './evidence-errors';

type Opened =
  | { state: 'opening' }
  | { state: 'ready'; url: string; kind: 'video' | 'audio' | 'image' }
  | { state: 'failed'; code: EvidenceErrorCode | null };

/**
 * Plays a video or audio file (with the browser's own controls: play, pause,
 * seek, volume, all keyboard operable) or shows an image. Main decrypts only
 * the chunks each range request needs. If a chunk fails authentication the
 * request fails, the element reports an error, and the user is told the file
 * is damaged: a damaged file is never shown as if it were fine.
 */
export function EvidencePlayer({
  sha256,
  name,
  caption,
  onProblem,
}: {
  sha256: string;
  name: string;
  caption: string;
  onProblem: (code: EvidenceErrorCode | null) => void;
}) {
  const { t } = useTranslation('evidence');
  const [opened, setOpened] = useState<Opened>({ state: 'opening' });
  // After a media error: 'checking' while the file is verified, then why it failed.
  const [mediaProblem, setMediaProblem] = useState<
    null | 'checking' | 'unsupported' | { code: EvidenceErrorCode | null }
  >(null);

  useEffect(() => {
    let current = true;
    evidenceApi()
      .openEvidence({ sha256 })
      .then(
        (answer) => {
          if (!current) return;
          if (answer.ok) setOpened({ state: 'ready', url: answer.url, kind: answer.kind });
          else {
            setOpened({ state: 'failed', code: answer.error });
            onProblem(answer.error);
          }
        },
        (error: unknown) => {
          if (!current) return;
          const code = evidenceErrorCodeOf(error);
          setOpened({ state: 'failed', code });
          onProblem(code);
        },
      );
    return () => {
      current = false;
    };
  }, [sha256, onProblem]);

  // A failed range request (a chunk that fails authentication) and a codec
  // Chromium lacks look alike to the element, so the file itself decides.
  const failMedia = () => {
    if (mediaProblem !== null) return;
    setMediaProblem('checking');
    evidenceApi()
      .verifyEvidence({ sha256, jobId: newJobId() })
      .then(
        (answer) => {
          if (answer.ok) {
            setMediaProblem('unsupported');
          } else {
            setMediaProblem({ code: answer.error });
            onProblem(answer.error);
          }
        },
        (error: unknown) => {
          const code = evidenceErrorCodeOf(error);
          setMediaProblem({ code });
          onProblem(code);
        },
      );
  };

  if (opened.state === 'opening') {
    return (
      <p className="evidence-player__status" role="status">
        {t('player.opening')}
      </p>
    );
  }
  if (opened.state === 'failed') {
    return (
      <p className="evidence-player__problem" role="alert" data-testid="evidence-player-problem">
        {t(evidenceErrorKey(opened.code))}
      </p>
    );
  }
  if (mediaProblem === 'checking') {
    return (
      <p className="evidence-player__status" role="status">
        {t('player.checking')}
      </p>
    );
  }
  if (mediaProblem !== null) {
    return (
      <p className="evidence-player__problem" role="alert" data-testid="evidence-player-problem">
        {mediaProblem === 'unsupported'
          ? t('player.unsupported')
          : t('player.damaged', { reason: t(evidenceErrorKey(mediaProblem.code)) })}
      </p>
    );
  }
  const label = name;
  switch (opened.kind) {
    case 'video':
      return (
        <video
          className="evidence-player__media"
          src={opened.url}
          controls
          preload="metadata"
          aria-label={label}
          data-testid="evidence-video"
          onError={failMedia}
        />
      );
    case 'audio':
      return (
        <audio
          className="evidence-player__media"
          src={opened.url}
          controls
          preload="metadata"
          aria-label={label}
          data-testid="evidence-audio"
          onError={failMedia}
        />
      );
    case 'image':
      return (
        <img
          className="evidence-player__image"
          src={opened.url}
          alt={caption.trim() === '' ? label : caption}
          data-testid="evidence-image"
          onError={failMedia}
        />
      );
  }
}
