# B4 baseline: 4 producers -> 1 consumer over one asyncio.Queue(maxsize=64), 1,000,000 messages.
import asyncio, time

async def main():
    t0 = time.perf_counter()
    q = asyncio.Queue(maxsize=64)
    per_producer = 250000

    async def producer():
        for i in range(per_producer):
            await q.put(i)

    producers = [asyncio.create_task(producer()) for _ in range(4)]

    async def closer():
        await asyncio.gather(*producers)
        await q.put(None)

    closing = asyncio.create_task(closer())
    total = 0
    count = 0
    while True:
        v = await q.get()
        if v is None:
            break
        total += v
        count += 1
    await closing
    print(count)
    print(total)
    print(f"time_ms={(time.perf_counter() - t0) * 1000}")

asyncio.run(main())
