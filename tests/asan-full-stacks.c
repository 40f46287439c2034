/* asan-full-stacks.c — linked into the tests listed in full_stack_tests in meson.build.
 *
 * GTK processes make more than 2048 GLib quarks, and GLib then leaves its first quark
 * block allocated on purpose (see build-aux/lsan.supp). The suppression names the frame
 * that made it, which only a full stack shows, and the system libraries have no frame
 * pointers for the fast unwinder. ASAN_OPTIONS from the environment still win; the
 * kasir-server these tests start keeps the fast unwinder. Unused without AddressSanitizer.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
const char *__asan_default_options (void);

const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}
