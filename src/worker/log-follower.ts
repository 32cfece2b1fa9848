/** Turns whole-file log contents into "lines appended since last time". */
export class LogFollower {
  private seen = new Map<string, number>();

  /** Records the current size of a log without reporting its lines. */
  prime(path: string, text: string): void {
    this.seen.set(path, text.length);
  }

  /**
   * New complete or partial lines since the last call, and where they are
   * in the text (`text.slice(from, to)`), so a reader that has read the file
   * itself can tell what it already has. A file that shrank (rotated,
   * truncated, workspace reset) is read again from the start.
   */
  appended(path: string, text: string): { lines: string[]; from: number; to: number } {
    let from = this.seen.get(path) ?? 0;
    if (text.length < from) from = 0;
    this.seen.set(path, text.length);
    const added = text.slice(from);
    if (!added) return { lines: [], from, to: from };
    const lines = added.split("\n");
    if (lines[lines.length - 1] === "") lines.pop();
    return { lines, from, to: text.length };
  }
}
