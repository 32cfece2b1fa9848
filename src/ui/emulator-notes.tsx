/** Where CGI Lab differs from a real server, said plainly. */
export function EmulatorNotes() {
  return (
    <details className="emulator-notes">
      <summary>Emulator, not a real server</summary>
      <ul>
        <li>Apache httpd 2.4 is emulated in your browser (a Web Worker); no request leaves this page.</li>
        <li>Python 3 via Pyodide (WebAssembly). The 2008 article used Python 2: <code>print</code> is a function, and the <code>cgi</code> module is gone since Python 3.13.</li>
        <li>No real fork/exec: each CGI request gets a fresh interpreter in a new Web Worker, restored from a memory snapshot of a just-started Python that has imported the common standard modules (made when this site was built, and checked against its sources). A cold start costs about half a second rather than ~12 ms; nothing of an earlier request is in it.</li>
        <li>
          httpd is up as soon as the page is, but Python takes a moment to load in your browser (on a first visit it starts once the editor is on screen): a script's
          first request of a visit waits for it, and that wait counts toward <code>Timeout</code>. Static files are served at once.
        </li>
        <li>SELinux, file modes and the shell are modelled on Fedora; only the commands the lessons need exist.</li>
        <li>The preview is served by a service worker under <code>/~vhost/</code>, standing in for <code>http://localhost/</code>.</li>
      </ul>
    </details>
  );
}
