import { Fragment, useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { SHORTCUT_LIST } from './shortcuts';

export interface ShortcutsHelpProps {
  open: boolean;
  isMac: boolean;
  onClose: () => void;
}

/**
 * The keyboard-shortcut overlay (F1 or "?"). A native modal <dialog>: it
 * keeps focus inside, Escape closes it, and focus goes back where it was.
 */
export function ShortcutsHelp({ open, isMac, onClose }: ShortcutsHelpProps) {
  const { t } = useTranslation('common');
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog || !open) return;
    const returnFocusTo =
      document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    return () => {
      if (dialog.open) dialog.close();
      returnFocusTo?.focus();
    };
  }, [open]);

  const keyLabel = (key: string) => (key === 'mod' ? t(isMac ? 'keys.cmd' : 'keys.ctrl') : key);

  return (
    <dialog
      ref={dialogRef}
      className="help-dialog"
      aria-labelledby={titleId}
      onClose={onClose}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      {open && (
        <div className="help-dialog__body">
          <div className="help-dialog__header">
            <h2 id={titleId}>{t('shortcuts.title')}</h2>
            <button type="button" className="button" onClick={onClose} autoFocus>
              {t('actions.close')}
            </button>
          </div>
          <dl className="shortcut-list">
            {SHORTCUT_LIST.map((shortcut) => (
              <Fragment key={shortcut.labelKey}>
                <dt>{t(`shortcuts.${shortcut.labelKey}`)}</dt>
                <dd>
                  {shortcut.combinations.map((combination, index) => (
                    <Fragment key={combination.join('+')}>
                      {index > 0 && ` ${t('shortcuts.or')} `}
                      <kbd>{combination.map(keyLabel).join('+')}</kbd>
                    </Fragment>
                  ))}
                </dd>
              </Fragment>
            ))}
          </dl>
          <p className="help-dialog__hint">{t('shortcuts.closeHint')}</p>
        </div>
      )}
    </dialog>
  );
}
