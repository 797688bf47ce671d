# Select fan-in baseline: 4 producers, each on its own asyncio.Queue(maxsize=64), 1 consumer that
# waits for whichever queue has a value first (one pending get() task per queue and
# asyncio.wait(FIRST_COMPLETED); the winner's get is re-armed). 400,000 messages.
import asyncio, time

async def main():
    t0 = time.perf_counter()
    per_producer = 100000
    queues = [asyncio.Queue(maxsize=64) for _ in range(4)]

    async def producer(q):
        for i in range(per_producer):
            await q.put(i)
        await q.put(None)

    producers = [asyncio.create_task(producer(q)) for q in queues]
    pending = {asyncio.create_task(q.get()): k for k, q in enumerate(queues)}
    total = 0
    count = 0
    while pending:
        done, _ = await asyncio.wait(pending.keys(), return_when=asyncio.FIRST_COMPLETED)
        for t in done:
            k = pending.pop(t)
            v = t.result()
            if v is None:
                continue
            total += v
            count += 1
            pending[asyncio.create_task(queues[k].get())] = k
    await asyncio.gather(*producers)
    print(count)
    print(total)
    print(f"time_ms={(time.perf_counter() - t0) * 1000}")

asyncio.run(main())
