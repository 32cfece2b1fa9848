/**
 * APR's apr_table_t, the ordered, case-insensitive, duplicate-allowing map behind
 * Apache's headers and CGI environment. Where Apache sets, adds or overlaps
 * decides the order the script and the client see, so the emulation keeps it.
 */
import { asciiLower } from "./http-message.ts";

export class AprTable {
  private entries: [string, string][] = [];

  constructor(initial: Iterable<readonly [string, string]> = []) {
    for (const [k, v] of initial) this.entries.push([k, v]);
  }

  /** apr_table_add: append, even if the key exists. */
  add(key: string, value: string): void {
    this.entries.push([key, value]);
  }

  /** apr_table_set: the first entry with the key takes the value (keeping its spelling); later ones go. */
  set(key: string, value: string): void {
    const lower = asciiLower(key);
    const first = this.entries.findIndex(([k]) => asciiLower(k) === lower);
    if (first < 0) {
      this.entries.push([key, value]);
      return;
    }
    this.entries[first] = [this.entries[first][0], value];
    this.entries = this.entries.filter(([k], i) => i <= first || asciiLower(k) !== lower);
  }

  unset(key: string): void {
    const lower = asciiLower(key);
    this.entries = this.entries.filter(([k]) => asciiLower(k) !== lower);
  }

  get(key: string): string | undefined {
    const lower = asciiLower(key);
    return this.entries.find(([k]) => asciiLower(k) === lower)?.[1];
  }

  get size(): number {
    return this.entries.length;
  }

  toArray(): [string, string][] {
    return this.entries.map(([k, v]) => [k, v]);
  }

  /**
   * apr_table_overlap(this, other, SET): `other` is appended, then each key keeps
   * its first position with the value of its last occurrence.
   */
  overlapSet(other: AprTable): void {
    const combined = [...this.entries, ...other.entries];
    const position = new Map<string, number>();
    const out: [string, string][] = [];
    for (const [k, v] of combined) {
      const lower = asciiLower(k);
      const at = position.get(lower);
      if (at === undefined) {
        position.set(lower, out.length);
        out.push([k, v]);
      } else {
        out[at] = [out[at][0], v];
      }
    }
    this.entries = out;
  }
}
