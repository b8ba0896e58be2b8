"""`cowsim serve` against requests no SDK would send, as an attacker
writes them: each is refused with the service's error shape, and the
server goes on answering everyone else. Every request goes to the loopback
server these tests start, and every loop is bounded."""

import json
import re
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta
from pathlib import Path

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

from cowsim import BINARY, BinaryTest
from serve import Server
from test_serve import AUDIT, ORDERS, OTHER, OWNER, signed, without_wall_times, xml_error


def unsigned_post(server, path, body: bytes, content_type, extra=None):
    headers = {"Content-Type": content_type, **(extra or {})}
    request = urllib.request.Request(server.url + path, data=body, method="POST", headers=headers)
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


class Trust(BinaryTest):
    """Who may do what: an account acts only as itself and on its own
    clusters; only the operator (unsigned, from this machine) moves the
    clock, resets, reads the whole report, or acts for another account;
    nothing a browser sends cross-site is obeyed."""

    JSON = {"Content-Type": "application/json"}

    def test_an_account_acts_only_as_itself(self):
        with Server() as s:
            s.client("rds", OWNER).create_db_cluster(DBClusterIdentifier="orders", Engine="aurora-mysql")
            s.client("rds", OWNER).describe_db_clusters()  # waits for the creation
            before = s.control("/_cowsim/scenario")
            as_other = json.dumps({"account": OWNER, "db-cluster-identifier": "orders", "pages": 1}).encode()
            status, answer, _ = signed(s, "rds", as_other, path="/_cowsim/write", headers=self.JSON, account=OTHER)
            self.assertEqual(status, 403, answer)
            into_foreign = json.dumps({"db-cluster-identifier": ORDERS, "pages": 1}).encode()
            status, answer, _ = signed(s, "rds", into_foreign, path="/_cowsim/write", headers=self.JSON,
                                       account=OTHER)
            self.assertEqual(status, 400, answer)
            self.assertEqual(json.loads(answer)["error"]["code"], "DBClusterNotFoundFault")
            for path, body in [("/moto-api/reset", b"{}"), ("/_cowsim/advance", b'{"duration": "1h"}')]:
                status, _, _ = signed(s, "rds", body, path=path, headers=self.JSON, account=OTHER)
                self.assertEqual(status, 403, path)
            self.assertEqual(s.control("/_cowsim/scenario").count("[[steps]]"), before.count("[[steps]]") + 1,
                             "only the write that reached the cloud (and was refused there) is recorded")
            own = json.dumps({"db-cluster-identifier": "orders", "pages": 10}).encode()
            status, answer, _ = signed(s, "rds", own, path="/_cowsim/write", headers=self.JSON, account=OWNER)
            self.assertEqual(status, 200, answer)

    def test_requests_a_browser_sends_cross_site_are_refused(self):
        with Server() as s:
            s.client("rds", OWNER).create_db_cluster(DBClusterIdentifier="orders", Engine="aurora-mysql")
            before = s.control("/_cowsim/scenario")
            wipe = [
                ({"Content-Type": "text/plain"}, "/moto-api/reset"),
                ({"Content-Type": "application/json", "Origin": "https://evil.example"}, "/moto-api/reset"),
                ({"Content-Type": "application/json", "Sec-Fetch-Site": "cross-site"}, "/_cowsim/advance"),
            ]
            for headers, path in wipe:
                status, _ = unsigned_post(s, path, b'{"duration": "1h"}' if "advance" in path else b"{}",
                                          headers["Content-Type"], extra=headers)
                self.assertEqual(status, 403, (headers, path))
            status, answer, headers = signed(
                s, "rds", b"Action=DescribeDBClusters&Version=2014-10-31",
                headers={"Content-Type": "application/x-www-form-urlencoded", "Origin": "https://evil.example"})
            self.assertEqual((status, xml_error(answer)[0]), (403, "AccessDenied"))
            self.assertEqual(s.control("/_cowsim/scenario"), before, "nothing changed")

    def test_a_page_rebound_to_this_machine_is_refused(self):
        # A page whose host name was re-resolved to 127.0.0.1 sends its own
        # name as Host, and an Origin that matches it.
        with Server() as s:
            before = s.control("/_cowsim/scenario")
            port = s.url.rsplit(":", 1)[1]
            rebound = {"Host": f"evil.example:{port}", "Origin": f"http://evil.example:{port}"}
            status, _ = unsigned_post(s, "/moto-api/reset", b"{}", "application/json", extra=rebound)
            self.assertEqual(status, 403)
            status, answer, _ = signed(
                s, "rds", b"Action=DescribeDBClusters&Version=2014-10-31",
                headers={"Content-Type": "application/x-www-form-urlencoded", **rebound})
            self.assertEqual((status, xml_error(answer)[0]), (403, "AccessDenied"))
            self.assertEqual(s.control("/_cowsim/scenario"), before, "nothing changed")

    def test_an_unknown_control_path_lists_the_routes(self):
        with Server() as s:
            status, answer = unsigned_post(s, "/_cowsim/nothing", b"{}", "application/json")
            self.assertEqual(status, 404)
            self.assertIn("POST /_cowsim/advance", json.loads(answer)["routes"])


class Connections(BinaryTest):
    """A client that opens a connection and never finishes its headers
    neither holds the server open on SIGTERM nor keeps its connection."""

    def test_a_silent_connection_does_not_stop_a_clean_shutdown(self):
        s = Server()
        try:
            host, port = s.url.removeprefix("http://").split(":")
            silent = socket.create_connection((host, int(port)), timeout=30)
            silent.sendall(b"POST / HTTP/1.1\r\nHost: x\r\n")
            try:
                self.assertIn("DBClusters", s.client("rds", OWNER).describe_db_clusters())
                self.assertEqual(s.stop(), 0, "SIGTERM ends the server cleanly, not by the test's SIGKILL")
            finally:
                silent.close()
        finally:
            s.stop()

    def test_the_server_closes_a_connection_that_never_finishes_its_headers(self):
        with Server() as s:
            host, port = s.url.removeprefix("http://").split(":")
            silent = socket.create_connection((host, int(port)), timeout=60)
            try:
                silent.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
                # The server answers 408 or closes; either way the read ends
                # well before the socket's own 60 s timeout.
                data = silent.recv(4096)
                self.assertTrue(data == b"" or data.startswith(b"HTTP/1.1 408"), data[:80])
            finally:
                silent.close()


class LongAdvance(BinaryTest):
    """An advance over a heavy workload runs in slices: other callers are
    answered while it goes on, and the session still replays."""

    def test_other_calls_are_answered_during_a_long_advance(self):
        with Server() as s:
            rds = s.client("rds", OWNER)
            rds.create_db_cluster(DBClusterIdentifier="orders", Engine="aurora-mysql",
                                  Tags=[{"Key": "cowsim:data-gib", "Value": "10"}])
            rds.describe_db_clusters()
            s.control("/_cowsim/workload", {"account": OWNER, "db-cluster-identifier": "orders",
                                            "rate": "10GiB/h"})
            start = s.control("/_cowsim/report")["clock"]
            advances = s.control("/_cowsim/scenario").count('op = "advance"')
            done = {}
            advance = threading.Thread(target=lambda: done.update(s.control("/_cowsim/advance",
                                                                             {"duration": "3d"})))
            advance.start()
            try:
                deadline = time.monotonic() + 30
                while s.control("/_cowsim/report")["clock"] == start \
                        and time.monotonic() < deadline:
                    time.sleep(0.05)
                answered = rds.describe_db_clusters()["DBClusters"]
                self.assertEqual([c["DBClusterIdentifier"] for c in answered], ["orders"])
                self.assertTrue(advance.is_alive(), "the describe was answered while the advance went on")
            finally:
                advance.join(timeout=120)
            then = datetime.fromisoformat(start.replace("Z", "+00:00")) + timedelta(days=3)
            self.assertEqual(done.get("clock"), then.strftime("%Y-%m-%dT%H:%M:%SZ"))
            scenario = s.control("/_cowsim/scenario")
            self.assertGreater(scenario.count('op = "advance"'), advances + 1, "the advance was recorded in slices")


class DamagedStateFile(BinaryTest):
    """Every record of the state file carries a checksum: a record cut short
    before its answer is dropped with a warning; any other damage refuses
    the start, naming the file, the line and the record."""

    def session(self, state):
        with Server("--state", state) as s:
            rds = s.client("rds", OWNER)
            rds.create_db_cluster(DBClusterIdentifier="orders", Engine="aurora-mysql")
            rds.describe_db_clusters()
        return state.read_text()

    def test_a_flipped_byte_in_the_last_answered_call_refuses_the_start(self):
        with tempfile.TemporaryDirectory() as d:
            state = Path(d) / "state.toml"
            text = self.session(state)
            at = text.rindex('op = "describe-db-clusters"')
            state.write_text(text[:at] + text[at:].replace("describe", "describf", 1))
            line = text[:at].count("\n") + 1
            start = subprocess.run([str(BINARY), "serve", "--listen", "127.0.0.1:0", "--state", str(state)],
                                   capture_output=True, text=True, timeout=60)
            self.assertEqual(start.returncode, 2, start.stderr)
            self.assertRegex(start.stderr, rf"{re.escape(str(state))}:\d+: record \d+ \(lines \d+ to {line + 2}\)")

    def test_a_torn_last_record_is_dropped_with_a_warning(self):
        with tempfile.TemporaryDirectory() as d:
            state = Path(d) / "state.toml"
            text = self.session(state)
            torn = len(text.encode())
            state.write_text(text + '\n[[steps]]\nop = "delete-db-cl')
            with Server("--state", state) as s:
                clusters = s.client("rds", OWNER).describe_db_clusters()["DBClusters"]
                self.assertEqual([c["DBClusterIdentifier"] for c in clusters], ["orders"])
                self.assertTrue(state.read_text().startswith(text))
            self.assertIn(f"from byte {torn} on, was cut short", s.stderr_text)


class Leaks(BinaryTest):
    """No answer tells an account about what it could not see."""

    def test_a_foreign_key_that_exists_answers_as_one_that_does_not(self):
        with Server() as s:
            key = s.client("kms", OWNER).create_key()["KeyMetadata"]["Arn"]
            missing = key.rsplit("/", 1)[0] + "/00000000-0000-4000-8000-000000000000"
            rds = s.client("rds", OTHER)
            answers = []
            for name, arn in [("real", key), ("missing", missing)]:
                with self.assertRaises(ClientError) as e:
                    rds.create_db_cluster(DBClusterIdentifier=f"c-{name}", Engine="aurora-mysql",
                                          StorageEncrypted=True, KmsKeyId=arn)
                error = e.exception.response["Error"]
                answers.append((error["Code"], error["Message"].replace(arn, "KEY")))
            self.assertEqual(answers[0], answers[1])

    def test_list_principals_of_an_unseen_resource_lists_none(self):
        with Server() as s:
            for account, name in [(OWNER, "orders"), (OTHER, "mine")]:
                s.client("rds", account).create_db_cluster(DBClusterIdentifier=name, Engine="aurora-mysql")
                s.client("rds", account).describe_db_clusters()
            mine = f"arn:aws:rds:us-east-1:{OTHER}:cluster:mine"
            s.client("ram", OTHER).create_resource_share(name="s", resourceArns=[mine], principals=[AUDIT])
            ram = s.client("ram", OTHER)
            self.assertEqual(len(ram.list_principals(resourceOwner="SELF")["principals"]), 1)
            self.assertEqual(ram.list_principals(resourceOwner="SELF", resourceArn=ORDERS)["principals"], [])

    def test_removing_a_principal_withdraws_its_pending_invitation(self):
        with Server() as s:
            s.client("rds", OWNER).create_db_cluster(DBClusterIdentifier="orders", Engine="aurora-mysql")
            s.client("rds", OWNER).describe_db_clusters()
            ram = s.client("ram", OWNER)
            share = ram.create_resource_share(name="s", resourceArns=[ORDERS], principals=[AUDIT])
            arn = share["resourceShare"]["resourceShareArn"]
            audit = s.client("ram", AUDIT)
            invitation = audit.get_resource_share_invitations()["resourceShareInvitations"][0]
            ram.disassociate_resource_share(resourceShareArn=arn, principals=[AUDIT])
            self.assertEqual(audit.get_resource_share_invitations()["resourceShareInvitations"], [])
            with self.assertRaises(ClientError) as e:
                audit.accept_resource_share_invitation(
                    resourceShareInvitationArn=invitation["resourceShareInvitationArn"])
            self.assertEqual(e.exception.response["Error"]["Code"], "ResourceShareInvitationArnNotFoundException")

    def test_refusals_name_no_step(self):
        with Server() as s:
            rds = s.client("rds", OWNER)
            rds.create_db_cluster(DBClusterIdentifier="orders", Engine="aurora-mysql")
            with self.assertRaises(ClientError) as e:
                rds.restore_db_cluster_to_point_in_time(SourceDBClusterIdentifier="orders",
                                                        DBClusterIdentifier="copy", RestoreType="sideways")
            message = e.exception.response["Error"]["Message"]
            self.assertEqual(e.exception.response["Error"]["Code"], "InvalidParameterValue")
            self.assertNotRegex(message, r"step \d")
            self.assertIn("RestoreType", message)


class Replay(BinaryTest):
    """A session replays under `cowsim run` to the same report, even when
    accounts make their first call after keys, shares and invitations
    exist (their ids once depended on when accounts were declared)."""

    def test_a_session_with_late_accounts_replays_exactly(self):
        with Server() as s:
            key = s.client("kms", OWNER).create_key()["KeyMetadata"]["KeyId"]
            rds = s.client("rds", OWNER)
            rds.create_db_cluster(DBClusterIdentifier="orders", Engine="aurora-mysql",
                                  StorageEncrypted=True, KmsKeyId=key)
            rds.describe_db_clusters()
            share = s.client("ram", OWNER).create_resource_share(name="s", resourceArns=[ORDERS],
                                                                 principals=[AUDIT])
            audit = s.client("ram", AUDIT)
            invitation = audit.get_resource_share_invitations()["resourceShareInvitations"][0]
            audit.accept_resource_share_invitation(
                resourceShareInvitationArn=invitation["resourceShareInvitationArn"])
            s.client("kms", OTHER).create_key()
            s.client("rds", OTHER).create_db_cluster(DBClusterIdentifier="late", Engine="aurora-postgresql")
            s.client("ram", OWNER).get_resource_shares(resourceOwner="SELF")
            expected = without_wall_times(s.control("/_cowsim/report"))
            with tempfile.TemporaryDirectory() as d:
                path = Path(d) / "session.toml"
                path.write_text(s.control("/_cowsim/scenario"))
                run = subprocess.run([str(BINARY), "run", str(path), "--json"],
                                     capture_output=True, text=True, timeout=120)
            self.assertEqual(run.returncode, 0, run.stdout[-2000:] + run.stderr)
            replayed = without_wall_times(json.loads(run.stdout))
            self.assertEqual(replayed["steps"], expected["steps"])
            self.assertEqual(replayed, expected)
            self.assertIn(share["resourceShare"]["resourceShareArn"], json.dumps(replayed))


def raw_exchange(server, request: bytes, timeout=30):
    """Sends `request` as is on a new connection and reads until the server
    closes it or a whole answer with a body has come. Returns (status,
    headers, body) or (None, {}, b"") when closed without an answer."""
    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as c:
        c.sendall(request)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = c.recv(65536)
            if not chunk:
                break
            data += chunk
        if not data:
            return None, {}, b""
        head, _, body = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        headers = {k.lower(): v.strip() for k, _, v in (l.partition(":") for l in lines[1:])}
        length = int(headers.get("content-length", "0"))
        while len(body) < length:
            chunk = c.recv(65536)
            if not chunk:
                break
            body += chunk
        return int(lines[0].split()[1]), headers, body


class HttpEnvelope(BinaryTest):
    """A request whose URL, headers, body or method no AWS endpoint takes is
    refused in the shape of the service it is addressed to (RDS's XML when
    it can't be told), never a bare HTTP status, and the server goes on."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = Server()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        super().tearDownClass()

    def test_an_oversize_body_is_refused_in_each_services_shape(self):
        s = self.server
        body = b"Action=DescribeDBClusters&Version=2014-10-31&Pad=" + b"x" * (1 << 20)
        status, answer, _ = signed(s, "rds", body)
        self.assertEqual((status, xml_error(answer)[0]), (413, "InvalidParameterValue"))
        # boto3 sends a policy of 2 MiB as it is; KMS's JSON error comes back.
        kms = s.client("kms", OWNER)
        key = kms.create_key()["KeyMetadata"]["KeyId"]
        with self.assertRaises(ClientError) as e:
            kms.put_key_policy(KeyId=key, PolicyName="default", Policy="x" * (2 << 20))
        self.assertEqual(e.exception.response["Error"]["Code"], "ValidationException")
        self.assertEqual(e.exception.response["ResponseMetadata"]["HTTPStatusCode"], 413)
        self.assertIn("DBClusters", s.client("rds", OWNER).describe_db_clusters())

    def test_an_oversize_url_is_refused_as_rds_refuses(self):
        s = self.server
        query = "Action=DescribeDBClusters&Version=2014-10-31&Pad=" + "x" * 9000
        status, headers, body = raw_exchange(s, f"GET /?{query} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        self.assertEqual((status, xml_error(body)[0]), (414, "InvalidParameterValue"))
        self.assertEqual(headers["content-type"], "text/xml")

    def test_oversize_headers_are_refused_in_the_services_shape(self):
        s = self.server
        status, answer, headers = signed(
            s, "ram", b"{}", path="/getresourceshares",
            headers={"Content-Type": "application/json", "X-Pad": "p" * 20000})
        self.assertEqual((status, headers["x-amzn-ErrorType"]), (431, "InvalidParameterException"))
        many = "".join(f"X-H{i}: v\r\n" for i in range(150))
        status, _, body = raw_exchange(s, f"POST / HTTP/1.1\r\nHost: x\r\n{many}Content-Length: 0\r\n\r\n".encode())
        self.assertEqual((status, xml_error(body)[0]), (431, "InvalidParameterValue"))

    def test_a_head_beyond_what_is_parsed_gets_a_bare_431_and_the_server_lives(self):
        s = self.server
        status, _, _ = raw_exchange(s, b"GET / HTTP/1.1\r\nHost: x\r\nX-Pad: " + b"p" * 300_000 + b"\r\n\r\n")
        self.assertIn(status, (431, None))
        self.assertIn("DBClusters", s.client("rds", OWNER).describe_db_clusters())

    def test_a_method_the_service_does_not_take_is_refused(self):
        s = self.server
        for method in ("PUT", "DELETE", "PATCH"):
            request = f"{method} /?Action=DescribeDBClusters&Version=2014-10-31 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"
            status, headers, body = raw_exchange(s, request.encode())
            code, message = xml_error(body)
            self.assertEqual((status, code), (405, "InvalidParameterValue"), method)
            self.assertIn("GET and POST", message)
        request = AWSRequest(method="GET", url=s.url + "/getresourceshares", data=b"",
                             headers={"Content-Type": "application/json"})
        SigV4Auth(Credentials(OWNER, "secret"), "ram", "us-east-1").add_auth(request)
        head = "".join(f"{k}: {v}\r\n" for k, v in request.headers.items())
        status, headers, body = raw_exchange(s, f"GET /getresourceshares HTTP/1.1\r\nHost: x\r\n{head}\r\n".encode())
        self.assertEqual((status, headers["x-amzn-errortype"]), (405, "InvalidParameterException"))
        self.assertIn("POST", json.loads(body)["message"])
        # RAM's delete takes DELETE, as boto3 sends it.
        ram = s.client("ram", OWNER)
        arn = ram.create_resource_share(name="envelope")["resourceShare"]["resourceShareArn"]
        self.assertTrue(ram.delete_resource_share(resourceShareArn=arn)["returnValue"])

    def test_a_control_route_asked_with_another_method_lists_the_routes(self):
        status, headers, body = raw_exchange(self.server, b"GET /_cowsim/advance HTTP/1.1\r\nHost: x\r\n\r\n")
        self.assertEqual(status, 405)
        self.assertIn("POST /_cowsim/advance", json.loads(body)["routes"])

    def test_an_idle_kept_alive_connection_is_closed(self):
        host, port = self.server.url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=30) as c:
            c.sendall(b"GET /?Action=DescribeDBClusters&Version=2014-10-31 HTTP/1.1\r\nHost: x\r\n\r\n")
            self.assertTrue(c.recv(65536).startswith(b"HTTP/1.1 "))
            started = time.monotonic()
            rest = b""
            while chunk := c.recv(65536):
                rest += chunk
            idle = time.monotonic() - started
            # Closed after the documented 10 s idle, well before the socket's 30 s.
            self.assertLess(idle, 15, rest[:80])


class LongValues(BinaryTest):
    """A value of half a megabyte, where an identifier, ARN, filter or tag
    goes: the error shows its first characters and its length, never the
    whole of it, so no answer grows with what the caller sent."""

    def test_an_error_repeats_no_long_value(self):
        long = "x" * (1 << 19)
        with Server() as s:
            answers = [
                signed(s, "rds", f"Action=DescribeDBClusters&Version=2014-10-31&DBClusterIdentifier={long}".encode()),
                signed(s, "rds", ("Action=DescribeDBInstances&Version=2014-10-31&Filters.Filter.1.Name="
                                  f"{long}&Filters.Filter.1.Values.Value.1=v").encode()),
                signed(s, "rds", ("Action=AddTagsToResource&Version=2014-10-31&ResourceName="
                                  f"{ORDERS}&Tags.Tag.1.Key={long}&Tags.Tag.1.Value=v").encode()),
                signed(s, "kms", json.dumps({"KeyId": long}).encode(),
                       headers={"Content-Type": "application/x-amz-json-1.1",
                                "X-Amz-Target": "TrentService.DescribeKey"}),
                signed(s, "ram", json.dumps({"resourceShareArn": f"arn:aws:ram:us-east-1:{OWNER}:{long}"}).encode(),
                       path="/updateresourceshare", headers={"Content-Type": "application/json"}),
                signed(s, "ram", json.dumps({"name": "s", "principals": [long]}).encode(),
                       path="/createresourceshare", headers={"Content-Type": "application/json"}),
            ]
            for status, answer, _ in answers:
                self.assertGreaterEqual(status, 400, answer[:200])
                self.assertLess(len(answer), 4096, answer[:200])
            _, answer, _ = answers[0]
            self.assertEqual(xml_error(answer), ("DBClusterNotFoundFault",
                                                 f"DBCluster {'x' * 256}…(524288 characters) not found."))
            self.assertIn("DBClusters", s.client("rds", OWNER).describe_db_clusters())
