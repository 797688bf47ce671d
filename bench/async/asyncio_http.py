# A minimal HTTP/1.1 keep-alive GET client on asyncio streams (the standard library has no async
# HTTP client): one connection per worker, Content-Length or chunked bodies. Used by the B8/B9
# asyncio baselines.
import asyncio
from urllib.parse import urlsplit

class Conn:
    def __init__(self, url):
        u = urlsplit(url)
        self.host, self.port = u.hostname, u.port or 80
        self.path = (u.path or "/") + (("?" + u.query) if u.query else "")
        self.reader = self.writer = None

    async def get(self):
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        req = f"GET {self.path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nConnection: keep-alive\r\n\r\n"
        self.writer.write(req.encode())
        status_line = await self.reader.readline()
        status = int(status_line.split()[1])
        length, chunked, close = None, False, False
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding" and "chunked" in value.lower():
                chunked = True
            elif name == "connection" and value.lower() == "close":
                close = True
        if chunked:
            parts = []
            while True:
                size = int((await self.reader.readline()).strip(), 16)
                if size == 0:
                    await self.reader.readline()
                    break
                parts.append(await self.reader.readexactly(size))
                await self.reader.readline()
            body = b"".join(parts)
        else:
            body = await self.reader.readexactly(length or 0)
        if close:
            self.writer.close()
            self.writer = None
        return status, body.decode("utf-8", "replace")

    def close(self):
        if self.writer is not None:
            self.writer.close()
