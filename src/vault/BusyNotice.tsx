/**
 * An indeterminate progress bar with its text, for the second or so scrypt
 * takes in main. The text is a status live region so it is announced once.
 */
export function BusyNotice({ text }: { text: string }) {
  return (
    <div className="vault-busy" role="status">
      <progress className="vault-busy__bar" aria-label={text} />
      <span>{text}</span>
    </div>
  );
}
