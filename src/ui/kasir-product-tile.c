/* kasir-product-tile.c — one product in the selling grid.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "kasir-product-tile.h"
#include "kasir-ui-money.h"

struct _KasirProductTile
{
  GtkWidget  parent_instance;

  GtkWidget *box;
  GtkLabel  *name_label;
  GtkLabel  *price_label;
  GtkLabel  *stock_label;

  KasirCatalogItem *item;
  gulong            changed_handler;
  char             *currency;
  gboolean          hide_stock;
};

G_DEFINE_FINAL_TYPE (KasirProductTile, kasir_product_tile, GTK_TYPE_WIDGET)

static void render (KasirProductTile *self);

static void
on_item_changed (KasirCatalogItem *item,
                 KasirProductTile *self)
{
  render (self);
}

static void
drop_item (KasirProductTile *self)
{
  if (self->item != NULL)
    {
      g_clear_signal_handler (&self->changed_handler, self->item);
      g_clear_object (&self->item);
    }
}

static void
kasir_product_tile_dispose (GObject *object)
{
  KasirProductTile *self = KASIR_PRODUCT_TILE (object);

  drop_item (self);
  g_clear_pointer (&self->currency, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (object), KASIR_TYPE_PRODUCT_TILE);

  G_OBJECT_CLASS (kasir_product_tile_parent_class)->dispose (object);
}

static void
kasir_product_tile_class_init (KasirProductTileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kasir_product_tile_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "producttile");
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/kasir-product-tile.ui");
  gtk_widget_class_bind_template_child (widget_class, KasirProductTile, box);
  gtk_widget_class_bind_template_child (widget_class, KasirProductTile, name_label);
  gtk_widget_class_bind_template_child (widget_class, KasirProductTile, price_label);
  gtk_widget_class_bind_template_child (widget_class, KasirProductTile, stock_label);
}

static void
kasir_product_tile_init (KasirProductTile *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kasir_product_tile_new (void)
{
  return g_object_new (KASIR_TYPE_PRODUCT_TILE, NULL);
}

void
kasir_product_tile_set_item (KasirProductTile *self,
                             KasirCatalogItem *item,
                             const char       *currency_code)
{
  g_return_if_fail (KASIR_IS_PRODUCT_TILE (self));
  g_return_if_fail (item == NULL || KASIR_IS_CATALOG_ITEM (item));

  if (item != self->item)
    {
      drop_item (self);
      if (item != NULL)
        {
          self->item = g_object_ref (item);
          /* The grid's search results reuse their items for new products. */
          self->changed_handler = g_signal_connect (item, "changed",
                                                    G_CALLBACK (on_item_changed), self);
        }
    }
  if (g_strcmp0 (currency_code, self->currency) != 0)
    {
      g_free (self->currency);
      self->currency = g_strdup (currency_code);
    }

  render (self);
}

void
kasir_product_tile_set_show_stock (KasirProductTile *self,
                                   gboolean          show_stock)
{
  g_return_if_fail (KASIR_IS_PRODUCT_TILE (self));

  if (self->hide_stock == !show_stock)
    return;
  self->hide_stock = !show_stock;
  render (self);
}

static void
render (KasirProductTile *self)
{
  KasirCatalogItem *item = self->item;
  const char *currency_code = self->currency;
  const KasirProduct *product;
  g_autofree char *price = NULL;
  g_autofree char *stock = NULL;
  g_autofree char *accessible = NULL;
  gint64 qty;

  gtk_widget_remove_css_class (GTK_WIDGET (self), "stock-low");
  gtk_widget_remove_css_class (GTK_WIDGET (self), "stock-negative");

  if (item == NULL)
    {
      gtk_label_set_label (self->name_label, "");
      gtk_label_set_label (self->price_label, "");
      gtk_label_set_label (self->stock_label, "");
      return;
    }

  product = kasir_catalog_item_get_product (item);
  price = kasir_ui_money_format (product->price, currency_code);
  gtk_label_set_label (self->name_label, product->name);
  gtk_label_set_label (self->price_label, price);

  if (!self->hide_stock && kasir_catalog_item_get_stock_known (item))
    {
      qty = kasir_catalog_item_get_stock (item);
      /* Translators: the stock of a product on its tile in the selling grid. */
      stock = g_strdup_printf (_("Stock: %" PRId64), qty);
      /* A sale is never refused for stock, but the cashier should see when the shelf
       * count says there is none left. */
      if (qty < 0)
        gtk_widget_add_css_class (GTK_WIDGET (self), "stock-negative");
      else if (qty <= KASIR_PRODUCT_TILE_LOW_STOCK)
        gtk_widget_add_css_class (GTK_WIDGET (self), "stock-low");
    }
  gtk_label_set_label (self->stock_label, stock != NULL ? stock : "");
  gtk_widget_set_visible (GTK_WIDGET (self->stock_label), stock != NULL);

  /* Translators: what a screen reader says for a product tile: name, price, stock. */
  accessible = g_strdup_printf (_("%s, %s%s%s"), product->name, price,
                                stock != NULL ? ", " : "", stock != NULL ? stock : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}
