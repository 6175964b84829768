/** Said while a page or a part of one waits for the server. */
export function Loading() {
  return (
    <p className="loading" role="status">
      Loading…
    </p>
  );
}
