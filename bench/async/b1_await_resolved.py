# B1 baseline: 1,000,000 sequential awaits of resolved futures in Python asyncio.
import asyncio, resource, time

async def run(n):
    loop = asyncio.get_running_loop()
    total = 0
    for i in range(n):
        f = loop.create_future()
        f.set_result(i)
        total += await f
    return total

async def main():
    t0 = time.perf_counter()
    print(await run(1000000))
    print(f"time_ms={(time.perf_counter() - t0) * 1000}")

asyncio.run(main())
print(f"rss_mb={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f}")
