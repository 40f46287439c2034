/* test-ui-order-notes.c — the cashier's note on a cart line at the till, on the real
 * window, selling view and SQLCipher database: Ctrl+E asks for the note of the selected
 * line (with none selected, the last), a line's note button asks too (touch); the row
 * shows the note; a note over 60 characters is said in the dialog and cannot be saved;
 * the note survives a restart (the saved cart); an empty cart has no line to note.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "kasir-window.h"
#include "kasir-selling-view.h"
#include "kasir-cart-view.h"
#include "kasir-catalog-repository.h"
#include "kasir-sync-state-repository.h"
#include "store-test-util.h"
#include "ui-test-util.h"

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static KasirDatabase *
make_db (const char *dir)
{
  g_autoptr(KasirCatalogRepository) catalog = NULL;
  g_autoptr(KasirSyncStateRepository) sync_state = NULL;
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_product_free);
  g_autoptr(GError) error = NULL;
  KasirDatabase *db = store_test_open_db_in (dir);

  sync_state = kasir_sync_state_repository_new (db);
  g_assert_true (kasir_sync_state_repository_set_identity (sync_state, 7, 1, "https://kasir.invalid", &error));
  g_ptr_array_add (products, store_test_product (1, "Kopi Susu Gula Aren", 18000));
  g_ptr_array_add (products, store_test_product (2, "Teh Manis Dingin", 8000));
  catalog = kasir_catalog_repository_new (db);
  g_assert_true (kasir_catalog_repository_upsert_products (catalog, products, &error));
  g_assert_no_error (error);

  return db;
}

static void
add (KasirSellingView *view,
     gint64            id)
{
  g_autofree char *sku = g_strdup_printf ("SKU-%06" G_GINT64_FORMAT, id);
  g_autoptr(GError) error = NULL;

  g_assert_true (kasir_selling_view_add_code (view, sku, &error));
  g_assert_no_error (error);
}

static KasirWindow *
open_window (KasirDatabase *db)
{
  KasirStaff sari = { 3, 1, (char *) "Sari", (char *) "cashier", NULL, TRUE };
  KasirWindow *window = g_object_new (KASIR_TYPE_WINDOW, NULL);

  kasir_window_set_database (window, db);
  gtk_window_present (GTK_WINDOW (window));
  iterate ();
  kasir_till_context_set_staff (kasir_window_get_context (window), &sari);
  return window;
}

/* The dialog on screen, given @text and answered by Enter. */
static void
type_note (const char *text)
{
  AdwMessageDialog *prompt = find_dialog ();
  GtkWidget *entry;

  g_assert_nonnull (prompt);
  entry = adw_message_dialog_get_extra_child (prompt);
  g_assert_true (GTK_IS_ENTRY (entry));
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL));
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  g_signal_emit_by_name (entry, "activate");
  kasir_test_settle (50);
}

static const char *
line_note (KasirCartView *cart_view,
           guint          index)
{
  return ((KasirCartLine *) g_ptr_array_index (kasir_cart_view_get_cart (cart_view)->lines, index))->note;
}

static void
test_note (void)
{
  g_autofree char *dir = store_test_tmp_dir ();
  g_autoptr(KasirDatabase) db = make_db (dir);
  KasirWindow *window = open_window (db);
  KasirSellingView *view = kasir_window_get_selling_view (window);
  KasirCartView *cart_view = kasir_selling_view_get_cart_view (view);
  GtkWidget *label;
  GtkWidget *button;
  AdwMessageDialog *prompt;

  /* An empty cart has no line to note. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "sell.line-note", NULL));
  iterate ();
  g_assert_null (find_dialog ());
  g_assert_nonnull (strstr (kasir_selling_view_get_message (view), "no line"));

  /* Ctrl+E with the coffee selected: the note is kept and shown on its row. */
  add (view, 1);
  add (view, 2);
  kasir_cart_view_select_line (cart_view, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "sell.line-note", NULL));
  iterate ();
  type_note ("  no ice ");
  g_assert_null (find_dialog ());
  g_assert_cmpstr (line_note (cart_view, 0), ==, "no ice");
  g_assert_null (line_note (cart_view, 1));
  label = kasir_cart_view_get_line_control (cart_view, 0, "note");
  g_assert_nonnull (label);
  g_assert_true (gtk_widget_get_visible (label));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, "no ice");
  g_assert_false (gtk_widget_get_visible (kasir_cart_view_get_line_control (cart_view, 1, "note")));

  /* The tea's note button (touch): over 60 characters are said in the dialog, not saved. */
  button = kasir_cart_view_get_line_control (cart_view, 1, "note-button");
  g_assert_nonnull (button);
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL));
  g_signal_emit_by_name (button, "clicked");
  iterate ();
  prompt = find_dialog ();
  g_assert_nonnull (prompt);
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (prompt)),
                         "Tanpa es, gula sedikit, pisahkan sambalnya, untuk Budi di meja");
  g_assert_false (adw_message_dialog_get_response_enabled (prompt, "save"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (prompt), "60"));
  g_signal_emit_by_name (adw_message_dialog_get_extra_child (prompt), "activate");
  iterate ();
  g_assert_true (find_dialog () == prompt);
  g_assert_null (line_note (cart_view, 1));
  type_note ("for Budi");
  g_assert_cmpstr (line_note (cart_view, 1), ==, "for Budi");
  g_assert_cmpstr (line_note (cart_view, 0), ==, "no ice");

  /* A restart keeps both (the saved cart). */
  gtk_window_destroy (GTK_WINDOW (window));
  kasir_test_settle (50);
  window = open_window (db);
  cart_view = kasir_selling_view_get_cart_view (kasir_window_get_selling_view (window));
  g_assert_cmpstr (line_note (cart_view, 0), ==, "no ice");
  g_assert_cmpstr (line_note (cart_view, 1), ==, "for Budi");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (kasir_cart_view_get_line_control (cart_view, 1, "note"))),
                   ==, "for Budi");

  gtk_window_destroy (GTK_WINDOW (window));
  kasir_test_settle (50);
  g_clear_object (&db);
  store_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/Kasir/UiOrderNotes/note", test_note);

  return g_test_run ();
}
