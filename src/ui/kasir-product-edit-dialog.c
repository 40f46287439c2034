/* kasir-product-edit-dialog.c — a manager changes a price or adjusts stock, offline too.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "kasir-catalog-repository.h"
#include "kasir-ui-format.h"
#include "kasir-product-edit-dialog.h"
#include "kasir-product-edit-repository.h"
#include "kasir-sync-state-repository.h"
#include "kasir-ui-money.h"

#define RESULT_LIMIT 12

struct _KasirProductEditDialog
{
  KasirTillDialog             parent_instance;

  KasirDatabase              *db;
  KasirSyncService           *service;
  KasirCatalogRepository     *catalog;
  KasirProductEditRepository *edits;
  KasirProduct               *product;
  char                       *currency;
  gint64                      staff_id;   /* the manager who opened the dialog */
  GArray                     *result_ids; /* gint64, the product of each result row */

  GtkSearchEntry             *search_entry;
  GtkListBox                 *results;
  GtkLabel                   *current_label;
  AdwViewStack               *mode_stack;
  AdwEntryRow                *price_row;
  GtkSpinButton              *delta_spin;
  AdwEntryRow                *reason_row;
  GtkLabel                   *error_label;
  GtkWidget                  *apply_button;
};

G_DEFINE_FINAL_TYPE (KasirProductEditDialog, kasir_product_edit_dialog, KASIR_TYPE_TILL_DIALOG)

static void
show_error (KasirProductEditDialog *self,
            const char             *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static gint64
outlet_id (KasirProductEditDialog *self)
{
  g_autoptr(KasirSyncStateRepository) repo = kasir_sync_state_repository_new (self->db);
  g_autoptr(KasirSyncState) state = kasir_sync_state_repository_load (repo, NULL);

  return state != NULL ? state->outlet_id : 0;
}

static void
update_current (KasirProductEditDialog *self)
{
  g_autofree char *price = NULL;
  g_autofree char *text = NULL;
  gint64 qty = 0;

  if (self->product == NULL)
    {
      gtk_label_set_text (self->current_label, _("No product chosen yet."));
      gtk_widget_set_sensitive (self->apply_button, FALSE);
      return;
    }
  price = kasir_ui_money_format (self->product->price, self->currency);
  kasir_catalog_repository_get_stock (self->catalog, self->product->id, outlet_id (self), &qty, NULL);
  /* TRANSLATORS: "Kopi Susu (SKU KS-01): Rp 18.000, 12 in stock". */
  text = g_strdup_printf (_("%s (SKU %s): %s, %" PRId64 " in stock"),
                          self->product->name, self->product->sku != NULL ? self->product->sku : "—",
                          price, qty);
  gtk_label_set_text (self->current_label, text);
  gtk_widget_set_sensitive (self->apply_button, TRUE);
}

gboolean
kasir_product_edit_dialog_select (KasirProductEditDialog  *self,
                                  gint64                   product_id,
                                  GError                 **error)
{
  KasirProduct *product;

  g_return_val_if_fail (KASIR_IS_PRODUCT_EDIT_DIALOG (self), FALSE);

  product = kasir_catalog_repository_get_product (self->catalog, product_id, error);
  if (product == NULL)
    return FALSE;
  g_clear_pointer (&self->product, kasir_product_free);
  self->product = product;
  show_error (self, NULL);
  update_current (self);
  return TRUE;
}

static void
on_result_selected (KasirProductEditDialog *self,
                    GtkListBoxRow          *row)
{
  g_autoptr(GError) error = NULL;
  int index;

  if (row == NULL)
    return;
  index = gtk_list_box_row_get_index (row);
  if (index < 0 || (guint) index >= self->result_ids->len)
    return;
  if (!kasir_product_edit_dialog_select (self, g_array_index (self->result_ids, gint64, index),
                                         &error))
    show_error (self, error->message);
}

static void
on_search_changed (KasirProductEditDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results))) != NULL)
    gtk_list_box_remove (self->results, child);
  g_array_set_size (self->result_ids, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->results), FALSE);
  if (*text == '\0')
    return;
  found = kasir_catalog_repository_search (self->catalog, text, RESULT_LIMIT, &error);
  if (found == NULL)
    {
      show_error (self, error->message);
      return;
    }
  for (guint i = 0; i < found->len; i++)
    {
      KasirProduct *product = found->pdata[i];
      g_autofree char *price = kasir_ui_money_format (product->price, self->currency);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), product->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), price);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_array_append_val (self->result_ids, product->id);
      gtk_list_box_append (self->results, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->results), found->len > 0);
}

void
kasir_product_edit_dialog_set_mode (KasirProductEditDialog *self,
                                    const char             *mode)
{
  g_return_if_fail (KASIR_IS_PRODUCT_EDIT_DIALOG (self));
  adw_view_stack_set_visible_child_name (self->mode_stack, mode);
}

void
kasir_product_edit_dialog_fill (KasirProductEditDialog *self,
                                const char             *price_text,
                                gint64                  stock_delta,
                                const char             *reason)
{
  g_return_if_fail (KASIR_IS_PRODUCT_EDIT_DIALOG (self));

  if (price_text != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->price_row), price_text);
  gtk_spin_button_set_value (self->delta_spin, (double) stock_delta);
  if (reason != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->reason_row), reason);
}

gboolean
kasir_product_edit_dialog_apply (KasirProductEditDialog  *self,
                                 GError                 **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *mode;
  gint64 seq = 0;

  g_return_val_if_fail (KASIR_IS_PRODUCT_EDIT_DIALOG (self), FALSE);

  mode = adw_view_stack_get_visible_child_name (self->mode_stack);
  if (self->product == NULL)
    {
      g_set_error_literal (&local_error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                           _("Choose a product first."));
    }
  else if (g_strcmp0 (mode, "stock") == 0)
    {
      gint64 delta = gtk_spin_button_get_value_as_int (self->delta_spin);

      seq = kasir_product_edit_repository_adjust_stock (self->edits, self->product->id, delta,
                                                        gtk_editable_get_text (GTK_EDITABLE (self->reason_row)),
                                                        self->staff_id, &local_error);
    }
  else
    {
      KasirMoney price = 0;

      if (kasir_ui_money_parse (gtk_editable_get_text (GTK_EDITABLE (self->price_row)),
                                self->currency, &price, &local_error))
        seq = kasir_product_edit_repository_set_price (self->edits, self->product->id, price,
                                                       self->staff_id, &local_error);
    }
  if (seq == 0)
    {
      show_error (self, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (self->service != NULL)
    kasir_sync_service_outbox_changed (self->service);
  show_error (self, NULL);
  /* Show the new figures, so a second change starts from them. */
  kasir_product_edit_dialog_select (self, self->product->id, NULL);
  return TRUE;
}

static void
on_apply_clicked (KasirProductEditDialog *self)
{
  if (kasir_product_edit_dialog_apply (self, NULL))
    gtk_window_close (GTK_WINDOW (self));
}

KasirProductEditDialog *
kasir_product_edit_dialog_new (GtkWindow        *parent,
                               KasirTillContext *context,
                               gint64            manager_staff_id)
{
  KasirProductEditDialog *self;
  KasirDatabase *db;
  KasirSyncService *service;

  g_return_val_if_fail (KASIR_IS_TILL_CONTEXT (context), NULL);
  g_return_val_if_fail (kasir_till_context_get_database (context) != NULL, NULL);

  db = kasir_till_context_get_database (context);
  service = kasir_till_context_get_sync_service (context);
  self = g_object_new (KASIR_TYPE_PRODUCT_EDIT_DIALOG,
                       "transient-for", parent,
                       "context", context,
                       NULL);
  g_free (self->currency);
  self->currency = g_strdup (kasir_till_context_get_currency (context));
  self->db = g_object_ref (db);
  self->staff_id = manager_staff_id;
  self->catalog = kasir_catalog_repository_new (db);
  self->edits = kasir_product_edit_repository_new (db);
  if (service != NULL)
    self->service = g_object_ref (service);
  return self;
}

static void
kasir_product_edit_dialog_dispose (GObject *object)
{
  KasirProductEditDialog *self = KASIR_PRODUCT_EDIT_DIALOG (object);

  g_clear_object (&self->service);
  g_clear_object (&self->catalog);
  g_clear_object (&self->edits);
  g_clear_object (&self->db);
  g_clear_pointer (&self->product, kasir_product_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), KASIR_TYPE_PRODUCT_EDIT_DIALOG);

  G_OBJECT_CLASS (kasir_product_edit_dialog_parent_class)->dispose (object);
}

static void
kasir_product_edit_dialog_finalize (GObject *object)
{
  g_free (KASIR_PRODUCT_EDIT_DIALOG (object)->currency);
  g_clear_pointer (&KASIR_PRODUCT_EDIT_DIALOG (object)->result_ids, g_array_unref);
  G_OBJECT_CLASS (kasir_product_edit_dialog_parent_class)->finalize (object);
}

static void
kasir_product_edit_dialog_class_init (KasirProductEditDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kasir_product_edit_dialog_dispose;
  object_class->finalize = kasir_product_edit_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/kasir-product-edit-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KasirProductEditDialog, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KasirProductEditDialog, results);
  gtk_widget_class_bind_template_child (widget_class, KasirProductEditDialog, current_label);
  gtk_widget_class_bind_template_child (widget_class, KasirProductEditDialog, mode_stack);
  gtk_widget_class_bind_template_child (widget_class, KasirProductEditDialog, price_row);
  gtk_widget_class_bind_template_child (widget_class, KasirProductEditDialog, delta_spin);
  gtk_widget_class_bind_template_child (widget_class, KasirProductEditDialog, reason_row);
  gtk_widget_class_bind_template_child (widget_class, KasirProductEditDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, KasirProductEditDialog, apply_button);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_result_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_apply_clicked);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kasir_product_edit_dialog_init (KasirProductEditDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->result_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gtk_window_set_default_widget (GTK_WINDOW (self), self->apply_button);
}
