# String building, character by character: Python equivalent of bench/programs/strings.atl
# (the same per-letter work in Python code; no bulk str methods). The pseudo-random sequence is the
# ZX81 LCG seed = (seed * 75 + 74) % 65537, whose products stay small integers in every language:
# a string benchmark should not time floating-point modulo.
import time
def main():
    t0 = time.perf_counter()
    letters = "abcdefghijklmnopqrstuvwxyz"
    seed = 42
    palindromes = 0
    vowels = 0
    checksum = 0
    chars = 0
    line = ""
    for w in range(300000):
        seed = (seed * 75 + 74) % 65537
        size = 2 + seed % 7
        word = ""
        for k in range(size):
            seed = (seed * 75 + 74) % 65537
            if seed % 4 == 0:
                word = word + "a"
            else:
                word = word + letters[seed % 26]
        rev = ""
        for k in range(size):
            c = word[k]
            rev = c + rev
            if c == "a" or c == "e" or c == "i" or c == "o" or c == "u":
                vowels += 1
        if rev == word:
            palindromes += 1
        chars = chars + size
        line = line + word + " "
        if len(line) > 70:
            checksum = (checksum * 31 + len(line)) % 1000003
            line = ""
    print(palindromes)
    print(vowels)
    print(checksum)
    print(chars)
    print(f"time_ms={(time.perf_counter() - t0) * 1000}")

main()
