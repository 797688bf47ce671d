# B7 baseline: 1,000 x 64 KiB file reads in asyncio, at most 64 in flight. asyncio has no
# non-blocking file API: reads go to the default thread pool (asyncio.to_thread), as usual.
import asyncio, os, time

def read_text(p):
    with open(p, encoding="utf-8") as f:
        return f.read()

async def main():
    d = os.environ["ATLAS_BENCH_DIR"]
    paths = [f"{d}/f{i}.txt" for i in range(1000)]
    t0 = time.perf_counter()
    sem = asyncio.Semaphore(64)

    async def one(p):
        async with sem:
            return await asyncio.to_thread(read_text, p)

    texts = await asyncio.gather(*(one(p) for p in paths))
    ms = (time.perf_counter() - t0) * 1000
    print(len(texts))
    print(len(texts[999]))
    print(f"time_ms={ms}")

asyncio.run(main())
