/* bench-util.h — what every benchmark measures with.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <time.h>

/* This thread's CPU time in milliseconds: unlike the wall clock, not stretched by other
 * work on a busy machine. */
static inline double
bench_thread_cpu_ms (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec * 1000.0 + now.tv_nsec / 1e6;
}
