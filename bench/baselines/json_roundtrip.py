# JSON round trip: Python equivalent of bench/programs/json.atl.
import json, time
def main():
    t0 = time.perf_counter()
    records = []
    for i in range(2000):
        records.append([i, "name" + str(i), i % 3 == 0, i * 1.5])
    total = 0
    for k in range(20):
        text = json.dumps(records, separators=(",", ":"))
        back = json.loads(text)
        total = total + len(text) + back[k][0]
    print(total)
    print(f"time_ms={(time.perf_counter() - t0) * 1000}")

main()
