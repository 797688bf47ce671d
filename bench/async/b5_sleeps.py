# B5 baseline: 10,000 concurrent asyncio.sleep(0.01).
import asyncio, resource, time

async def main():
    t0 = time.perf_counter()
    fs = [asyncio.sleep(0.01) for _ in range(10000)]
    await asyncio.gather(*fs)
    print(len(fs))
    print(f"time_ms={(time.perf_counter() - t0) * 1000}")

asyncio.run(main())
print(f"rss_mb={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f}")
