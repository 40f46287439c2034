/* test-ui-history.c — the sales history window on real widgets and a real SQLCipher
 * database: newest first, a receipt number typed or scanned finds its sale, Enter opens
 * it, a reprint is marked as a copy and recorded, and a number this till never gave says
 * that other tills' sales need the server.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "kasir-customer-repository.h"
#include "kasir-database-private.h"
#include "kasir-payment-method.h"
#include "kasir-sales-history-window.h"
#include "kasir-sales-repository.h"
#include "store-test-util.h"
#include "sync-test-util.h"
#include "ui-test-util.h"

/* Until the sales history's model has counted its sales. */
static void
wait_counted (GListModel *model)
{
  while (kasir_sales_history_model_is_counting (KASIR_SALES_HISTORY_MODEL (model)))
    g_main_context_iteration (NULL, TRUE);
}

/* A till's database in @dir with 250 sales, receipts 0-000001 to 0-000250, a minute
 * apart. */
static KasirDatabase *
make_sales (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirSalesRepository) sales = NULL;
  KasirDatabase *db = sync_test_terminal_db (dir, "till.db", NULL);

  sales = kasir_sales_repository_new (db);
  for (guint i = 1; i <= 250; i++)
    {
      g_autoptr(KasirSale) sale = store_test_sale (i % 3 + 1, i % 2 + 1);
      g_autofree char *at = g_strdup_printf ("2026-12-01T%02u:%02u:00Z", i / 60, i % 60);

      sale->created_at = g_strdup (at);
      g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
      g_assert_no_error (error);
    }
  return db;
}

/* kasir_test_find_widget matches: a label, or a list cell, showing @data. */
static gboolean
label_says (GtkWidget     *widget,
            gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), data) == 0;
}

static gboolean
cell_says (GtkWidget     *widget,
           gconstpointer  data)
{
  return GTK_IS_INSCRIPTION (widget) &&
         g_strcmp0 (gtk_inscription_get_text (GTK_INSCRIPTION (widget)), data) == 0;
}

/* The sales history window on @db, shown; @model: its list. */
static KasirSalesHistoryWindow *
open_history (KasirDatabase  *db,
              GListModel    **model)
{
  KasirSalesHistoryWindow *window = kasir_sales_history_window_new (NULL, kasir_test_context (db, NULL, NULL));

  gtk_window_present (GTK_WINDOW (window));
  *model = G_LIST_MODEL (kasir_sales_history_window_get_model (window));
  return window;
}

static void
test_history_window (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kasir-ui-history-XXXXXX", &error);
  g_autoptr(KasirDatabase) db = NULL;
  KasirSalesHistoryWindow *window;
  GListModel *model;
  gint64 reprints = 0;

  g_assert_no_error (error);
  db = make_sales (dir);
  window = open_history (db, &model);
  /* The top rows are there at once; the rest is counted on a worker thread, and the list
   * grows to them a few rows at a time. */
  g_assert_true (kasir_sales_history_model_is_counting (KASIR_SALES_HISTORY_MODEL (model)));
  g_assert_cmpuint (g_list_model_get_n_items (model), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (model), <, 100);
  wait_counted (model);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 250);
  {
    g_autoptr(KasirSaleRow) first = g_list_model_get_item (model, 0);
    g_autoptr(KasirSaleRow) last = g_list_model_get_item (model, 249);

    g_assert_cmpstr (kasir_sale_row_get_summary (first)->receipt_no, ==, "0-000250");
    g_assert_cmpstr (kasir_sale_row_get_summary (last)->receipt_no, ==, "0-000001");
  }
  {
    g_autoptr(GdkTexture) shot = kasir_test_render (GTK_WIDGET (window), "sales-history.png");
    g_autoptr(PangoLayout) layout = NULL;
    GtkWidget *cell;
    int text_width = 0;

    /* Before a sale is chosen the receipt pane says what it is for, and two ways of
     * paying are never cut short (they read "Card + C…" next to an empty third of the
     * window). */
    cell = kasir_test_find_widget (GTK_WIDGET (window), label_says,
                                   _("Choose a sale in the list to see its receipt here."));
    g_assert_nonnull (cell);
    g_assert_true (gtk_widget_get_mapped (cell));
    cell = kasir_test_find_widget (GTK_WIDGET (window), cell_says, "Card + Cash");
    g_assert_nonnull (cell);
    layout = gtk_widget_create_pango_layout (cell, "Card + Cash");
    pango_layout_get_pixel_size (layout, &text_width, NULL);
    g_assert_cmpint (text_width, >, 0);
    g_assert_cmpint (gtk_widget_get_width (cell), >=, text_width);
  }

  /* A scanned receipt number, then Enter: the sale's receipt shows. */
  kasir_sales_history_window_search (window, "0-000123");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  g_assert_true (kasir_sales_history_window_open (window, 0));
  g_assert_nonnull (strstr (kasir_sales_history_window_get_receipt_text (window), "0-000123"));
  g_assert_false (gtk_widget_get_mapped (kasir_test_find_widget (GTK_WIDGET (window), label_says,
                                                                 _("Choose a sale in the list to see its receipt here."))));
  g_assert_null (strstr (kasir_sales_history_window_get_receipt_text (window), "SALINAN"));

  /* The reprint is a copy, and recorded. */
  g_assert_true (kasir_sales_history_window_reprint (window, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (kasir_sales_history_window_get_receipt_text (window), "COPY / SALINAN"));
  g_assert_true (kasir_database_query_int64 (db, "SELECT COUNT(*) FROM sale_reprints", &reprints, &error));
  g_assert_cmpint (reprints, ==, 1);

  /* The receipt's barcode scanned: its digits name the receipt ("1" the till number's
   * length, "0" the till, "000123" the receipt), and the search finds that sale. */
  kasir_sales_history_window_search (window, "10000123");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  {
    g_autoptr(KasirSaleRow) scanned = g_list_model_get_item (model, 0);

    g_assert_cmpstr (kasir_sale_row_get_summary (scanned)->receipt_no, ==, "0-000123");
  }
  /* Digits no barcode of this till carries stay the receipt's own number. */
  kasir_sales_history_window_search (window, "10000999");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);

  /* The number alone, as typed. */
  kasir_sales_history_window_search (window, "42");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);

  /* Another till's number: said plainly. */
  kasir_sales_history_window_search (window, "9-000001");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_nonnull (strstr (kasir_sales_history_window_get_note (window), "connected to the server"));

  kasir_sales_history_window_search (window, "");
  wait_counted (model);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 250);
  /* Read down the list page after page (each from the one before), then back up. */
  for (guint i = 0; i < 250; i++)
    {
      g_autoptr(KasirSaleRow) row = g_list_model_get_item (model, i);
      g_autofree char *expected = g_strdup_printf ("0-%06u", 250 - i);

      g_assert_cmpstr (kasir_sale_row_get_summary (row)->receipt_no, ==, expected);
    }
  g_assert_null (kasir_sales_history_window_get_note (window));

  gtk_window_destroy (GTK_WINDOW (window));
  kasir_test_settle (50);
  g_clear_object (&db);
  sync_test_remove_tree (dir);
}

/* Whether a cell of the list under @widget shows @text. */
static gboolean
shows (GtkWidget  *widget,
       const char *text)
{
  if (GTK_IS_INSCRIPTION (widget) && g_strcmp0 (gtk_inscription_get_text (GTK_INSCRIPTION (widget)), text) == 0)
    return gtk_widget_get_visible (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows (child, text))
      return TRUE;
  return FALSE;
}

/* What the list told its view while a search ran. */
typedef struct
{
  guint most;      /* the most rows it held after a change */
  guint max_added; /* the most rows one change added among the view's first 200 */
} Changes;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Changes    *changes)
{
  changes->most = MAX (changes->most, g_list_model_get_n_items (model));
  if (position < 200)
    changes->max_added = MAX (changes->max_added, added);
}

/* Typing narrows the list without going through every sale, the cells follow the rows
 * they show when a search fills them in place, and a list that grows back to every sale
 * does so a few rows at a time (each row made is a widget per column). */
static void
test_history_typing (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kasir-ui-history-XXXXXX", &error);
  g_autoptr(KasirDatabase) db = NULL;
  KasirSalesHistoryWindow *window;
  GListModel *model;
  Changes changes = { 0, 0 };
  gulong handler;

  g_assert_no_error (error);
  db = make_sales (dir);
  window = open_history (db, &model);
  wait_counted (model);
  kasir_test_settle (50);

  kasir_sales_history_window_search (window, "42");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  handler = g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), &changes);
  /* From one number to the start of another: the list never held more than the ten
   * sales it names on the way (replacing the entry's text empties it first). */
  kasir_sales_history_window_search (window, "0-00012");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 10);
  g_assert_cmpuint (changes.most, <=, 10);
  kasir_test_settle (50);
  g_assert_true (shows (GTK_WIDGET (window), "0-000129"));
  g_assert_true (shows (GTK_WIDGET (window), "0-000120"));
  /* Unsynced sales say so. */
  g_assert_true (shows (GTK_WIDGET (window), _("Pending")));

  /* The top row takes the one sale found in place: its cells show that sale. */
  kasir_sales_history_window_search (window, "0-000124");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  kasir_test_settle (50);
  g_assert_true (shows (GTK_WIDGET (window), "0-000124"));
  g_assert_false (shows (GTK_WIDGET (window), "0-000129"));

  /* Every sale again: a screenful at once, then the rest in steps. */
  changes.max_added = 0;
  kasir_sales_history_window_search (window, "");
  g_assert_cmpuint (g_list_model_get_n_items (model), >, 1);
  g_assert_cmpuint (g_list_model_get_n_items (model), <, 100);
  g_assert_true (shows (GTK_WIDGET (window), "0-000250"));
  wait_counted (model);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 250);
  g_assert_cmpuint (changes.max_added, >, 0);
  g_assert_cmpuint (changes.max_added, <=, 50);
  g_signal_handler_disconnect (model, handler);

  gtk_window_destroy (GTK_WINDOW (window));
  kasir_test_settle (50);
  g_clear_object (&db);
  sync_test_remove_tree (dir);
}

/* The filters besides the receipt number, each read by the repository's query: days
 * (the till's local days), cashier, customer (name or phone) and way of paying; a day
 * that cannot be read is said under the list and changes nothing. */
static void
test_history_filters (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kasir-ui-history-XXXXXX", &error);
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(KasirSalesRepository) sales = NULL;
  g_autoptr(KasirCustomerRepository) customers = NULL;
  g_autoptr(GPtrArray) rina = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_customer_free);
  KasirSalesHistoryWindow *window;
  KasirHistoryFilterBar *bar;
  KasirCustomer *customer = kasir_customer_new ();
  GListModel *model;
  gint64 ani, budi;
  /* Noon UTC: the same day in any time zone the till may be in, within ±11 h. */
  static const char * const days[] = { "2026-11-30T12:00:00Z", "2026-12-01T12:00:00Z",
                                        "2026-12-02T12:00:00Z" };

  g_assert_no_error (error);
  db = sync_test_terminal_db (dir, "till.db", NULL);
  ani = kasir_test_add_staff (db, "Ani", "cashier", "1357");
  budi = kasir_test_add_staff (db, "Budi", "cashier", "2468");
  customer->id = 17;
  customer->name = g_strdup ("Rina Wati");
  customer->phone = g_strdup ("081355500017");
  customer->version = 1;
  g_ptr_array_add (rina, customer);
  customers = kasir_customer_repository_new (db);
  g_assert_true (kasir_customer_repository_upsert (customers, rina, &error));
  g_assert_no_error (error);
  sales = kasir_sales_repository_new (db);
  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    {
      /* The second sale is paid by card and cash, the others in cash. */
      g_autoptr(KasirSale) sale = store_test_sale (2, i == 1 ? 2 : 1);

      sale->created_at = g_strdup (days[i]);
      sale->staff_id = i == 1 ? budi : ani;
      sale->customer_id = i == 0 ? 17 : 0;
      g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
      g_assert_no_error (error);
    }
  window = open_history (db, &model);
  bar = kasir_sales_history_window_get_filter_bar (window);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);

  kasir_history_filter_bar_set (bar, "2026-12-01", "2026-12-01", 0, "", -1);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  kasir_history_filter_bar_set (bar, "2026-12-01", "", 0, "", -1);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  kasir_history_filter_bar_set (bar, "", "", ani, "", -1);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  kasir_history_filter_bar_set (bar, "", "", 0, "Rina", -1);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  kasir_history_filter_bar_set (bar, "", "", 0, "0813555", -1);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  kasir_history_filter_bar_set (bar, "", "", 0, "Nobody", -1);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  kasir_history_filter_bar_set (bar, "", "", 0, "", KASIR_PAYMENT_CARD);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  kasir_history_filter_bar_set (bar, "2026-11-30", "2026-12-02", ani, "", KASIR_PAYMENT_CASH);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  {
    g_autoptr(GdkTexture) shot = kasir_test_render (GTK_WIDGET (window), "sales-history-filters.png");
  }

  /* A day that is no day: said, and the list stays as it was. */
  kasir_history_filter_bar_set (bar, "2026-13-45", "", 0, "", -1);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  g_assert_nonnull (strstr (kasir_sales_history_window_get_note (window), "2026-13-45"));
  kasir_history_filter_bar_set (bar, "", "", 0, "", -1);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);

  /* "Paid by" names the methods as the checkout and the receipt do, never by their
   * codes: the card-and-cash sale, and the two in cash. */
  kasir_test_settle (100);
  {
    g_autoptr(GString) labels = g_string_new ("\n");
    const char *card = kasir_payment_method_label (KASIR_PAYMENT_CARD);
    const char *cash = kasir_payment_method_label (KASIR_PAYMENT_CASH);
    g_autofree char *card_cash = g_strdup_printf ("\n%s + %s\n", card, cash);
    g_autofree char *cash_card = g_strdup_printf ("\n%s + %s\n", cash, card);
    g_autofree char *cash_alone = g_strdup_printf ("\n%s\n", cash);

    kasir_test_collect_labels (GTK_WIDGET (window), labels);
    g_test_message ("labels on screen:%s", labels->str);
    g_assert_true (strstr (labels->str, card_cash) != NULL || strstr (labels->str, cash_card) != NULL);
    g_assert_nonnull (strstr (labels->str, cash_alone));
    g_assert_null (strstr (labels->str, "\ncash"));
    g_assert_null (strstr (labels->str, "card+cash"));
    g_assert_null (strstr (labels->str, "cash+card"));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  kasir_test_settle (50);
  g_clear_object (&db);
  sync_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/Kasir/UiHistory/history-window", test_history_window);
  g_test_add_func ("/Kasir/UiHistory/filters", test_history_filters);
  g_test_add_func ("/Kasir/UiHistory/typing", test_history_typing);

  return g_test_run ();
}
