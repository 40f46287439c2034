/* kasir-kitchen-ticket.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "kasir-kitchen-ticket.h"
#include "kasir-order-type.h"
#include "kasir-receipt-layout.h"
#include "kasir-ui-format.h"

void
kasir_kitchen_batch_free (KasirKitchenBatch *self)
{
  if (self == NULL)
    return;
  g_free (self->station);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_free (self);
}

guint
kasir_kitchen_ticket_columns (KasirReceiptWidth width)
{
  switch (width)
    {
    case KASIR_RECEIPT_WIDTH_58MM:
      return 20;
    case KASIR_RECEIPT_WIDTH_80MM:
      return 26;
    case KASIR_RECEIPT_WIDTH_A4:
    default:
      return 40;
    }
}

static void
append_heading (GString                         *out,
                const KasirKitchenTicketOptions *options,
                guint                            columns)
{
  g_autofree char *station = g_utf8_strup (options->station != NULL && options->station[0] != '\0'
                                           ? options->station : _("Kitchen"), -1);
  g_autofree char *ticket = NULL;
  g_autofree char *when = NULL;

  kasir_receipt_layout_centered (out, station, columns);
  if (options->addition)
    /* Translators: on a kitchen ticket of items added to an order sent before. */
    kasir_receipt_layout_centered (out, _("** ADDED **"), columns);
  if (options->reprint)
    /* Translators: on a kitchen ticket printed again. */
    kasir_receipt_layout_centered (out, _("** REPRINT **"), columns);
  if (options->void_reason != NULL)
    /* Translators: on the kitchen ticket of an order cancelled before it was paid:
     * make none of its items. */
    kasir_receipt_layout_centered (out, _("** VOID **"), columns);
  kasir_receipt_layout_rule (out, columns);

  /* Translators: a kitchen ticket's number, e.g. "#7-0003". */
  ticket = g_strdup_printf (_("#%s"), options->ticket_no != NULL ? options->ticket_no : "");
  when = kasir_ui_format_time (options->created_at);
  kasir_receipt_layout_pair (out, ticket, when != NULL ? when : "", columns);
  if (options->order_type != NULL)
    {
      g_autofree char *ref = options->order_ref != NULL
        /* Translators: a dine-in table or a delivery's reference, e.g. "Table 4". */
        ? g_strdup_printf (_("%s %s"), kasir_order_ref_label (options->order_type), options->order_ref)
        : NULL;

      kasir_receipt_layout_pair (out, kasir_order_type_label (options->order_type), ref != NULL ? ref : "", columns);
    }
  if (options->label != NULL && options->label[0] != '\0')
    kasir_receipt_layout_wrapped (out, "", "", options->label, columns);
  if (options->void_reason != NULL)
    /* Translators: the reason an order was cancelled, on its VOID kitchen ticket. */
    kasir_receipt_layout_wrapped (out, _("Cancelled: "), "  ", options->void_reason, columns);
  if (options->staff != NULL || options->till != NULL)
    kasir_receipt_layout_pair (out, options->staff != NULL ? options->staff : "",
                               options->till != NULL ? options->till : "", columns);
  kasir_receipt_layout_rule (out, columns);
}

char *
kasir_kitchen_ticket_build_text (GPtrArray                       *items,
                                 const KasirKitchenTicketOptions *options,
                                 guint                            columns)
{
  GString *out = g_string_new (NULL);
  gint64 units = 0;

  g_return_val_if_fail (items != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);

  columns = MAX (columns, 16);
  append_heading (out, options, columns);

  for (guint i = 0; i < items->len; i++)
    {
      const KasirKitchenItem *item = g_ptr_array_index (items, i);
      /* Translators: how many of an item on a kitchen ticket, e.g. "2 x ". */
      g_autofree char *count = g_strdup_printf (_("%" PRId64 " x "), item->qty);
      g_autofree char *indent = g_strnfill (MIN ((gsize) g_utf8_strlen (count, -1), columns / 2), ' ');

      kasir_receipt_layout_wrapped (out, count, indent, item->name, columns);
      if (item->options != NULL)
        {
          g_autofree char *first = g_strconcat (indent, "+ ", NULL);
          g_autofree char *next = g_strconcat (indent, "  ", NULL);

          kasir_receipt_layout_wrapped (out, first, next, item->options, columns);
        }
      if (item->note != NULL)
        {
          g_autofree char *first = g_strconcat (indent, "! ", NULL);
          g_autofree char *next = g_strconcat (indent, "  ", NULL);

          kasir_receipt_layout_wrapped (out, first, next, item->note, columns);
        }
      units += item->qty;
    }
  kasir_receipt_layout_rule (out, columns);
  {
    /* Translators: the number of units on a kitchen ticket. */
    g_autofree char *total = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " item",
                                                           "%" PRId64 " items", (gulong) units), units);

    kasir_receipt_layout_centered (out, total, columns);
  }

  if (out->len > 0 && out->str[out->len - 1] == '\n')
    g_string_truncate (out, out->len - 1);

  return g_string_free (out, FALSE);
}

static const char *
station_of (GVariant               *stations,
            KasirCatalogRepository *catalog,
            gint64                  product_id)
{
  g_autoptr(KasirProduct) product = NULL;
  const char *station = NULL;

  if (stations == NULL || catalog == NULL ||
      !g_variant_is_of_type (stations, G_VARIANT_TYPE ("a{xs}")) ||
      g_variant_n_children (stations) == 0)
    return NULL;
  product = kasir_catalog_repository_get_product (catalog, product_id, NULL);
  if (product == NULL || product->category_id == 0)
    return NULL;
  {
    GVariantIter iter;
    gint64 category_id;
    const char *name;

    g_variant_iter_init (&iter, stations);
    while (g_variant_iter_next (&iter, "{x&s}", &category_id, &name))
      if (category_id == product->category_id && name[0] != '\0')
        station = name;
  }
  return station;
}

static gint
compare_batches (gconstpointer a,
                 gconstpointer b)
{
  const KasirKitchenBatch *x = *(KasirKitchenBatch * const *) a;
  const KasirKitchenBatch *y = *(KasirKitchenBatch * const *) b;

  if (x->station == NULL || y->station == NULL)
    return (x->station != NULL) - (y->station != NULL);
  return g_utf8_collate (x->station, y->station);
}

GPtrArray *
kasir_kitchen_ticket_split (GPtrArray              *items,
                            GVariant               *stations,
                            KasirCatalogRepository *catalog)
{
  GPtrArray *batches = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_kitchen_batch_free);

  g_return_val_if_fail (items != NULL, batches);

  for (guint i = 0; i < items->len; i++)
    {
      const KasirKitchenItem *item = g_ptr_array_index (items, i);
      const char *station = station_of (stations, catalog, item->product_id);
      KasirKitchenBatch *batch = NULL;

      for (guint j = 0; j < batches->len && batch == NULL; j++)
        {
          KasirKitchenBatch *b = g_ptr_array_index (batches, j);

          if (g_strcmp0 (b->station, station) == 0)
            batch = b;
        }
      if (batch == NULL)
        {
          batch = g_new0 (KasirKitchenBatch, 1);
          batch->station = g_strdup (station);
          batch->items = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_kitchen_item_free);
          g_ptr_array_add (batches, batch);
        }
      g_ptr_array_add (batch->items, kasir_kitchen_item_copy (item));
    }
  g_ptr_array_sort (batches, compare_batches);

  return batches;
}

/* The name the printer choice of @station is kept under: letters and digits only, so a
 * station's name never makes a path. */
static char *
settings_name (const char *station)
{
  g_autofree char *ascii = NULL;
  GString *name = g_string_new ("kitchen-printer");

  if (station == NULL || station[0] == '\0')
    return g_string_free (name, FALSE);
  ascii = g_str_to_ascii (station, "C");
  g_string_append_c (name, '-');
  for (const char *p = ascii; *p != '\0'; p++)
    g_string_append_c (name, g_ascii_isalnum (*p) ? g_ascii_tolower (*p) : '_');

  return g_string_free (name, FALSE);
}

KasirReceiptPrinter *
kasir_kitchen_ticket_new_printer (const char        *text,
                                  const char        *station,
                                  KasirReceiptWidth  width)
{
  g_autofree char *name = settings_name (station);
  /* Translators: the print job of a kitchen ticket, e.g. "Kitchen ticket (Bar)". */
  g_autofree char *job = station != NULL ? g_strdup_printf (_("Kitchen ticket (%s)"), station)
                                         : g_strdup (_("Kitchen ticket"));

  g_return_val_if_fail (text != NULL, NULL);

  return kasir_receipt_printer_new_for_ticket (text, width, kasir_kitchen_ticket_columns (width), name, job);
}
