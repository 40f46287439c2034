/* test-sync-malformed.c — a server that answers nonsense changes nothing on the till.
 *
 * An in-process SoupServer on loopback answers health properly and then, per case, a
 * malformed push or pull answer: wrong types, missing fields, results for changes that
 * were never sent, an oversized array, a truncated body. The terminal's database must be
 * exactly as before (sales, unsent outbox, cursor, catalog), and the service must say
 * "attention" or "unreachable" with a message a person can read.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <glib/gstdio.h>

#include "kasir-database-private.h"
#include "kasir-sales-repository.h"
#include "kasir-test-network-monitor.h"
#include "sync-test-util.h"

typedef struct
{
  const char *name;
  const char *health;   /* NULL: a proper health answer */
  const char *push;     /* NULL: the case sends no sales */
  const char *pull;
  KasirSyncStatus expect;
} Case;

static const char huge_marker[] = "HUGE";

static const Case cases[] = {
  { "push-wrong-type", NULL, "{\"last_seq\": \"3\", \"results\": []}", NULL,
    KASIR_SYNC_STATUS_ATTENTION },
  { "push-missing-results", NULL, "{\"last_seq\": 3}", NULL, KASIR_SYNC_STATUS_ATTENTION },
  { "push-unsent-seq", NULL,
    "{\"last_seq\": 999, \"results\": [{\"seq\": 999, \"status\": \"applied\", \"conflict_ids\": []}]}",
    NULL, KASIR_SYNC_STATUS_ATTENTION },
  { "push-negative-seq", NULL,
    "{\"last_seq\": 1, \"results\": [{\"seq\": -1, \"status\": \"applied\", \"conflict_ids\": []}]}",
    NULL, KASIR_SYNC_STATUS_ATTENTION },
  { "push-huge-array", NULL, huge_marker, NULL, KASIR_SYNC_STATUS_ATTENTION },
  { "push-truncated", NULL, "{\"last_seq\": 3, \"results\": [{\"seq\": 1, \"sta", NULL,
    KASIR_SYNC_STATUS_ATTENTION },
  { "pull-bad-product", NULL, NULL,
    "{\"changes\": [{\"entity\": \"product\", \"id\": \"1\", \"op\": \"put\", \"data\": {\"id\": \"x\"}}],"
    " \"cursor\": 5, \"has_more\": false, \"last_seq\": 0}", KASIR_SYNC_STATUS_ATTENTION },
  { "pull-missing-cursor", NULL, NULL, "{\"changes\": [], \"has_more\": false}",
    KASIR_SYNC_STATUS_ATTENTION },
  { "pull-not-object", NULL, NULL, "[1, 2, 3]", KASIR_SYNC_STATUS_ATTENTION },
  { "pull-deep", NULL, NULL, "DEEP", KASIR_SYNC_STATUS_ATTENTION },
  /* The headers announce one cursor, the body says another. */
  { "pull-announce-mismatch", NULL, NULL, "ANNOUNCE",
    KASIR_SYNC_STATUS_ATTENTION },
  { "health-garbage", "<html>hello</html>", NULL, NULL, KASIR_SYNC_STATUS_UNREACHABLE },
};

typedef struct
{
  const Case *c;
  guint       pushes;
  guint       pulls;
} ServerState;

static void
reply (SoupServerMessage *msg,
       const char        *body)
{
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    body, strlen (body));
}

static void
handle (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  ServerState *state = user_data;

  if (g_str_equal (path, "/api/v1/health"))
    {
      reply (msg, state->c->health != NULL ? state->c->health
             : "{\"status\": \"ok\", \"protocol\": 1, \"server_time\": \"2026-11-22T00:00:00Z\"}");
      return;
    }

  if (g_str_equal (path, "/api/v1/sync/push"))
    {
      state->pushes++;
      if (state->c->push == huge_marker)
        {
          g_autoptr(GString) s = g_string_new ("{\"last_seq\": 1, \"results\": [");

          for (guint i = 0; i < 400000; i++)
            g_string_append_printf (s, "%s{\"seq\": %u, \"status\": \"applied\", \"conflict_ids\": []}",
                                    i ? "," : "", i + 1);
          g_string_append (s, "]}");
          reply (msg, s->str);
        }
      else
        reply (msg, state->c->push != NULL ? state->c->push
               : "{\"last_seq\": 0, \"results\": []}");
      return;
    }

  if (g_str_equal (path, "/api/v1/sync/pull"))
    {
      state->pulls++;
      if (g_strcmp0 (state->c->pull, "ANNOUNCE") == 0)
        {
          SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

          soup_message_headers_replace (headers, "Kasir-Cursor", "999");
          soup_message_headers_replace (headers, "Kasir-Has-More", "1");
          reply (msg, "{\"changes\": [], \"cursor\": 5, \"has_more\": false, \"last_seq\": 0}");
        }
      else if (g_strcmp0 (state->c->pull, "DEEP") == 0)
        {
          g_autoptr(GString) s = g_string_new (NULL);

          for (guint i = 0; i < 100000; i++)
            g_string_append_c (s, '[');
          reply (msg, s->str);
        }
      else
        reply (msg, state->c->pull != NULL ? state->c->pull
               : "{\"changes\": [], \"cursor\": 0, \"has_more\": false, \"last_seq\": 0}");
      return;
    }

  soup_server_message_set_status (msg, 404, NULL);
}

/* What must not change: sales, the unsent set, acks, the cursor and the catalog. */
static char *
digest (KasirDatabase *db)
{
  return g_strdup_printf ("sales=%" G_GINT64_FORMAT " unsent=%" G_GINT64_FORMAT
                          " unsent_sum=%" G_GINT64_FORMAT " acked=%" G_GINT64_FORMAT
                          " rejected=%" G_GINT64_FORMAT " cursor=%" G_GINT64_FORMAT
                          " last_acked=%" G_GINT64_FORMAT " products=%" G_GINT64_FORMAT
                          " conflicts=%" G_GINT64_FORMAT,
                          sync_test_local_query (db, "SELECT count(*) FROM sales"),
                          sync_test_local_query (db, "SELECT count(*) FROM outbox WHERE state IN ('pending','in_flight')"),
                          sync_test_local_query (db, "SELECT total(seq) FROM outbox WHERE state IN ('pending','in_flight')"),
                          sync_test_local_query (db, "SELECT count(*) FROM outbox WHERE state = 'acked'"),
                          sync_test_local_query (db, "SELECT count(*) FROM outbox WHERE state = 'rejected'"),
                          sync_test_local_query (db, "SELECT cursor FROM sync_state"),
                          sync_test_local_query (db, "SELECT last_acked_seq FROM sync_state"),
                          sync_test_local_query (db, "SELECT count(*) FROM products"),
                          sync_test_local_query (db, "SELECT count(*) FROM conflicts"));
}

typedef struct
{
  KasirSyncService *service;
  KasirSyncStatus   status;
} StatusWait;

static gboolean
status_reached (gpointer data)
{
  StatusWait *w = data;

  return kasir_sync_service_get_state (w->service) == w->status &&
         kasir_sync_service_get_idle (w->service) &&
         kasir_sync_service_get_last_error (w->service) != NULL;
}

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  ServerState state = { c, 0, 0 };
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(KasirTestNetworkMonitor) monitor = kasir_test_network_monitor_new (TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kasir-malformed-XXXXXX", NULL);
  g_autofree char *url = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(KasirSyncService) service = NULL;
  g_autoptr(KasirSyncClient) client = NULL;
  StatusWait w;

  soup_server_add_handler (server, NULL, handle, &state, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify)g_uri_unref);

  db = sync_test_terminal_db (dir, "till.db", NULL);
  if (c->push != NULL)
    {
      g_autoptr(KasirSalesRepository) sales = kasir_sales_repository_new (db);

      /* Sales of products the till has never pulled: the server is the one that knows. */
      for (guint i = 0; i < 3; i++)
        {
          g_autoptr(KasirSale) sale = kasir_sale_new ();
          KasirSaleLine *line = kasir_sale_line_new ();

          g_strlcpy (sale->currency, "IDR", sizeof sale->currency);
          sale->tax_inclusive = TRUE;
          line->product_id = 1 + i;
          line->qty = 1;
          line->unit_price = 11100;
          line->price_version = 1;
          line->tax_rate_bp = 1100;
          line->total = 11100;
          line->tax = 1100;
          g_ptr_array_add (sale->lines, line);
          sale->subtotal = sale->total = 11100;
          sale->tax = 1100;
          g_ptr_array_add (sale->payments, kasir_payment_new (KASIR_PAYMENT_CASH, 11100));
          kasir_sales_repository_commit_sale (sales, sale, &error);
          g_assert_no_error (error);
        }
    }
  before = digest (db);

  service = kasir_sync_service_new (db, G_NETWORK_MONITOR (monitor), &error);
  g_assert_no_error (error);
  g_object_set (service, "heartbeat-interval", 1, "request-timeout", 5, NULL);
  client = kasir_sync_client_new (url, &error);
  g_assert_no_error (error);
  kasir_sync_client_set_token (client, "test-token");
  kasir_sync_service_configure (service, client, 7);

  w.service = service;
  w.status = c->expect;
  if (!sync_test_wait_for (status_reached, &w, 20))
    g_error ("%s: state %d, expected %d; last error: %s", c->name,
             kasir_sync_service_get_state (service), c->expect,
             kasir_sync_service_get_last_error (service));

  g_assert_nonnull (kasir_sync_service_get_last_error (service));
  g_assert_cmpstr (kasir_sync_service_get_last_error (service), !=, "");
  g_test_message ("%s: %s", c->name, kasir_sync_service_get_last_error (service));
  if (c->push != NULL)
    g_assert_cmpuint (state.pushes, >, 0);
  else if (c->pull != NULL)
    g_assert_cmpuint (state.pulls, >, 0);

  kasir_sync_service_shutdown (service);
  after = digest (db);
  g_assert_cmpstr (before, ==, after);

  g_clear_object (&service);
  g_clear_object (&db);
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *p = g_build_filename (dir, name, NULL);
        g_unlink (p);
      }
    g_rmdir (dir);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/Kasir/Sync/malformed/%s", cases[i].name);
      g_test_add_data_func (path, &cases[i], test_case);
    }

  return g_test_run ();
}
