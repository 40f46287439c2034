/* test-ui-office-report.c — the report window as issue 13 promises it, through a real
 * till window on a real encrypted database of a standalone till:
 *
 *  - a cashier's report (the till menu's "My Shift's Report") covers the shift open in
 *    the till's context and nothing else: another cashier's earlier shift on the same
 *    day is left out, to the rupiah, where a manager's report of the day has both;
 *  - the report's PDF is an A4 page (595 × 842 points);
 *  - "Chosen days" shows two calendars: the report covers exactly the local days picked
 *    (a first day after the last one, or a last day before the first, moves the other),
 *    and a preset hides them again.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <adwaita.h>
#include <sodium.h>

#include "kasir-cart.h"
#include "kasir-catalog-repository.h"
#include "kasir-database-private.h"
#include "kasir-day-range.h"
#include "kasir-report-window.h"
#include "kasir-sales-repository.h"
#include "kasir-shift-repository.h"
#include "kasir-window.h"
#include "ui-test-util.h"

typedef struct
{
  char          *dir;
  KasirDatabase *db;
  gint64         kopi;
  gint64         roti;
} Fixture;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static gint64
add (Fixture    *f,
     gint64      id,
     const char *name,
     const char *sku,
     KasirMoney  price)
{
  g_autoptr(KasirCatalogRepository) catalog = kasir_catalog_repository_new (f->db);
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_product_free);
  KasirProduct *p = kasir_product_new ();
  g_autoptr(GError) error = NULL;

  p->id = id;
  p->name = g_strdup (name);
  p->sku = g_strdup (sku);
  p->price = price;
  p->tax_rate_bp = 1100;
  g_ptr_array_add (products, p);
  g_assert_true (kasir_catalog_repository_upsert_products (catalog, products, &error));
  g_assert_no_error (error);
  return id;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  guint8 key[KASIR_DATABASE_KEY_SIZE];

  f->dir = g_dir_make_tmp ("kasir-ui-office-report-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "kasir.db", NULL);
  g_assert_cmpint (sodium_init (), >=, 0);
  randombytes_buf (key, sizeof key);
  f->db = kasir_database_open_with_key (path, key, &error);
  g_assert_no_error (error);

  f->kopi = add (f, 1, "Kopi Susu", "KOPI-001", 18000);
  f->roti = add (f, 2, "Roti Bakar", "ROTI-001", 15500);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->db);
  remove_tree (f->dir);
  g_free (f->dir);
}

/* ---- The cashier's own shift ---- */

/* Sells @qty of @product_id for cash by @staff_id in @shift_id, at @at (NULL: now);
 * the sale's total. */
static KasirMoney
sell_at (Fixture    *f,
         gint64      staff_id,
         const char *shift_id,
         gint64      product_id,
         gint64      qty,
         GDateTime  *at)
{
  g_autoptr(KasirCatalogRepository) catalog = kasir_catalog_repository_new (f->db);
  g_autoptr(KasirSalesRepository) sales = kasir_sales_repository_new (f->db);
  g_autoptr(KasirCart) cart = kasir_cart_new ("IDR", TRUE);
  g_autoptr(GPtrArray) payments = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_payment_free);
  g_autoptr(KasirProduct) product = NULL;
  g_autoptr(KasirSale) sale = NULL;
  g_autoptr(GError) error = NULL;

  product = kasir_catalog_repository_get_product (catalog, product_id, &error);
  g_assert_no_error (error);
  kasir_cart_add_product (cart, product, qty);
  g_assert_true (kasir_cart_compute (cart, &error));
  g_ptr_array_add (payments, kasir_payment_new (KASIR_PAYMENT_CASH, cart->total));
  sale = kasir_cart_to_sale (cart, payments, 0, &error);
  g_assert_no_error (error);
  sale->staff_id = staff_id;
  g_free (sale->shift_id);
  sale->shift_id = g_strdup (shift_id);
  if (at != NULL)
    {
      g_autoptr(GDateTime) utc = g_date_time_to_utc (at);

      g_free (sale->created_at);
      sale->created_at = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
    }
  g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
  g_assert_no_error (error);
  return sale->total;
}

static KasirMoney
sell (Fixture    *f,
      gint64      staff_id,
      const char *shift_id,
      gint64      product_id,
      gint64      qty)
{
  return sell_at (f, staff_id, shift_id, product_id, qty, NULL);
}

static void
close_shift (Fixture          *f,
             const KasirShift *shift,
             gint64            staff_id)
{
  g_autoptr(KasirShiftRepository) shifts = kasir_shift_repository_new (f->db);
  g_autoptr(GPtrArray) expected = kasir_shift_repository_expected (shifts, shift->id, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (expected);
  g_assert_true (kasir_shift_repository_close_shift (shifts, shift->id, staff_id, expected, &error));
  g_assert_no_error (error);
}

static KasirWindow *
window_on (Fixture          *f,
           const KasirStaff *staff,
           const char       *shift_id)
{
  KasirWindow *window = g_object_new (KASIR_TYPE_WINDOW, NULL);
  KasirTillContext *context;

  kasir_window_set_database (window, f->db);
  context = kasir_window_get_context (window);
  kasir_till_context_set_staff (context, staff);
  kasir_till_context_set_shift_id (context, shift_id);
  gtk_window_present (GTK_WINDOW (window));
  kasir_test_settle (50);
  return window;
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (item, type) && gtk_widget_get_visible (GTK_WIDGET (item)))
        return GTK_WINDOW (item);
    }
  return NULL;
}

/* The report the till menu's "till.reports" opens in @window, once read. */
static KasirReportWindow *
open_report (KasirWindow *window)
{
  KasirReportWindow *report;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "till.reports", NULL));
  report = KASIR_REPORT_WINDOW (find_toplevel (KASIR_TYPE_REPORT_WINDOW));
  g_assert_nonnull (report);
  while (kasir_report_window_get_report (report) == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_nonnull (kasir_report_window_get_report (report));
  return report;
}

static void
destroy_window (KasirWindow *window)
{
  GtkWindow *report;

  while ((report = find_toplevel (KASIR_TYPE_REPORT_WINDOW)) != NULL)
    gtk_window_destroy (report);
  kasir_till_context_set_staff (kasir_window_get_context (window), NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  kasir_test_settle (50);
}

static void
test_own_shift (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(KasirShiftRepository) shifts = kasir_shift_repository_new (f->db);
  g_autoptr(KasirShift) morning = NULL;
  g_autoptr(KasirShift) evening = NULL;
  g_autoptr(GError) error = NULL;
  KasirStaff sari = { 0, 1, (char *) "Sari", (char *) "cashier", NULL, TRUE };
  KasirStaff rina = { 0, 1, (char *) "Rina", (char *) "cashier", NULL, TRUE };
  KasirStaff budi = { 0, 1, (char *) "Budi", (char *) "manager", NULL, TRUE };
  KasirMoney in_morning = 0, in_evening = 0;
  KasirWindow *window;
  KasirReportWindow *report_window;
  const KasirReport *report;

  sari.id = kasir_test_add_staff (f->db, sari.name, sari.role, "1357");
  rina.id = kasir_test_add_staff (f->db, rina.name, rina.role, "2468");
  budi.id = kasir_test_add_staff (f->db, budi.name, budi.role, "246810");

  /* Sari's shift sells and closes; Rina's opens and sells. */
  morning = kasir_shift_repository_open_shift (shifts, sari.id, 100000, &error);
  g_assert_no_error (error);
  in_morning += sell (f, sari.id, morning->id, f->kopi, 3);
  in_morning += sell (f, sari.id, morning->id, f->roti, 1);
  close_shift (f, morning, sari.id);
  evening = kasir_shift_repository_open_shift (shifts, rina.id, 50000, &error);
  g_assert_no_error (error);
  in_evening += sell (f, rina.id, evening->id, f->roti, 2);

  /* Rina's report: her shift's one sale, nobody else's. */
  window = window_on (f, &rina, evening->id);
  report_window = open_report (window);
  report = kasir_report_window_get_report (report_window);
  g_assert_cmpint (report->sale_count, ==, 1);
  g_assert_cmpint (report->net, ==, in_evening);
  g_assert_cmpint (report->net, ==, 31000);
  g_assert_cmpuint (report->by_cashier->len, ==, 1);
  g_assert_cmpstr (((KasirReportRow *) report->by_cashier->pdata[0])->key, ==, "Rina");
  g_assert_cmpuint (report->top_revenue->len, ==, 1);
  g_assert_cmpstr (((KasirReportRow *) report->top_revenue->pdata[0])->key, ==, "Roti Bakar");
  g_assert_nonnull (strstr (kasir_report_window_get_message (report_window), "Your shift"));
  destroy_window (window);

  /* A manager signed in sees the whole day. */
  window = window_on (f, &budi, evening->id);
  report_window = open_report (window);
  report = kasir_report_window_get_report (report_window);
  g_assert_cmpint (report->sale_count, ==, 3);
  g_assert_cmpint (report->net, ==, in_morning + in_evening);
  g_assert_cmpuint (report->by_cashier->len, ==, 2);
  destroy_window (window);

  /* With no shift open, a cashier gets no report. */
  close_shift (f, evening, rina.id);
  window = window_on (f, &rina, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "till.reports", NULL));
  report_window = KASIR_REPORT_WINDOW (find_toplevel (KASIR_TYPE_REPORT_WINDOW));
  if (report_window != NULL)
    {
      kasir_test_settle (100);
      g_assert_null (kasir_report_window_get_report (report_window));
    }
  destroy_window (window);
}

/* ---- The PDF's page ---- */

static void
test_pdf_is_a4 (Fixture       *f,
                gconstpointer  data)
{
  KasirStaff budi = { 0, 1, (char *) "Budi", (char *) "manager", NULL, TRUE };
  g_autofree char *pdf_path = g_build_filename (f->dir, "report.pdf", NULL);
  g_autofree char *pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) media = g_regex_new ("/MediaBox \\[ *0 +0 +([0-9.]+) +([0-9.]+) *\\]",
                                                G_REGEX_RAW, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *width = NULL, *height = NULL;
  gsize length = 0;
  KasirWindow *window;
  KasirReportWindow *report_window;

  budi.id = kasir_test_add_staff (f->db, budi.name, budi.role, "246810");
  sell (f, budi.id, NULL, f->kopi, 1);
  window = window_on (f, &budi, NULL);
  report_window = open_report (window);
  g_assert_true (kasir_report_window_export_pdf (report_window, pdf_path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf_path, &pdf, &length, NULL));
  g_assert_true (g_str_has_prefix (pdf, "%PDF"));
  g_assert_true (g_regex_match_full (media, pdf, (gssize) length, 0, 0, &match, NULL));
  width = g_match_info_fetch (match, 1);
  height = g_match_info_fetch (match, 2);
  /* A4 is 210 × 297 mm: 595.28 × 841.89 points. */
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (width, NULL), 595.28, 0.5);
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (height, NULL), 841.89, 0.5);
  destroy_window (window);
}

/* ---- Days chosen on the calendars ---- */

/* Waits until the window has read what it was last asked for. */
static const KasirReport *
settled_report (KasirReportWindow *window)
{
  GtkWidget *period = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), KASIR_TYPE_REPORT_WINDOW,
                                                                 "period_dropdown"));
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  kasir_test_settle (20);
  while (!gtk_widget_get_sensitive (period) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (gtk_widget_get_sensitive (period));
  g_assert_nonnull (kasir_report_window_get_report (window));
  return kasir_report_window_get_report (window);
}

static GDateTime *
day (int d)
{
  return g_date_time_new_local (2026, 11, d, 10, 30, 0);
}

static void
test_chosen_days (Fixture       *f,
                  gconstpointer  data)
{
  KasirStaff budi = { 0, 1, (char *) "Budi", (char *) "manager", NULL, TRUE };
  g_autoptr(GDateTime) d2 = day (2), d3 = day (3), d5 = day (5), d6 = day (6);
  GtkDropDown *period;
  KasirDayRange *range;
  KasirReportWindow *report_window;
  const KasirReport *report;
  KasirWindow *window;
  KasirMoney on_3, on_5;

  budi.id = kasir_test_add_staff (f->db, budi.name, budi.role, "246810");
  sell_at (f, budi.id, NULL, f->kopi, 1, d2);
  on_3 = sell_at (f, budi.id, NULL, f->roti, 2, d3);
  on_5 = sell_at (f, budi.id, NULL, f->kopi, 2, d5);
  window = window_on (f, &budi, NULL);
  report_window = open_report (window);
  period = GTK_DROP_DOWN (gtk_widget_get_template_child (GTK_WIDGET (report_window), KASIR_TYPE_REPORT_WINDOW,
                                                         "period_dropdown"));
  range = KASIR_DAY_RANGE (gtk_widget_get_template_child (GTK_WIDGET (report_window), KASIR_TYPE_REPORT_WINDOW,
                                                          "day_range"));
  /* Today's report has none of those sales; the calendars show only when chosen. */
  g_assert_cmpint (kasir_report_window_get_report (report_window)->sale_count, ==, 0);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (range)));
  gtk_drop_down_set_selected (period, 4);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (range)));

  /* 3 to 5 November: two sales, to the rupiah. */
  kasir_day_range_set_days (range, d3, d5);
  report = settled_report (report_window);
  g_assert_cmpint (report->sale_count, ==, 2);
  g_assert_cmpint (report->net, ==, on_3 + on_5);
  g_assert_nonnull (strstr (kasir_report_window_get_message (report_window), "2026-11-03"));
  g_assert_nonnull (strstr (kasir_report_window_get_message (report_window), "2026-11-05"));

  /* A first day after the last one moves the last one: 6 November alone, no sale. */
  kasir_day_range_pick (range, FALSE, d6);
  g_assert_cmpint (g_date_time_get_day_of_month (kasir_day_range_get_last (range)), ==, 6);
  report = settled_report (report_window);
  g_assert_cmpint (report->sale_count, ==, 0);

  /* A last day before the first one moves the first one: 2 November alone. */
  kasir_day_range_pick (range, TRUE, d2);
  g_assert_cmpint (g_date_time_get_day_of_month (kasir_day_range_get_first (range)), ==, 2);
  report = settled_report (report_window);
  g_assert_cmpint (report->sale_count, ==, 1);
  g_assert_cmpint (report->net, ==, 18000);

  /* Back to a preset, the calendars hide. */
  gtk_drop_down_set_selected (period, 0);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (range)));
  report = settled_report (report_window);
  g_assert_cmpint (report->sale_count, ==, 0);
  destroy_window (window);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add ("/Kasir/UIOfficeReport/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("own-shift", test_own_shift);
  ADD ("pdf-is-a4", test_pdf_is_a4);
  ADD ("chosen-days", test_chosen_days);
#undef ADD

  return g_test_run ();
}
