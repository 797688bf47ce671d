# B3 baseline: 200,000 ping-pong round trips between two asyncio tasks over two
# asyncio.Queue(maxsize=1).
import asyncio, time

async def main():
    t0 = time.perf_counter()
    n = 200000
    ping = asyncio.Queue(maxsize=1)
    pong = asyncio.Queue(maxsize=1)

    async def echo():
        while True:
            v = await ping.get()
            if v is None:
                break
            await pong.put(v + 1)

    task = asyncio.create_task(echo())
    total = 0
    for i in range(n):
        await ping.put(i)
        total += await pong.get()
    await ping.put(None)
    await task
    print(total)
    print(f"time_ms={(time.perf_counter() - t0) * 1000}")

asyncio.run(main())
