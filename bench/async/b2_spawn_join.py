# B2 baseline: spawn and join 100,000 asyncio tasks.
import asyncio, resource, time

async def body(k):
    return k

async def main():
    t0 = time.perf_counter()
    ts = [asyncio.create_task(body(i)) for i in range(100000)]
    total = 0
    for t in ts:
        total += await t
    print(total)
    print(f"time_ms={(time.perf_counter() - t0) * 1000}")

asyncio.run(main())
print(f"rss_mb={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f}")
