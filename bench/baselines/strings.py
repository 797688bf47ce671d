# String building, character by character: Python equivalent of bench/programs/strings.atl
# (the same per-character work in Python code; no bulk str methods).
import time
def main():
    t0 = time.perf_counter()
    letters = "abcdefghijklmnopqrstuvwxyz"
    s = ""
    seed = 7
    for i in range(200000):
        seed = (seed * 31 + i) % 1000003
        c = letters[seed % 26]
        if c == "e" or c == "t":
            s = s + str(i % 10)
        else:
            s = s + c
    vowels = 0
    rare = 0
    runs = 0
    prev = ""
    n = len(s)
    for j in range(n):
        c = s[j]
        if c == "a" or c == "i" or c == "o" or c == "u":
            vowels += 1
        elif c == "x" or c == "y" or c == "z":
            rare += 1
        if c == prev:
            runs += 1
        prev = c
    print(n)
    print(vowels)
    print(rare)
    print(runs)
    print(f"time_ms={(time.perf_counter() - t0) * 1000}")

main()
