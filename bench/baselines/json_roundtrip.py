# JSON round trip: Python equivalent of bench/programs/json_roundtrip.atl.
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
        r = back[k * 97]
        total = total + r[0] + r[3] + len(r[1])
        if r[2]:
            total = total + 1
    # The same Display as Atlas/JS: an integral float prints without ".0".
    print(int(total) if total == int(total) else total)
    print(f"time_ms={(time.perf_counter() - t0) * 1000}")

main()
