#!/usr/bin/env python3
"""XML-RPC interoperability test for a running lustre-collector.

Usage:
    python3 src/test/python/xmlrpc_interop.py <URL> <TRAPFILE>

    URL       the collector's XML-RPC endpoint, e.g. http://127.0.0.1:8080/RPC2
    TRAPFILE  the trap file the collector follows; the test appends lines to it

The script uses only the Python standard library (xmlrpc.client). It runs the
numbered checks in order and stops at the first failure, printing a message
that says which check failed and why. The last line it prints is always
"N passed, M failed". It exits with 0 if every check passed, 1 if a check
failed, and 2 if it was called with the wrong arguments.

Whenever the script waits for the collector, it checks a condition every
0.1 s until it becomes true or a 30 s deadline runs out. It never relies on a
fixed sleep to synchronise with the collector.
"""

import os
import re
import socket
import sys
import threading
import time
import uuid
import xmlrpc.client

DEADLINE_SECONDS = 30.0
POLL_INTERVAL = 0.1
RPC_TIMEOUT_SECONDS = 30.0

CATEGORY_NAMES = ("INFO", "WARNING", "CRITICAL", "FATAL")
CATEGORY_BY_NAME = {name: i for i, name in enumerate(CATEGORY_NAMES)}


class CheckFailed(Exception):
    """Raised by a check when the collector did not behave as specified."""


def require(condition, message):
    if not condition:
        raise CheckFailed(message)


def is_int(value):
    # XML-RPC <boolean> decodes to bool, which is a subclass of int; reject it.
    return type(value) is int


def type_name(value):
    return type(value).__name__


class Trap:
    """A trap line the test writes to the trap file."""

    def __init__(self, trap_id, when, category, fsname, node, message):
        self.id = trap_id
        self.time = when
        self.category = category          # as written: "2", "critical", ...
        self.fsname = fsname
        self.node = node
        self.message = message

    @property
    def numeric_category(self):
        text = str(self.category)
        if text.isdigit():
            return int(text)
        return CATEGORY_BY_NAME[text.upper()]

    def line(self):
        fields = (self.id, str(self.time), str(self.category), self.fsname,
                  self.node, self.message)
        return "\t".join(fields) + "\n"


class InteropTest:
    def __init__(self, url, trapfile):
        self.url = url
        self.trapfile = trapfile
        self.proxy = xmlrpc.client.ServerProxy(url, allow_none=False)
        self.prefix = "py-" + uuid.uuid4().hex[:12]
        self.counter = 0
        # State shared between checks.
        self.timestamp = None      # last timestamp returned by getTraps
        self.baseline = None       # collector time before the first append
        self.first_traps = []      # the three Trap objects of check 3
        self.seen = {}             # id -> trap array, for everything received

    # ----------------------------------------------------------- helpers

    def new_id(self):
        self.counter += 1
        return "%s-%d" % (self.prefix, self.counter)

    def append_lines(self, text):
        """Append complete lines to the trap file and flush them."""
        data = text.encode("utf-8")
        # If the file ends in a partial line, end that line first so that our
        # first line is not glued to it.
        try:
            with open(self.trapfile, "rb") as existing:
                existing.seek(0, os.SEEK_END)
                if existing.tell() > 0:
                    existing.seek(-1, os.SEEK_END)
                    if existing.read(1) != b"\n":
                        data = b"\n" + data
        except FileNotFoundError:
            pass
        with open(self.trapfile, "ab") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())

    def get_traps(self, since):
        """Call getTraps(since) and check the shape of the result."""
        result = self.proxy.getTraps(since)
        require(isinstance(result, list) and len(result) == 2,
                "getTraps(%r) should return [traps, timestamp], got %r"
                % (since, result if not isinstance(result, list)
                   else "list of length %d" % len(result)))
        traps, timestamp = result
        require(isinstance(traps, list),
                "getTraps(%r)[0] should be an array, got %s"
                % (since, type_name(traps)))
        require(is_int(timestamp),
                "getTraps(%r)[1] should be an int, got %s %r"
                % (since, type_name(timestamp), timestamp))
        for trap in traps:
            self.check_trap_shape(trap)
        return traps, timestamp

    @staticmethod
    def check_trap_shape(trap):
        require(isinstance(trap, list) and len(trap) == 6,
                "each trap should be an array of 6 elements, got %r" % (trap,))
        message, category, node, fsname, trap_id, when = trap
        for name, value in (("message", message), ("nodeName", node),
                            ("fsName", fsname), ("id", trap_id)):
            require(isinstance(value, str),
                    "trap %s should be a string, got %s in %r"
                    % (name, type_name(value), trap))
        require(is_int(category) and 0 <= category <= 3,
                "trap category should be an int 0..3, got %s %r in %r"
                % (type_name(category), category, trap))
        require(is_int(when),
                "trap time should be an int, got %s %r in %r"
                % (type_name(when), when, trap))

    def poll_for_ids(self, wanted_ids):
        """Poll getTraps, passing back the timestamp, until all ids arrived.

        Returns the ids in the order they were first seen.
        """
        wanted = set(wanted_ids)
        arrived = []
        deadline = time.monotonic() + DEADLINE_SECONDS
        while True:
            traps, self.timestamp = self.get_traps(self.timestamp)
            for trap in traps:
                trap_id = trap[4]
                if trap_id not in self.seen:
                    self.seen[trap_id] = trap
                if trap_id in wanted and trap_id not in arrived:
                    arrived.append(trap_id)
            if wanted.issubset(arrived):
                return arrived
            require(time.monotonic() < deadline,
                    "traps %s did not arrive within %.0f s (timestamp passed "
                    "back: %r)" % (sorted(wanted - set(arrived)),
                                   DEADLINE_SECONDS, self.timestamp))
            time.sleep(POLL_INTERVAL)

    def check_trap_matches(self, got, expected):
        self.check_trap_shape(got)
        message, category, node, fsname, trap_id, when = got
        require(trap_id == expected.id,
                "trap id: expected %r, got %r" % (expected.id, trap_id))
        require(message == expected.message,
                "trap %s message did not survive the round trip: wrote %r, "
                "got %r" % (expected.id, expected.message, message))
        require(category == expected.numeric_category,
                "trap %s category: wrote %r, expected %d, got %r"
                % (expected.id, expected.category, expected.numeric_category,
                   category))
        require(node == expected.node,
                "trap %s node: expected %r, got %r"
                % (expected.id, expected.node, node))
        require(fsname == expected.fsname,
                "trap %s fsname: expected %r, got %r"
                % (expected.id, expected.fsname, fsname))
        require(when == expected.time,
                "trap %s time: expected %d, got %r"
                % (expected.id, expected.time, when))

    def make_trap(self, when, category, message, node="pynode"):
        return Trap(self.new_id(), when, category, "pyfs", node, message)

    # ------------------------------------------------------------ checks

    def check_introspection(self):
        """1. system.listMethods / methodHelp / methodSignature"""
        methods = self.proxy.system.listMethods()
        require(isinstance(methods, list),
                "system.listMethods() should return an array, got %s"
                % type_name(methods))
        expected = ("getTraps", "getLastTimestamp", "getStatus",
                    "system.listMethods", "system.methodHelp",
                    "system.methodSignature")
        missing = [name for name in expected if name not in methods]
        require(not missing, "system.listMethods() lacks %s (got %r)"
                % (missing, methods))
        for name in ("getTraps", "getLastTimestamp", "getStatus"):
            help_text = self.proxy.system.methodHelp(name)
            require(isinstance(help_text, str) and help_text.strip(),
                    "system.methodHelp(%r) should be a non-empty string, got %r"
                    % (name, help_text))
        signatures = self.proxy.system.methodSignature("getTraps")
        require(isinstance(signatures, list),
                "system.methodSignature('getTraps') should return an array, "
                "got %r" % (signatures,))
        require(["array", "int"] in signatures,
                "system.methodSignature('getTraps') should include "
                "['array', 'int'], got %r" % (signatures,))

    def check_get_traps_shape(self):
        """2. getTraps(0) returns [array, int]"""
        traps, timestamp = self.get_traps(0)
        for trap in traps:
            self.seen.setdefault(trap[4], trap)
        # The traps of check 3 are received after this read, so they are
        # received at or after this collector time.
        self.timestamp = timestamp
        self.baseline = timestamp

    def check_new_traps_arrive(self):
        """3. appended traps arrive with exact shape, types and values"""
        now = int(time.time())
        # Trap times are deliberately not in write order, so receive order
        # (check 4) is distinguishable from ordering by trap time.
        self.first_traps = [
            self.make_trap(now - 1, "critical", "température élevée ✓",
                           node="pynode-a"),
            self.make_trap(now - 3, "0", "plain ascii <info> & more",
                           node="pynode-b"),
            self.make_trap(now - 2, "3", "fatal: ost 0001 gone", node="oss1"),
        ]
        self.append_lines("".join(t.line() for t in self.first_traps))
        self.poll_for_ids([t.id for t in self.first_traps])
        for expected in self.first_traps:
            self.check_trap_matches(self.seen[expected.id], expected)

    def check_receive_order(self):
        """4. traps are returned in the order they were written"""
        traps, _ = self.get_traps(self.baseline)
        ids = [trap[4] for trap in traps]
        written = [t.id for t in self.first_traps]
        missing = [i for i in written if i not in ids]
        require(not missing,
                "getTraps(%d) (timestamp from before the append) lacks %s"
                % (self.baseline, missing))
        positions = [ids.index(i) for i in written]
        require(positions == sorted(positions),
                "traps not in receive order: written %r, returned in "
                "order %r" % (written, sorted(written, key=ids.index)))

    def check_recent_and_last_timestamp(self):
        """5. getTraps(-3600) includes them; getLastTimestamp is sane"""
        traps, _ = self.get_traps(-3600)
        ids = {trap[4] for trap in traps}
        missing = [t.id for t in self.first_traps if t.id not in ids]
        require(not missing, "getTraps(-3600) lacks %s" % missing)
        last = self.proxy.getLastTimestamp()
        require(is_int(last), "getLastTimestamp() should return an int, "
                "got %s %r" % (type_name(last), last))
        require(last > 0, "getLastTimestamp() should be > 0 after traps "
                "arrived, got %d" % last)
        require(last >= self.baseline,
                "getLastTimestamp() = %d is older than the collector time "
                "%d read before the traps were written" % (last, self.baseline))

    def check_timestamp_passback(self):
        """6. passing back the timestamp returns a newly appended trap"""
        trap = self.make_trap(int(time.time()), "WARNING",
                              "pass-back check", node="pynode-c")
        self.append_lines(trap.line())
        self.poll_for_ids([trap.id])
        self.check_trap_matches(self.seen[trap.id], trap)

    def check_status(self):
        """7. getStatus members and types"""
        status = self.proxy.getStatus()
        require(isinstance(status, dict),
                "getStatus() should return a struct, got %s" % type_name(status))
        expected_types = {
            "received": float, "stored": int, "dropped": float,
            "expired": float, "malformed": float,
            "receivedByCategory": dict, "droppedByCategory": dict,
            "droppedByFileSystem": dict, "maxtraps": int, "trapfile": str,
            "trapfileReadable": bool, "lastRead": int, "version": str,
            "uptime": int,
        }
        missing = sorted(k for k in expected_types if k not in status)
        require(not missing, "getStatus() lacks members %s (has %s)"
                % (missing, sorted(status)))
        for key, wanted in expected_types.items():
            require(type(status[key]) is wanted,
                    "getStatus()[%r] should be %s, got %s %r"
                    % (key, wanted.__name__, type_name(status[key]),
                       status[key]))
        for key in ("receivedByCategory", "droppedByCategory"):
            counts = status[key]
            require(sorted(counts) == sorted(CATEGORY_NAMES),
                    "getStatus()[%r] should have keys %s, got %s"
                    % (key, list(CATEGORY_NAMES), sorted(counts)))
            for name, value in counts.items():
                require(type(value) is float and value >= 0,
                        "getStatus()[%r][%r] should be a non-negative "
                        "double, got %r" % (key, name, value))
        for name, value in status["droppedByFileSystem"].items():
            require(type(value) is float and value >= 0,
                    "getStatus()['droppedByFileSystem'][%r] should be a "
                    "non-negative double, got %r" % (name, value))
        for key in ("received", "stored", "dropped", "expired", "malformed",
                    "lastRead", "uptime"):
            require(status[key] >= 0, "getStatus()[%r] should not be "
                    "negative, got %r" % (key, status[key]))
        require(status["maxtraps"] >= 1,
                "getStatus()['maxtraps'] should be >= 1, got %r"
                % status["maxtraps"])
        require(status["received"] >= 4.0,
                "getStatus()['received'] should be >= 4.0 after four traps, "
                "got %r" % status["received"])
        require(os.path.realpath(status["trapfile"])
                == os.path.realpath(self.trapfile),
                "getStatus()['trapfile'] is %r, expected %r"
                % (status["trapfile"], self.trapfile))
        require(status["trapfileReadable"] is True,
                "getStatus()['trapfileReadable'] should be True")

    def check_faults(self):
        """8. faults for an unknown method and bad arguments"""
        cases = [
            ("noSuchMethod_%s()" % self.prefix.replace("-", "_"), -32601,
             lambda: getattr(self.proxy,
                             "noSuchMethod_" + self.prefix.replace("-", "_"))()),
            ("getTraps()", -32602, lambda: self.proxy.getTraps()),
            ("getTraps('x')", -32602, lambda: self.proxy.getTraps("x")),
            ("getTraps(1, 2)", -32602, lambda: self.proxy.getTraps(1, 2)),
        ]
        problems = []
        for label, code, call in cases:
            try:
                result = call()
            except xmlrpc.client.Fault as fault:
                problem = fault_problem(fault, code)
                if problem:
                    problems.append("%s: %s" % (label, problem))
            except xmlrpc.client.ProtocolError as err:
                problems.append("%s: expected Fault %d, got HTTP error %d %s"
                                % (label, code, err.errcode, err.errmsg))
            else:
                problems.append("%s: expected Fault %d, got result %r"
                                % (label, code, result))
        require(not problems, "; ".join(problems))

    def check_malformed_line(self):
        """9. a malformed line is counted and a following trap still arrives"""
        before = self.proxy.getStatus()["malformed"]
        good = self.make_trap(int(time.time()), "info",
                              "after garbage", node="pynode-d")
        self.append_lines("garbage without tabs\n")
        self.append_lines(good.line())
        self.poll_for_ids([good.id])
        self.check_trap_matches(self.seen[good.id], good)
        deadline = time.monotonic() + DEADLINE_SECONDS
        while True:
            malformed = self.proxy.getStatus()["malformed"]
            if malformed >= before + 1:
                return
            require(time.monotonic() < deadline,
                    "getStatus()['malformed'] stayed at %r (was %r before "
                    "the malformed line) for %.0f s"
                    % (malformed, before, DEADLINE_SECONDS))
            time.sleep(POLL_INTERVAL)

    def wait_proxy(self, wait_seconds):
        """A ServerProxy whose connection waits longer than waitTraps may."""
        return xmlrpc.client.ServerProxy(
            self.url, transport=TimeoutTransport(wait_seconds + 30))

    def fresh_time(self):
        """A time after the newest stored trap and not in the future.

        Nothing stored is at or after it, and a trap written now is: waits
        for the collector's clock to pass the newest trap's second.
        """
        last = self.proxy.getLastTimestamp()
        deadline = time.monotonic() + DEADLINE_SECONDS
        while True:
            _, timestamp = self.get_traps(-1)
            if timestamp > last:
                return timestamp
            require(time.monotonic() < deadline,
                    "the collector's clock stayed at %r" % timestamp)
            time.sleep(POLL_INTERVAL)

    def check_wait_traps(self):
        """10. waitTraps waits for a new trap and is answered by it"""
        since = self.fresh_time()
        answers = []

        def wait():
            try:
                answers.append(self.wait_proxy(60).waitTraps(since, 60))
            except Exception as err:  # reported by the main thread
                answers.append(err)

        waiter = threading.Thread(target=wait, daemon=True)
        waiter.start()
        deadline = time.monotonic() + DEADLINE_SECONDS
        while self.proxy.getStatus()["waiting"] < 1:
            require(time.monotonic() < deadline and not answers,
                    "waitTraps(%d, 60) did not wait (answers: %r)"
                    % (since, answers))
            time.sleep(POLL_INTERVAL)
        trap = self.make_trap(int(time.time()), 2, "waited for")
        self.append_lines(trap.line())
        waiter.join(DEADLINE_SECONDS)
        require(answers, "waitTraps was not answered within %.0f s of a new "
                "trap" % DEADLINE_SECONDS)
        require(not isinstance(answers[0], Exception),
                "waitTraps failed: %r" % (answers[0],))
        traps, timestamp = answers[0]
        require([t[4] for t in traps] == [trap.id],
                "waitTraps should answer the new trap %s, got %r"
                % (trap.id, traps))
        require(is_int(timestamp) and timestamp >= since,
                "waitTraps timestamp %r should be an int >= %d"
                % (timestamp, since))

    def check_wait_traps_timeout(self):
        """11. waitTraps with nothing new answers [] when its seconds pass"""
        since = self.fresh_time()
        start = time.monotonic()
        traps, timestamp = self.wait_proxy(2).waitTraps(since, 2)
        waited = time.monotonic() - start
        require(traps == [], "expected no traps, got %r" % (traps,))
        require(waited >= 1.5, "answered after %.1f s, before its 2 s" % waited)
        require(is_int(timestamp) and timestamp >= since,
                "timestamp %r should be an int >= %d" % (timestamp, since))
        traps, _ = self.proxy.waitTraps(since, 0)
        require(traps == [], "waitTraps(time, 0) answers at once: %r" % traps)

    def check_multicall(self):
        """12. system.multicall through xmlrpc.client.MultiCall"""
        multi = xmlrpc.client.MultiCall(self.proxy)
        multi.getLastTimestamp()
        multi.getTraps(0)
        multi.waitTraps(0, 5)
        multi.getTraps("not an int")
        results = multi()
        last = results[0]
        require(is_int(last), "getLastTimestamp in a multicall: %r" % (last,))
        traps, timestamp = results[1]
        require(isinstance(traps, list) and is_int(timestamp),
                "getTraps in a multicall: %r" % ([traps, timestamp],))
        for index, code in ((2, -32600), (3, -32602)):
            try:
                results[index]
            except xmlrpc.client.Fault as fault:
                problem = fault_problem(fault, code)
                require(problem is None, "multicall element %d: %s"
                        % (index, problem))
            else:
                raise CheckFailed("multicall element %d should be a fault"
                                  % index)
        capabilities = self.proxy.system.getCapabilities()
        for name in ("faults_interop", "introspection", "multicall"):
            spec = capabilities.get(name)
            require(isinstance(spec, dict) and "specUrl" in spec
                    and is_int(spec.get("specVersion")),
                    "system.getCapabilities()[%r]: %r" % (name, spec))

    CHECKS = [
        check_introspection,
        check_get_traps_shape,
        check_new_traps_arrive,
        check_receive_order,
        check_recent_and_last_timestamp,
        check_timestamp_passback,
        check_status,
        check_faults,
        check_malformed_line,
        check_wait_traps,
        check_wait_traps_timeout,
        check_multicall,
    ]


class TimeoutTransport(xmlrpc.client.Transport):
    """xmlrpc.client's Transport with its own socket timeout."""

    def __init__(self, timeout):
        super().__init__()
        self.timeout = timeout

    def make_connection(self, host):
        connection = super().make_connection(host)
        connection.timeout = self.timeout
        return connection


STACK_FRAME = re.compile(r"^\s*at [\w$.<>]+\(", re.MULTILINE)


def fault_problem(fault, expected_code):
    """Return a description of what is wrong with a Fault, or None."""
    text = fault.faultString
    if fault.faultCode != expected_code:
        return "expected faultCode %d, got %r (%r)" % (
            expected_code, fault.faultCode, text)
    if not isinstance(text, str) or not text.strip():
        return "faultString is empty"
    if ("\tat " in text or STACK_FRAME.search(text)
            or ("Exception:" in text and "at org." in text)):
        return "faultString contains a stack trace: %r" % text[:300]
    return None


def describe_error(err, url):
    if isinstance(err, CheckFailed):
        return str(err)
    if isinstance(err, xmlrpc.client.Fault):
        return "unexpected XML-RPC fault %r: %s" % (err.faultCode,
                                                    err.faultString)
    if isinstance(err, xmlrpc.client.ProtocolError):
        return "HTTP error from %s: %d %s" % (url, err.errcode, err.errmsg)
    if isinstance(err, (ConnectionError, socket.timeout, OSError)):
        return "cannot talk to the collector at %s: %s" % (url, err)
    return "unexpected %s: %s" % (type_name(err), err)


def main(argv):
    if len(argv) != 3:
        print("usage: %s <URL> <TRAPFILE>" % argv[0], file=sys.stderr)
        print("0 passed, 1 failed")
        return 2
    url, trapfile = argv[1], argv[2]
    socket.setdefaulttimeout(RPC_TIMEOUT_SECONDS)
    test = InteropTest(url, trapfile)
    print("collector %s, trap file %s, id prefix %s"
          % (url, trapfile, test.prefix))
    passed = failed = 0
    for number, check in enumerate(InteropTest.CHECKS, start=1):
        title = check.__doc__.split(". ", 1)[-1]
        try:
            check(test)
        except Exception as err:  # report any failure as a failed check
            failed += 1
            print("FAIL %d %s: %s" % (number, title, describe_error(err, url)))
            skipped = len(InteropTest.CHECKS) - number
            if skipped:
                print("stopping at the first failure; %d later check(s) "
                      "not run" % skipped)
            break
        passed += 1
        print("ok   %d %s" % (number, title))
        sys.stdout.flush()
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
