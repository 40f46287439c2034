/* test-kitchen-ticket.c — the ticket an order sends to the kitchen or the bar: what a
 * second ticket lists (only what was added), the ticket's text in large type on a 58 mm
 * roll (station, number, order type and table, items with options and notes, nothing
 * wider than the paper), items split by station through a real catalog in SQLCipher,
 * and the ticket printed to PDF through the receipt printer.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>

#include "kasir-catalog-repository.h"
#include "kasir-kitchen-stations.h"
#include "kasir-kitchen-ticket.h"
#include "store-test-util.h"

static GPtrArray *
items_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_kitchen_item_free);
}

static gint64
qty_of (GPtrArray  *items,
        gint64      product_id)
{
  gint64 qty = 0;

  for (guint i = 0; i < items->len; i++)
    {
      const KasirKitchenItem *item = items->pdata[i];

      if (item->product_id == product_id)
        qty += item->qty;
    }
  return qty;
}

static void
test_added (void)
{
  g_autoptr(GPtrArray) sent = items_new ();
  g_autoptr(GPtrArray) now = items_new ();
  g_autoptr(GPtrArray) added = NULL;
  g_autoptr(GPtrArray) again = NULL;

  g_ptr_array_add (sent, kasir_kitchen_item_new (1, "Kopi Susu", 2, NULL, NULL));
  g_ptr_array_add (sent, kasir_kitchen_item_new (3, "Roti Bakar", 1, NULL, NULL));
  g_ptr_array_add (now, kasir_kitchen_item_new (1, "Kopi Susu", 3, NULL, NULL));
  g_ptr_array_add (now, kasir_kitchen_item_new (2, "Teh Manis", 1, NULL, "no ice"));
  g_ptr_array_add (now, kasir_kitchen_item_new (3, "Roti Bakar", 1, NULL, NULL));

  added = kasir_kitchen_items_added (now, sent);
  g_assert_cmpuint (added->len, ==, 2);
  g_assert_cmpint (qty_of (added, 1), ==, 1);
  g_assert_cmpint (qty_of (added, 2), ==, 1);
  g_assert_cmpint (qty_of (added, 3), ==, 0);
  g_assert_cmpstr (((KasirKitchenItem *) added->pdata[1])->note, ==, "no ice");

  /* Once the second ticket is out, nothing more is new; a unit taken away is not news. */
  kasir_kitchen_items_merge (sent, added);
  g_assert_cmpint (qty_of (sent, 1), ==, 3);
  g_ptr_array_remove_index (now, 2);
  again = kasir_kitchen_items_added (now, sent);
  g_assert_cmpuint (again->len, ==, 0);
}

static GPtrArray *
one_option (gint64      group_id,
            gint64      option_id,
            const char *name)
{
  GPtrArray *options = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_sale_line_option_free);
  KasirSaleLineOption *option = kasir_sale_line_option_new ();

  option->group_id = group_id;
  option->group_version = 1;
  option->option_id = option_id;
  option->name = g_strdup (name);
  g_ptr_array_add (options, option);
  return options;
}

/* A cart's lines made different ways are different items, each with its options;
 * lines made the same way are one. */
static void
test_from_cart (void)
{
  g_autoptr(KasirCart) cart = kasir_cart_new ("IDR", TRUE);
  g_autoptr(KasirProduct) kopi = kasir_product_new ();
  g_autoptr(GPtrArray) iced = one_option (1, 11, "Iced");
  g_autoptr(GPtrArray) hot = one_option (1, 12, "Hot");
  g_autoptr(GPtrArray) items = NULL;
  const KasirKitchenItem *item;

  kopi->id = 5;
  kopi->name = g_strdup ("Kopi Susu");
  kopi->price = 18000;
  g_assert_nonnull (kasir_cart_add_product_with_options (cart, kopi, 2, iced));
  g_assert_nonnull (kasir_cart_add_product_with_options (cart, kopi, 1, hot));
  g_assert_nonnull (kasir_cart_add_product (cart, kopi, 1));
  g_assert_cmpuint (cart->lines->len, ==, 3);

  items = kasir_kitchen_items_from_cart (cart);
  g_assert_cmpuint (items->len, ==, 3);
  item = g_ptr_array_index (items, 0);
  g_assert_cmpint (item->qty, ==, 2);
  g_assert_cmpstr (item->options, ==, "Iced");
  item = g_ptr_array_index (items, 1);
  g_assert_cmpint (item->qty, ==, 1);
  g_assert_cmpstr (item->options, ==, "Hot");
  item = g_ptr_array_index (items, 2);
  g_assert_null (item->options);
}

static void
test_json (void)
{
  g_autoptr(GPtrArray) items = items_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GPtrArray) back = NULL;
  g_autoptr(JsonNode) bad = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (items, kasir_kitchen_item_new (1, "Kopi Susu", 2, "less sugar, iced", "for Budi"));
  g_ptr_array_add (items, kasir_kitchen_item_new (2, "Teh", 1, NULL, NULL));
  node = kasir_kitchen_items_to_json (items);
  back = kasir_kitchen_items_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->len, ==, 2);
  g_assert_cmpstr (((KasirKitchenItem *) back->pdata[0])->options, ==, "less sugar, iced");
  g_assert_cmpstr (((KasirKitchenItem *) back->pdata[0])->note, ==, "for Budi");
  g_assert_null (((KasirKitchenItem *) back->pdata[1])->options);

  bad = json_from_string ("[{\"product_id\": 1, \"name\": \"x\", \"qty\": 0}]", NULL);
  none = kasir_kitchen_items_from_json (bad, &error);
  g_assert_null (none);
  g_assert_nonnull (error);
}

static void
test_text (void)
{
  g_autoptr(GPtrArray) items = items_new ();
  KasirKitchenTicketOptions options = {
    .station = "Bar",
    .ticket_no = "7-0003",
    .created_at = "2026-12-03T05:41:00Z",
    .order_type = "dine_in",
    .order_ref = "12",
    .staff = "Sari",
    .addition = TRUE,
  };
  guint columns = kasir_kitchen_ticket_columns (KASIR_RECEIPT_WIDTH_58MM);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  /* Large type: a ticket line holds fewer characters than a receipt line. */
  g_assert_cmpuint (columns, <, kasir_receipt_width_columns (KASIR_RECEIPT_WIDTH_58MM));
  g_assert_cmpuint (kasir_kitchen_ticket_columns (KASIR_RECEIPT_WIDTH_80MM), <,
                    kasir_receipt_width_columns (KASIR_RECEIPT_WIDTH_80MM));

  g_ptr_array_add (items, kasir_kitchen_item_new (1, "Kopi Susu Gula Aren Spesial", 2, "less sugar, iced, extra shot", NULL));
  g_ptr_array_add (items, kasir_kitchen_item_new (2, "Teh Manis", 1, NULL, "no straw"));
  text = kasir_kitchen_ticket_build_text (items, &options, columns);
  g_test_message ("%s", text);

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    g_assert_cmpint (g_utf8_strlen (lines[i], -1), <=, columns);
  g_assert_nonnull (strstr (text, "BAR"));
  g_assert_nonnull (strstr (text, "ADDED"));
  g_assert_null (strstr (text, "REPRINT"));
  g_assert_nonnull (strstr (text, "#7-0003"));
  g_assert_nonnull (strstr (text, "Dine-in"));
  g_assert_nonnull (strstr (text, "Table 12"));
  g_assert_nonnull (strstr (text, "2 x Kopi Susu Gula"));
  g_assert_nonnull (strstr (text, "+ less sugar"));
  g_assert_nonnull (strstr (text, "shot"));
  g_assert_nonnull (strstr (text, "1 x Teh Manis"));
  g_assert_nonnull (strstr (text, "! no straw"));
  g_assert_nonnull (strstr (text, "3 items"));
  /* No prices on a ticket. */
  g_assert_null (strstr (text, "Rp"));
}

/* The first entry row inside @widget, depth first. */
static GtkWidget *
first_entry_row (GtkWidget *widget)
{
  if (ADW_IS_ENTRY_ROW (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = first_entry_row (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_split (void)
{
  g_autofree char *dir = store_test_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "kasir.db", NULL);
  guint8 key[KASIR_DATABASE_KEY_SIZE];
  g_autoptr(KasirDatabase) db = NULL;
  g_autoptr(KasirCatalogRepository) catalog = NULL;
  g_autoptr(GPtrArray) categories = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_category_free);
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_product_free);
  g_autoptr(GPtrArray) items = items_new ();
  g_autoptr(GPtrArray) batches = NULL;
  g_autoptr(GPtrArray) one = NULL;
  g_autoptr(GVariant) stations = NULL;
  g_autoptr(GError) error = NULL;
  KasirCategory *drinks = kasir_category_new ();
  KasirCategory *food = kasir_category_new ();
  KasirProduct *coffee = store_test_product (1, "Kopi Susu", 18000);
  KasirProduct *toast = store_test_product (2, "Roti Bakar", 15000);
  KasirKitchenBatch *batch;

  store_test_random_key (key);
  db = kasir_database_open_with_key (path, key, &error);
  g_assert_no_error (error);
  catalog = kasir_catalog_repository_new (db);
  drinks->id = 10;
  drinks->name = g_strdup ("Drinks");
  drinks->version = 1;
  food->id = 20;
  food->name = g_strdup ("Food");
  food->version = 1;
  g_ptr_array_add (categories, drinks);
  g_ptr_array_add (categories, food);
  g_assert_true (kasir_catalog_repository_upsert_categories (catalog, categories, &error));
  g_assert_no_error (error);
  coffee->category_id = 10;
  toast->category_id = 20;
  g_ptr_array_add (products, coffee);
  g_ptr_array_add (products, toast);
  g_ptr_array_add (products, store_test_product (3, "Air Mineral", 5000));
  g_assert_true (kasir_catalog_repository_upsert_products (catalog, products, &error));
  g_assert_no_error (error);

  g_ptr_array_add (items, kasir_kitchen_item_new (1, "Kopi Susu", 2, NULL, NULL));
  g_ptr_array_add (items, kasir_kitchen_item_new (2, "Roti Bakar", 1, NULL, NULL));
  g_ptr_array_add (items, kasir_kitchen_item_new (3, "Air Mineral", 1, NULL, NULL));
  g_ptr_array_add (items, kasir_kitchen_item_new (99, "Unknown", 1, NULL, NULL));

  /* Drinks to the bar; food, a product without a category and an unknown one to the
   * kitchen, which comes first. */
  stations = g_variant_ref_sink (g_variant_new_parsed ("{int64 10: 'Bar'}"));
  batches = kasir_kitchen_ticket_split (items, stations, catalog);
  g_assert_cmpuint (batches->len, ==, 2);
  batch = batches->pdata[0];
  g_assert_null (batch->station);
  g_assert_cmpuint (batch->items->len, ==, 3);
  g_assert_cmpint (qty_of (batch->items, 1), ==, 0);
  batch = batches->pdata[1];
  g_assert_cmpstr (batch->station, ==, "Bar");
  g_assert_cmpuint (batch->items->len, ==, 1);
  g_assert_cmpint (qty_of (batch->items, 1), ==, 2);

  /* Without a map, one ticket for the kitchen. */
  one = kasir_kitchen_ticket_split (items, NULL, catalog);
  g_assert_cmpuint (one->len, ==, 1);
  g_assert_cmpuint (((KasirKitchenBatch *) one->pdata[0])->items->len, ==, 4);

  /* The preferences' rows: typing "Bar" for Drinks maps it in the till's settings, and the
   * split follows; emptied, Drinks goes back to the kitchen. */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);
    AdwPreferencesGroup *group = kasir_kitchen_stations_group_new (settings, db);
    g_autoptr(GVariant) map = NULL;
    g_autoptr(GVariant) emptied = NULL;
    g_autoptr(GPtrArray) by_settings = NULL;
    GtkWidget *row;

    g_object_ref_sink (group);
    g_settings_reset (settings, "kitchen-stations");
    row = first_entry_row (GTK_WIDGET (group));
    g_assert_nonnull (row);
    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Drinks");
    gtk_editable_set_text (GTK_EDITABLE (row), "Bar");
    map = g_settings_get_value (settings, "kitchen-stations");
    by_settings = kasir_kitchen_ticket_split (items, map, catalog);
    g_assert_cmpuint (by_settings->len, ==, 2);
    g_assert_cmpstr (((KasirKitchenBatch *) by_settings->pdata[1])->station, ==, "Bar");
    gtk_editable_set_text (GTK_EDITABLE (row), "");
    emptied = g_settings_get_value (settings, "kitchen-stations");
    g_assert_cmpuint (g_variant_n_children (emptied), ==, 0);
    g_object_unref (group);
  }

  g_clear_object (&catalog);
  g_clear_object (&db);
  store_test_remove_tree (dir);
}

static void
test_pdf (void)
{
  g_autofree char *dir = store_test_tmp_dir ();
  g_autofree char *pdf = g_build_filename (dir, "ticket.pdf", NULL);
  g_autoptr(GPtrArray) items = items_new ();
  KasirKitchenTicketOptions options = { .ticket_no = "7-0001", .created_at = "2026-12-03T05:41:00Z",
                                        .order_type = "take_away" };
  g_autofree char *text = NULL;
  g_autoptr(KasirReceiptPrinter) printer = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (items, kasir_kitchen_item_new (1, "Kopi Susu", 2, NULL, NULL));
  text = kasir_kitchen_ticket_build_text (items, &options, kasir_kitchen_ticket_columns (KASIR_RECEIPT_WIDTH_80MM));
  printer = kasir_kitchen_ticket_new_printer (text, NULL, KASIR_RECEIPT_WIDTH_80MM);
  g_assert_true (kasir_receipt_printer_export_pdf (printer, pdf, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kasir_receipt_printer_get_n_pages (printer), ==, 1);
  g_assert_true (g_file_get_contents (pdf, &contents, &length, &error));
  g_assert_cmpuint (length, >, 500);
  g_assert_true (g_str_has_prefix (contents, "%PDF"));

  store_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/Kasir/KitchenTicket/added", test_added);
  g_test_add_func ("/Kasir/KitchenTicket/from-cart", test_from_cart);
  g_test_add_func ("/Kasir/KitchenTicket/json", test_json);
  g_test_add_func ("/Kasir/KitchenTicket/text", test_text);
  g_test_add_func ("/Kasir/KitchenTicket/split", test_split);
  g_test_add_func ("/Kasir/KitchenTicket/pdf", test_pdf);

  return g_test_run ();
}
