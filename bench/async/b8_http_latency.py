# B8 baseline: 1,000 GETs to a server answering after 20 ms, 50 asyncio workers each with its
# own keep-alive connection (asyncio_http.py).
import asyncio, os, time
from asyncio_http import Conn

async def main():
    url = os.environ["ATLAS_BENCH_URL"] + "/delay"
    warm = Conn(url)  # one request before timing, as in the other versions
    await warm.get()
    warm.close()
    t0 = time.perf_counter()
    left = [1000]
    ok = [0]

    async def worker():
        c = Conn(url)
        while left[0] > 0:
            left[0] -= 1
            status, _ = await c.get()
            if status == 200:
                ok[0] += 1
        c.close()

    await asyncio.gather(*(worker() for _ in range(50)))
    ms = (time.perf_counter() - t0) * 1000
    print(ok[0])
    print(f"time_ms={ms}")

asyncio.run(main())
