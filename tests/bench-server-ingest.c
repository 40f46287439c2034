/* bench-server-ingest.c — sales per second pushed over loopback from one client to a real
 * kasir-server process: 20,000 three-line sales in batches of 100, each sale its own
 * transaction with synchronous=FULL.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>

#include "kasir-money.h"
#include "kasir-server-catalog.h"
#include "server-data/bench-util.h"

#define N_SALES 20000
#define BATCH   100
#define N_PRODUCTS 2000

/* One run against @backend ("sqlite" or "postgresql"). */
static void
run (const char *backend)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kasir-bench-ingest-XXXXXX", &error);
  g_autofree char *db = bench_new_db (dir, backend);
  g_autofree char *code = kasir_server_enroll_code_new ();
  g_autofree char *hash = kasir_server_enroll_code_hash (code);
  g_autofree char *push_url = NULL;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 120, NULL);
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  BenchServer bs = { 0 };
  gint64 seq = 1, start, elapsed;
  double per_s;

  g_assert_no_error (error);
  {
    g_autoptr(KasirServerStore) store = kasir_server_store_open (db, NULL, TRUE, &error);
    g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_server_import_row_free);

    g_assert_no_error (error);
    g_assert_true (kasir_server_store_add_outlet (store, "Bench", NULL, &error));
    for (guint i = 1; i <= N_PRODUCTS; i++)
      {
        KasirServerImportRow *row = g_new0 (KasirServerImportRow, 1);
        row->line = i + 1;
        row->sku = g_strdup_printf ("B-%05u", i);
        row->name = g_strdup_printf ("Barang %u", i);
        row->price = 1000 + 500 * (i % 40);
        row->tax_rate_bp = 1100;
        row->has_stock = TRUE;
        row->stock = 1000;
        g_ptr_array_add (rows, row);
      }
    g_assert_true (kasir_server_store_import_products (store, rows, NULL, NULL, &error));
    g_assert_true (kasir_server_store_add_enroll_code (store, 1, hash,
                                                       g_get_real_time () / G_USEC_PER_SEC + 600, &error));
    g_assert_no_error (error);
  }
  bench_server_start (&bs, db, code, session);
  push_url = g_strconcat (bs.url, "/api/v1/sync/push", NULL);

  /* Bodies are made before the clock starts: this measures the server. */
  for (guint b = 0; b < N_SALES / BATCH; b++)
    {
      g_autoptr(GPtrArray) muts = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_mutation_free);
      KasirPushRequest req = { bs.terminal_id, muts };
      g_autoptr(JsonNode) node = NULL;
      gsize length;
      char *text;

      for (guint i = 0; i < BATCH; i++)
        {
          g_autoptr(KasirSale) sale = kasir_sale_new ();
          KasirMutation *m = kasir_mutation_new ();

          sale->sale_id = kasir_uuid_new ();
          sale->receipt_no = g_strdup_printf ("%" G_GINT64_FORMAT "-%06" G_GINT64_FORMAT, bs.terminal_id, seq);
          memcpy (sale->currency, "IDR", 4);
          sale->tax_inclusive = TRUE;
          sale->created_at = kasir_now_rfc3339 ();
          for (int l = 0; l < 3; l++)
            {
              KasirSaleLine *line = kasir_sale_line_new ();
              guint pid = g_rand_int_range (rand, 1, N_PRODUCTS + 1);
              line->product_id = pid;
              line->qty = g_rand_int_range (rand, 1, 4);
              line->unit_price = 1000 + 500 * (pid % 40);
              line->price_version = 1;
              line->tax_rate_bp = 1100;
              line->total = line->qty * line->unit_price;
              kasir_tax_included (line->total, 1100, &line->tax);
              sale->subtotal += line->total;
              sale->tax += line->tax;
              g_ptr_array_add (sale->lines, line);
            }
          sale->total = sale->subtotal;
          g_ptr_array_add (sale->payments, kasir_payment_new (KASIR_PAYMENT_CASH, sale->total));
          m->seq = seq++;
          m->id = kasir_uuid_new ();
          m->type = KASIR_MUTATION_SALE_CREATE;
          m->created_at = kasir_now_rfc3339 ();
          m->payload = kasir_protocol_encode_sale (sale);
          g_ptr_array_add (muts, m);
        }
      node = kasir_protocol_encode_push_request (&req);
      text = kasir_protocol_to_string (node, &length);
      g_ptr_array_add (bodies, g_bytes_new_take (text, length));
    }

  start = g_get_monotonic_time ();
  for (guint b = 0; b < bodies->len; b++)
    {
      guint status;
      g_autoptr(GBytes) reply = bench_request (session, "POST", push_url, bs.token,
                                               g_ptr_array_index (bodies, b), &status);
      if (status != 200)
        g_error ("push %u: HTTP %u: %.*s", b, status, (int) g_bytes_get_size (reply),
                 (const char *) g_bytes_get_data (reply, NULL));
    }
  elapsed = g_get_monotonic_time () - start;
  per_s = (double) N_SALES * G_USEC_PER_SEC / (double) elapsed;

  bench_server_stop (&bs);
  {
    g_autoptr(KasirServerStore) store = kasir_server_store_open (db, NULL, FALSE, &error);
    KasirServerStoreMetrics m = { 0 };
    g_assert_no_error (error);
    g_assert_true (kasir_server_store_get_metrics (store, &m, &error));
    /* Every sale arrived exactly once. */
    g_assert_cmpint (((KasirServerTerminalInfo *) g_ptr_array_index (m.terminals, 0))->last_seq, ==, N_SALES);
    kasir_server_store_metrics_clear (&m);
  }
  bench_rm_rf (dir);
  printf ("BENCH server-ingest backend=%s sales=%d batch=%d sales_per_s=%.0f\n", backend, N_SALES, BATCH,
          per_s);
}

int
main (int    argc,
      char **argv)
{
  /* One backend when named (bench-server-ingest postgresql), else both. */
  if (argc < 2 || g_str_equal (argv[1], "sqlite"))
    run ("sqlite");
  if (argc < 2 || g_str_equal (argv[1], "postgresql"))
    run ("postgresql");
  bench_stop_cluster ();
  return 0;
}
