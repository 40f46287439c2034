/* test-server-log.c — the server's log lines carry terminal, outlet, seq and status as
 * fields of their own, which the journal keeps apart (journalctl KASIR_STATUS=rejected).
 *
 * The lines go through GLib's structured logging to a writer that keeps their fields,
 * as the journal writer receives them.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>

#include "kasir-server-log.h"

static GHashTable *seen;   /* field → value of the last line */

static GLogWriterOutput
keep_fields (GLogLevelFlags   level,
             const GLogField *fields,
             gsize            n_fields,
             gpointer         user_data)
{
  g_hash_table_remove_all (seen);
  for (gsize i = 0; i < n_fields; i++)
    {
      gssize length = fields[i].length;
      char *value = length < 0 ? g_strdup (fields[i].value)
                               : g_strndup (fields[i].value, length);

      g_hash_table_replace (seen, g_strdup (fields[i].key), value);
    }
  return G_LOG_WRITER_HANDLED;
}

static void
test_fields (void)
{
  kasir_server_log (G_LOG_LEVEL_MESSAGE, 7, 2, 41, "rejected",
                    "terminal %d seq %d rejected: %s", 7, 41, "bad total");
  g_assert_cmpstr (g_hash_table_lookup (seen, "KASIR_TERMINAL_ID"), ==, "7");
  g_assert_cmpstr (g_hash_table_lookup (seen, "KASIR_OUTLET_ID"), ==, "2");
  g_assert_cmpstr (g_hash_table_lookup (seen, "KASIR_SEQ"), ==, "41");
  g_assert_cmpstr (g_hash_table_lookup (seen, "KASIR_STATUS"), ==, "rejected");
  g_assert_cmpstr (g_hash_table_lookup (seen, "MESSAGE"), ==, "terminal 7 seq 41 rejected: bad total");
  g_assert_cmpstr (g_hash_table_lookup (seen, "GLIB_DOMAIN"), ==, "kasir-server");
  /* The journal's "notice" for a message. */
  g_assert_cmpstr (g_hash_table_lookup (seen, "PRIORITY"), ==, "5");

  /* What is not known is left out, not written as 0. */
  kasir_server_log (G_LOG_LEVEL_INFO, 3, 0, 0, NULL, "terminal %d registered its key", 3);
  g_assert_cmpstr (g_hash_table_lookup (seen, "KASIR_TERMINAL_ID"), ==, "3");
  g_assert_false (g_hash_table_contains (seen, "KASIR_OUTLET_ID"));
  g_assert_false (g_hash_table_contains (seen, "KASIR_SEQ"));
  g_assert_false (g_hash_table_contains (seen, "KASIR_STATUS"));
  g_assert_cmpstr (g_hash_table_lookup (seen, "PRIORITY"), ==, "6");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_log_set_writer_func (keep_fields, NULL, NULL);
  g_test_add_func ("/Kasir/ServerLog/fields", test_fields);
  return g_test_run ();
}
