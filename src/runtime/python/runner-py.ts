/**
 * The Python half of the interpreter worker: run once per boot (after the
 * snapshot is restored) into a private namespace, never imported as a module,
 * so it adds nothing to sys.modules. Its frames are hidden from tracebacks.
 *
 * It makes the interpreter behave like `python3 -u script.py` started by
 * Apache: unbuffered stdout/stderr over fds 1 and 2, stdin buffered over
 * fd 0, exactly the given environment, argv and working directory, the
 * script run as __main__, and the shutdown steps CPython performs (atexit
 * handlers, flushing and closing what the script left open, flushing the
 * standard streams).
 */
export const RUNNER_FILENAME = "<cgi-lab-runner>";

export const RUNNER_PY = String.raw`
import sys, os, io, gc, builtins, importlib, importlib.machinery, atexit
import _cgi_lab_runtime as _rt

_model = None


def boot():
    """Once per interpreter, before any process: what no snapshot may carry over."""
    # Python's own -u stdio (pylifecycle.c create_stdio): unbuffered binary layer
    # for stdout/stderr with write_through text; stdin always buffered.
    def make(fd, name, write, old):
        raw = io.FileIO(fd, "wb" if write else "rb", closefd=False)
        raw.name = name
        buf = raw if write else io.BufferedReader(raw)
        text = io.TextIOWrapper(buf, encoding=old.encoding, errors=old.errors,
                                newline="\n", line_buffering=False, write_through=True)
        text.mode = "w" if write else "r"
        return text
    sys.stdin = sys.__stdin__ = make(0, "<stdin>", False, sys.__stdin__ or sys.stdin)
    sys.stdout = sys.__stdout__ = make(1, "<stdout>", True, sys.__stdout__ or sys.stdout)
    sys.stderr = sys.__stderr__ = make(2, "<stderr>", True, sys.__stderr__ or sys.stderr)
    # A script's directory may be a writable root: no __pycache__ appearing there.
    sys.dont_write_bytecode = True
    # Pyodide puts "" (the cwd) first; python3 script.py puts the script's directory.
    sys.path[:] = [p for p in sys.path if p != ""]
    # State seeded when the snapshot was made would be shared by every process:
    # random's generator is seeded at import (Pyodide imports it at startup).
    if "random" in sys.modules:
        sys.modules["random"].seed()
    if "tempfile" in sys.modules:
        sys.modules["tempfile"]._name_sequence = None


class _Host:
    __slots__ = ("_send", "_close", "_to_js")

    def __init__(self, send, close):
        from pyodide.ffi import to_js
        self._send = send
        self._close = close
        self._to_js = to_js

    def send(self, conn_id, data):
        if data:
            self._send(conn_id, self._to_js(data))

    def close(self, conn_id):
        self._close(conn_id)


def start(argv, env, cwd, model, send=None, close=None):
    """Sets up the process: environment, argv, cwd, sys.path[0], runtime hooks."""
    global _model
    _model = model
    os.environ.clear()
    for pair in env.to_py():
        try:
            os.environ[pair[0]] = pair[1]
        except (ValueError, TypeError):
            pass  # a name the OS would reject: not passed, as execve would fail it
    _coerce_c_locale()
    sys.argv = list(argv.to_py())
    os.chdir(cwd)
    script = sys.argv[0] if sys.argv else ""
    sys.path.insert(0, os.path.dirname(os.path.realpath(script)) if script else "")
    _rt._model = model
    _rt._server = None
    _rt._host = _Host(send, close) if model == "fastcgi" else None


def _coerce_c_locale():
    """PEP 538, as CPython 3.7+ does at start-up: in the C locale it sets LC_CTYPE=C.UTF-8.

    Apache passes no LANG, so a real python3 CGI script sees LC_CTYPE=C.UTF-8
    in os.environ (the live captures show it); this makes ours see it too.
    """
    if os.environ.get("LC_ALL"):
        return
    ctype = os.environ.get("LC_CTYPE") or os.environ.get("LANG") or "C"
    if ctype in ("C", "POSIX"):
        os.environ["LC_CTYPE"] = "C.UTF-8"


# Emscripten numbers errno differently from Linux; messages show Linux's numbers.
_LINUX_ERRNO = {"ENOENT": 2, "EACCES": 13, "EISDIR": 21, "ENOTDIR": 20, "ELOOP": 40, "EPERM": 1}


def _linux_errno(e):
    import errno as _errno
    return _LINUX_ERRNO.get(_errno.errorcode.get(e.errno, ""), e.errno)


def _strip(tb):
    while tb is not None and tb.tb_frame.f_code.co_filename == "<cgi-lab-runner>":
        tb = tb.tb_next
    return tb


def _report(exc):
    """An uncaught exception, as CPython's PyErr_Print reports it."""
    tb = _strip(exc.__traceback__)
    exc = exc.with_traceback(tb)
    sys.last_exc = sys.last_value = exc
    sys.last_type = type(exc)
    sys.last_traceback = tb
    hook = getattr(sys, "excepthook", None)
    if hook is None:
        _write_err("sys.excepthook is missing\n")
        return
    try:
        hook(type(exc), exc, tb)
    except BaseException as hook_exc:
        _write_err("Error in sys.excepthook:\n")
        sys.__excepthook__(type(hook_exc), hook_exc, _strip(hook_exc.__traceback__))
        _write_err("\nOriginal exception was:\n")
        sys.__excepthook__(type(exc), exc, tb)


def _write_err(text):
    try:
        (sys.stderr or sys.__stderr__).write(text)
    except Exception:
        pass


def _exit_status(exc):
    """The exit status for a SystemExit, as CPython's handle_system_exit computes it."""
    code = exc.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    try:
        _write_err(str(code) + "\n")
    except Exception:
        pass
    return 1


def run_main(path):
    """Runs the script as __main__. Returns the exit status, or -1 when it hands over to the runtime (ServeForever)."""
    try:
        with open(path, "rb") as f:
            source = f.read()
    except OSError as e:
        _write_err("python3: can't open file %r: [Errno %d] %s\n" % (path, _linux_errno(e), e.strerror))
        return 2
    main = sys.modules["__main__"]
    d = main.__dict__
    d.clear()
    d.update(__name__="__main__", __doc__=None, __package__=None, __spec__=None,
             __loader__=importlib.machinery.SourceFileLoader("__main__", path),
             __builtins__=builtins, __file__=path, __cached__=None)
    try:
        code = compile(source, path, "exec", dont_inherit=True)
        exec(code, d)
    except SystemExit as e:
        return _exit_status(e)
    except _rt.ServeForever:
        if _model == "fastcgi" and _rt._server is not None:
            return -1
        if _model == "fastcgi":
            _write_err("_cgi_lab_runtime.ServeForever raised but no server was registered (call register_server first)\n")
        else:
            _write_err("_cgi_lab_runtime.ServeForever raised in a CGI process: there is no connection to serve\n")
        return 1
    except BaseException as e:
        _report(e)
        return 1
    return 0


def dispatch(kind, conn_id, data=None):
    """FastCGI: one connection event. Returns -1 to keep serving, else the exit status."""
    server = _rt._server
    try:
        if kind == "open":
            server.on_connect(conn_id)
        elif kind == "data":
            server.on_data(conn_id, data.to_bytes())
        else:
            server.on_close(conn_id)
    except SystemExit as e:
        return _exit_status(e)
    except _rt.ServeForever:
        return -1
    except BaseException as e:
        _report(e)
        return 1
    return -1


def finalize(status):
    """The shutdown steps of Py_FinalizeEx that a script can observe. Returns the final status."""
    try:
        atexit._run_exitfuncs()
    except BaseException:
        pass  # atexit reports its own errors
    # Interpreter shutdown clears __main__ and collects garbage: files the
    # script left open are flushed and closed then, so their bytes land.
    try:
        sys.modules["__main__"].__dict__.clear()
    except Exception:
        pass
    gc.collect()
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name, None)
        if stream is None or getattr(stream, "closed", False):
            continue
        try:
            stream.flush()
        except Exception as e:
            if name == "stdout":
                _write_err("Exception ignored while flushing sys.stdout:\n")
                sys.__excepthook__(type(e), e, _strip(e.__traceback__))
                if status == 0:
                    status = 120
    return status
`;
