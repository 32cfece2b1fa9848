/** One line of httpd.conf: a directive or a section with its children. */
export interface ConfigNode {
  name: string;
  args: string[];
  /** 1-based line in the file where the directive starts. */
  line: number;
  file: string;
  /** Present for sections such as <Directory>. */
  children?: ConfigNode[];
}

export interface ConfigSyntaxError {
  file: string;
  line: number;
  message: string;
}

/** Splits a directive's arguments the way ap_getword_conf does: quotes group words, backslash escapes a quote. */
export function splitArgs(text: string): string[] {
  const args: string[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length) break;
    const quote = text[i];
    if (quote === '"' || quote === "'") {
      let word = "";
      i++;
      while (i < text.length && text[i] !== quote) {
        if (text[i] === "\\" && text[i + 1] === quote) i++;
        word += text[i++];
      }
      i++;
      args.push(word);
    } else {
      let word = "";
      while (i < text.length && !/\s/.test(text[i]!)) word += text[i++];
      args.push(word);
    }
  }
  return args;
}

/**
 * Parses httpd.conf into a tree. Like Apache, comments start a line (`#` after
 * leading space), a trailing backslash continues a line, and sections must be
 * closed by a matching `</Name>`.
 */
export function parseConfig(text: string, file: string): { nodes: ConfigNode[]; error?: ConfigSyntaxError } {
  const lines = text.split("\n");
  const root: ConfigNode[] = [];
  const stack: { node: ConfigNode; list: ConfigNode[] }[] = [];
  let current = root;
  for (let i = 0; i < lines.length; i++) {
    const startLine = i + 1;
    let raw = lines[i]!.replace(/\r$/, "");
    while (/\\$/.test(raw) && i + 1 < lines.length) {
      raw = raw.slice(0, -1) + lines[++i]!.replace(/\r$/, "");
    }
    const trimmed = raw.trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    if (trimmed.startsWith("</")) {
      const name = trimmed.slice(2).replace(/>\s*$/, "").trim();
      const open = stack.pop();
      if (!open) {
        return { nodes: root, error: { file, line: startLine, message: `</${name}> without matching <${name}> section` } };
      }
      if (open.node.name.toLowerCase() !== name.toLowerCase()) {
        return { nodes: root, error: { file, line: startLine, message: `Expected </${open.node.name}> but saw </${name}>` } };
      }
      current = stack.length ? stack[stack.length - 1]!.node.children! : root;
      continue;
    }
    if (trimmed.startsWith("<")) {
      if (!trimmed.endsWith(">")) {
        const name = trimmed.slice(1).split(/\s/)[0] ?? "";
        return { nodes: root, error: { file, line: startLine, message: `<${name} directive missing closing '>'` } };
      }
      const inner = trimmed.slice(1, -1).trim();
      const [name = "", ...args] = splitArgs(inner);
      const node: ConfigNode = { name, args, line: startLine, file, children: [] };
      current.push(node);
      stack.push({ node, list: current });
      current = node.children!;
      continue;
    }
    const [name = "", ...args] = splitArgs(trimmed);
    current.push({ name, args, line: startLine, file });
  }
  if (stack.length) {
    const open = stack[stack.length - 1]!.node;
    return { nodes: root, error: { file, line: open.line, message: `${file}:${open.line}: <${open.name}> was not closed.` } };
  }
  return { nodes: root };
}
