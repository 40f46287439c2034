/* fuzz-replay.c — runs a fuzz target's seed corpus through it without libFuzzer, so that
 * the ordinary suite (gcc, and gcc with the sanitizers) replays every seed and every
 * reproducer kept in tests/fuzz/corpus/, with the same checks as the fuzzer.
 *
 * Usage: fuzz-replay-NAME FILE|DIR...
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fuzz-common.h"

static guint n_run;

static void
replay (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, &error);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      if (dir == NULL)
        g_error ("%s", error->message);
      while ((name = g_dir_read_name (dir)) != NULL)
        g_ptr_array_add (names, g_build_filename (path, name, NULL));
      /* One order on every machine. */
      g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
      for (guint i = 0; i < names->len; i++)
        replay (g_ptr_array_index (names, i));
      return;
    }
  if (!g_file_get_contents (path, &contents, &length, &error))
    g_error ("%s", error->message);
  printf ("# %s\n", path);
  fflush (stdout);
  LLVMFuzzerTestOneInput ((const guint8 *) contents, length);
  n_run++;
}

int
main (int   argc,
      char *argv[])
{
  for (int i = 1; i < argc; i++)
    replay (argv[i]);
  if (n_run == 0)
    g_error ("no input to replay");
  printf ("%u inputs replayed\n", n_run);
  return 0;
}
