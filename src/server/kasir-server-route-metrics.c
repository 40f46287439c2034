/* kasir-server-route-metrics.c — GET /metrics: the Prometheus counters of this process (requests
 * by route and status, mutations by what became of them) and the store's gauges (open
 * conflicts, each terminal's last contact and last seq), and what the connection guard
 * closed or refused.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include <string.h>

#include "kasir-server-private.h"

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* What the connection guard did (kasir-server-guard.h): an operator sees whether tills
 * are refused or cut off, and why. */
static void
append_connections (GString          *out,
                    KasirServerGuard *guard)
{
  if (guard == NULL)
    return;
  g_string_append (out, "# HELP kasir_connections_dropped_total Connections the server closed, by reason.\n"
                        "# TYPE kasir_connections_dropped_total counter\n");
  for (guint i = 0; i < KASIR_SERVER_N_DROPS; i++)
    g_string_append_printf (out, "kasir_connections_dropped_total{reason=\"%s\"} %" G_GUINT64_FORMAT "\n",
                            kasir_server_drop_name (i), kasir_server_guard_get_n_dropped_for (guard, i));
  g_string_append_printf (out, "# HELP kasir_connections_refused_total Requests answered 503 because their "
                               "connection was over the limits.\n"
                               "# TYPE kasir_connections_refused_total counter\n"
                               "kasir_connections_refused_total %" G_GUINT64_FORMAT "\n",
                          kasir_server_guard_get_n_refused (guard));
}

void
kasir_server_handle_metrics (KasirServer       *self,
                             KasirServerCall   *call)
{
  GString *out = g_string_new (NULL);
  KasirServerStoreMetrics m = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;
  gsize length;
  char *text;

  if (!kasir_server_store_get_metrics (call->store, &m, &error))
    {
      g_string_free (out, TRUE);
      respond_store_error (call, error);
      return;
    }

  g_mutex_lock (&self->lock);
  g_string_append (out, "# HELP kasir_http_requests_total HTTP requests answered, by route and status.\n"
                        "# TYPE kasir_http_requests_total counter\n");
  g_hash_table_iter_init (&iter, self->requests);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, compare_keys);
  for (guint i = 0; i < keys->len; i++)
    {
      const char *k = g_ptr_array_index (keys, i);
      const char *tab = strchr (k, '\t');
      g_string_append_printf (out, "kasir_http_requests_total{route=\"%.*s\",status=\"%s\"} %u\n",
                              (int) (tab - k), k, tab + 1,
                              GPOINTER_TO_UINT (g_hash_table_lookup (self->requests, k)));
    }

  g_string_append_printf (out,
                          "# HELP kasir_mutations_total Pushed mutations, by what became of them.\n"
                          "# TYPE kasir_mutations_total counter\n"
                          "kasir_mutations_total{result=\"applied\"} %" G_GUINT64_FORMAT "\n"
                          "kasir_mutations_total{result=\"duplicate\"} %" G_GUINT64_FORMAT "\n"
                          "kasir_mutations_total{result=\"conflict\"} %" G_GUINT64_FORMAT "\n"
                          "kasir_mutations_total{result=\"rejected\"} %" G_GUINT64_FORMAT "\n"
                          "# HELP kasir_open_conflicts Conflicts waiting for a manager.\n"
                          "# TYPE kasir_open_conflicts gauge\n"
                          "kasir_open_conflicts %" G_GINT64_FORMAT "\n",
                          self->mutations_applied, self->mutations_duplicate,
                          self->mutations_conflict, self->mutations_rejected, m.open_conflicts);

  append_connections (out, self->guard);

  g_string_append (out, "# HELP kasir_terminal_last_contact_seconds Unix time of the terminal's last "
                        "authenticated request.\n"
                        "# TYPE kasir_terminal_last_contact_seconds gauge\n");
  for (guint i = 0; i < m.terminals->len; i++)
    {
      KasirServerTerminalInfo *t = g_ptr_array_index (m.terminals, i);
      gint64 *seen = g_hash_table_lookup (self->last_contact, &t->terminal_id);
      gint64 last = MAX (t->last_push_unix, seen ? *seen : 0);

      g_string_append_printf (out, "kasir_terminal_last_contact_seconds{terminal=\"%" G_GINT64_FORMAT
                              "\",outlet=\"%" G_GINT64_FORMAT "\"} %" G_GINT64_FORMAT "\n",
                              t->terminal_id, t->outlet_id, last);
    }
  g_string_append (out, "# HELP kasir_terminal_last_seq The last mutation seq applied per terminal.\n"
                        "# TYPE kasir_terminal_last_seq gauge\n");
  for (guint i = 0; i < m.terminals->len; i++)
    {
      KasirServerTerminalInfo *t = g_ptr_array_index (m.terminals, i);
      g_string_append_printf (out, "kasir_terminal_last_seq{terminal=\"%" G_GINT64_FORMAT
                              "\",outlet=\"%" G_GINT64_FORMAT "\"} %" G_GINT64_FORMAT "\n",
                              t->terminal_id, t->outlet_id, t->last_seq);
    }
  g_mutex_unlock (&self->lock);
  kasir_server_store_metrics_clear (&m);

  length = out->len;
  text = g_string_free (out, FALSE);
  kasir_server_call_respond (call, SOUP_STATUS_OK, "text/plain; version=0.0.4; charset=utf-8", text, length);
}
