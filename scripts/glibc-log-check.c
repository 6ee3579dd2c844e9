/*
 * Reference values for runtime/rng/glibc-log.ts, taken from this machine's C library.
 *
 * numpy's legacy gaussians pass through libm's log(), so our JavaScript port of glibc's log must
 * agree with the real one bit for bit. This program writes deterministic inputs together with
 * what the system's log() (and fma(), which the port emulates) return for them, as raw
 * little-endian 64-bit words; scripts/verify-glibc-log.ts reads the file and compares.
 *
 *   gcc -O2 -fno-builtin scripts/glibc-log-check.c -lm -o /tmp/glibc-log-check
 *   /tmp/glibc-log-check log 20000000 /tmp/log.bin   # records (x, log x)
 *   /tmp/glibc-log-check fma 20000000 /tmp/fma.bin   # records (a, b, c, fma(a, b, c))
 *   npx vite-node scripts/verify-glibc-log.ts /tmp/log.bin /tmp/fma.bin
 *
 * The binary is a throwaway: never commit it. Results depend on the CPU (glibc picks its FMA
 * build of log on CPUs with FMA and AVX2), so run it where the goldens were made.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t splitmix_state = 0x6e6e632d676c6962ULL; /* "nnc-glib" */

static uint64_t splitmix64(void) {
  uint64_t z = (splitmix_state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

static double from_bits(uint64_t bits) {
  double value;
  memcpy(&value, &bits, sizeof value);
  return value;
}

/* A double in [0, 1) built like numpy's random_sample. */
static double unit_double(void) {
  uint64_t bits = splitmix64();
  return (double)(bits >> 11) / 9007199254740992.0;
}

/* The input classes that matter: numpy's own r2 = x1² + x2² (what legacy_gauss feeds log), all of
 * (0, 1) with uniformly random exponents, the separately coded window around 1, and any positive
 * finite double including subnormals. */
static double log_input(uint64_t index) {
  switch (index % 5) {
    case 0: {
      for (;;) {
        double x1 = 2.0 * unit_double() - 1.0, x2 = 2.0 * unit_double() - 1.0;
        double r2 = x1 * x1 + x2 * x2;
        if (r2 < 1.0 && r2 != 0.0) return r2;
      }
    }
    case 1: return unit_double();
    case 2: /* exponent uniform over [-1074, 0): every binade of (0, 1) equally often */
      return from_bits(splitmix64() % 0x3ff0000000000000ULL);
    case 3: { /* [1 - 2^-4, 1 + 0x1.09p-4): glibc's near-one branch and its edges */
      const uint64_t lo = 0x3fee000000000000ULL, hi = 0x3ff1090000000000ULL;
      return from_bits(lo - 4 + splitmix64() % (hi - lo + 8));
    }
    default: return from_bits(splitmix64() % 0x7ff0000000000000ULL);
  }
}

/* fma operands shaped like log's: near-cancelling z*invc - 1, k*ln2 + logc, and polynomial steps;
 * plus generic triples whose addend nearly cancels the product (the hard cases for emulation). */
static void fma_input(uint64_t index, double *a, double *b, double *c) {
  switch (index % 4) {
    case 0:
      *a = 0.6875 + 0.6875 * unit_double();
      *b = (1.0 / *a) * (1.0 + (unit_double() - 0.5) * 0x1p-7);
      *c = -1.0;
      return;
    case 1:
      *a = 2.0 * unit_double() - 1.0;
      *b = 2.0 * unit_double() - 1.0;
      *c = 2.0 * unit_double() - 1.0;
      return;
    case 2: {
      *a = from_bits(0x3000000000000000ULL + splitmix64() % 0x1f00000000000000ULL);
      *b = from_bits(0x3000000000000000ULL + splitmix64() % 0x1f00000000000000ULL);
      double product = *a * *b;
      uint64_t bits;
      memcpy(&bits, &product, sizeof bits);
      bits += (splitmix64() % 9) - 4;
      *c = -from_bits(bits);
      if (splitmix64() & 1) *c = -*c;
      return;
    }
    default: {
      uint64_t shift = splitmix64() % 110;
      *a = (1.0 + unit_double()) * (splitmix64() & 1 ? 1 : -1);
      *b = 1.0 + unit_double();
      *c = ldexp(1.0 + unit_double(), -(int)shift) * (splitmix64() & 1 ? 1 : -1);
      return;
    }
  }
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s log|fma COUNT OUT.bin\n", argv[0]);
    return 2;
  }
  uint64_t count = strtoull(argv[2], NULL, 10);
  FILE *out = fopen(argv[3], "wb");
  if (!out) {
    perror(argv[3]);
    return 1;
  }
  if (strcmp(argv[1], "log") == 0) {
    static const double fixed[] = {1.0, 0x1p-1074, 0x1p-1022, 0x1.fffffffffffffp-1023, 0x1.fffffffffffffp-1,
                                   0x1.0000000000001p0, 0.5, 2.0, 0x1.fffffffffffffp1023, 0.0, INFINITY};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
      double pair[2] = {fixed[i], log(fixed[i])};
      fwrite(pair, sizeof pair, 1, out);
    }
    for (uint64_t i = 0; i < count; i++) {
      double x = log_input(i);
      double pair[2] = {x, log(x)};
      fwrite(pair, sizeof pair, 1, out);
    }
  } else if (strcmp(argv[1], "fma") == 0) {
    for (uint64_t i = 0; i < count; i++) {
      double quad[4];
      fma_input(i, &quad[0], &quad[1], &quad[2]);
      quad[3] = fma(quad[0], quad[1], quad[2]);
      fwrite(quad, sizeof quad, 1, out);
    }
  } else {
    fprintf(stderr, "unknown mode %s\n", argv[1]);
    return 2;
  }
  return fclose(out) == 0 ? 0 : 1;
}
