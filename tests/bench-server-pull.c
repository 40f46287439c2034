/* bench-server-pull.c — a fresh terminal pulls a whole catalog of 100,000 products from a
 * real kasir-server process over loopback, in pages of 5,000.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>

#include "kasir-server-catalog.h"
#include "server-data/bench-util.h"

#define N_PRODUCTS 100000

/* The value after the last occurrence of @key ("\"cursor\":") in a pull page: entity
 * data never has keys of these names, so the last one is the top-level member. true is 1,
 * false 0. */
static gint64
top_level_int (GBytes     *page,
               const char *key)
{
  gsize n;
  const char *data = g_bytes_get_data (page, &n);
  const char *at = g_strrstr_len (data, n, key);

  g_assert_nonnull (at);
  at += strlen (key);
  while (*at == ' ')
    at++;
  if (g_str_has_prefix (at, "true"))
    return 1;
  if (g_str_has_prefix (at, "false"))
    return 0;
  return g_ascii_strtoll (at, NULL, 10);
}

/* Parses every page (the first one fully checked with the codec) and counts its rows. */
static gpointer
parse_pages (gpointer data)
{
  GAsyncQueue *pages = data;
  gint64 *counts = g_new0 (gint64, 2);
  gboolean first = TRUE;

  for (;;)
    {
      g_autoptr(GBytes) page = g_async_queue_pop (pages);
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(GError) error = NULL;
      JsonArray *changes;

      if (g_bytes_get_size (page) == 0)
        break;
      node = kasir_protocol_parse (g_bytes_get_data (page, NULL), g_bytes_get_size (page), &error);
      g_assert_no_error (error);
      if (first)
        {
          g_autoptr(KasirPullResponse) full = kasir_protocol_decode_pull_response (node, &error);
          g_assert_no_error (error);
          g_assert_cmpuint (full->changes->len, ==, KASIR_PROTOCOL_MAX_CHANGES);
          first = FALSE;
        }
      changes = json_object_get_array_member (json_node_get_object (node), "changes");
      counts[0] += json_array_get_length (changes);
      for (guint i = 0; i < json_array_get_length (changes); i++)
        if (g_str_equal (json_object_get_string_member (json_array_get_object_element (changes, i), "entity"),
                         "product"))
          counts[1]++;
    }
  return counts;
}

/* One run against @backend ("sqlite" or "postgresql"). */
static void
run (const char *backend)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kasir-bench-pull-XXXXXX", &error);
  g_autofree char *db = bench_new_db (dir, backend);
  g_autofree char *code = kasir_server_enroll_code_new ();
  g_autofree char *hash = kasir_server_enroll_code_hash (code);
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 120, NULL);
  BenchServer bs = { 0 };
  gint64 cursor = 0, start, elapsed, rows = 0, products = 0, t0, in_request = 0;
  g_autoptr(GAsyncQueue) pages = NULL;
  g_autofree gint64 *counts = NULL;
  GThread *parser;
  gboolean more = TRUE;
  double per_s;

  g_assert_no_error (error);
  {
    g_autoptr(KasirServerStore) store = kasir_server_store_open (db, NULL, TRUE, &error);
    g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_server_import_row_free);

    g_assert_no_error (error);
    g_assert_true (kasir_server_store_add_outlet (store, "Bench", NULL, &error));
    for (guint i = 1; i <= N_PRODUCTS; i++)
      {
        KasirServerImportRow *row = g_new0 (KasirServerImportRow, 1);
        row->line = i + 1;
        row->sku = g_strdup_printf ("P-%06u", i);
        row->has_barcode = TRUE;
        /* 200-299 is the GS1 range for in-store numbers; find the check digit. */
        row->barcode = g_strdup_printf ("200%09u0", i);
        while (!kasir_server_barcode_is_valid (row->barcode))
          row->barcode[12]++;
        row->name = g_strdup_printf ("Produk Contoh Nomor %u 500 g", i);
        row->price = 1000 + 100 * (i % 500);
        row->tax_rate_bp = 1100;
        row->has_category = TRUE;
        row->category = g_strdup_printf ("Kategori %u", i % 50);
        g_ptr_array_add (list, row);
      }
    g_assert_true (kasir_server_store_import_products (store, list, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (kasir_server_store_add_enroll_code (store, 1, hash,
                                                       g_get_real_time () / G_USEC_PER_SEC + 600, &error));
    g_assert_no_error (error);
  }
  bench_server_start (&bs, db, code, session);

  /* Like a sync client that stores one page while it fetches the next, the pages are
   * parsed in a second thread; the next cursor is read from the end of each page. */
  pages = g_async_queue_new_full ((GDestroyNotify) g_bytes_unref);
  parser = g_thread_new ("parse", parse_pages, pages);
  start = g_get_monotonic_time ();
  while (more)
    {
      g_autofree char *url = g_strdup_printf ("%s/api/v1/sync/pull?cursor=%" G_GINT64_FORMAT "&limit=%d",
                                              bs.url, cursor, KASIR_PROTOCOL_MAX_CHANGES);
      GBytes *reply;
      gint64 page_cursor;
      guint status;

      t0 = g_get_monotonic_time ();
      reply = bench_request (session, "GET", url, bs.token, NULL, &status);
      in_request += g_get_monotonic_time () - t0;
      g_assert_cmpuint (status, ==, 200);
      page_cursor = top_level_int (reply, "\"cursor\":");
      more = top_level_int (reply, "\"has_more\":") == 1;
      g_assert_cmpint (page_cursor, >, cursor);
      cursor = page_cursor;
      g_async_queue_push (pages, reply);
    }
  g_async_queue_push (pages, g_bytes_new_static ("", 0));
  counts = g_thread_join (parser);
  rows = counts[0];
  products = counts[1];
  elapsed = g_get_monotonic_time () - start;
  g_assert_cmpint (products, ==, N_PRODUCTS);
  per_s = (double) rows * G_USEC_PER_SEC / (double) elapsed;

  bench_server_stop (&bs);
  bench_rm_rf (dir);
  g_printerr ("waiting for the server: %.0f%% of the time\n", 100.0 * in_request / elapsed);
  printf ("BENCH server-pull backend=%s products=%d rows_per_s=%.0f\n", backend, N_PRODUCTS, per_s);
}

int
main (int    argc,
      char **argv)
{
  /* One backend when named (bench-server-pull postgresql), else both. */
  if (argc < 2 || g_str_equal (argv[1], "sqlite"))
    run ("sqlite");
  if (argc < 2 || g_str_equal (argv[1], "postgresql"))
    run ("postgresql");
  bench_stop_cluster ();
  return 0;
}
