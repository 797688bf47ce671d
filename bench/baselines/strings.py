# String building: Python equivalent of bench/programs/strings.atl.
import time
def main():
    t0 = time.perf_counter()
    s = ""
    for i in range(300000):
        s += str(i % 10)
    parts = s.split("0")
    print(len(s))
    print(len(parts))
    print(len("-".join(parts)))
    print(f"time_ms={(time.perf_counter() - t0) * 1000}")

main()
