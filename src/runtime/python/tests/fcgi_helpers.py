"""Helpers shared by the FastCGI tests: build and split records."""

import struct

import compat_support  # noqa: F401

BEGIN, ABORT, END, PARAMS, STDIN, STDOUT, STDERR, DATA = range(1, 9)
GET_VALUES, GET_VALUES_RESULT, UNKNOWN_TYPE = 9, 10, 11
RESPONDER, AUTHORIZER, FILTER = 1, 2, 3


def h(text):
    """Bytes from hex with spaces allowed (as written in conformance.md)."""
    return bytes.fromhex(text.replace(" ", ""))


def record(rtype, rid, content=b"", padding=None):
    if padding is None:
        padding = -len(content) & 7
    return (struct.pack("!BBHHBx", 1, rtype, rid, len(content), padding)
            + content + b"\x00" * padding)


def length(n):
    return bytes((n,)) if n < 128 else struct.pack("!L", n | 0x80000000)


def pair(name, value):
    name = name.encode("latin-1") if isinstance(name, str) else name
    value = value.encode("latin-1") if isinstance(value, str) else value
    return length(len(name)) + length(len(value)) + name + value


def begin(rid, role=RESPONDER, keep_conn=False):
    return record(BEGIN, rid, struct.pack("!HB5x", role, 1 if keep_conn else 0))


def params(rid, env):
    body = b"".join(pair(k, v) for k, v in env.items())
    return record(PARAMS, rid, body) + record(PARAMS, rid)


def stdin(rid, body=b""):
    out = b""
    for start in range(0, len(body), 65535):
        out += record(STDIN, rid, body[start:start + 65535])
    return out + record(STDIN, rid)


def request(rid, env, body=b"", keep_conn=False, role=RESPONDER):
    return begin(rid, role, keep_conn) + params(rid, env) + stdin(rid, body)


def split_records(data):
    """[(type, id, content, padding)] from a byte string; checks framing."""
    out = []
    pos = 0
    while pos < len(data):
        version, rtype, rid, clen, plen = struct.unpack_from("!BBHHB", data,
                                                             pos)
        assert version == 1, "bad version at %d" % pos
        start = pos + 8
        end = start + clen + plen
        assert end <= len(data), "truncated record at %d" % pos
        out.append((rtype, rid, data[start:start + clen], plen))
        pos = end
    return out


def stream(records, rtype, rid):
    return b"".join(c for t, i, c, _ in records if t == rtype and i == rid)


def end_status(records, rid):
    """(appStatus, protocolStatus) of the END_REQUEST for *rid*."""
    ends = [c for t, i, c, _ in records if t == END and i == rid]
    assert len(ends) == 1, "expected one END_REQUEST for %d, got %d" % (
        rid, len(ends))
    app, proto = struct.unpack("!LB3x", ends[0])
    return app, proto


def decode_pairs(body):
    out = []
    pos = 0
    while pos < len(body):
        lens = []
        for _ in range(2):
            if body[pos] & 0x80:
                lens.append(struct.unpack("!L", body[pos:pos + 4])[0]
                            & 0x7FFFFFFF)
                pos += 4
            else:
                lens.append(body[pos])
                pos += 1
        name = body[pos:pos + lens[0]]
        pos += lens[0]
        value = body[pos:pos + lens[1]]
        pos += lens[1]
        out.append((name, value))
    return out


BASIC_ENV = {
    "REQUEST_METHOD": "GET",
    "SCRIPT_NAME": "/app.fcgi",
    "REQUEST_URI": "/app.fcgi?x=1",
    "QUERY_STRING": "x=1",
    "SERVER_NAME": "localhost",
    "SERVER_PORT": "8080",
    "SERVER_PROTOCOL": "HTTP/1.1",
    "GATEWAY_INTERFACE": "CGI/1.1",
}
