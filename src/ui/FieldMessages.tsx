import { errorDomId, hintDomId } from './field-ids';

/** The hint and the error under a field, referenced by the input's aria-describedby. */
export function FieldMessages({
  inputId,
  error,
  hint,
}: {
  inputId: string;
  error?: string | undefined;
  hint?: string | undefined;
}) {
  return (
    <>
      {hint ? (
        <p className="ui-field__hint" id={hintDomId(inputId)}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="ui-field__error" id={errorDomId(inputId)}>
          {error}
        </p>
      ) : null}
    </>
  );
}
