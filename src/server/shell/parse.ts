/**
 * The command-line grammar of the terminal: a small subset of bash.
 * Words with '…', "…" and backslash quoting, $VAR and ~, redirections
 * (> >> < 2> 2>> 2>&1 &>), pipes, and && || ; between pipelines. Anything
 * else bash would accept (subshells, $(…), here-documents, &) is refused
 * with a clear message rather than misread.
 */

/** A piece of a word; quoted pieces are never glob-expanded. */
export type WordPart =
  | { kind: "text"; text: string; quoted: boolean }
  | { kind: "var"; name: string; quoted: boolean };

export interface Word {
  parts: WordPart[];
}

export interface Redirect {
  fd: 0 | 1 | 2;
  /** `dup` is 2>&1 (or >&2 for fd 1); `both` is &>. */
  mode: "write" | "append" | "read" | "dup" | "both";
  target: Word | null;
}

export interface SimpleCommand {
  words: Word[];
  redirects: Redirect[];
}

export type Connector = "&&" | "||" | ";";

export interface Pipeline {
  commands: SimpleCommand[];
  /** How the next pipeline depends on this one; null for the last. */
  next: Connector | null;
}

export type ParseResult = { ok: true; pipelines: Pipeline[] } | { ok: false; message: string };

type Op = "&&" | "||" | ";" | "|" | ">" | ">>" | "<" | "2>" | "2>>" | "2>&1" | ">&2" | "&>";
type Token = { type: "word"; word: Word } | { type: "op"; op: Op };

class ParseError extends Error {}

const unsupported = (what: string) => new ParseError(`cgi-lab: ${what} isn't supported in this terminal; run one simple command at a time`);

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;

function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let parts: WordPart[] | null = null;
  const push = (text: string, quoted: boolean) => {
    parts ??= [];
    const last = parts[parts.length - 1];
    if (last && last.kind === "text" && last.quoted === quoted) last.text += text;
    else parts.push({ kind: "text", text, quoted });
  };
  const endWord = () => {
    if (parts) tokens.push({ type: "word", word: { parts } });
    parts = null;
  };
  // An operator of `len` characters at i: ends the word before it.
  const emit = (o: Op, len: number) => {
    endWord();
    tokens.push({ type: "op", op: o });
    i += len;
  };
  // $NAME, ${NAME}, $? at line[i] === "$"; returns the index after it.
  const dollar = (i: number, quoted: boolean): number => {
    const c = line[i + 1];
    if (c === "(") throw unsupported("command substitution $(…)");
    if (c === "?" || c === "$" || c === "#") {
      (parts ??= []).push({ kind: "var", name: c, quoted });
      return i + 2;
    }
    if (c === "{") {
      const end = line.indexOf("}", i + 2);
      if (end < 0) throw new ParseError("bash: unexpected EOF while looking for matching `}'");
      (parts ??= []).push({ kind: "var", name: line.slice(i + 2, end), quoted });
      return end + 1;
    }
    NAME.lastIndex = i + 1;
    const m = NAME.exec(line);
    if (!m) {
      push("$", quoted);
      return i + 1;
    }
    (parts ??= []).push({ kind: "var", name: m[0], quoted });
    return i + 1 + m[0].length;
  };

  while (i < line.length) {
    const c = line[i]!;
    const next = line[i + 1];
    if (c === " " || c === "\t" || c === "\n") {
      endWord();
      i++;
    } else if (c === "#" && parts === null) {
      break; // a comment runs to the end of the line
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new ParseError("bash: unexpected EOF while looking for matching `''");
      push(line.slice(i + 1, end), true);
      i = end + 1;
    } else if (c === '"') {
      parts ??= [];
      i++;
      for (;;) {
        if (i >= line.length) throw new ParseError('bash: unexpected EOF while looking for matching `"\'');
        const d = line[i]!;
        if (d === '"') break;
        if (d === "\\" && i + 1 < line.length && '$`"\\\n'.includes(line[i + 1]!)) {
          push(line[i + 1]!, true);
          i += 2;
        } else if (d === "$") i = dollar(i, true);
        else if (d === "`") throw unsupported("command substitution `…`");
        else {
          push(d, true);
          i++;
        }
      }
      push("", true);
      i++;
    } else if (c === "\\") {
      if (i + 1 < line.length) push(line[i + 1]!, true);
      i += 2;
    } else if (c === "$") {
      i = dollar(i, false);
    } else if (c === "`") {
      throw unsupported("command substitution `…`");
    } else if (c === "~" && parts === null && (next === undefined || /[\s/;&|<>]/.test(next))) {
      push("/root", true);
      i++;
    } else if (c === "&") {
      if (next === "&") emit("&&", 2);
      else if (next === ">") emit("&>", 2);
      else throw unsupported("running a command in the background (&)");
    } else if (c === "|") {
      emit(next === "|" ? "||" : "|", next === "|" ? 2 : 1);
    } else if (c === ";") {
      emit(";", 1);
    } else if ((c === "2" || c === "1") && parts === null && next === ">") {
      // 2> 2>> 2>&1 (and 1> 1>>) only where a word would start: echo a2>x is "a2" then >.
      const rest = line.slice(i + 1);
      if (c === "1") emit(rest.startsWith(">>") ? ">>" : ">", rest.startsWith(">>") ? 3 : 2);
      else if (rest.startsWith(">&1")) emit("2>&1", 4);
      else if (rest.startsWith(">>")) emit("2>>", 3);
      else emit("2>", 2);
    } else if (c === ">") {
      if (next === ">") emit(">>", 2);
      else if (line.startsWith(">&2", i)) emit(">&2", 3);
      else emit(">", 1);
    } else if (c === "<") {
      if (next === "<") throw unsupported("a here-document (<<)");
      emit("<", 1);
    } else if (c === "(" || c === ")") {
      throw unsupported("a subshell ( … )");
    } else {
      push(c, false);
      i++;
    }
  }
  endWord();
  return tokens;
}

const REDIRECTS: Partial<Record<Op, Pick<Redirect, "fd" | "mode">>> = {
  ">": { fd: 1, mode: "write" },
  ">>": { fd: 1, mode: "append" },
  "<": { fd: 0, mode: "read" },
  "2>": { fd: 2, mode: "write" },
  "2>>": { fd: 2, mode: "append" },
  "2>&1": { fd: 2, mode: "dup" },
  ">&2": { fd: 1, mode: "dup" },
  "&>": { fd: 1, mode: "both" },
};

/** Parses one terminal line into pipelines joined by && || ;. */
export function parseLine(line: string): ParseResult {
  let tokens: Token[];
  try {
    tokens = tokenize(line);
  } catch (e) {
    if (e instanceof ParseError) return { ok: false, message: e.message };
    throw e;
  }
  const pipelines: Pipeline[] = [];
  let commands: SimpleCommand[] = [];
  let cmd: SimpleCommand = { words: [], redirects: [] };
  const near = (t: Token | undefined) => `bash: syntax error near unexpected token \`${t === undefined ? "newline" : t.type === "op" ? t.op : "word"}'`;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.type === "word") {
      cmd.words.push(t.word);
      continue;
    }
    const redirect = REDIRECTS[t.op];
    if (redirect) {
      if (redirect.mode === "dup") {
        cmd.redirects.push({ ...redirect, target: null });
        continue;
      }
      const target = tokens[k + 1];
      if (target?.type !== "word") return { ok: false, message: near(target) };
      cmd.redirects.push({ ...redirect, target: target.word });
      k++;
      continue;
    }
    // A connector or pipe: the command before it must not be empty.
    if (cmd.words.length === 0 && cmd.redirects.length === 0) return { ok: false, message: near(t) };
    commands.push(cmd);
    cmd = { words: [], redirects: [] };
    if (t.op === "|") continue;
    pipelines.push({ commands, next: t.op as Connector });
    commands = [];
  }
  if (cmd.words.length || cmd.redirects.length) commands.push(cmd);
  else if (commands.length) return { ok: false, message: "bash: syntax error: unexpected end of file" };
  if (commands.length) pipelines.push({ commands, next: null });
  else if (pipelines.length) {
    const last = pipelines[pipelines.length - 1]!;
    if (last.next !== ";") return { ok: false, message: "bash: syntax error: unexpected end of file" };
    last.next = null;
  }
  return { ok: true, pipelines };
}
