/* A test runner in thirty lines: the core needs no framework, and vendoring one is more to keep. */
#ifndef SC_TEST_RUNNER_H
#define SC_TEST_RUNNER_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern int sc_test_failures;
extern const char *sc_test_current;

#define CHECK(cond)                                                                          \
  do {                                                                                       \
    if (!(cond)) {                                                                           \
      fprintf(stderr, "  FAIL %s (%s:%d): %s\n", sc_test_current, __FILE__, __LINE__, #cond); \
      sc_test_failures++;                                                                    \
    }                                                                                        \
  } while (0)

#define CHECK_EQ(a, b)                                                                                 \
  do {                                                                                                 \
    unsigned long long _a = (unsigned long long)(a), _b = (unsigned long long)(b);                    \
    if (_a != _b) {                                                                                    \
      fprintf(stderr, "  FAIL %s (%s:%d): %s == %s (%llu != %llu)\n", sc_test_current, __FILE__, __LINE__, #a, #b, _a, _b); \
      sc_test_failures++;                                                                              \
    }                                                                                                  \
  } while (0)

typedef void (*sc_test_fn)(void);
typedef struct {
  const char *name;
  sc_test_fn fn;
} sc_test_case;

#define TEST(name) static void name(void)
#define RUN(name) {#name, name}

static inline int sc_run_tests(const sc_test_case *tests, size_t n) {
  for (size_t i = 0; i < n; i++) {
    sc_test_current = tests[i].name;
    int before = sc_test_failures;
    tests[i].fn();
    printf("%s %s\n", sc_test_failures == before ? "ok  " : "FAIL", tests[i].name);
  }
  printf("%zu tests, %d failed checks\n", n, sc_test_failures);
  return sc_test_failures ? 1 : 0;
}

#endif
