import { dragCarriesFiles } from '../evidence/drag-files';

/**
 * A file dropped anywhere but on an incident editor must do nothing: left
 * alone, the browser would navigate to it, leaving the app (and, in Electron,
 * showing the file outside the app's control). Listeners on the window run
 * after any drop target inside the page, which marks the events it handled.
 */
export function installDropGuard(target: EventTarget): () => void {
  const onDragOver = (event: Event) => {
    const { dataTransfer } = event as DragEvent;
    if (event.defaultPrevented || !dragCarriesFiles(dataTransfer)) return;
    event.preventDefault();
    // The cursor says "no drop here" instead of "copy".
    if (dataTransfer) dataTransfer.dropEffect = 'none';
  };
  const onDrop = (event: Event) => {
    event.preventDefault();
  };
  target.addEventListener('dragover', onDragOver);
  target.addEventListener('drop', onDrop);
  return () => {
    target.removeEventListener('dragover', onDragOver);
    target.removeEventListener('drop', onDrop);
  };
}
