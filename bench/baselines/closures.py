# Closures and higher-order functions: Python equivalent of bench/programs/closures.atl.
import time
from functools import reduce
def main():
    t0 = time.perf_counter()
    xs = list(range(1000))
    def adder(k):
        return lambda x: x + k
    total = 0
    for rnd in range(300):
        add = adder(rnd)
        ys = list(map(add, xs))
        evens = list(filter(lambda y: y % 2 == 0, ys))
        total = total + reduce(lambda acc, y: acc + y, evens, 0)
    print(total)
    print(f"time_ms={(time.perf_counter() - t0) * 1000}")

main()
