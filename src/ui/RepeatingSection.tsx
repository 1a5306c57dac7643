import { useRef, type ReactNode } from 'react';
import { focusField } from './field-ids';
import './form.css';
import './repeating.css';

export interface RepeatingSectionProps<Row extends { key: string }> {
  id: string;
  legend: string;
  rows: readonly Row[];
  /** Shown when there are no rows yet. */
  emptyText: string;
  rowLegend: (index: number) => string;
  renderRow: (row: Row, index: number) => ReactNode;
  removeLabel: (index: number) => string;
  onRemove: (index: number) => void;
  addLabel: string;
  addTestId?: string;
  /** Adds a row and returns the DOM id of its first field, which then gets focus. */
  onAdd?: () => string | null;
  /** Content after the rows instead of (or next to) the add button, e.g. a picker. */
  footer?: ReactNode;
  /** Keeps the legend for screen readers only, when a visible heading already says the same. */
  legendHidden?: boolean;
}

/**
 * A repeating part of a form (victims, sources, …): each row is a fieldset
 * with its own legend and a remove button; adding focuses the new row and
 * removing returns focus to the add button, so it all works from the keyboard.
 */
export function RepeatingSection<Row extends { key: string }>({
  id,
  legend,
  rows,
  emptyText,
  rowLegend,
  renderRow,
  removeLabel,
  onRemove,
  addLabel,
  addTestId,
  onAdd,
  footer,
  legendHidden = false,
}: RepeatingSectionProps<Row>) {
  const addRef = useRef<HTMLButtonElement>(null);
  return (
    <fieldset className="ui-repeating" id={id} tabIndex={-1}>
      <legend className={legendHidden ? 'visually-hidden' : 'ui-repeating__legend'}>
        {legend}
      </legend>
      {rows.length === 0 ? <p className="ui-repeating__empty">{emptyText}</p> : null}
      {rows.map((row, index) => (
        <fieldset key={row.key} className="ui-repeating__row">
          <legend className="ui-repeating__row-legend">{rowLegend(index)}</legend>
          <div className="ui-repeating__row-body">{renderRow(row, index)}</div>
          <button
            type="button"
            className="ui-button ui-button--small ui-repeating__remove"
            aria-label={removeLabel(index)}
            title={removeLabel(index)}
            onClick={() => {
              onRemove(index);
              (addRef.current ?? document.getElementById(id))?.focus();
            }}
          >
            ✕
          </button>
        </fieldset>
      ))}
      {onAdd ? (
        <button
          ref={addRef}
          type="button"
          className="ui-button ui-repeating__add"
          data-testid={addTestId}
          onClick={() => {
            const focusId = onAdd();
            // The new row is rendered on the next frame.
            if (focusId) requestAnimationFrame(() => focusField(focusId));
          }}
        >
          + {addLabel}
        </button>
      ) : null}
      {footer}
    </fieldset>
  );
}
