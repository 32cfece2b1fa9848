/**
 * The declarative lesson format: what a lesson folder holds once loaded,
 * and the check that says whether the learner is done.
 *
 * A lesson folder (lessons/NN-slug/):
 *   lesson.md      front matter (title, summary) + the text
 *   start/…        files of the starting machine, at their absolute path
 *                  (start/var/www/cgi-bin/test.py → /var/www/cgi-bin/test.py)
 *   solution/…     files a solution writes (applied on top of the start)
 *   meta.json      LessonMeta: modes, labels, owners, deletions, text edits
 *                  of existing files (httpd.conf), shell commands, SELinux
 *                  mode, FastCGI applications on other hosts
 *   check.json     Check: the task list
 *
 * Everything here is plain JSON data, so the UI can render it and the
 * worker can evaluate it without sharing code paths beyond this folder.
 */

/* ------------------------------------------------------------------ */
/* Files and machine setup                                             */
/* ------------------------------------------------------------------ */

/** A literal text edit of a file that already exists (e.g. httpd.conf from the default machine). */
export type TextEdit =
  /** Replaces the first occurrence of `find` (a literal string). */
  | { find: string; replace: string }
  /** Adds text at the end (a newline is put between if the file lacks one). */
  | { append: string };

/** One file (or directory) of a lesson's starting machine or solution. */
export interface FileSpec {
  /** Absolute path on the emulated machine. */
  path: string;
  /** Full content; absent for a directory, a deletion, or a file that is only edited or relabelled. */
  content?: string;
  kind?: "file" | "dir";
  /** Permission bits, e.g. 0o755. */
  mode?: number;
  /** SELinux type (`httpd_sys_script_exec_t`) or full context (`unconfined_u:object_r:admin_home_t:s0`). */
  label?: string;
  owner?: string;
  group?: string;
  /** The file is removed. */
  delete?: boolean;
  /** Edits to the file's existing content (applied after `content`, if both are given). */
  edits?: TextEdit[];
  /** The file is a stand-in Apache module exporting this module name (e.g. "fastcgi_module"). */
  module?: string;
}

/** A FastCGI application listening on the emulated network (another host, e.g. appserver:9000). */
export interface NetworkAppSpec {
  /** "appserver:9000" */
  address: string;
  /** Path of the program in the shared filesystem, e.g. /srv/appserver/app.fcgi. */
  script: string;
}

/** Everything besides files that makes up a machine state. */
export interface MachineSetup {
  /** Shell lines run (in order, as root, cwd /root) after the files are written. */
  commands?: string[];
  selinux?: "Enforcing" | "Permissive";
  /** Applications started by hand on other hosts, after httpd is up. */
  networkApps?: NetworkAppSpec[];
}

/** A file entry of meta.json: as FileSpec, with the mode written as an octal string ("755"). */
export type MetaFileSpec = Omit<FileSpec, "mode"> & { mode?: string | number };

/** meta.json of a lesson folder. */
export interface LessonMeta {
  /** Properties (mode, label, owner, edits, delete, dirs…) of the starting files, merged by path with start/…; content given here is used as is. */
  start?: { files?: MetaFileSpec[] } & MachineSetup;
  solution?: { files?: MetaFileSpec[] } & MachineSetup;
}

/* ------------------------------------------------------------------ */
/* Checks                                                              */
/* ------------------------------------------------------------------ */

/** A string compared exactly, or a pattern (JavaScript regular expression source). */
export type Match = string | { matches: string; flags?: string } | { absent: true } | { contains: string };

export interface CheckRequest {
  method?: string;
  /** Request target, e.g. "/cgi-bin/search.py?q=python". */
  target: string;
  headers?: [string, string][];
  /** Request body as text (UTF-8). */
  body?: string;
  /** Form fields, sent urlencoded as the body (POST) with the right Content-Type. */
  form?: [string, string][];
}

/** FastCGI record type names (FastCGI 1.0, section 8). */
export type RecordTypeName =
  | "BEGIN_REQUEST" | "ABORT_REQUEST" | "END_REQUEST" | "PARAMS" | "STDIN" | "STDOUT" | "STDERR" | "DATA"
  | "GET_VALUES" | "GET_VALUES_RESULT" | "UNKNOWN_TYPE";

/** One FastCGI record the exchange must contain (in this order, others may come between). */
export interface RecordExpect {
  type: RecordTypeName;
  direction?: "to-app" | "from-app";
  /** BEGIN_REQUEST only. */
  role?: "RESPONDER" | "AUTHORIZER" | "FILTER";
  /** END_REQUEST only: 0 REQUEST_COMPLETE, 1 CANT_MPX_CONN, 2 OVERLOADED, 3 UNKNOWN_ROLE. */
  protocolStatus?: number;
  /** END_REQUEST only. */
  appStatus?: number;
  /** true: the stream's closing, empty record; false: a record with content. */
  empty?: boolean;
}

/** Conditions on one Exchange. Every field given must hold. */
export interface ExchangeExpect {
  status?: number | number[];
  /** "cgi-script", "default-handler", "fastcgi-script", "proxy:fcgi", … */
  handler?: string;
  bodyContains?: string | string[];
  bodyNotContains?: string | string[];
  bodyMatches?: string | string[];
  bodyNotMatches?: string | string[];
  /** Response headers by name (case-insensitive). */
  header?: Record<string, Match>;
  /** The environment the program got (CGI, else the first FastCGI application's PARAMS). */
  env?: Record<string, Match>;
  /** The bytes the CGI program got on stdin (UTF-8). */
  stdin?: Match;
  errorLogContains?: string | string[];
  errorLogNotContains?: string | string[];
  errorLogMatches?: string | string[];
  auditLogContains?: string | string[];
  auditLogNotContains?: string | string[];
  /** A CGI process was started (true) or not (false) for this request. */
  cgiStarted?: boolean;
  /** Conditions on the FastCGI conversation (the first capture unless `module` says which). */
  fastcgi?: {
    module?: "fastcgi" | "fcgid" | "proxy_fcgi" | "authnz_fcgi";
    role?: "RESPONDER" | "AUTHORIZER" | "FILTER";
    /** Whether this request had to start the application. */
    startedProcess?: boolean;
    /** The application, e.g. "/var/www/cgi-bin/counter.fcgi" or "appserver:9000". */
    application?: Match;
  };
  /** Records that must appear, in order. */
  fastcgiRecords?: RecordExpect[];
  /** The response must not involve FastCGI (false) or must (true). */
  usesFastcgi?: boolean;
}

/** Conditions over the exchanges of a repeated request. */
export interface SeriesExpect {
  /** A regex with one numeric group: its values must go up by one from request to request. */
  counterIncreases?: string;
  /** The same regex must give the same value every time. */
  counterConstant?: string;
  /** How many distinct processes served the requests (CGI: one per started script; FastCGI: distinct pids). */
  processCount?: { min?: number; max?: number; equalsRequests?: boolean };
}

export interface RequestTask {
  id: string;
  /** Shown as a task-list item. */
  title: string;
  hint?: string;
  request: CheckRequest;
  /** Send the request this many times (default 1); `expect` must hold for every exchange. */
  repeat?: number;
  expect: ExchangeExpect;
  series?: SeriesExpect;
}

/** A condition on the machine rather than on a request. */
export type MachineCondition =
  | { selinux: "Enforcing" | "Permissive" }
  | { fileExists: string }
  | { fileMissing: string }
  /** The file's SELinux type. */
  | { fileLabel: { path: string; type: string } }
  /** Exact permission bits ("755"), or whether the apache user may execute it. */
  | { fileMode: { path: string; mode?: string; executableByApache?: boolean } }
  | { fileContains: { path: string; text: string } }
  | { fileNotContains: { path: string; text: string } }
  | { fileMatches: { path: string; pattern: string; flags?: string } }
  /** A regex over httpd.conf plus conf.d/*.conf (as written on disk). */
  | { configMatches: string }
  | { configNotMatches: string }
  /** The module is in the configuration httpd is running now (after a restart). */
  | { moduleLoaded: string }
  | { httpdRunning: boolean };

export interface MachineTask {
  id: string;
  title: string;
  hint?: string;
  /** All must hold. */
  machine: MachineCondition[];
}

/** Compares the timing of two earlier request tasks (both repeated). */
export interface CompareTask {
  id: string;
  title: string;
  hint?: string;
  compare: {
    /** Id of the task whose requests should be faster. */
    faster: string;
    /** Id of the task whose requests should be slower. */
    slower: string;
    /** Median time per request of `slower` divided by that of `faster` must be at least this. */
    factorAtLeast: number;
  };
}

export type Task = RequestTask | MachineTask | CompareTask;

export interface Check {
  tasks: Task[];
}

export function isRequestTask(t: Task): t is RequestTask {
  return "request" in t;
}

export function isMachineTask(t: Task): t is MachineTask {
  return "machine" in t;
}

export function isCompareTask(t: Task): t is CompareTask {
  return "compare" in t;
}

/* ------------------------------------------------------------------ */
/* Results                                                             */
/* ------------------------------------------------------------------ */

/** Timing of a repeated request, for the lesson's figures. */
export interface SeriesTiming {
  requests: number;
  /** Median whole-request time (ms). */
  medianMs: number;
  /** Median time the CGI process ran (ms), when every request ran one. */
  medianProcessMs?: number;
  /** Requests per second if they came back to back at the median time. */
  perSecond: number;
  /** Distinct processes that served the requests. */
  processes: number;
}

export interface TaskResult {
  id: string;
  title: string;
  pass: boolean;
  /** Why it failed (absent when it passed). */
  message?: string;
  /** Extra facts worth showing either way (timings, counts). */
  detail?: string;
  timing?: SeriesTiming;
}

export interface CheckResult {
  pass: boolean;
  tasks: TaskResult[];
}

/* ------------------------------------------------------------------ */
/* The loaded lesson                                                   */
/* ------------------------------------------------------------------ */

export interface Lesson {
  /** "05-chmod" (the folder name). */
  id: string;
  /** "chmod" */
  slug: string;
  /** 5 */
  number: number;
  title: string;
  summary?: string;
  /** The text, without its front matter. */
  markdown: string;
  startFiles: FileSpec[];
  solutionFiles: FileSpec[];
  /** Commands, SELinux mode and network applications of the starting machine. */
  start: MachineSetup;
  /** What the solution does besides writing files. */
  solution: MachineSetup;
  check: Check;
}
