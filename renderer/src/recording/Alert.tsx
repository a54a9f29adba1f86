/** A failure already worded for the technician (see recordingErrorMessage), announced when it appears. */
export function Alert({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p className="banner banner-error" role="alert">
      <span aria-hidden="true">{'✖ '}</span>
      {message}
    </p>
  );
}
