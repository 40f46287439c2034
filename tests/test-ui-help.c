/* test-ui-help.c — F1 and the Help menu open the page of the screen in front, and every
 * page they can open is there.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <gtk/gtk.h>

#include "kasir-cash-dialog.h"
#include "kasir-catalog-import-dialog.h"
#include "kasir-checkout-dialog.h"
#include "kasir-conflict-detail.h"
#include "kasir-conflict-window.h"
#include "kasir-customer-dialog.h"
#include "kasir-customer-history.h"
#include "kasir-held-sales-window.h"
#include "kasir-open-orders-window.h"
#include "kasir-help.h"
#include "kasir-outbox-transfer-dialog.h"
#include "kasir-pin-dialog.h"
#include "kasir-preferences-window.h"
#include "kasir-products-window.h"
#include "kasir-refund-dialog.h"
#include "kasir-report-window.h"
#include "kasir-sales-history-window.h"
#include "kasir-setup-window.h"
#include "kasir-shift-dialog.h"
#include "kasir-staff-window.h"
#include "kasir-startup-problem.h"
#include "kasir-sync-dashboard.h"
#include "kasir-types.h"
#include "kasir-window.h"

static char *
page_text (const char *page)
{
  g_autofree char *file = g_strconcat (page, ".page", NULL);
  g_autofree char *path = g_build_filename (g_getenv ("KASIR_SOURCE_DIR"), "help", "C", file, NULL);
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return NULL;
  return text;
}

/* The page (and section, after '#') exists in the help. */
static void
assert_page_exists (const char *target)
{
  g_auto(GStrv) parts = g_strsplit (target, "#", 2);
  g_autofree char *text = page_text (parts[0]);
  g_autofree char *id = g_strdup_printf ("id=\"%s\"", parts[1] != NULL ? parts[1] : parts[0]);

  g_test_message ("%s", target);
  g_assert_nonnull (text);
  g_assert_nonnull (strstr (text, id));
}

static void
test_page_per_screen (void)
{
  const struct { GType type; const char *page; } screens[] = {
    { KASIR_TYPE_WINDOW, "selling" },
    { KASIR_TYPE_CHECKOUT_DIALOG, "selling" },
    { KASIR_TYPE_SETUP_WINDOW, "first-run" },
    { KASIR_TYPE_REFUND_DIALOG, "refunds" },
    { KASIR_TYPE_SALES_HISTORY_WINDOW, "refunds" },
    { KASIR_TYPE_SHIFT_DIALOG, "shifts" },
    { KASIR_TYPE_CASH_DIALOG, "shifts#cash" },
    { KASIR_TYPE_REPORT_WINDOW, "reports" },
    { KASIR_TYPE_SYNC_DASHBOARD, "sync-dashboard" },
    { KASIR_TYPE_CONFLICT_WINDOW, "conflicts" },
    { KASIR_TYPE_OPEN_ORDERS_WINDOW, "open-orders" },
    { KASIR_TYPE_PRODUCTS_WINDOW, "products" },
    { KASIR_TYPE_STAFF_WINDOW, "staff" },
    { KASIR_TYPE_OUTBOX_TRANSFER_DIALOG, "outbox-file" },
    { KASIR_TYPE_HELD_SALES_WINDOW, "hold" },
    { KASIR_TYPE_PREFERENCES_WINDOW, "preferences" },
    { KASIR_TYPE_PIN_DIALOG, "approvals" },
    { KASIR_TYPE_CUSTOMER_DIALOG, "customers" },
    { KASIR_TYPE_CUSTOMER_HISTORY, "customers" },
    { KASIR_TYPE_CATALOG_IMPORT_DIALOG, "products#import" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (screens); i++)
    {
      g_assert_cmpstr (kasir_help_page_for_type (screens[i].type), ==, screens[i].page);
      assert_page_exists (screens[i].page);
    }
  g_assert_null (kasir_help_page_for_type (GTK_TYPE_WINDOW));
}

/* The main window on a start-up problem opens that problem's section; a window without
 * a page of its own, that of the window it belongs to. */
static void
test_page_per_window (void)
{
  g_autoptr(KasirTillContext) context = kasir_till_context_new (NULL);
  KasirWindow *window = g_object_ref_sink (g_object_new (KASIR_TYPE_WINDOW, "context", context, NULL));
  GtkWindow *plain = GTK_WINDOW (gtk_window_new ());
  g_autofree char *page = kasir_help_page_for_window (GTK_WINDOW (window));

  g_assert_cmpstr (page, ==, "selling");
  for (KasirStartupProblem p = KASIR_STARTUP_KEYRING_LOCKED; p <= KASIR_STARTUP_SERVER_REFUSED; p++)
    {
      g_autofree char *expected = g_strconcat ("troubleshooting#", kasir_startup_problem_get_id (p), NULL);

      kasir_window_show_startup_problem (window, p, NULL);
      g_free (page);
      page = kasir_help_page_for_window (GTK_WINDOW (window));
      g_assert_cmpstr (page, ==, expected);
      assert_page_exists (page);
    }

  gtk_window_set_transient_for (plain, GTK_WINDOW (window));
  g_free (page);
  page = kasir_help_page_for_window (plain);
  g_assert_cmpstr (page, ==, "troubleshooting#server-refused");
  gtk_window_set_transient_for (plain, NULL);
  g_free (page);
  page = kasir_help_page_for_window (plain);
  g_assert_cmpstr (page, ==, "index");

  gtk_window_destroy (plain);
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
}

/* Every conflict kind the till knows has its page (conflict-<kind>.page, with '-' for
 * '_'), linked from the conflicts page's topics: a new kind without a page fails here.
 * The page is titled and described as the conflict window titles and describes the
 * kind, and an open order paid after it was cancelled has its section on the page of
 * its kind, under the title and with the description the window gives it. */
static void
test_conflict_pages (void)
{
  guint n = 0;

  for (guint kind = 0; kasir_conflict_kind_to_string ((KasirConflictKind) kind) != NULL; kind++)
    {
      g_autofree char *name = g_strdup (kasir_conflict_kind_to_string ((KasirConflictKind) kind));
      g_autofree char *page = g_strconcat ("conflict-", g_strdelimit (name, "_", '-'), NULL);
      g_autofree char *text = page_text (page);
      KasirConflict conflict = { .kind = (KasirConflictKind) kind };
      g_autofree char *title = g_strdup_printf ("<title>Conflict: %s</title>", kasir_conflict_title (&conflict));
      g_autofree char *desc = g_strdup_printf ("<desc>%s</desc>", kasir_conflict_description (&conflict));

      assert_page_exists (page);
      g_assert_nonnull (strstr (text, "xref=\"conflicts\""));
      g_assert_nonnull (strstr (text, title));
      g_assert_nonnull (strstr (text, desc));
      n++;
    }
  g_assert_cmpuint (n, >=, 9);

  {
    g_autoptr(JsonNode) server = json_from_string ("{\"order_id\": \"x\", \"cancelled\": true}", NULL);
    KasirConflict conflict = { .kind = KASIR_CONFLICT_ORDER_PAID_TWICE, .server = server };
    g_autofree char *text = page_text ("conflict-order-paid-twice");
    g_autofree char *title = g_strdup_printf ("<title>%s</title>", kasir_conflict_title (&conflict));
    g_autofree char *desc = g_strdup_printf ("<p>%s</p>", kasir_conflict_description (&conflict));
    const char *section = strstr (text, "<section id=\"after-cancel\">");

    g_assert_nonnull (section);
    g_assert_nonnull (strstr (section, title));
    g_assert_nonnull (strstr (section, desc));
  }
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Kasir/Help/page-per-screen", test_page_per_screen);
  g_test_add_func ("/Kasir/Help/page-per-window", test_page_per_window);
  g_test_add_func ("/Kasir/Help/conflict-pages", test_conflict_pages);
  return g_test_run ();
}
