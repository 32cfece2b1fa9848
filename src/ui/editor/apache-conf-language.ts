/**
 * A small Monarch grammar for Apache httpd configuration files
 * (httpd.conf, conf.d/*.conf, .htaccess): comments, <Sections>, directives,
 * quoted strings, variables, flags and numbers.
 */
import type { languages } from "monaco-editor/editor/editor.api.js";

export const APACHE_CONF_ID = "apacheconf";

export const apacheConfLanguage: languages.IMonarchLanguage = {
  ignoreCase: true,
  defaultToken: "",
  tokenPostfix: ".apacheconf",
  tokenizer: {
    root: [
      [/^\s*#.*$/, "comment"],
      // <Directory "/var/www/cgi-bin"> … </Directory>
      [/(<\/?)([A-Za-z][\w]*)/, [{ token: "delimiter.angle" }, { token: "tag", next: "@section" }]],
      // The first word on a line is the directive name.
      [/^(\s*)([A-Za-z][\w]*)/, ["white", { token: "keyword", next: "@args" }]],
      [/\s+/, "white"],
    ],
    section: [
      [/>/, { token: "delimiter.angle", next: "@pop" }],
      { include: "@values" },
    ],
    args: [
      [/\\$/, "delimiter"],
      [/$/, { token: "", next: "@pop" }],
      [/\s#.*$/, { token: "comment", next: "@pop" }],
      { include: "@values" },
    ],
    values: [
      [/"/, { token: "string.quote", next: "@dstring" }],
      [/'/, { token: "string.quote", next: "@sstring" }],
      [/%\{[^}]*\}|\$\{[^}]*\}|\$\d/, "variable"],
      [/\b(On|Off|None|All|Any|granted|denied)\b/, "constant"],
      [/[+-](?=[A-Za-z])[\w]+/, "attribute.name"],
      [/\b\d+(\.\d+)*\b/, "number"],
      [/[^\s"'>%$]+/, ""],
      [/\s+/, "white"],
    ],
    dstring: [
      [/[^"\\]+/, "string"],
      [/\\./, "string.escape"],
      [/"/, { token: "string.quote", next: "@pop" }],
    ],
    sstring: [
      [/[^'\\]+/, "string"],
      [/\\./, "string.escape"],
      [/'/, { token: "string.quote", next: "@pop" }],
    ],
  },
};

export const apacheConfConfiguration: languages.LanguageConfiguration = {
  comments: { lineComment: "#" },
  brackets: [["<", ">"]],
  autoClosingPairs: [
    { open: '"', close: '"' },
    { open: "'", close: "'" },
  ],
  folding: { markers: { start: /^\s*<(?!\/)/, end: /^\s*<\// } },
};
