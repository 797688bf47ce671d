# B10 baseline: 100,000 pending asyncio tasks blocked in get() on one asyncio.Queue, then sent
# 100,000 values and joined.
import asyncio, resource, time

async def body(k, q):
    return k + await q.get()

async def main():
    t0 = time.perf_counter()
    q = asyncio.Queue()
    ts = [asyncio.create_task(body(i, q)) for i in range(100000)]
    await asyncio.sleep(0.001)
    print(sum(1 for t in ts if not t.done()))
    for j in range(100000):
        await q.put(j)
    total = 0
    for t in ts:
        total += await t
    print(total)
    print(f"time_ms={(time.perf_counter() - t0) * 1000}")

asyncio.run(main())
print(f"rss_mb={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f}")
