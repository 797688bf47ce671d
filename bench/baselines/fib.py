# fib(30): Python equivalent of bench/programs/fib.atl.
import time
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)
def main():
    t0 = time.perf_counter()
    print(fib(30))
    print(f"time_ms={(time.perf_counter() - t0) * 1000}")

main()
