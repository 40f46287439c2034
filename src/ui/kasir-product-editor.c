/* kasir-product-editor.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-barcode.h"
#include "kasir-catalog-admin-repository.h"
#include "kasir-input-error.h"
#include "kasir-modifier-repository.h"
#include "kasir-product-editor.h"
#include "kasir-setting-keys.h"
#include "kasir-settings-repository.h"
#include "kasir-ui-money.h"

struct _KasirProductEditor
{
  KasirTillDialog              parent_instance;

  KasirCatalogAdminRepository *admin;
  KasirCatalogItem            *item;        /* what is being edited; id 0 when new */
  char                        *currency;
  gint64                       staff_id;
  GArray                      *category_ids; /* gint64, the category of each combo entry */

  AdwEntryRow                 *name_row;
  AdwEntryRow                 *sku_row;
  AdwEntryRow                 *barcode_row;
  GtkLabel                    *barcode_hint;
  AdwEntryRow                 *price_row;
  AdwEntryRow                 *tax_row;
  AdwComboRow                 *category_row;
  AdwEntryRow                 *unit_row;
  GtkSwitch                   *track_switch;
  AdwEntryRow                 *low_stock_row;
  GtkSwitch                   *archived_switch;
  KasirModifierGroupEditor    *modifier_editor;
  GtkLabel                    *error_label;
  GtkWidget                   *save_button;
};

G_DEFINE_FINAL_TYPE (KasirProductEditor, kasir_product_editor, KASIR_TYPE_TILL_DIALOG)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_error (KasirProductEditor *self,
            const char         *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
set_text (AdwEntryRow *row,
          const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

static const char *
get_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

/* A wrong check digit is pointed out while the code is typed, before saving. */
static void
on_barcode_changed (KasirProductEditor *self)
{
  g_autofree char *code = g_strstrip (g_strdup (get_text (self->barcode_row)));
  g_autoptr(GError) error = NULL;

  if (*code == '\0' || kasir_barcode_validate (code, &error))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->barcode_hint), FALSE);
      return;
    }
  gtk_label_set_text (self->barcode_hint, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->barcode_hint), TRUE);
}

void
kasir_product_editor_make_barcode (KasirProductEditor *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  g_return_if_fail (KASIR_IS_PRODUCT_EDITOR (self));

  code = kasir_catalog_admin_repository_new_barcode (self->admin, &error);
  if (code == NULL)
    {
      show_error (self, error->message);
      return;
    }
  set_text (self->barcode_row, code);
}

static gboolean
load_categories (KasirProductEditor  *self,
                 GError             **error)
{
  g_autoptr(GPtrArray) categories = kasir_catalog_admin_repository_list_categories (self->admin, error);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  gint64 none = 0;
  guint selected = 0;

  if (categories == NULL)
    return FALSE;
  gtk_string_list_append (names, _("No category"));
  g_array_append_val (self->category_ids, none);
  for (guint i = 0; i < categories->len; i++)
    {
      KasirCategory *c = categories->pdata[i];

      /* An archived category stays offered only to the product already in it. */
      if (c->archived && c->id != self->item->product->category_id)
        continue;
      if (c->id == self->item->product->category_id)
        selected = self->category_ids->len;
      gtk_string_list_append (names, c->name);
      g_array_append_val (self->category_ids, c->id);
    }
  adw_combo_row_set_model (self->category_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->category_row, selected);

  return TRUE;
}

static void
show_item (KasirProductEditor *self)
{
  const KasirProduct *p = self->item->product;

  set_text (self->name_row, p->name);
  set_text (self->sku_row, p->sku);
  set_text (self->barcode_row, p->barcode);
  set_text (self->unit_row, self->item->unit);
  gtk_switch_set_active (self->track_switch, self->item->track_stock);
  gtk_switch_set_active (self->archived_switch, p->archived);
  if (p->id != 0)
    {
      g_autofree char *price = kasir_ui_money_format (p->price, self->currency);
      g_autofree char *tax = g_strdup_printf ("%u", p->tax_rate_bp / 100);
      g_autofree char *tax_fraction = g_strdup_printf ("%u.%02u", p->tax_rate_bp / 100,
                                                       p->tax_rate_bp % 100);

      /* The price as the person types it: digits only, no currency mark. */
      {
        g_autoptr(GString) digits = g_string_new (NULL);

        for (const char *c = price; *c != '\0'; c++)
          if (g_ascii_isdigit (*c) || *c == ',' || *c == '.')
            g_string_append_c (digits, *c);
        set_text (self->price_row, digits->str);
      }
      set_text (self->tax_row, p->tax_rate_bp % 100 == 0 ? tax : tax_fraction);
      gtk_window_set_title (GTK_WINDOW (self), _("Change a Product"));
    }
  else
    {
      /* A new product starts with the shop's tax rate (shop setup). */
      KasirDatabase *db = kasir_till_context_get_database (kasir_till_dialog_get_context (KASIR_TILL_DIALOG (self)));
      g_autoptr(KasirSettingsRepository) settings = kasir_settings_repository_new (db);
      gint64 bp = 0;

      if (kasir_settings_repository_get_int64 (settings, KASIR_SETTING_TAX_RATE_DEFAULT, 0, &bp, NULL) &&
          bp > 0 && bp <= 10000)
        {
          g_autofree char *rate = bp % 100 == 0
                                  ? g_strdup_printf ("%" G_GINT64_FORMAT, bp / 100)
                                  : g_strdup_printf ("%" G_GINT64_FORMAT ".%02" G_GINT64_FORMAT, bp / 100, bp % 100);

          set_text (self->tax_row, rate);
        }
    }
  if (self->item->low_stock >= 0)
    {
      g_autofree char *low = g_strdup_printf ("%" G_GINT64_FORMAT, self->item->low_stock);

      set_text (self->low_stock_row, low);
    }
}

/* A product the server has not given its id yet (or not saved at all) has no groups to
 * edit; the section says so. */
static gboolean
load_modifiers (KasirProductEditor  *self,
                GError             **error)
{
  KasirDatabase *db = kasir_till_context_get_database (kasir_till_dialog_get_context (KASIR_TILL_DIALOG (self)));
  g_autoptr(KasirModifierRepository) modifiers = kasir_modifier_repository_new (db);
  g_autoptr(GPtrArray) groups = NULL;
  gint64 id = self->item->product->id;

  if (id <= 0)
    {
      kasir_modifier_group_editor_set_groups (self->modifier_editor, NULL, self->currency);
      kasir_modifier_group_editor_set_unavailable (self->modifier_editor,
                                                   _("Modifiers can be added once the product is in the catalog: save it, then open it again."));
      return TRUE;
    }
  if ((groups = kasir_modifier_repository_load_groups (modifiers, id, error)) == NULL)
    return FALSE;
  kasir_modifier_group_editor_set_groups (self->modifier_editor, groups, self->currency);
  return TRUE;
}

void
kasir_product_editor_fill (KasirProductEditor *self,
                           const char         *name,
                           const char         *sku,
                           const char         *barcode,
                           const char         *price_text,
                           const char         *tax_text)
{
  g_return_if_fail (KASIR_IS_PRODUCT_EDITOR (self));

  if (name != NULL)
    set_text (self->name_row, name);
  if (sku != NULL)
    set_text (self->sku_row, sku);
  if (barcode != NULL)
    set_text (self->barcode_row, barcode);
  if (price_text != NULL)
    set_text (self->price_row, price_text);
  if (tax_text != NULL)
    set_text (self->tax_row, tax_text);
}

/* Reads the form into @item; FALSE with an error naming the field that cannot be read. */
static gboolean
read_form (KasirProductEditor  *self,
           KasirCatalogItem    *item,
           GError             **error)
{
  KasirProduct *p = item->product;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *barcode = g_strstrip (g_strdup (get_text (self->barcode_row)));
  g_autofree char *low = g_strstrip (g_strdup (get_text (self->low_stock_row)));
  const char *tax = get_text (self->tax_row);
  guint selected = adw_combo_row_get_selected (self->category_row);
  gint64 bp = 0;

  g_free (p->name);
  p->name = g_strstrip (g_strdup (get_text (self->name_row)));
  g_free (p->sku);
  p->sku = g_strstrip (g_strdup (get_text (self->sku_row)));
  g_free (p->barcode);
  p->barcode = *barcode != '\0' ? g_strdup (barcode) : NULL;
  g_free (item->unit);
  item->unit = g_strstrip (g_strdup (get_text (self->unit_row)));
  item->track_stock = gtk_switch_get_active (self->track_switch);
  p->archived = gtk_switch_get_active (self->archived_switch);
  p->category_id = selected < self->category_ids->len
                   ? g_array_index (self->category_ids, gint64, selected) : 0;

  if (!kasir_ui_money_parse (get_text (self->price_row), self->currency, &p->price, &local_error))
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID, _("Price: %s"),
                   local_error->message);
      return FALSE;
    }
  if (*tax != '\0' && !kasir_ui_percent_parse (tax, &bp, &local_error))
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID, _("Tax rate: %s"),
                   local_error->message);
      return FALSE;
    }
  p->tax_rate_bp = (guint) bp;
  item->low_stock = -1;
  if (*low != '\0')
    {
      guint64 n = 0;

      if (!g_ascii_string_to_unsigned (low, 10, 0, G_MAXINT32, &n, NULL))
        {
          g_set_error_literal (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                               _("Low stock: give a whole number of units, or leave it blank"));
          return FALSE;
        }
      item->low_stock = (gint64) n;
    }

  return TRUE;
}

/* Saves the modifier groups of a product in the catalog when the section changed them,
 * and shows them as saved (with the ids they were given). */
static gboolean
save_modifiers (KasirProductEditor  *self,
                GError             **error)
{
  KasirDatabase *db = kasir_till_context_get_database (kasir_till_dialog_get_context (KASIR_TILL_DIALOG (self)));
  g_autoptr(KasirModifierRepository) modifiers = NULL;
  g_autoptr(GPtrArray) saved = NULL;
  gint64 id = self->item->product->id;

  if (id <= 0 || !kasir_modifier_group_editor_get_changed (self->modifier_editor))
    return TRUE;
  modifiers = kasir_modifier_repository_new (db);
  if (!kasir_modifier_repository_save_groups (modifiers, id,
                                              kasir_modifier_group_editor_get_groups (self->modifier_editor),
                                              self->staff_id, NULL, error))
    return FALSE;
  saved = kasir_modifier_repository_load_groups (modifiers, id, NULL);
  if (saved != NULL)
    kasir_modifier_group_editor_set_groups (self->modifier_editor, saved, self->currency);
  return TRUE;
}

KasirModifierGroupEditor *
kasir_product_editor_get_modifier_editor (KasirProductEditor *self)
{
  g_return_val_if_fail (KASIR_IS_PRODUCT_EDITOR (self), NULL);

  return self->modifier_editor;
}

gint64
kasir_product_editor_save (KasirProductEditor  *self,
                           GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(KasirCatalogItem) item = kasir_catalog_item_new ();
  gint64 id = 0;

  g_return_val_if_fail (KASIR_IS_PRODUCT_EDITOR (self), 0);

  kasir_product_free (item->product);
  item->product = kasir_product_copy (self->item->product);
  /* The groups first: refused, they leave the product as it was too. */
  if (read_form (self, item, &local_error) && save_modifiers (self, &local_error))
    id = kasir_catalog_admin_repository_save_product (self->admin, item, self->staff_id, &local_error);
  if (id == 0)
    {
      show_error (self, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return 0;
    }
  show_error (self, NULL);
  item->product->id = id;
  g_clear_pointer (&self->item, kasir_catalog_item_free);
  self->item = g_steal_pointer (&item);
  g_signal_emit (self, signals[SAVED], 0, id);

  return id;
}

static void
on_save_clicked (KasirProductEditor *self)
{
  if (kasir_product_editor_save (self, NULL) != 0)
    gtk_window_close (GTK_WINDOW (self));
}

KasirProductEditor *
kasir_product_editor_new (GtkWindow         *parent,
                          KasirTillContext  *context,
                          gint64             manager_staff_id,
                          gint64             product_id,
                          GError           **error)
{
  g_autoptr(KasirCatalogAdminRepository) admin = NULL;
  g_autoptr(KasirCatalogItem) item = NULL;
  KasirProductEditor *self;
  KasirDatabase *db;

  g_return_val_if_fail (KASIR_IS_TILL_CONTEXT (context), NULL);
  g_return_val_if_fail (kasir_till_context_get_database (context) != NULL, NULL);

  db = kasir_till_context_get_database (context);
  admin = kasir_catalog_admin_repository_new (db);
  if (product_id != 0)
    item = kasir_catalog_admin_repository_get_product (admin, product_id, error);
  else
    item = kasir_catalog_item_new ();
  if (item == NULL)
    return NULL;

  self = g_object_new (KASIR_TYPE_PRODUCT_EDITOR,
                       "transient-for", parent,
                       "context", context,
                       NULL);
  self->currency = g_strdup (kasir_till_context_get_currency (context));
  self->staff_id = manager_staff_id;
  self->admin = g_steal_pointer (&admin);
  self->item = g_steal_pointer (&item);
  if (!load_categories (self, error))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return NULL;
    }
  show_item (self);
  if (!load_modifiers (self, error))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return NULL;
    }

  return self;
}

static void
kasir_product_editor_dispose (GObject *object)
{
  KasirProductEditor *self = KASIR_PRODUCT_EDITOR (object);

  g_clear_object (&self->admin);
  g_clear_pointer (&self->item, kasir_catalog_item_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), KASIR_TYPE_PRODUCT_EDITOR);

  G_OBJECT_CLASS (kasir_product_editor_parent_class)->dispose (object);
}

static void
kasir_product_editor_finalize (GObject *object)
{
  KasirProductEditor *self = KASIR_PRODUCT_EDITOR (object);

  g_free (self->currency);
  g_clear_pointer (&self->category_ids, g_array_unref);

  G_OBJECT_CLASS (kasir_product_editor_parent_class)->finalize (object);
}

static void
kasir_product_editor_class_init (KasirProductEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kasir_product_editor_dispose;
  object_class->finalize = kasir_product_editor_finalize;

  /* "saved" (gint64 product id): the product was written. */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (KASIR_TYPE_MODIFIER_GROUP_EDITOR);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/kasir-product-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, KasirProductEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, KasirProductEditor, sku_row);
  gtk_widget_class_bind_template_child (widget_class, KasirProductEditor, barcode_row);
  gtk_widget_class_bind_template_child (widget_class, KasirProductEditor, barcode_hint);
  gtk_widget_class_bind_template_child (widget_class, KasirProductEditor, price_row);
  gtk_widget_class_bind_template_child (widget_class, KasirProductEditor, tax_row);
  gtk_widget_class_bind_template_child (widget_class, KasirProductEditor, category_row);
  gtk_widget_class_bind_template_child (widget_class, KasirProductEditor, unit_row);
  gtk_widget_class_bind_template_child (widget_class, KasirProductEditor, track_switch);
  gtk_widget_class_bind_template_child (widget_class, KasirProductEditor, low_stock_row);
  gtk_widget_class_bind_template_child (widget_class, KasirProductEditor, archived_switch);
  gtk_widget_class_bind_template_child (widget_class, KasirProductEditor, modifier_editor);
  gtk_widget_class_bind_template_child (widget_class, KasirProductEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, KasirProductEditor, save_button);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_barcode_changed);
  gtk_widget_class_bind_template_callback (widget_class, kasir_product_editor_make_barcode);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kasir_product_editor_init (KasirProductEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->category_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gtk_window_set_default_widget (GTK_WINDOW (self), self->save_button);
}
