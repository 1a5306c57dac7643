import { useEffect, useId, useRef, type ReactNode } from 'react';
import './form.css';
import './dialog.css';

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
  /** A third choice between cancel and confirm (e.g. "Discard changes"). */
  extraAction?: { label: string; onSelect: () => void; tone?: 'danger' | 'normal' };
  tone?: 'danger' | 'normal';
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * A modal confirmation built on the native <dialog>: showModal() makes the
 * rest of the page inert (so focus stays inside) and Escape cancels.
 * Focus starts on the cancel button, the safe choice, and returns to where it
 * was when the dialog closes.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  cancelLabel,
  extraAction,
  tone = 'normal',
  onConfirm,
  onCancel,
}: ConfirmDialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const bodyId = useId();

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog || !open) return;
    const previouslyFocused = document.activeElement;
    if (!dialog.open) dialog.showModal();
    cancelRef.current?.focus();
    return () => {
      if (dialog.open) dialog.close();
      if (previouslyFocused instanceof HTMLElement && previouslyFocused.isConnected) {
        previouslyFocused.focus();
      }
    };
  }, [open]);

  if (!open) return null;
  return (
    <dialog
      ref={dialogRef}
      className="ui-dialog"
      aria-labelledby={titleId}
      aria-describedby={children ? bodyId : undefined}
      onCancel={(event) => {
        // Escape: let React state decide, so the dialog and the state never disagree.
        event.preventDefault();
        onCancel();
      }}
      onKeyDown={(event) => {
        // Keeps Escape and shortcuts from reaching the editor behind the dialog.
        event.stopPropagation();
      }}
    >
      <h2 id={titleId} className="ui-dialog__title">
        {title}
      </h2>
      {children ? (
        <div id={bodyId} className="ui-dialog__body">
          {children}
        </div>
      ) : null}
      <div className="ui-dialog__actions">
        <button ref={cancelRef} type="button" className="ui-button" onClick={onCancel}>
          {cancelLabel}
        </button>
        {extraAction ? (
          <button
            type="button"
            className={`ui-button ${extraAction.tone === 'danger' ? 'ui-button--danger' : ''}`}
            onClick={extraAction.onSelect}
          >
            {extraAction.label}
          </button>
        ) : null}
        <button
          type="button"
          className={`ui-button ${tone === 'danger' ? 'ui-button--danger' : 'ui-button--primary'}`}
          onClick={onConfirm}
        >
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
