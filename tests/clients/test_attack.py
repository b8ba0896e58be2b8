"""`cowsim serve` against requests no SDK would send, as an attacker
writes them: each is refused with the service's error shape, and the
server goes on answering everyone else. Every request goes to the loopback
server these tests start, and every loop is bounded."""

import json
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from cowsim import BinaryTest
from serve import Server
from test_serve import OWNER, signed, xml_error


def unsigned_post(server, path, body: bytes, content_type):
    request = urllib.request.Request(server.url + path, data=body, method="POST",
                                     headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=60) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


class DeepNesting(BinaryTest):
    """A parameter nested thousands of levels deep once overflowed the
    server's stack and killed it; now it is refused at the edge."""

    def test_deep_query_parameters_are_refused_and_the_server_lives(self):
        with Server() as s:
            deep = b"Version=2014-10-31&Action=DescribeDBClusters&Foo" + b".1.a" * 7000 + b"=v"
            status, answer = unsigned_post(s, "/", deep, "application/x-www-form-urlencoded")
            self.assertEqual((status, xml_error(answer)[0]), (400, "InvalidParameterValue"))
            filters = b"Version=2014-10-31&Action=DescribeDBClusters&Filters" + b".1.a" * 1800 + b"=v"
            status, answer, _ = signed(s, "rds", filters)
            code, message = xml_error(answer)
            self.assertEqual((status, code), (400, "InvalidParameterValue"))
            self.assertIn("Filters", message)
            status, answer, headers = signed(
                s, "ram", b'{"resourceArns": ' + b"[" * 120 + b"]" * 120 + b"}",
                path="/getresourceshares", headers={"Content-Type": "application/json"})
            self.assertEqual((status, headers["x-amzn-ErrorType"]), (400, "InvalidParameterException"))
            self.assertIn("DBClusters", s.client("rds", OWNER).describe_db_clusters())
            self.assertIsNone(s.process.poll(), "the server is still running")


class PoisonedJournal(BinaryTest):
    """A control route's body once carried keys the step format reserves
    into the journal, and every later start from it failed."""

    def test_reserved_keys_are_refused_and_the_state_file_restarts(self):
        with tempfile.TemporaryDirectory() as d:
            state = Path(d) / "state.toml"
            with Server("--state", state) as s:
                s.client("rds", OWNER).create_db_cluster(DBClusterIdentifier="orders", Engine="aurora-mysql")
                before = state.read_text()
                for key in ("expect-error", "note", "op", "bogus"):
                    body = {"account": OWNER, "db-cluster-identifier": "orders", "pages": 1,
                            key: "DBClusterNotFoundFault"}
                    status, answer = unsigned_post(s, "/_cowsim/write", json.dumps(body).encode(),
                                                   "application/json")
                    self.assertEqual(status, 400, key)
                    self.assertIn(key, json.loads(answer)["error"])
                self.assertEqual(state.read_text(), before, "refused calls change nothing")
            with Server("--state", state) as again:
                clusters = again.client("rds", OWNER).describe_db_clusters()["DBClusters"]
                self.assertEqual([c["DBClusterIdentifier"] for c in clusters], ["orders"])
