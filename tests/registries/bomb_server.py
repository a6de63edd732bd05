"""A hostile registry in its own process, so memory measured in the client's process is the
client's alone: ``/big`` streams 200 MiB of JSON-looking bytes without a length, ``/bomb`` is
200 MiB of zeros gzipped to about 200 KiB.

Run: ``python bomb_server.py PORT`` (serves until killed). Used by the peak-memory test and by
``benchmarks/registries.py``."""

from __future__ import annotations

import sys
import zlib
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer

MIB = 1024 * 1024
SIZE_MIB = 200


def gzip_bomb(size_mib: int = SIZE_MIB) -> bytes:
    """``size_mib`` MiB of zeros, gzipped (about 1/1000 of the size)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    zeros = bytes(MIB)
    return b"".join([*(packer.compress(zeros) for _ in range(size_mib)), packer.flush()])


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"  # the body ends when the connection closes: no length given
    bomb = b""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        if self.path.endswith("/bomb"):
            self.send_header("Content-Encoding", "gzip")
            self.end_headers()
            self.wfile.write(self.bomb)
            return
        self.end_headers()
        chunk = b" " * MIB
        try:
            self.wfile.write(b'{"companies": ["')
            for _ in range(SIZE_MIB):
                self.wfile.write(chunk)
        except OSError:
            return

    def log_message(self, *args: object) -> None:
        return


def main() -> None:
    Handler.bomb = gzip_bomb()
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
