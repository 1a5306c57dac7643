import { useRef, useState, type DragEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { dragCarriesFiles } from './drag-files';
import type { AttachQueue } from './use-attach-queue';
import './evidence.css';

export interface EvidenceDrop {
  /** Spread on the element that takes drops (the incident editor). */
  targetProps: {
    onDragEnter: (event: DragEvent) => void;
    onDragOver: (event: DragEvent) => void;
    onDragLeave: (event: DragEvent) => void;
    onDrop: (event: DragEvent) => void;
  };
  /** The drop zone shown over the target while files are dragged onto it; render inside it. */
  zone: ReactNode;
}

/**
 * Files dropped anywhere on the incident editor are attached to the
 * incident, several at once. While files are dragged over it a drop zone
 * covers it, so it is clear where they will go.
 */
export function useEvidenceDrop(queue: AttachQueue, enabled: boolean): EvidenceDrop {
  const { t } = useTranslation('evidence');
  const [dragging, setDragging] = useState(false);
  // dragenter/dragleave fire for every child crossed: counted to know when the drag really left.
  const depth = useRef(0);

  // Disabled (an incident not saved yet): not taking the drag lets the window's guard refuse it.
  const takes = (event: DragEvent) => enabled && dragCarriesFiles(event.dataTransfer);
  const targetProps: EvidenceDrop['targetProps'] = {
    onDragEnter: (event) => {
      if (!takes(event)) return;
      event.preventDefault();
      depth.current += 1;
      setDragging(true);
    },
    onDragOver: (event) => {
      if (!takes(event)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    },
    onDragLeave: (event) => {
      if (!takes(event)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setDragging(false);
    },
    onDrop: (event) => {
      depth.current = 0;
      setDragging(false);
      if (!takes(event)) return;
      event.preventDefault();
      void queue.attachDropped(Array.from(event.dataTransfer.files));
    },
  };

  // aria-hidden: a visual cue for a mouse gesture; keyboard users have the attach button.
  const zone =
    dragging && enabled ? (
      <div className="evidence-drop-zone" data-testid="evidence-drop-zone" aria-hidden="true">
        <p className="evidence-drop-zone__text">{t('attach.dropZone')}</p>
      </div>
    ) : null;

  return { targetProps, zone };
}
