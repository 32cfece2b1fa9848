import { IDBFactory } from "fake-indexeddb";
import "fake-indexeddb/auto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createDefaultFs } from "../server/default-workspace/index.ts";
import { Vfs } from "../server/vfs.ts";
import { busyFs, REQUEST } from "../share/test-fixtures.ts";
import { CURRENT_SCHEMA, emptyData, IndexedDbKv, MemoryKv, openWorkspaceStorage, WorkspaceStorage, type KvStore, type WorkspaceData } from "./index.ts";

function data(fs: Vfs = busyFs()): WorkspaceData {
  return {
    ...emptyData(fs.serialize()),
    lessonId: "02-cgi-bin",
    selinux: "permissive",
    openTabs: ["/var/www/cgi-bin/guestbook.py", "/etc/httpd/conf/httpd.conf"],
    activeTab: "/etc/httpd/conf/httpd.conf",
    request: REQUEST,
    progress: { "01-hello": { done: ["write", "run"], completedAt: 1_700_000_000_000 }, "02-cgi-bin": { done: ["chmod"] } },
  };
}

/** Everything but mtimes (createDefaultFs stamps "/" with the real clock). */
const snapshot = (fs: Vfs) => JSON.stringify(fs.serialize(), (k, v) => (k === "mtimeMs" ? undefined : v instanceof Uint8Array ? [...v] : v));

let n = 0;
const stores: [string, () => KvStore][] = [
  ["memory", () => new MemoryKv()],
  ["IndexedDB (fake-indexeddb)", () => new IndexedDbKv(new IDBFactory(), `test-${++n}`)],
];

describe.each(stores)("WorkspaceStorage over %s", (_name, makeKv) => {
  const make = (kv = makeKv()) => {
    let id = 0;
    let t = 1_000;
    return new WorkspaceStorage(kv, { newId: () => `w${++id}`, now: () => (t += 1000) });
  };

  it("round-trips a realistic workspace: files, modes, labels, symlinks, tabs, request, progress", async () => {
    const s = make();
    const fs = busyFs();
    const c = await s.createWorkspace({ data: data(fs) });
    expect(c.ok).toBe(true);
    const r = await s.loadWorkspace("w1");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const back = Vfs.restore(r.workspace.data.fs);
    expect(snapshot(back)).toBe(snapshot(fs));
    expect(back.stat("/var/www/cgi-bin/guestbook.py")?.mode).toBe(0o755);
    expect(back.realpath("/etc/httpd/logs/error_log")).toBe("/var/log/httpd/error_log");
    expect(r.workspace.data.openTabs).toEqual(data().openTabs);
    expect(r.workspace.data.request).toEqual(REQUEST);
    expect(r.workspace.data.request!.body).toBeInstanceOf(Uint8Array);
    expect(r.workspace.data.progress["01-hello"].done).toEqual(["write", "run"]);
    expect(r.workspace).toMatchObject({ schema: CURRENT_SCHEMA, id: "w1", name: "My workspace", origin: { kind: "default" } });
  });

  it("keeps separate named workspaces: a share link opens beside the person's own", async () => {
    const s = make();
    const own = await s.createWorkspace({ data: data() });
    await s.setActiveWorkspace("w1");
    const other = createDefaultFs();
    other.writeFile("/var/www/cgi-bin/shared.py", "print('from a link')\n", { mode: 0o755 });
    const link = await s.createWorkspace({ data: { ...emptyData(other.serialize()) }, origin: { kind: "share-link", lessonId: null, openedAt: 5 } });
    expect(own.ok && link.ok && link.workspace.name).toMatch(/^From a link \(/);
    const list = await s.listWorkspaces();
    expect(list.map((w) => [w.id, w.status, w.origin?.kind])).toEqual([
      ["w2", "ok", "share-link"],
      ["w1", "ok", "default"],
    ]);
    // The person's own workspace is untouched.
    const mine = await s.loadWorkspace("w1");
    expect(mine.ok && Vfs.restore(mine.workspace.data.fs).exists("/var/www/cgi-bin/shared.py")).toBe(false);
    expect(await s.lastActiveWorkspace()).toBe("w1");
    await s.setActiveWorkspace("w2");
    expect(await s.lastActiveWorkspace()).toBe("w2");
    await s.deleteWorkspace("w2");
    expect(await s.lastActiveWorkspace()).toBe("w1");
    expect((await s.listWorkspaces()).map((w) => w.id)).toEqual(["w1"]);
    expect(await s.loadWorkspace("w2")).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
  });

  it("saveWorkspace keeps name, origin and createdAt; renameWorkspace renames", async () => {
    const s = make();
    await s.createWorkspace({ data: data(), origin: { kind: "lesson", lessonId: "03-x" } });
    const d = data();
    d.openTabs = ["/var/www/html/index.html"];
    expect(await s.saveWorkspace("w1", d)).toEqual({ ok: true });
    expect(await s.renameWorkspace("w1", "Guestbook")).toEqual({ ok: true });
    const r = await s.loadWorkspace("w1");
    expect(r.ok && r.workspace).toMatchObject({ name: "Guestbook", origin: { kind: "lesson", lessonId: "03-x" }, data: { openTabs: ["/var/www/html/index.html"] } });
    expect(r.ok && r.workspace.updatedAt > r.workspace.createdAt).toBe(true);
  });

  it("no workspace yet: lastActiveWorkspace is null, listWorkspaces is empty", async () => {
    const s = make();
    expect(await s.lastActiveWorkspace()).toBeNull();
    expect(await s.listWorkspaces()).toEqual([]);
  });

  describe("migrations", () => {
    // Exactly what src/worker/workspace-store.ts saved (schema 1).
    const v1 = () => ({ schema: 1, savedAt: 1_650_000_000_000, fs: busyFs().serialize() });

    it("v1 → v2 on load: the data carries over, the old record is kept as a backup, the new one is stored", async () => {
      const kv = makeKv();
      const s = make(kv);
      await kv.put("ws:old", v1());
      expect((await s.listWorkspaces())[0]).toMatchObject({ id: "old", name: "My workspace", status: "ok" });
      const r = await s.loadWorkspace("old");
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.migratedFrom).toBe(1);
      expect(r.workspace).toMatchObject({ schema: 2, id: "old", origin: { kind: "migrated", fromSchema: 1 }, createdAt: 1_650_000_000_000 });
      expect(r.workspace.data).toMatchObject({ lessonId: null, selinux: "enforcing", openTabs: [], request: null, progress: {} });
      expect(snapshot(Vfs.restore(r.workspace.data.fs))).toBe(snapshot(busyFs()));
      expect(await kv.get("backup:old:v1")).toMatchObject({ schema: 1, savedAt: 1_650_000_000_000 });
      expect(await kv.get("ws:old")).toMatchObject({ schema: 2 });
      const again = await s.loadWorkspace("old");
      expect(again.ok && again.migratedFrom).toBeUndefined();
    });

    it("adoptLegacy takes the engine worker's old saved workspace", async () => {
      const s = make();
      const r = await s.adoptLegacy(v1());
      expect(r.ok && r.migratedFrom).toBe(1);
      expect((await s.listWorkspaces()).length).toBe(1);
    });

    it("a v1 record whose filesystem is damaged is CORRUPT, and kept", async () => {
      const kv = makeKv();
      const s = make(kv);
      await kv.put("ws:old", { schema: 1, savedAt: 1, fs: { version: 1, nodes: "oops" } });
      const r = await s.loadWorkspace("old");
      expect(r).toMatchObject({ ok: false, error: { code: "CORRUPT" } });
      expect(!r.ok && r.error.message).toMatch(/could not be carried over from schema 1: the schema 1 filesystem has no list of files/);
      expect(await kv.get((r as { error: { keptAs: string } }).error.keptAs)).toMatchObject({ raw: { schema: 1, fs: { nodes: "oops" } } });
    });
  });

  describe("corrupt and foreign data", () => {
    const bad: [string, unknown, RegExp][] = [
      ["a string", "garbage", /it is a string, not a saved workspace/],
      ["null", null, /it is null/],
      ["no schema", { fs: {} }, /no schema version/],
      ["no filesystem", { schema: 2, id: "x", name: "n", origin: { kind: "default" }, createdAt: 1, updatedAt: 1, data: {} }, /its filesystem is missing/],
      [
        "file content not bytes",
        { schema: 2, id: "x", name: "n", origin: { kind: "default" }, createdAt: 1, updatedAt: 1, data: { ...emptyData({ version: 1, nodes: [["/", { type: "dir", mode: 0o755, owner: "root", group: "root", label: "l", mtimeMs: 0, data: "text" as unknown as Uint8Array }]] }) } },
        /entry 1 \(\/\) has no byte content/,
      ],
    ];

    it.each(bad)("%s: a clear CORRUPT error; the raw data is moved aside, not deleted", async (_what, raw, reason) => {
      const kv = makeKv();
      const s = make(kv);
      await kv.put("ws:mine", raw);
      expect((await s.listWorkspaces())[0]).toMatchObject({ id: "mine", status: "damaged" });
      const r = await s.loadWorkspace("mine");
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.code).toBe("CORRUPT");
      expect(r.error.message).toMatch(reason);
      expect(r.error.message).toMatch(/starts from the default files; the saved data was kept/);
      expect(r.error.keptAs).toMatch(/^damaged:mine:\d+$/);
      const kept = (await kv.get(r.error.keptAs!)) as { raw: unknown };
      expect(kept.raw).toEqual(raw);
      expect(await s.listDamaged()).toEqual([{ key: r.error.keptAs, id: "mine", movedAt: expect.any(Number), reason: expect.stringMatching(reason) }]);
      expect(JSON.parse((await s.readDamaged(r.error.keptAs!))!)).toEqual(JSON.parse(JSON.stringify(raw)));
      // The fallback: a fresh workspace at the same id; the damaged copy stays.
      expect(await s.saveWorkspace("mine", data())).toEqual({ ok: true });
      expect((await s.loadWorkspace("mine")).ok).toBe(true);
      expect((await s.listDamaged()).length).toBe(1);
      await s.deleteDamaged(r.error.keptAs!);
      expect(await s.listDamaged()).toEqual([]);
    });

    it("saving over unreadable data keeps a copy of it first", async () => {
      const kv = makeKv();
      const s = make(kv);
      await kv.put("ws:mine", { schema: 2, broken: true });
      expect(await s.saveWorkspace("mine", data())).toEqual({ ok: true });
      const damaged = await s.listDamaged();
      expect(damaged.length).toBe(1);
      expect(await kv.get(damaged[0].key)).toMatchObject({ raw: { schema: 2, broken: true } });
    });

    it("a record from a newer CGI Lab is reported and never overwritten", async () => {
      const kv = makeKv();
      const s = make(kv);
      const future = { schema: 3, id: "f", name: "Future", whatever: [1, 2, 3] };
      await kv.put("ws:f", future);
      expect((await s.listWorkspaces())[0]).toMatchObject({ id: "f", name: "Future", status: "too-new" });
      const r = await s.loadWorkspace("f");
      expect(r).toMatchObject({ ok: false, error: { code: "TOO_NEW" } });
      expect(!r.ok && r.error.message).toMatch(/newer version of CGI Lab \(schema 3; this one reads up to 2\)\. Reload/);
      expect(await s.saveWorkspace("f", data())).toMatchObject({ ok: false, error: { code: "TOO_NEW" } });
      expect(await kv.get("ws:f")).toEqual(future);
    });
  });
});

describe("debounced saves", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("many changes in a burst make one write, with the last data; flush writes at once", async () => {
    vi.useFakeTimers();
    const kv = new MemoryKv();
    const put = vi.spyOn(kv, "put");
    const s = new WorkspaceStorage(kv, { debounceMs: 500 });
    for (let i = 0; i < 10; i++) {
      s.scheduleSave("a", { ...data(), openTabs: [`/tab${i}`] });
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(put).not.toHaveBeenCalled();
    expect(s.hasPendingSaves).toBe(true);
    await vi.advanceTimersByTimeAsync(500);
    expect(put).toHaveBeenCalledTimes(1);
    expect(((await kv.get("ws:a")) as { data: WorkspaceData }).data.openTabs).toEqual(["/tab9"]);

    s.scheduleSave("a", { ...data(), openTabs: ["/flushed"] });
    s.scheduleSave("b", data());
    await s.flush();
    expect(s.hasPendingSaves).toBe(false);
    expect(put).toHaveBeenCalledTimes(3);
    expect(((await kv.get("ws:a")) as { data: WorkspaceData }).data.openTabs).toEqual(["/flushed"]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(put).toHaveBeenCalledTimes(3); // nothing left to fire
  });

  it("a failed debounced save is reported through onSaveError", async () => {
    vi.useFakeTimers();
    const kv = new MemoryKv();
    kv.put = async () => {
      throw new Error("QuotaExceededError");
    };
    const errors: string[] = [];
    const s = new WorkspaceStorage(kv, { debounceMs: 10, onSaveError: (id, e) => errors.push(`${id} ${e.code} ${e.message}`) });
    s.scheduleSave("a", data());
    await vi.advanceTimersByTimeAsync(20);
    await s.flush();
    expect(errors).toEqual([expect.stringMatching(/^a WRITE_FAILED Your work could not be saved \(QuotaExceededError\)/)]);
  });

  it("deleting a workspace drops its pending save", async () => {
    vi.useFakeTimers();
    const kv = new MemoryKv();
    const s = new WorkspaceStorage(kv, { debounceMs: 10 });
    s.scheduleSave("a", data());
    await s.deleteWorkspace("a");
    await vi.advanceTimersByTimeAsync(50);
    expect(await kv.get("ws:a")).toBeUndefined();
  });
});

describe("openWorkspaceStorage", () => {
  it("uses IndexedDB when it works", async () => {
    const s = await openWorkspaceStorage({ factory: new IDBFactory() });
    expect(s.kv.persistent).toBe(true);
  });

  it("falls back to memory when IndexedDB fails to open", async () => {
    const broken = {
      open() {
        const req: Record<string, unknown> = { error: new Error("denied") };
        setTimeout(() => (req.onerror as () => void)?.());
        return req;
      },
    } as unknown as IDBFactory;
    const s = await openWorkspaceStorage({ factory: broken });
    expect(s.kv.persistent).toBe(false);
    const c = await s.createWorkspace({ data: data() });
    expect(c.ok).toBe(true);
  });
});
