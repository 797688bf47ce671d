# B6 baseline: cancel 100,000 suspended asyncio tasks.
import asyncio, resource, time

async def body():
    await asyncio.sleep(100000)

async def main():
    t0 = time.perf_counter()
    ts = [asyncio.create_task(body()) for _ in range(100000)]
    await asyncio.sleep(0)
    cancelled = 0
    for t in ts:
        if t.cancel():
            cancelled += 1
    rs = await asyncio.gather(*ts, return_exceptions=True)
    print(cancelled)
    print(len(rs))
    print(f"time_ms={(time.perf_counter() - t0) * 1000}")

asyncio.run(main())
print(f"rss_mb={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f}")
