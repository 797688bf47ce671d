# Sorting: Python equivalent of bench/programs/sort.atl.
import time
def main():
    t0 = time.perf_counter()
    seed = 42
    xs = []
    for i in range(200000):
        seed = (seed * 16807) % 2147483647
        xs.append(seed)
    s = sorted(xs)
    print(s[0])
    print(s[100000])
    print(s[199999])
    print(f"time_ms={(time.perf_counter() - t0) * 1000}")

main()
