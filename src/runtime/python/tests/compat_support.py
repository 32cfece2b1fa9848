"""Shared set-up for the tests of CGI Lab's Python compatibility modules.

Importing this puts ``src/runtime/python/site-packages`` first on sys.path,
so ``cgi``, ``cgitb`` and ``flup`` are CGI Lab's own modules even on a
CPython (3.11/3.12) whose standard library still has cgi and cgitb.
"""

import os
import sys

sys.dont_write_bytecode = True  # keep __pycache__ out of the source tree

HERE = os.path.dirname(os.path.abspath(__file__))
SITE_PACKAGES = os.path.normpath(os.path.join(HERE, "..", "site-packages"))

if sys.path[:1] != [SITE_PACKAGES]:
    sys.path.insert(0, SITE_PACKAGES)

# If something imported the standard library's cgi/cgitb first, drop it.
for _name in ("cgi", "cgitb"):
    _mod = sys.modules.get(_name)
    if _mod is not None and not os.path.abspath(
            getattr(_mod, "__file__", "") or "").startswith(SITE_PACKAGES):
        del sys.modules[_name]

CAN_SPAWN = sys.platform not in ("emscripten", "wasi")


def subprocess_env(**extra):
    """Environment for a child Python that should see our site-packages."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"),
           "PYTHONPATH": SITE_PACKAGES,
           "PYTHONDONTWRITEBYTECODE": "1",
           "LANG": "C.UTF-8"}
    env.update(extra)
    return env
