/** Apache's per-directory Options, as a set of enabled names. */
export const OPTION_NAMES = ["Indexes", "Includes", "IncludesNOEXEC", "FollowSymLinks", "SymLinksIfOwnerMatch", "ExecCGI", "MultiViews"] as const;
export type OptionName = (typeof OPTION_NAMES)[number];

/** "All" in Apache 2.4 means everything but MultiViews. */
const ALL: OptionName[] = ["Indexes", "Includes", "FollowSymLinks", "SymLinksIfOwnerMatch", "ExecCGI"];

export interface OptionsChange {
  /** Replace the inherited set (no +/-), or adjust it. */
  absolute: boolean;
  add: OptionName[];
  remove: OptionName[];
}

/** Parses the arguments of an Options line with Apache's rules and messages. */
export function parseOptions(args: string[], fail: (msg: string) => Error): OptionsChange {
  const change: OptionsChange = { absolute: true, add: [], remove: [] };
  let signed: boolean | undefined;
  for (const raw of args) {
    const sign = raw[0] === "+" || raw[0] === "-" ? raw[0] : "";
    const word = sign ? raw.slice(1) : raw;
    if (signed !== undefined && signed !== (sign !== "")) throw fail("Either all Options must start with + or -, or no Option may.");
    signed = sign !== "";
    const lower = word.toLowerCase();
    let names: OptionName[];
    if (lower === "none") names = [];
    else if (lower === "all") names = ALL;
    else {
      const found = OPTION_NAMES.find((o) => o.toLowerCase() === lower);
      if (!found) throw fail(`Illegal option ${word}`);
      names = [found];
    }
    if (sign === "-") change.remove.push(...names);
    else change.add.push(...names);
  }
  change.absolute = !signed;
  return change;
}

export function applyOptions(current: Set<OptionName>, change: OptionsChange): Set<OptionName> {
  const next = change.absolute ? new Set<OptionName>() : new Set(current);
  for (const o of change.add) next.add(o);
  for (const o of change.remove) next.delete(o);
  return next;
}

/** Apache 2.4's compiled-in default. */
export const DEFAULT_OPTIONS: OptionName[] = ["FollowSymLinks"];
