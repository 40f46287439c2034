/* kasir-shop-setup-window.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-input-error.h"
#include "kasir-money.h"
#include "kasir-products-window.h"
#include "kasir-setting-keys.h"
#include "kasir-settings-repository.h"
#include "kasir-shop-setup-window.h"
#include "kasir-staff-repository.h"
#include "kasir-ui-money.h"

#define MAX_TEXT_CHARS 200
/* The most units a low-stock level may name: well above any shelf, so a typo is caught. */
#define MAX_LOW_STOCK 1000000

struct _KasirShopSetupWindow
{
  KasirTillDialog          parent_instance;

  KasirDatabase           *database;
  KasirSettingsRepository *repo;
  GSettings               *settings;

  AdwEntryRow             *name_row;
  AdwEntryRow             *address_row;
  AdwEntryRow             *tax_number_row;
  AdwEntryRow             *header_row;
  AdwEntryRow             *footer_row;
  AdwEntryRow             *currency_row;
  AdwEntryRow             *tax_rate_row;
  GtkSwitch               *inclusive_switch;
  AdwEntryRow             *low_stock_row;
  GtkLabel                *error_label;
  GtkWidget               *save_button;
};

G_DEFINE_FINAL_TYPE (KasirShopSetupWindow, kasir_shop_setup_window, KASIR_TYPE_TILL_DIALOG)

/* The text rows and the setting each is kept under. */
static const struct
{
  const char *key;
  gsize       offset;
} text_rows[] = {
  { KASIR_SETTING_SHOP_NAME, G_STRUCT_OFFSET (KasirShopSetupWindow, name_row) },
  { KASIR_SETTING_SHOP_ADDRESS, G_STRUCT_OFFSET (KasirShopSetupWindow, address_row) },
  { KASIR_SETTING_SHOP_TAX_NUMBER, G_STRUCT_OFFSET (KasirShopSetupWindow, tax_number_row) },
  { KASIR_SETTING_RECEIPT_HEADER, G_STRUCT_OFFSET (KasirShopSetupWindow, header_row) },
  { KASIR_SETTING_RECEIPT_FOOTER, G_STRUCT_OFFSET (KasirShopSetupWindow, footer_row) },
};

static GtkEditable *
row_at (KasirShopSetupWindow *self,
        guint                 i)
{
  return GTK_EDITABLE (G_STRUCT_MEMBER (AdwEntryRow *, self, text_rows[i].offset));
}

static void
show_error (KasirShopSetupWindow *self,
            const char           *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

gboolean
kasir_shop_setup_is_done (KasirDatabase *database)
{
  g_autoptr(KasirSettingsRepository) repo = kasir_settings_repository_new (database);
  g_autofree char *name = kasir_settings_repository_get_string (repo, KASIR_SETTING_SHOP_NAME, NULL);

  return name != NULL && *name != '\0';
}

static void
load (KasirShopSetupWindow *self)
{
  g_autofree char *currency = g_settings_get_string (self->settings, "currency");
  gint64 bp = 1100, inclusive = 1;

  for (guint i = 0; i < G_N_ELEMENTS (text_rows); i++)
    {
      g_autofree char *value = kasir_settings_repository_get_string (self->repo, text_rows[i].key, NULL);

      gtk_editable_set_text (row_at (self, i), value != NULL ? value : "");
    }
  gtk_editable_set_text (GTK_EDITABLE (self->currency_row), kasir_currency_code_or_default (currency));
  kasir_settings_repository_get_int64 (self->repo, KASIR_SETTING_TAX_RATE_DEFAULT, 1100, &bp, NULL);
  kasir_settings_repository_get_int64 (self->repo, KASIR_SETTING_TAX_INCLUSIVE, 1, &inclusive, NULL);
  {
    g_autofree char *rate = bp % 100 == 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, bp / 100)
                                          : g_strdup_printf ("%" G_GINT64_FORMAT ".%02" G_GINT64_FORMAT,
                                                             bp / 100, bp % 100);

    gtk_editable_set_text (GTK_EDITABLE (self->tax_rate_row), rate);
  }
  gtk_switch_set_active (self->inclusive_switch, inclusive != 0);
  {
    gint64 low = KASIR_LOW_STOCK_DEFAULT_UNITS;
    g_autofree char *text = NULL;

    kasir_settings_repository_get_int64 (self->repo, KASIR_SETTING_LOW_STOCK_DEFAULT, KASIR_LOW_STOCK_DEFAULT_UNITS,
                                         &low, NULL);
    text = g_strdup_printf ("%" G_GINT64_FORMAT, low);
    gtk_editable_set_text (GTK_EDITABLE (self->low_stock_row), text);
  }
}

void
kasir_shop_setup_window_fill_low_stock (KasirShopSetupWindow *self,
                                        const char           *units)
{
  g_return_if_fail (KASIR_IS_SHOP_SETUP_WINDOW (self));
  g_return_if_fail (units != NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->low_stock_row), units);
}

const char *
kasir_shop_setup_window_get_low_stock (KasirShopSetupWindow *self)
{
  g_return_val_if_fail (KASIR_IS_SHOP_SETUP_WINDOW (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->low_stock_row));
}

/* The shop's low-stock level as typed: a whole number of units, 0 up to MAX_LOW_STOCK. */
static gboolean
check_low_stock (KasirShopSetupWindow  *self,
                 gint64                *out_units,
                 GError               **error)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->low_stock_row))));
  guint64 units = 0;

  if (*text == '\0' || !g_ascii_string_to_unsigned (text, 10, 0, MAX_LOW_STOCK, &units, NULL))
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("Low stock: give a whole number of units from 0 to %d"), MAX_LOW_STOCK);
      return FALSE;
    }
  *out_units = (gint64) units;
  return TRUE;
}

void
kasir_shop_setup_window_fill (KasirShopSetupWindow *self,
                              const char           *name,
                              const char           *address,
                              const char           *tax_number,
                              const char           *header,
                              const char           *footer,
                              const char           *currency,
                              const char           *tax_rate,
                              gboolean              tax_inclusive)
{
  const char *texts[] = { name, address, tax_number, header, footer };

  g_return_if_fail (KASIR_IS_SHOP_SETUP_WINDOW (self));

  for (guint i = 0; i < G_N_ELEMENTS (text_rows); i++)
    if (texts[i] != NULL)
      gtk_editable_set_text (row_at (self, i), texts[i]);
  if (currency != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->currency_row), currency);
  if (tax_rate != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->tax_rate_row), tax_rate);
  gtk_switch_set_active (self->inclusive_switch, tax_inclusive);
}

/* Everything is checked before anything is written. */
static gboolean
check_form (KasirShopSetupWindow  *self,
            char                 **out_currency,
            gint64                *out_bp,
            gint64                *out_low,
            GError               **error)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  g_autofree char *currency = g_ascii_strup (gtk_editable_get_text (GTK_EDITABLE (self->currency_row)), -1);
  g_autoptr(GError) local_error = NULL;

  if (*name == '\0')
    {
      g_set_error_literal (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_REQUIRED,
                           _("Shop name: give the name customers know the shop by"));
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (text_rows); i++)
    if (g_utf8_strlen (gtk_editable_get_text (row_at (self, i)), -1) > MAX_TEXT_CHARS)
      {
        g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_TOO_LONG,
                     _("%s: at most %d characters"),
                     adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row_at (self, i))), MAX_TEXT_CHARS);
        return FALSE;
      }
  g_strstrip (currency);
  if (kasir_currency_lookup (currency) == NULL)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID,
                   _("Currency: “%s” is not a currency this till knows (such as IDR)"), currency);
      return FALSE;
    }
  if (!kasir_ui_percent_parse (gtk_editable_get_text (GTK_EDITABLE (self->tax_rate_row)), out_bp, &local_error))
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID, _("Tax rate: %s"), local_error->message);
      return FALSE;
    }
  if (!check_low_stock (self, out_low, error))
    return FALSE;
  *out_currency = g_steal_pointer (&currency);
  return TRUE;
}

gboolean
kasir_shop_setup_window_save (KasirShopSetupWindow  *self,
                              GError               **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *currency = NULL;
  gint64 bp = 0, low = 0;

  g_return_val_if_fail (KASIR_IS_SHOP_SETUP_WINDOW (self), FALSE);

  if (!check_form (self, &currency, &bp, &low, &local_error) ||
      !kasir_database_begin (self->database, &local_error))
    goto fail;
  for (guint i = 0; i < G_N_ELEMENTS (text_rows); i++)
    {
      g_autofree char *value = g_strstrip (g_strdup (gtk_editable_get_text (row_at (self, i))));

      if (!kasir_settings_repository_set_string (self->repo, text_rows[i].key, value, &local_error))
        goto rollback;
    }
  if (!kasir_settings_repository_set_int64 (self->repo, KASIR_SETTING_TAX_RATE_DEFAULT, bp, &local_error) ||
      !kasir_settings_repository_set_int64 (self->repo, KASIR_SETTING_TAX_INCLUSIVE,
                                            gtk_switch_get_active (self->inclusive_switch) ? 1 : 0,
                                            &local_error) ||
      !kasir_settings_repository_set_int64 (self->repo, KASIR_SETTING_LOW_STOCK_DEFAULT, low, &local_error) ||
      !kasir_database_commit (self->database, &local_error))
    goto rollback;
  g_settings_set_string (self->settings, "currency", currency);
  show_error (self, NULL);
  return TRUE;

rollback:
  kasir_database_rollback (self->database);
fail:
  show_error (self, local_error->message);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static void
on_save_clicked (KasirShopSetupWindow *self)
{
  if (kasir_shop_setup_window_save (self, NULL))
    gtk_window_close (GTK_WINDOW (self));
}

/* The products page works for the shop's first manager, who has just been made. */
static void
on_products_clicked (KasirShopSetupWindow *self)
{
  g_autoptr(KasirStaffRepository) staff = NULL;
  g_autoptr(GPtrArray) active = NULL;
  KasirTillContext *context = kasir_till_dialog_get_context (KASIR_TILL_DIALOG (self));
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  gint64 manager_id = 0;

  if (!kasir_shop_setup_window_save (self, NULL))
    return;
  staff = kasir_staff_repository_new (self->database);
  active = kasir_staff_repository_list_active (staff, NULL);
  for (guint i = 0; active != NULL && i < active->len && manager_id == 0; i++)
    if (g_strcmp0 (((KasirStaff *) active->pdata[i])->role, "manager") == 0)
      manager_id = ((KasirStaff *) active->pdata[i])->id;
  gtk_window_present (GTK_WINDOW (kasir_products_window_new (parent, context, manager_id)));
  gtk_window_close (GTK_WINDOW (self));
}

KasirShopSetupWindow *
kasir_shop_setup_window_new (GtkWindow        *parent,
                             KasirTillContext *context,
                             GSettings        *settings)
{
  KasirShopSetupWindow *self;

  g_return_val_if_fail (KASIR_IS_TILL_CONTEXT (context), NULL);
  g_return_val_if_fail (kasir_till_context_get_database (context) != NULL, NULL);

  self = g_object_new (KASIR_TYPE_SHOP_SETUP_WINDOW,
                       "transient-for", parent,
                       "context", context,
                       NULL);
  self->database = g_object_ref (kasir_till_context_get_database (context));
  self->repo = kasir_settings_repository_new (self->database);
  self->settings = settings != NULL ? g_object_ref (settings) : g_settings_new (APP_ID);
  load (self);

  return self;
}

static void
kasir_shop_setup_window_dispose (GObject *object)
{
  KasirShopSetupWindow *self = KASIR_SHOP_SETUP_WINDOW (object);

  g_clear_object (&self->repo);
  g_clear_object (&self->settings);
  g_clear_object (&self->database);
  gtk_widget_dispose_template (GTK_WIDGET (self), KASIR_TYPE_SHOP_SETUP_WINDOW);

  G_OBJECT_CLASS (kasir_shop_setup_window_parent_class)->dispose (object);
}

static void
kasir_shop_setup_window_class_init (KasirShopSetupWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kasir_shop_setup_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/kasir-shop-setup-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KasirShopSetupWindow, name_row);
  gtk_widget_class_bind_template_child (widget_class, KasirShopSetupWindow, address_row);
  gtk_widget_class_bind_template_child (widget_class, KasirShopSetupWindow, tax_number_row);
  gtk_widget_class_bind_template_child (widget_class, KasirShopSetupWindow, header_row);
  gtk_widget_class_bind_template_child (widget_class, KasirShopSetupWindow, footer_row);
  gtk_widget_class_bind_template_child (widget_class, KasirShopSetupWindow, currency_row);
  gtk_widget_class_bind_template_child (widget_class, KasirShopSetupWindow, tax_rate_row);
  gtk_widget_class_bind_template_child (widget_class, KasirShopSetupWindow, inclusive_switch);
  gtk_widget_class_bind_template_child (widget_class, KasirShopSetupWindow, low_stock_row);
  gtk_widget_class_bind_template_child (widget_class, KasirShopSetupWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, KasirShopSetupWindow, save_button);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_products_clicked);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kasir_shop_setup_window_init (KasirShopSetupWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_window_set_default_widget (GTK_WINDOW (self), self->save_button);
}
