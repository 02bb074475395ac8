"""Starts the demo server for the contract test, as the e2e tests do.

The server is the one `cargo build -p server` made (SERVER_BIN overrides
it), on a free loopback port, with fixed demo data (`--seed 42 --now …`) so
every run sees the same account.
"""

import os
import re
import subprocess
import tempfile
from pathlib import Path

import pytest
from llama_cloud import LlamaCloud

ROOT = Path(__file__).resolve().parents[2]
NOW = "2026-11-29T12:00:00Z"


class Demo:
    def __init__(self, upstream=None):
        binary = os.environ.get("SERVER_BIN", str(ROOT / "target" / "debug" / "server"))
        self._dist = tempfile.TemporaryDirectory()
        # stderr to a file: a pipe nobody reads could fill and stall the server.
        self._log = tempfile.TemporaryFile(mode="w+")
        env = {**os.environ, "RUST_LOG": "warn"}
        if upstream is None:
            mode = ["--demo", "--seed", "42", "--now", NOW]
            env.pop("LLAMA_CLOUD_API_KEY", None)
        else:
            # The proxy in front of another (demo) server, holding a key of its own.
            mode = ["--upstream", upstream]
            env["LLAMA_CLOUD_API_KEY"] = "llx-contract-test-proxy"
        self.proc = subprocess.Popen(
            [binary, "--listen", "127.0.0.1:0", "--dist", self._dist.name, *mode],
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
            env=env,
        )
        seen = []
        for line in self.proc.stdout:
            seen.append(line)
            match = re.search(r"listening on (http://[0-9.:]+)/", line)
            if match:
                self.url = match.group(1)
                return
        self.stop()
        raise RuntimeError(f"the demo server did not start: {''.join(seen)}")

    def client(self):
        # No retries: a wrong answer must fail the test, not be retried away.
        return LlamaCloud(api_key="llx-contract-test", base_url=self.url, max_retries=0)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        self._dist.cleanup()
        self._log.close()


@pytest.fixture(scope="module")
def demo():
    d = Demo()
    yield d
    d.stop()


@pytest.fixture(scope="module")
def proxy(demo):
    """The dashboard's server in proxy mode, forwarding to the demo server."""
    p = Demo(upstream=demo.url)
    yield p
    p.stop()


@pytest.fixture()
def fresh_demo():
    """A server of its own, for a test that changes the account (cancel)."""
    d = Demo()
    yield d
    d.stop()
