/**
 * Non-parsed-header scripts (mod_cgi: `nph = !strncmp(argv0, "nph-", 4)`): a script
 * whose file name starts with "nph-" (case matters) writes the whole HTTP response
 * itself. Apache sends its stdout to the client untouched, adds nothing (not even
 * a status line when the script wrote none) and closes the connection afterwards.
 */

/** apr_filepath_name_get(): what follows the last "/". */
export function scriptBasename(scriptFilename: string): string {
  return scriptFilename.slice(scriptFilename.lastIndexOf("/") + 1);
}

export function isNphScript(scriptFilename: string): boolean {
  return scriptBasename(scriptFilename).startsWith("nph-");
}
