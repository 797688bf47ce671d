# B9 baseline: 20,000 keep-alive GETs, 32 asyncio workers each with its own connection
# (asyncio_http.py).
import asyncio, os, time
from asyncio_http import Conn

async def main():
    url = os.environ["ATLAS_BENCH_URL"] + "/fast"
    warm = Conn(url)  # one request before timing, as in the other versions
    await warm.get()
    warm.close()
    t0 = time.perf_counter()
    left = [20000]
    total = [0]

    async def worker():
        c = Conn(url)
        while left[0] > 0:
            left[0] -= 1
            _, body = await c.get()
            total[0] += len(body)
        c.close()

    await asyncio.gather(*(worker() for _ in range(32)))
    ms = (time.perf_counter() - t0) * 1000
    print(total[0])
    print(f"time_ms={ms}")

asyncio.run(main())
