# Closures: Python equivalent of bench/programs/closures.atl (closures called in Python loops;
# map / filter / reduce with lambdas, as the Atlas program does).
import time
from functools import reduce
def make_counter(step):
    n = 0
    def counter():
        nonlocal n
        n = n + step
        return n
    return counter
def compose(f, g):
    return lambda x: g(f(x))
def main():
    t0 = time.perf_counter()
    xs = []
    for i in range(1000):
        xs.append(i)
    total = 0
    for rnd in range(1000):
        counter = make_counter(rnd % 7 + 1)
        h = compose(lambda x: x * 3 + rnd, lambda x: x % 1009)
        for k in range(1000):
            total = total + h(counter())
        ys = list(map(lambda x: x + rnd, xs))
        odd = list(filter(lambda y: y % 2 == 1, ys))
        total = total + reduce(lambda acc, y: acc + y % 13, odd, 0)
    print(total)
    print(f"time_ms={(time.perf_counter() - t0) * 1000}")

main()
