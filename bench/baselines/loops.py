# Nested loops: Python equivalent of bench/programs/loops.atl.
import time
def main():
    t0 = time.perf_counter()
    total = 0
    for i in range(2000):
        for j in range(2000):
            total = (total + i * j + (i % 7)) % 1000003
    print(total)
    print(f"time_ms={(time.perf_counter() - t0) * 1000}")

main()
