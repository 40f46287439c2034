/* kasir-receipt-view.c — a committed sale's receipt on screen.
 *
 * The receipt of a sale made offline says so, with its local receipt number; when the
 * sync service reports that the server acknowledged that receipt number, the view
 * changes to "Synced" while it is shown.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-receipt-view.h"
#include "kasir-receipt-shop.h"

struct _KasirReceiptView
{
  GtkWidget         parent_instance;

  GSettings        *settings;
  KasirDatabase    *database;
  KasirReceiptShop *shop;
  KasirSyncService *service;
  gulong            synced_handler;
  KasirSale        *sale;
  gboolean          synced;
  char             *text;

  GtkWidget        *box;
  GtkImage         *status_icon;
  GtkLabel         *status_label;
  GtkLabel         *receipt_label;
};

G_DEFINE_FINAL_TYPE (KasirReceiptView, kasir_receipt_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SYNCED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fill_options (KasirReceiptView    *self,
              KasirReceiptOptions *options,
              char               **header,
              char               **footer)
{
  /* Read once per sale: the shop does not change while its receipt is on screen. */
  if (self->shop == NULL)
    self->shop = kasir_receipt_shop_load (self->database, self->settings, self->sale);
  *header = g_strdup (self->shop->header);
  *footer = g_strdup (self->shop->footer);
  options->header = *header;
  options->footer = *footer;
  options->synced = self->synced;
  options->cashier = self->shop->cashier;
  options->till = self->shop->till;
  options->customer = self->shop->customer;
}

static void
update (KasirReceiptView *self)
{
  KasirReceiptOptions options;
  g_autofree char *header = NULL;
  g_autofree char *footer = NULL;
  g_autofree char *status = NULL;

  g_clear_pointer (&self->text, g_free);
  if (self->sale == NULL)
    {
      gtk_label_set_label (self->receipt_label, "");
      gtk_label_set_label (self->status_label, "");
      return;
    }

  fill_options (self, &options, &header, &footer);
  self->text = kasir_receipt_build_text (self->sale, &options,
                                         kasir_receipt_width_columns (KASIR_RECEIPT_WIDTH_80MM));
  gtk_label_set_label (self->receipt_label, self->text);

  if (self->synced)
    {
      /* Translators: the state of a receipt shown on screen. */
      status = g_strdup_printf (_("Receipt %s — synced with the server"), self->sale->receipt_no);
      gtk_image_set_from_icon_name (self->status_icon, "emblem-ok-symbolic");
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "warning");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "success");
    }
  else
    {
      /* Translators: the state of a receipt whose sale has not reached the server. */
      status = g_strdup_printf (_("Receipt %s — offline, will sync"), self->sale->receipt_no);
      gtk_image_set_from_icon_name (self->status_icon, "network-offline-symbolic");
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "success");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "warning");
    }
  gtk_label_set_label (self->status_label, status);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->receipt_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, status,
                                  -1);
}

static void
on_sale_synced (KasirSyncService *service,
                const char       *receipt_no,
                KasirReceiptView *self)
{
  if (self->sale == NULL || self->synced || g_strcmp0 (receipt_no, self->sale->receipt_no) != 0)
    return;

  self->synced = TRUE;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCED]);
}

void
kasir_receipt_view_set_sync_service (KasirReceiptView *self,
                                     KasirSyncService *service)
{
  g_return_if_fail (KASIR_IS_RECEIPT_VIEW (self));
  g_return_if_fail (service == NULL || KASIR_IS_SYNC_SERVICE (service));

  if (self->service == service)
    return;

  if (self->service != NULL)
    g_clear_signal_handler (&self->synced_handler, self->service);
  g_set_object (&self->service, service);
  if (service != NULL)
    self->synced_handler = g_signal_connect (service, "sale-synced",
                                             G_CALLBACK (on_sale_synced), self);
}

void
kasir_receipt_view_set_sale (KasirReceiptView *self,
                             const KasirSale  *sale,
                             gboolean          synced)
{
  g_return_if_fail (KASIR_IS_RECEIPT_VIEW (self));

  g_clear_pointer (&self->sale, kasir_sale_free);
  g_clear_pointer (&self->shop, kasir_receipt_shop_free);
  self->sale = sale != NULL ? kasir_sale_copy (sale) : NULL;
  if (self->synced != !!synced)
    {
      self->synced = !!synced;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCED]);
    }
  update (self);
}

void
kasir_receipt_view_set_database (KasirReceiptView *self,
                                 KasirDatabase    *database)
{
  g_return_if_fail (KASIR_IS_RECEIPT_VIEW (self));
  g_return_if_fail (database == NULL || KASIR_IS_DATABASE (database));

  g_set_object (&self->database, database);
  g_clear_pointer (&self->shop, kasir_receipt_shop_free);
  if (self->sale != NULL)
    update (self);
}

const KasirSale *
kasir_receipt_view_get_sale (KasirReceiptView *self)
{
  g_return_val_if_fail (KASIR_IS_RECEIPT_VIEW (self), NULL);

  return self->sale;
}

gboolean
kasir_receipt_view_get_synced (KasirReceiptView *self)
{
  g_return_val_if_fail (KASIR_IS_RECEIPT_VIEW (self), FALSE);

  return self->synced;
}

const char *
kasir_receipt_view_get_text (KasirReceiptView *self)
{
  g_return_val_if_fail (KASIR_IS_RECEIPT_VIEW (self), NULL);

  return self->text;
}

KasirReceiptPrinter *
kasir_receipt_view_create_printer (KasirReceiptView *self)
{
  KasirReceiptOptions options;
  g_autofree char *header = NULL;
  g_autofree char *footer = NULL;

  g_return_val_if_fail (KASIR_IS_RECEIPT_VIEW (self), NULL);

  if (self->sale == NULL)
    return NULL;

  fill_options (self, &options, &header, &footer);

  return kasir_receipt_printer_new (self->sale, &options,
                                    (KasirReceiptWidth) g_settings_get_enum (self->settings, "receipt-width"));
}

static void
kasir_receipt_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  KasirReceiptView *self = KASIR_RECEIPT_VIEW (object);

  switch (prop_id)
    {
    case PROP_SYNCED:
      g_value_set_boolean (value, self->synced);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kasir_receipt_view_dispose (GObject *object)
{
  KasirReceiptView *self = KASIR_RECEIPT_VIEW (object);

  kasir_receipt_view_set_sync_service (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), KASIR_TYPE_RECEIPT_VIEW);
  g_clear_object (&self->settings);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (kasir_receipt_view_parent_class)->dispose (object);
}

static void
kasir_receipt_view_finalize (GObject *object)
{
  KasirReceiptView *self = KASIR_RECEIPT_VIEW (object);

  g_clear_pointer (&self->sale, kasir_sale_free);
  g_clear_pointer (&self->shop, kasir_receipt_shop_free);
  g_free (self->text);

  G_OBJECT_CLASS (kasir_receipt_view_parent_class)->finalize (object);
}

static void
kasir_receipt_view_class_init (KasirReceiptViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = kasir_receipt_view_get_property;
  object_class->dispose = kasir_receipt_view_dispose;
  object_class->finalize = kasir_receipt_view_finalize;

  /**
   * KasirReceiptView:synced:
   *
   * Whether the server has acknowledged the shown sale.
   */
  properties[PROP_SYNCED] =
    g_param_spec_boolean ("synced", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "receiptview");
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/kasir-receipt-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KasirReceiptView, box);
  gtk_widget_class_bind_template_child (widget_class, KasirReceiptView, status_icon);
  gtk_widget_class_bind_template_child (widget_class, KasirReceiptView, status_label);
  gtk_widget_class_bind_template_child (widget_class, KasirReceiptView, receipt_label);
}

static void
kasir_receipt_view_init (KasirReceiptView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (APP_ID);
}

GtkWidget *
kasir_receipt_view_new (void)
{
  return g_object_new (KASIR_TYPE_RECEIPT_VIEW, NULL);
}
