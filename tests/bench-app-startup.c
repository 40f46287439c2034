/* bench-app-startup.c — cold start of the till window over 100,000 products.
 *
 * Prints: BENCH app-startup products=100000 ms_to_first_frame=... rss_mb=...
 * (the median of three cold starts, and the largest RSS of them), with the RSS of an
 * empty GTK window on the same display beside it: GTK's renderer alone (with Mesa's
 * software GL under Xvfb) takes a large share of the figure.
 *
 * The catalog is written first; then a fresh process (this program again) starts GTK,
 * opens the encrypted database, builds the main window with its selling view and counts
 * the time from its spawn until a frame with product tiles in the grid has been painted.
 * The fresh process keeps the set-up's memory out of the RSS figure. The database key
 * reaches the child on its standard input, never on its command line.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtk/gtk.h>

#include "kasir-window.h"
#include "ui-bench-util.h"

#define N_PRODUCTS 100000

static gint64 spawn_time;
static gint64 painted_time;
static KasirSellingView *view;

static gboolean
grid_has_tiles (void)
{
  GtkWidget *grid = GTK_WIDGET (kasir_selling_view_get_grid_view (view));
  GtkWidget *child = gtk_widget_get_first_child (grid);

  return child != NULL && gtk_widget_get_mapped (child) &&
         gtk_widget_get_first_child (child) != NULL;
}

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       data)
{
  if (painted_time == 0 && (view == NULL || grid_has_tiles ()))
    painted_time = g_get_monotonic_time ();
}

static void
on_realize (GtkWidget *window,
            gpointer   data)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), NULL);
}

/* An empty GTK window, for what GTK itself takes on this display and renderer. */
static int
run_baseline (void)
{
  GtkWidget *window;

  gtk_init ();
  adw_init ();
  window = gtk_window_new ();
  g_signal_connect (window, "realize", G_CALLBACK (on_realize), NULL);
  gtk_window_present (GTK_WINDOW (window));
  view = NULL;
  while (painted_time == 0)
    g_main_context_iteration (NULL, TRUE);
  printf ("%.3f\n", ui_bench_rss_mb ());
  gtk_window_destroy (GTK_WINDOW (window));

  return 0;
}

static int
run_child (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOChannel) in = g_io_channel_unix_new (0);
  g_autofree char *line = NULL;
  g_auto(GStrv) parts = NULL;
  g_autoptr(KasirDatabase) db = NULL;
  guint8 key[KASIR_DATABASE_KEY_SIZE];
  KasirWindow *window;
  size_t key_len = 0;

  g_io_channel_read_line (in, &line, NULL, NULL, &error);
  g_assert_no_error (error);
  parts = g_strsplit (g_strstrip (line), " ", 2);
  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  spawn_time = g_ascii_strtoll (parts[0], NULL, 10);
  g_assert_cmpint (sodium_hex2bin (key, sizeof key, parts[1], strlen (parts[1]), NULL, &key_len, NULL), ==, 0);
  g_assert_cmpuint (key_len, ==, sizeof key);
  sodium_memzero (parts[1], strlen (parts[1]));

  gtk_init ();
  adw_init ();
  if (g_getenv ("KASIR_BENCH_VERBOSE") != NULL)
    g_printerr ("# after gtk_init: %.1f MB\n", ui_bench_rss_mb ());

  db = kasir_database_open_with_key (path, key, &error);
  sodium_memzero (key, sizeof key);
  g_assert_no_error (error);

  window = g_object_new (KASIR_TYPE_WINDOW, "default-width", 1280, "default-height", 800, NULL);
  g_signal_connect (window, "realize", G_CALLBACK (on_realize), NULL);
  kasir_window_set_database (window, db);
  view = kasir_window_get_selling_view (window);
  if (g_getenv ("KASIR_BENCH_VERBOSE") != NULL)
    g_printerr ("# after the window: %.1f MB, %.1f ms\n", ui_bench_rss_mb (),
                (g_get_monotonic_time () - spawn_time) / 1000.0);
  gtk_window_present (GTK_WINDOW (window));

  while (painted_time == 0)
    g_main_context_iteration (NULL, TRUE);

  printf ("%.3f %.3f\n", (painted_time - spawn_time) / 1000.0, ui_bench_rss_mb ());
  fflush (stdout);

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *line = NULL;
  char hex[KASIR_DATABASE_KEY_SIZE * 2 + 1];
  guint8 key[KASIR_DATABASE_KEY_SIZE];
  const char *child_argv[4];
  GPid pid;
  int stdin_fd;
  int stdout_fd;
  double ms[3];
  double rss = 0;
  int status = 0;
  gint64 before;

  if (argc == 3 && g_strcmp0 (argv[1], "--child") == 0)
    return run_child (argv[2]);
  if (argc == 2 && g_strcmp0 (argv[1], "--baseline") == 0)
    return run_baseline ();

  dir = g_dir_make_tmp ("kasir-bench-startup-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "kasir.db", NULL);

  before = g_get_monotonic_time ();
  ui_bench_make_catalog (path, N_PRODUCTS, key);
  g_printerr ("# catalog of %d products written in %.1f s\n", N_PRODUCTS,
              (g_get_monotonic_time () - before) / 1e6);

  child_argv[0] = argv[0];
  child_argv[1] = "--child";
  child_argv[2] = path;
  child_argv[3] = NULL;
  sodium_bin2hex (hex, sizeof hex, key, sizeof key);
  sodium_memzero (key, sizeof key);

  /* Each run starts cold; the second and third show how steady the figure is. */
  for (int run = 0; run < 3; run++)
    {
      g_spawn_async_with_pipes (NULL, (char **) child_argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                NULL, NULL, &pid, &stdin_fd, &stdout_fd, NULL, &error);
      g_assert_no_error (error);
      line = g_strdup_printf ("%" G_GINT64_FORMAT " %s\n", g_get_monotonic_time (), hex);
      g_assert_cmpint (write (stdin_fd, line, strlen (line)), ==, (gssize) strlen (line));
      sodium_memzero (line, strlen (line));
      g_clear_pointer (&line, g_free);
      close (stdin_fd);
      {
        char result[128] = { 0 };
        gssize got = 0, n;
        double run_rss;

        while ((n = read (stdout_fd, result + got, sizeof result - 1 - got)) > 0)
          got += n;
        close (stdout_fd);
        g_assert_cmpint (sscanf (result, "%lf %lf", &ms[run], &run_rss), ==, 2);
        rss = MAX (rss, run_rss);
        g_printerr ("# run %d: %.1f ms, %.1f MB\n", run + 1, ms[run], run_rss);
      }
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_spawn_close_pid (pid);
      g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
    }

  /* The median of three, beside what an empty window takes. */
  {
    const char *baseline_argv[] = { argv[0], "--baseline", NULL };
    g_autofree char *out = NULL;
    double baseline = -1;

    g_spawn_sync (NULL, (char **) baseline_argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                  &out, NULL, &status, &error);
    g_assert_no_error (error);
    if (out != NULL)
      baseline = g_ascii_strtod (out, NULL);

    double a = ms[0], b = ms[1], c = ms[2];
    double median = MAX (MIN (a, b), MIN (MAX (a, b), c));

    printf ("BENCH app-startup products=%d ms_to_first_frame=%.1f rss_mb=%.1f empty_window_rss_mb=%.1f\n",
            N_PRODUCTS, median, rss, baseline);
  }

  sodium_memzero (hex, sizeof hex);
  ui_bench_remove_tree (dir);

  return 0;
}
