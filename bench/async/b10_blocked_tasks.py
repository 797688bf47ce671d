# B10 baseline: 100,000 pending asyncio tasks blocked on one future, then released.
import asyncio, resource, time

async def body(k, gate):
    return k + await gate

async def main():
    t0 = time.perf_counter()
    gate = asyncio.get_running_loop().create_future()
    ts = [asyncio.create_task(body(i, gate)) for i in range(100000)]
    await asyncio.sleep(0.001)
    print(len(ts))
    gate.set_result(0)
    total = 0
    for t in ts:
        total += await t
    print(total)
    print(f"time_ms={(time.perf_counter() - t0) * 1000}")

asyncio.run(main())
print(f"rss_mb={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f}")
