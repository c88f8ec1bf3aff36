#!/usr/bin/env python3
"""Reference XML-RPC servers for the polling comparison of docs/benchmarks.md.

They serve getTraps(time) over the same traps as the collector: the benchmark fetches the collector's
getTraps(0) answer and hands it over as JSON ({"traps": [[message, category, node, fs, id, time], ...],
"received": collector seconds}), so both answer with the same rows. getTraps(time) returns
[traps received at or after time, now], a negative time meaning the last |time| seconds, as the collector.

  reference_server.py --port PORT --traps FILE --kind stdlib|threading|twisted

stdlib     xmlrpc.server.SimpleXMLRPCServer as the standard library gives it: one thread, one request at
           a time. Its handler speaks HTTP/1.0 by default and closes every connection; protocol_version
           is set to HTTP/1.1 here so that keep-alive works, as for the collector. With keep-alive, the one
           thread serves one connection until the client closes it; other connections wait.
threading  the same with socketserver.ThreadingMixIn: a thread per connection.
twisted    twisted.web.xmlrpc, Twisted's event-driven server: one reactor thread, HTTP/1.1 keep-alive.

Prints "ready" on standard output once it listens on 127.0.0.1:PORT. Loopback only.
"""
import argparse
import json
import socketserver
import sys
import time
from xmlrpc.server import SimpleXMLRPCRequestHandler, SimpleXMLRPCServer

HOST = "127.0.0.1"


class Traps:
    def __init__(self, rows, received):
        self.rows = rows
        self.received = received

    def getTraps(self, since):
        now = int(time.time())
        start = now + since if since < 0 else since
        return [self.rows if self.received >= start else [], now]


class KeepAliveHandler(SimpleXMLRPCRequestHandler):
    protocol_version = "HTTP/1.1"


class ThreadingXMLRPCServer(socketserver.ThreadingMixIn, SimpleXMLRPCServer):
    daemon_threads = True


def serve_stdlib(server_class, port, traps):
    server = server_class((HOST, port), requestHandler=KeepAliveHandler, logRequests=False)
    server.register_function(traps.getTraps, "getTraps")
    print("ready", flush=True)
    server.serve_forever()


def serve_twisted(port, traps):
    from twisted.internet import reactor
    from twisted.web import server, xmlrpc

    class Resource(xmlrpc.XMLRPC):
        def xmlrpc_getTraps(self, since):
            return traps.getTraps(since)

    reactor.listenTCP(port, server.Site(Resource()), interface=HOST)
    reactor.callWhenRunning(lambda: print("ready", flush=True))
    reactor.run()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--traps", required=True)
    parser.add_argument("--kind", choices=["stdlib", "threading", "twisted"], required=True)
    args = parser.parse_args()
    with open(args.traps, encoding="utf-8") as f:
        data = json.load(f)
    traps = Traps(data["traps"], data["received"])
    if args.kind == "twisted":
        serve_twisted(args.port, traps)
    else:
        serve_stdlib(SimpleXMLRPCServer if args.kind == "stdlib" else ThreadingXMLRPCServer, args.port, traps)


if __name__ == "__main__":
    sys.exit(main())
