/* bench-search-typing.c — search as you type over 100,000 products.
 *
 * Prints: BENCH search-typing products=100000 p99_ms=... p50_ms=... frame_p99_ms=...
 *
 * A cashier types product words letter by letter into the search field of a real
 * window. p99_ms/p50_ms time each keystroke from the text changing until the catalog
 * model holds the new results and the grid has been told (what the main thread does
 * before it can draw); frame_p99_ms times each keystroke until the next frame with the
 * new results has been painted, which also includes waiting for the frame clock.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include <gtk/gtk.h>

#include "kasir-window.h"
#include "ui-bench-util.h"

#define N_PRODUCTS 100000
#define N_QUERIES 40

static guint paints;

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       data)
{
  paints++;
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
percentile (GArray *samples,
            double  p)
{
  g_array_sort (samples, compare_double);

  return g_array_index (samples, double, (guint) (p * (samples->len - 1) + 0.5));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GArray) model_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) frame_ms = g_array_new (FALSE, FALSE, sizeof (double));
  guint8 key[KASIR_DATABASE_KEY_SIZE];
  KasirWindow *window;
  KasirSellingView *view;
  KasirCatalogModel *model;
  GtkEditable *entry;
  guint keystrokes = 0;

  gtk_init ();
  adw_init ();

  dir = g_dir_make_tmp ("kasir-bench-typing-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "kasir.db", NULL);
  ui_bench_make_catalog (path, N_PRODUCTS, key);
  db = kasir_database_open_with_key (path, key, &error);
  g_assert_no_error (error);

  window = g_object_new (KASIR_TYPE_WINDOW, "default-width", 1280, "default-height", 800, NULL);
  kasir_window_set_database (window, db);
  view = kasir_window_get_selling_view (window);
  model = kasir_selling_view_get_catalog_model (view);
  entry = kasir_selling_view_get_search_entry (view);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (GTK_WIDGET (window)))
    g_main_context_iteration (NULL, TRUE);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                    G_CALLBACK (on_after_paint), NULL);

  for (guint q = 0; q < N_QUERIES; q++)
    {
      g_autoptr(GString) query = g_string_new (NULL);
      guint words = g_rand_int_range (rand, 1, 3);
      g_autoptr(GString) typed = g_string_new (NULL);

      for (guint w = 0; w < words; w++)
        {
          const char *word = ui_bench_words[g_rand_int_range (rand, 0, G_N_ELEMENTS (ui_bench_words))];

          if (w > 0)
            g_string_append_c (query, ' ');
          g_string_append (query, word);
        }

      for (guint i = 0; i < query->len; i++)
        {
          g_autofree char *expected = NULL;
          gint64 start, updated;
          guint paints_before;

          g_string_append_c (typed, query->str[i]);
          expected = g_strstrip (g_strdup (typed->str));
          if (expected[0] == '\0')
            continue;

          if (g_getenv ("KASIR_BENCH_VERBOSE")) g_printerr ("# [%s]\n", typed->str);
          paints_before = paints;
          start = g_get_monotonic_time ();
          /* One character inserted at the end, as a key press does. */
          {
            int position = -1;

            gtk_editable_insert_text (entry, &query->str[i], 1, &position);
          }
          while (g_strcmp0 (kasir_catalog_model_get_search (model), expected) != 0)
            g_main_context_iteration (NULL, TRUE);
          updated = g_get_monotonic_time ();
          if (g_getenv ("KASIR_BENCH_VERBOSE")) g_printerr ("# model ok %.2f ms\n", (g_get_monotonic_time () - start) / 1000.0);
          /* A keystroke that leaves the results as they were draws nothing new; the
           * frame is asked for anyway so every keystroke is timed the same way. */
          gtk_widget_queue_draw (GTK_WIDGET (window));
          while (paints == paints_before)
            g_main_context_iteration (NULL, TRUE);

          g_array_append_val (model_ms, ((double) { (updated - start) / 1000.0 }));
          g_array_append_val (frame_ms, ((double) { (g_get_monotonic_time () - start) / 1000.0 }));
          keystrokes++;
        }
      /* The cashier clears the field and looks at the grid before typing again. */
      {
        guint paints_before = paints;

        gtk_editable_set_text (entry, "");
        while (kasir_catalog_model_get_search (model) != NULL)
          g_main_context_iteration (NULL, TRUE);
        gtk_widget_queue_draw (GTK_WIDGET (window));
        while (paints == paints_before)
          g_main_context_iteration (NULL, TRUE);
      }
    }

  printf ("BENCH search-typing products=%d p99_ms=%.2f p50_ms=%.2f frame_p99_ms=%.2f keystrokes=%u\n",
          N_PRODUCTS, percentile (model_ms, 0.99), percentile (model_ms, 0.50),
          percentile (frame_ms, 0.99), keystrokes);

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&db);
  ui_bench_remove_tree (dir);

  return 0;
}
