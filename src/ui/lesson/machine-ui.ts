/**
 * The editor tabs and request bar each machine comes with: the
 * playground's (kept in localStorage between visits) and each lesson's
 * start.
 */
import type { Lesson } from "../../lessons/check-types.ts";
import { draftFor, type RequestDraft } from "../model/request-model.ts";
import { lessonCatalog } from "./lesson-catalog.ts";
import { lessonFirstDraft, lessonMainFile, lessonOpenFiles } from "./lesson-model.ts";

/** The editor tabs and request bar a machine comes with. */
export interface MachineUi {
  openFiles: string[];
  activeFile: string | null;
  draft: RequestDraft;
}

const PLAYGROUND_UI_KEY = "cgi-lab:playground-ui";
const PLAYGROUND_UI_SCHEMA = 1;
export const DEFAULT_PLAYGROUND: MachineUi = {
  openFiles: ["/var/www/cgi-bin/hello.py", "/etc/httpd/conf/httpd.conf"],
  activeFile: "/var/www/cgi-bin/hello.py",
  draft: draftFor("/cgi-bin/hello.py"),
};

export function loadPlaygroundUi(): MachineUi {
  try {
    const v = JSON.parse(localStorage.getItem(PLAYGROUND_UI_KEY) ?? "null") as (MachineUi & { schema: number }) | null;
    if (v?.schema === PLAYGROUND_UI_SCHEMA && Array.isArray(v.openFiles) && v.draft) return { openFiles: v.openFiles, activeFile: v.activeFile, draft: v.draft };
  } catch {
    // fall through
  }
  return DEFAULT_PLAYGROUND;
}

export function savePlaygroundUi(ui: MachineUi): void {
  try {
    localStorage.setItem(PLAYGROUND_UI_KEY, JSON.stringify({ schema: PLAYGROUND_UI_SCHEMA, ...ui }));
  } catch {
    // not kept
  }
}

export function lessonStartUi(lesson: Lesson): MachineUi {
  return { openFiles: lessonOpenFiles(lesson), activeFile: lessonMainFile(lesson), draft: lessonFirstDraft(lesson) };
}


/** A lesson's start (when its lesson is known and loaded), else the playground's defaults. */
export function machineUiFor(lessonId: string | null): MachineUi {
  const lesson = lessonId ? lessonCatalog()?.lessonById(lessonId) : undefined;
  return lesson ? lessonStartUi(lesson) : DEFAULT_PLAYGROUND;
}
