"""CGI Lab runtime hooks: how a long-lived Python application (the FastCGI
process model) talks to the emulated web server.

In CGI Lab, Python runs in Pyodide inside a worker. Python cannot block there
waiting for bytes from the server, so an application cannot own an
``accept()``/``recv()`` loop. It hands the runtime an object instead and
returns; the runtime then calls that object whenever the server opens a
connection, writes bytes, or closes its side. The object answers by calling
``send()`` and ``close()``. The bytes are the FastCGI records exactly as they
would cross a socket; parsing them is the application's (flup's) business.

This module is installed in site-packages of every CGI Lab interpreter and is
importable as ``_cgi_lab_runtime``. Its API:

``register_server(obj) -> None``
    Registers the object that serves connections (a second call replaces
    the first). ``obj`` must have three methods:

    ``obj.on_connect(conn_id: int) -> None``
        The web server opened connection ``conn_id``. Ids are positive ints,
        unique within the process, never reused.
    ``obj.on_data(conn_id: int, data: bytes) -> None``
        Bytes the server wrote on the connection, in order, in chunks of any
        size: a record may be split across calls, several may come in one.
    ``obj.on_close(conn_id: int) -> None``
        The server closed its side of the connection (EOF). Not called for a
        connection the application already closed with ``close()``.

    The callbacks are called one at a time, each to completion, never
    re-entrantly. ``send()`` and ``close()`` may be called from inside them.

``raise ServeForever()``   or   ``serve_forever(obj)``
    After ``register_server(obj)``, the main script unwinds with
    ``ServeForever``, a ``BaseException`` subclass (so ``except Exception``
    does not stop it; ``finally`` blocks and ``with`` exits run).
    ``serve_forever(obj)`` registers and raises in one call. The process
    then counts as serving: it stays alive, and its state (globals, imported
    modules, ``os.environ``, ``sys``) survives from one connection to the
    next until the process is stopped.

``send(conn_id: int, data: bytes) -> None``
    Writes ``data`` (bytes, bytearray or memoryview; copied) on the
    connection. Returns at once; the bytes reach the server in the order
    sent. Sending on a connection already closed (by either side) is
    silently ignored, like a write the peer never reads.

``close(conn_id: int) -> None``
    Closes the application's side; the server sees EOF after the bytes
    already sent. Calling it again, or for an unknown id, does nothing.

``process_model() -> "fastcgi" | "cgi" | None``
    ``"fastcgi"`` in a long-lived application process (``send``/``close``
    work, ``ServeForever`` is honoured), ``"cgi"`` in a one-request CGI
    process (stdin is the request body, stdout the response; ``send`` raises
    ``RuntimeError``), ``None`` when not running under CGI Lab (plain
    CPython: the module still imports, for tests). Real flup, started as a
    CGI script, serves that one request as CGI; compat code can decide the
    same way with this.

How the process behaves around the callbacks:

- ``print()`` and anything else written to ``sys.stdout``/``sys.stderr``
  (outside of ``send``) is the process's own output: the server shows it as
  the application's console/error-log output, never on a connection;
- an exception escaping a callback ends the process as an uncaught
  exception in a real server's main loop would: traceback on stderr
  (through ``sys.excepthook``), exit status 1. ``sys.exit(n)`` in a callback
  ends the process with status n (atexit handlers run);
- a ``ServeForever`` escaping a callback is ignored (still serving);
- if the main script ends without raising ``ServeForever`` (or raises it
  without a registered server), the process simply exits, and the web
  server reports what a real one would.

Nothing in this module keeps per-process state until the runtime starts a
process, so it is safe to import it before the interpreter's memory snapshot.
"""

__all__ = [
    "ServeForever",
    "register_server",
    "serve_forever",
    "send",
    "close",
    "process_model",
]


class ServeForever(BaseException):
    """Raised by the main script, after register_server(), to hand control to the runtime."""


# Set by the runtime when a process starts (never before the snapshot):
#   _model: "cgi" | "fastcgi"
#   _host:  object with send(conn_id, data: bytes) and close(conn_id)
_model = None
_host = None
_server = None


def register_server(obj):
    """Registers the object whose on_connect/on_data/on_close serve connections."""
    for name in ("on_connect", "on_data", "on_close"):
        if not callable(getattr(obj, name, None)):
            raise TypeError("register_server(): %r has no callable %s()" % (obj, name))
    global _server
    _server = obj


def serve_forever(obj):
    """register_server(obj), then raise ServeForever."""
    register_server(obj)
    raise ServeForever()


def _need_host():
    if _host is None:
        if _model is None:
            raise RuntimeError("_cgi_lab_runtime: not running under CGI Lab")
        raise RuntimeError("_cgi_lab_runtime: connections exist only in a FastCGI (long-lived) process, not in %s" % _model)
    return _host


def send(conn_id, data):
    """Writes bytes to the server on connection conn_id."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError("send() needs bytes, bytearray or memoryview, not %s" % type(data).__name__)
    _need_host().send(int(conn_id), bytes(data))


def close(conn_id):
    """Closes the application's side of connection conn_id."""
    _need_host().close(int(conn_id))


def process_model():
    """'fastcgi', 'cgi', or None outside CGI Lab."""
    return _model
