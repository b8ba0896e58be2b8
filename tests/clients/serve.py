"""`cowsim serve` for the client tests: started on a free loopback port,
stopped by SIGTERM (SIGKILL when a test asks), and the clients pointed at it."""

import json
import os
import signal
import subprocess
import urllib.request

import boto3
from botocore.config import Config

from cowsim import BINARY, ROOT

VENV_BIN = os.path.dirname(os.path.realpath(os.sys.executable))


class Server:
    """A running `cowsim serve`; a context manager that stops it."""

    @classmethod
    def shared(cls):
        """The server the test command started (COWSIM_SERVE_URL), emptied
        with moto's reset route; a new one when there is none."""
        url = os.environ.get("COWSIM_SERVE_URL")
        if not url:
            return cls()
        server = cls.__new__(cls)
        server.process = None
        server.url = url
        server.control("/moto-api/reset", {})
        return server

    def __init__(self, *args):
        self.process = subprocess.Popen(
            [str(BINARY), "serve", "--listen", "127.0.0.1:0", *map(str, args)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        line = self.process.stdout.readline()
        if "listening on http://" not in line:
            self.process.kill()
            raise AssertionError(f"cowsim serve did not start: {line!r} {self.process.stderr.read()}")
        self.url = line.split("listening on ")[1].split()[0]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    def stop(self, sig=signal.SIGTERM):
        if self.process is None:
            return None
        if self.process.stdout.closed:
            return self.process.returncode
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=20)
        self.stderr_text = self.process.stderr.read()
        self.process.stdout.close()
        self.process.stderr.close()
        return self.process.returncode

    def client(self, service, account):
        """A boto3 client of `service` signed as `account`."""
        return boto3.client(
            service,
            endpoint_url=self.url,
            region_name="us-east-1",
            aws_access_key_id=account,
            aws_secret_access_key="secret",
            config=Config(retries={"max_attempts": 1}, connect_timeout=5, read_timeout=60),
        )

    def aws(self, account, *args, check=True):
        """`aws ARGS` (the AWS CLI) as `account`; the finished process."""
        env = dict(os.environ)
        env.update(
            AWS_ACCESS_KEY_ID=account,
            AWS_SECRET_ACCESS_KEY="secret",
            AWS_DEFAULT_REGION="us-east-1",
            AWS_CONFIG_FILE="/dev/null",
            AWS_SHARED_CREDENTIALS_FILE="/dev/null",
        )
        done = subprocess.run(
            [os.path.join(VENV_BIN, "aws"), "--endpoint-url", self.url, *map(str, args)],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        if check and done.returncode != 0:
            raise AssertionError(f"aws {' '.join(map(str, args))}: exit {done.returncode}\n{done.stderr}")
        return done

    def aws_json(self, account, *args):
        return json.loads(self.aws(account, *args).stdout)

    def control(self, path, body=None):
        """A control route: GET without a body, POST with one (JSON)."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method="GET" if data is None else "POST",
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=120) as response:
            text = response.read().decode()
        return json.loads(text) if path != "/_cowsim/scenario" else text
