/** Placeholder for the lessons: a short introduction until lessons land. */
export function LessonPane() {
  return (
    <section className="pane lesson-pane" role="region" aria-label="Lesson">
      <h2 className="pane-title">Lesson</h2>
      <div className="pane-body prose" tabIndex={0}>
        <p>
          A web server runs a <strong>CGI</strong> program once per request: the request goes in as environment variables and
          stdin, the program's stdout comes back as the response.
        </p>
        <p>
          Press <kbd>Run</kbd> to send the request below, then watch every byte in <em>Environment</em>, <em>Protocol</em> and{" "}
          <em>Response</em>. Edit the script and run it again.
        </p>
      </div>
    </section>
  );
}
