import { describe, expect, it } from "vitest";
import { compileMode } from "./chmod.ts";
import { terminal } from "./test-support.ts";

const apply = (spec: string, mode: number, dir = false) => compileMode(spec)!(mode, dir);

describe("compileMode", () => {
  it("takes octal modes", () => {
    expect(apply("755", 0o644)).toBe(0o755);
    expect(apply("0600", 0o777)).toBe(0o600);
  });

  it("applies symbolic clauses as GNU chmod does", () => {
    expect(apply("a+x", 0o644)).toBe(0o755);
    expect(apply("a-x", 0o755)).toBe(0o644);
    expect(apply("u=rwx,go=rx", 0o600)).toBe(0o755);
    expect(apply("go-w", 0o777)).toBe(0o755);
    expect(apply("g=u", 0o740)).toBe(0o770);
    expect(apply("u+s", 0o755)).toBe(0o4755);
  });

  it("masks by the umask (022) when no u/g/o/a is given", () => {
    expect(apply("+x", 0o644)).toBe(0o755);
    expect(apply("+w", 0o444)).toBe(0o644);
  });

  it("gives X only to directories and already executable files", () => {
    expect(apply("a+X", 0o644)).toBe(0o644);
    expect(apply("a+X", 0o644, true)).toBe(0o755);
    expect(apply("a+X", 0o744)).toBe(0o755);
  });

  it("rejects what is not a mode", () => {
    expect(compileMode("abc")).toBeNull();
    expect(compileMode("u+q")).toBeNull();
    expect(compileMode("8")).toBeNull();
  });
});

describe("chmod", () => {
  it("a-x then ls -l shows -rw-r--r--.", async () => {
    const t = terminal();
    expect((await t.run("chmod a-x hello.py")).exitCode).toBe(0);
    expect(await t.out("ls -l hello.py")).toBe("-rw-r--r--. 1 root root 312 Nov 25 10:00 hello.py\n");
  });

  it("reads -x as a mode, not an option, and -R recurses", async () => {
    const t = terminal();
    await t.run("chmod -x hello.py");
    expect(t.fs.stat("/var/www/cgi-bin/hello.py")!.mode).toBe(0o644);
    await t.run("chmod -R go-rx /var/www/cgi-bin");
    expect(t.fs.stat("/var/www/cgi-bin")!.mode).toBe(0o700);
    expect(t.fs.stat("/var/www/cgi-bin/env.py")!.mode).toBe(0o700);
  });

  it("-v reports the change in coreutils' words", async () => {
    const t = terminal();
    expect(await t.out("chmod -v 644 hello.py")).toBe("mode of 'hello.py' changed from 0755 (rwxr-xr-x) to 0644 (rw-r--r--)\n");
  });

  it("prints coreutils' errors", async () => {
    const t = terminal();
    const missing = await t.run("chmod a+x x.py");
    expect(missing.output).toBe("chmod: cannot access 'x.py': No such file or directory\n");
    expect(missing.exitCode).toBe(1);
    expect(await t.out("chmod abc hello.py")).toBe("chmod: invalid mode: \u2018abc\u2019\nTry 'chmod --help' for more information.\n");
    expect(await t.out("chmod 755")).toBe("chmod: missing operand after \u2018755\u2019\nTry 'chmod --help' for more information.\n");
  });
});
